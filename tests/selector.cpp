#include <slakit/selector.hpp>

#include <doctest/doctest.h>

#include <string>

using slakit::channel_kind;
using slakit::match_by;

TEST_CASE("channel selectors: any, a kind, or one channel") {
    const slakit::channel_selector<std::string> all{slakit::any};
    const slakit::channel_selector<std::string> chat{channel_kind::real_time};
    const slakit::channel_selector<std::string> email{std::string{"email"}};
    CHECK(all.by() == match_by::any);
    CHECK(chat.by() == match_by::kind);
    CHECK(email.by() == match_by::exact);
    CHECK(all.specificity() < chat.specificity());
    CHECK(chat.specificity() < email.specificity());
    CHECK(chat.matches("web_chat", channel_kind::real_time));
    CHECK_FALSE(chat.matches("email", channel_kind::asynchronous));
    CHECK(email.matches("email", std::nullopt));
    CHECK(all.matches("anything", std::nullopt));
    REQUIRE(email.channel() != nullptr);
    CHECK(*email.channel() == "email");
    CHECK(all.channel() == nullptr);
}

TEST_CASE("priority selectors and keys compare by what they match") {
    const slakit::priority_selector<std::string> high{slakit::at_least(std::string{"high"})};
    CHECK(high.by() == match_by::at_least);
    CHECK(*high.priority() == "high");
    CHECK(high == slakit::priority_selector<std::string>{slakit::at_least(std::string{"high"})});
    CHECK_FALSE(high == slakit::priority_selector<std::string>{std::string{"high"}});
    CHECK(slakit::priority_selector<std::string>{slakit::any}.priority() == nullptr);
}

TEST_CASE("match_by and channel_kind read back what to_string writes") {
    for (const auto m : slakit::enum_values<match_by>::values) CHECK(slakit::parse<match_by>(to_string(m)) == m);
    CHECK(to_string(match_by::any) == "any");
    CHECK(slakit::parse<channel_kind>("real_time") == channel_kind::real_time);
    CHECK_FALSE(slakit::try_parse<channel_kind>("real-time"));
}

#include <slakit/key_codec.hpp>

#include <slakit/period.hpp>
#include <slakit/policy.hpp>

#include <doctest/doctest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using slakit::channel;
using slakit::key_codec;
using slakit::priority;

static_assert(slakit::serializable_key<std::string>);
static_assert(slakit::serializable_key<channel>);
static_assert(slakit::serializable_key<priority>);
static_assert(slakit::serializable_key<slakit::reporting_period>);  // any enum that lists its names
static_assert(!slakit::serializable_key<int>);

TEST_CASE("enum keys are written as to_string writes them and read back") {
    for (const auto c : {channel::web_chat, channel::in_app_chat, channel::social, channel::email}) {
        CHECK(key_codec<channel>::encode(c) == slakit::to_string(c));
        CHECK(key_codec<channel>::decode(key_codec<channel>::encode(c)) == c);
    }
    for (const auto p : {priority::normal, priority::high, priority::urgent})
        CHECK(key_codec<priority>::decode(key_codec<priority>::encode(p)) == p);
    CHECK(key_codec<channel>::encode(channel::email) == "email");
    CHECK(key_codec<priority>::decode("urgent") == priority::urgent);
}

TEST_CASE("an unknown key is refused with its text") {
    CHECK_THROWS_WITH_AS((void)key_codec<channel>::decode("Email"), "unknown channel \"Email\"", std::invalid_argument);
    CHECK_THROWS_WITH_AS((void)key_codec<priority>::decode(""), "unknown priority \"\"", std::invalid_argument);
}

TEST_CASE("string keys are their own text") {
    CHECK(key_codec<std::string>::encode("fax line") == "fax line");
    CHECK(key_codec<std::string>::decode("fax line") == "fax line");
    CHECK(key_codec<std::string>::decode("") == "");
}

TEST_CASE("lists of strings round-trip whatever their bytes, and bad text is refused") {
    using list = std::vector<std::string>;
    static_assert(slakit::serializable_key<list>);
    CHECK(key_codec<list>::encode({"billing", "agent-001"}) == "7:billing9:agent-001");
    CHECK(key_codec<list>::encode({}).empty());
    std::mt19937 rng{15};
    for (int i = 0; i < 2000; ++i) {
        list values(rng() % 4);
        for (auto& v : values) {
            v.resize(rng() % 14);
            for (auto& c : v) c = static_cast<char>(rng() % 256);  // ':' and digits included
        }
        CHECK(key_codec<list>::decode(key_codec<list>::encode(values)) == values);
    }
    // Different lists never share a text: {"a", ""} and {"a"} and {"", "a"}.
    CHECK(key_codec<list>::encode({"a", ""}) != key_codec<list>::encode({"a"}));
    CHECK(key_codec<list>::encode({"", "a"}) != key_codec<list>::encode({"a", ""}));
    for (const char* bad : {"3:ab", "x:a", ":a", "01:a", "2a", "1:a1", "9999999999:a", "-1:a"})
        CHECK_THROWS_AS((void)key_codec<list>::decode(bad), std::invalid_argument);
}

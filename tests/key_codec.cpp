#include <slakit/key_codec.hpp>

#include <slakit/period.hpp>
#include <slakit/policy.hpp>

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

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

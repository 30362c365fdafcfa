#include <slakit/error.hpp>

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace {
enum class colour { red };
[[maybe_unused]] std::string to_string(colour) { return "red"; }
struct nameless {};
}  // namespace

TEST_CASE("parse_error keeps the problem, the input and the position apart") {
    const slakit::parse_error e{"expected a number", "12:x0", 3};
    CHECK(std::string{e.what()} == "expected a number at position 3 in \"12:x0\"");
    CHECK(e.problem() == "expected a number");
    CHECK(e.input() == "12:x0");
    CHECK(e.position() == 3);
}

TEST_CASE("every error is also its standard base") {
    CHECK_THROWS_AS(throw slakit::never_closes("x"), std::domain_error);
    CHECK_THROWS_AS(throw slakit::no_open_time("x"), std::domain_error);
    CHECK_THROWS_AS(throw slakit::corrupt_state("x"), std::invalid_argument);
    CHECK_THROWS_AS(throw slakit::no_target("x"), std::out_of_range);
    CHECK_THROWS_AS(throw slakit::invalid_request("as_of", "precedes submitted_at"), std::invalid_argument);
}

TEST_CASE("invalid_request and no_target name what is wrong") {
    const slakit::invalid_request r{"as_of", "precedes submitted_at"};
    CHECK(std::string{r.what()} == "invalid request: as_of precedes submitted_at");
    CHECK(r.field() == "as_of");
    CHECK(std::string{slakit::no_target::for_request(std::string{"email"}, 3).what()} ==
          "no target for channel \"email\" and priority \"3\"");
    CHECK(std::string{slakit::no_target::for_request(colour::red, colour::red).what()} ==
          "no target for channel \"red\" and priority \"red\"");
    CHECK(std::string{slakit::no_target::for_request(nameless{}, 1).what()} ==
          "no target for this channel and priority");
}

#include <slakit/detail/report_bytes.hpp>

#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>
#include <slakit/report.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

using namespace std::chrono_literals;

TEST_CASE("a report's bytes start with its magic and version, and read back to the same bytes") {
    const auto p = slakit::presets::response_time_agreement();
    slakit::report r{p, slakit::reporting_period::month};
    slakit::request chat{slakit::channel::web_chat, slakit::priority::normal,
                         slakit::parse_instant("2026-03-02T10:00:00+08:00")};
    chat.first_response = chat.submitted_at + 20s;
    r.add(slakit::evaluate(p, chat, chat.submitted_at + 1h));
    using codec = slakit::detail::report_bytes<slakit::report>;
    const auto bytes = codec::write(r);
    REQUIRE(bytes.size() > 5);
    CHECK(bytes[0] == std::byte{'s'});
    CHECK(bytes[3] == std::byte{'r'});
    CHECK(bytes[4] == std::byte{codec::version});
    CHECK(bytes == r.to_bytes());
    CHECK(codec::write(codec::read(bytes, p)) == bytes);
}

#include <slakit/slakit.hpp>

#include <doctest/doctest.h>

#include <chrono>

// The umbrella brings every header but the formatters, which need {fmt}.
#ifdef FMT_VERSION
#error "slakit/slakit.hpp must not include {fmt}"
#endif

TEST_CASE("the umbrella header gives the whole tour: calendar, policy, evaluate, report") {
    using namespace std::chrono_literals;
    const slakit::policy sla = slakit::presets::response_time_agreement();
    slakit::report report{sla, slakit::reporting_period::month};
    slakit::request r{slakit::channel::web_chat, slakit::priority::normal, {}};
    r.submitted_at = slakit::parse_instant("2026-03-02T02:00:00Z");
    r.first_response = r.submitted_at + 45s;
    report.add(slakit::evaluate(sla, r, r.submitted_at + 1h));
    CHECK(report.total(date::local_days{date::year{2026} / 3 / 1}).first_response.met() == 1);
}

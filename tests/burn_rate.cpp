#include <slakit/burn_rate.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

TEST_CASE("compliance burn: the observed breach rate over the allowed one") {
    CHECK_FALSE(slakit::compliance_burn(0, 0, 0.95).has_value());
    CHECK(*slakit::compliance_burn(100, 0, 0.95) == 0.0);
    // Exactly at the thresholds: decimal shares give exact ratios.
    CHECK(*slakit::compliance_burn(95, 5, 0.95) == 1.0);
    CHECK(*slakit::compliance_burn(28, 72, 0.95) == 14.4);
    CHECK(*slakit::compliance_burn(70, 30, 0.95) == 6.0);
    CHECK(*slakit::compliance_burn(0, 10, 0.95) == 20.0);  // a full outage: the most a 95 % target burns
    CHECK(*slakit::compliance_burn(999, 1, 0.999) == 1.0);
    CHECK(*slakit::compliance_burn(29, 71, 0.95) < 14.4);
    CHECK(*slakit::compliance_burn(10, 0, 1.0) == 0.0);
    CHECK(std::isinf(*slakit::compliance_burn(10, 1, 1.0)));
    CHECK(*slakit::compliance_burn(3, 1, 0.0) == doctest::Approx(0.25));
}

TEST_CASE("mean burn: window mean over the limit, exactly 1 at the limit") {
    CHECK_FALSE(slakit::mean_burn(0, 0, 60'000).has_value());
    CHECK(*slakit::mean_burn(3 * 60'000, 3, 60'000) == 1.0);
    // Sums that double cannot hold exactly still give exactly 1 at the limit.
    const std::uint64_t count = (std::uint64_t{1} << 40) + 1;
    const std::int64_t limit = 7'000'001;
    CHECK(*slakit::mean_burn(count * static_cast<std::uint64_t>(limit), count, limit) == 1.0);
    CHECK(*slakit::mean_burn(2 * 60'000 + 1, 1, 60'000) > 2.0);
    CHECK(*slakit::mean_burn(30'000, 1, 60'000) == 0.5);
    CHECK(*slakit::mean_burn(864'000, 1, 60'000) == doctest::Approx(14.4));
}

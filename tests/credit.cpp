#include <slakit/credit.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

TEST_CASE("service credit bands: inclusive bounds, checked when built") {
    const slakit::credit_bands bands{{{0.99, 0.0}, {0.95, 0.05}, {0.90, 0.10}, {0.0, 0.25}}};
    CHECK(bands.credit_for(1.0) == 0.0);
    CHECK(bands.credit_for(0.99) == 0.0);
    CHECK(bands.credit_for(std::nextafter(0.99, 0.0)) == 0.05);
    CHECK(bands.credit_for(0.95) == 0.05);
    CHECK(bands.credit_for(std::nextafter(0.95, 0.0)) == 0.10);
    CHECK(bands.credit_for(0.90) == 0.10);
    CHECK(bands.credit_for(std::nextafter(0.90, 0.0)) == 0.25);
    CHECK(bands.credit_for(0.0) == 0.25);
    CHECK_THROWS_AS((void)bands.credit_for(1.01), std::domain_error);
    CHECK_THROWS_AS((void)bands.credit_for(std::nan("")), std::domain_error);
    CHECK_THROWS_AS((void)slakit::credit_bands{}.credit_for(0.5), std::logic_error);

    SUBCASE("invalid bands are refused with the reason") {
        using slakit::credit_band;
        using list = std::vector<credit_band>;
        CHECK_THROWS_WITH_AS(slakit::credit_bands{list{}}, "credit_bands: no bands; the last one must start at 0 %",
                             std::invalid_argument);
        CHECK_THROWS_WITH_AS(
            slakit::credit_bands(list{{0.95, 0.05}, {0.99, 0.0}, {0.0, 0.25}}),
            "credit_bands: band 2 (>= 99 %: 0 %) must start below band 1 (>= 95 %): list bands from the "
            "highest compliance down",
            std::invalid_argument);
        CHECK_THROWS_WITH_AS(
            slakit::credit_bands(list{{0.99, 0.0}, {0.99, 0.05}, {0.0, 0.25}}),
            "credit_bands: band 2 (>= 99 %: 5 %) must start below band 1 (>= 99 %): list bands from the "
            "highest compliance down",
            std::invalid_argument);
        CHECK_THROWS_WITH_AS(slakit::credit_bands(list{{0.99, 0.0}, {0.95, 0.10}, {0.0, 0.05}}),
                             "credit_bands: band 3 (>= 0 %: 5 %) credits less than band 2 above it (10 %): a lower "
                             "compliance cannot earn a smaller credit",
                             std::invalid_argument);
        CHECK_THROWS_WITH_AS(slakit::credit_bands(list{{99.0, 0.0}, {0.0, 0.25}}),
                             "credit_bands: band 1 (>= 9900 %: 0 %): compliance and credit must be fractions in [0, 1]",
                             std::invalid_argument);
        CHECK_THROWS_AS(slakit::credit_bands(list{{0.99, std::nan("")}, {0.0, 0.25}}), std::invalid_argument);
        CHECK_THROWS_WITH_AS(
            slakit::credit_bands(list{{0.99, 0.0}, {0.90, 0.10}}),
            "credit_bands: band 2 (>= 90 %: 10 %) is the last band and must start at 0 %, so that every "
            "compliance has a credit",
            std::invalid_argument);
        CHECK(slakit::credit_bands(list{{0.0, 0.0}}).credit_for(0.0) == 0.0);  // one band: never a credit
    }
}

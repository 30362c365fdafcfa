#include <slakit/text.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <limits>

using namespace std::chrono_literals;

TEST_CASE("text helpers for durations and shares") {
    CHECK(slakit::duration_text(350ms) == "350 ms");
    CHECK(slakit::duration_text(48'200ms) == "48.2 s");
    CHECK(slakit::duration_text(65s) == "1 min 05 s");
    CHECK(slakit::duration_text(2h + 3min) == "2 h 03 min");
    CHECK(slakit::exact_duration_text(60s) == "60 s");
    CHECK(slakit::exact_duration_text(30min) == "30 min");
    CHECK(slakit::exact_duration_text(1h) == "60 min");
    CHECK(slakit::exact_duration_text(2h) == "2 h");
    CHECK(slakit::exact_duration_text(90s) == "90 s");
    CHECK(slakit::exact_duration_text(1s) == "1 s");
    CHECK(slakit::exact_duration_text(1500ms) == "1500 ms");
    CHECK(slakit::exact_duration_text(0ms) == "0 s");
    CHECK(slakit::exact_duration_text(-5min) == "-5 min");
    CHECK(slakit::duration_text(-65s) == "-1 min 05 s");
    CHECK(slakit::duration_text(74h + 10min) == "74 h 10 min");
    CHECK(slakit::duration_text(std::chrono::microseconds{1'499}) == "1 ms");
    CHECK(slakit::duration_text(std::chrono::microseconds{1'500}) == "2 ms");
}

TEST_CASE("duration words spell every unit, largest first") {
    CHECK(slakit::duration_words(30min) == "30 min");
    CHECK(slakit::duration_words(90min) == "1 h 30 min");
    CHECK(slakit::duration_words(27h) == "1 d 3 h");
    CHECK(slakit::duration_words(90s) == "90 s");
    CHECK(slakit::duration_words(2min + 5s) == "2 min 5 s");
    CHECK(slakit::duration_words(1500ms) == "1500 ms");
    CHECK(slakit::duration_words(0ms) == "0 ms");
}

TEST_CASE("percentages: measured rates round down, settings and names as written") {
    CHECK(slakit::percent_floor(0.98996) == "98.99 %");
    CHECK(slakit::percent_floor(0.29) == "29.00 %");  // 0.29 * 100 is 28.999999999999996 in double
    CHECK(slakit::percent_floor(1.0) == "100.00 %");
    CHECK(slakit::percent_floor(0.5, 0) == "50 %");
    CHECK(slakit::percent_floor(std::numeric_limits<double>::infinity()) == "inf %");
    CHECK(slakit::percent_setting(0.99) == "99 %");
    CHECK(slakit::percent_setting(0.025) == "2.5 %");
    CHECK(slakit::percent_setting(0.9995) == "99.95 %");
    CHECK(slakit::percent_setting(0.0) == "0 %");
    CHECK(slakit::percent_words(0.95) == "95 %");
    CHECK(slakit::percent_words(0.975) == "97.5 %");
    CHECK(slakit::percent_words(0.99999) == "99.999 %");
}

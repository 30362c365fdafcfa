#include <slakit/metric_cell.hpp>

#include <doctest/doctest.h>

TEST_CASE("metric_cell: placeholder") { CHECK(slakit::metric_cell<>{}.events() == 0); }

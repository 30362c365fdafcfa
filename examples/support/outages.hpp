// examples/support/outages.hpp: an outages CSV (begin,end instants, one outage a
// line), which gives the availability of each period of a report.
#pragma once

#include <slakit/report.hpp>

#include <string>
#include <vector>

namespace slakit::examples {

// Throws fatal_error naming the file and line of the first problem.
[[nodiscard]] std::vector<slakit::outage<>> read_outages(const std::string& path);

}  // namespace slakit::examples

// examples/support/outcome_text.hpp: an outcome's status and scope in the words the
// programs print.
#pragma once

#include <slakit/status.hpp>

#include <optional>
#include <string>

namespace slakit::examples {

// "met", "breached", ...; "not applicable" for a part the target does not have.
[[nodiscard]] std::string status_text(const std::optional<slakit::status>& s);

// The library's scope name in words: "in_hours" reads "in hours".
[[nodiscard]] std::string scope_text(slakit::scope s);

}  // namespace slakit::examples

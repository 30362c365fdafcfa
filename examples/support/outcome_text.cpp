#include "support/outcome_text.hpp"

#include <algorithm>

namespace slakit::examples {

std::string status_text(const std::optional<slakit::status>& s) {
    return s ? std::string{to_string(*s)} : std::string{"not applicable"};
}

std::string scope_text(slakit::scope s) {
    std::string text{to_string(s)};
    std::ranges::replace(text, '_', ' ');
    return text;
}

}  // namespace slakit::examples

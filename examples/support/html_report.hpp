// examples/support/html_report.hpp: sla_report --format html, a report people open,
// print and forward: one self-contained page (no script, no font or image to fetch,
// inline SVG charts), each chart with its numbers in a table.
//
// It is built from the JSON document (json_text), parsed back, so that the page
// cannot disagree with it: every figure is formatted once, here, from the JSON value,
// and its cell carries that value and its path in the document (data-json, data-value)
// for tests and for copying.
#pragma once

#include <string>

namespace slakit::examples {

// The page of a JSON report (json_text's output). Throws std::invalid_argument for a
// document that is not one.
[[nodiscard]] std::string html_text(const std::string& json_report);

// Text for HTML: &, <, >, " and ' as character references.
[[nodiscard]] std::string html_escape(const std::string& text);

}  // namespace slakit::examples

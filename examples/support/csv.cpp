// examples/support/csv.cpp: the header of a requests CSV, and the checks of a run of lines.
#include "csv.hpp"

#include <slakit/utf8.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace slakit::examples {

csv_layout::csv_layout(const std::string& shown, std::string header,
                       const std::array<std::string, column_count>& columns) {
    // As the reader's line reader: a byte-order mark at the start, a '\r' at the end.
    if (header.compare(0, 3, "\xEF\xBB\xBF") == 0) header.erase(0, 3);
    if (!header.empty() && header.back() == '\r') header.pop_back();
    try {
        if (csv_blank::is_comment(header.c_str())) throw io::error::header_missing();
        io::detail::parse_header_line<column_count, csv_trim, csv_quote>(
            header.data(), order_, columns.data(), io::ignore_missing_column | io::ignore_extra_column);
    } catch (io::error::with_file_name& e) {
        e.set_file_name(shown.c_str());
        throw;
    }
    // As io::CSVReader::has_column: a name mapped twice is found at its first place.
    for (std::size_t c = 0; c < column_count; ++c) {
        const auto first = static_cast<int>(std::find(columns.begin(), columns.end(), columns[c]) - columns.begin());
        present_[c] = std::find(order_.begin(), order_.end(), first) != order_.end();
    }
}

std::vector<std::uint64_t> lines_not_utf8(const char* begin, const char* end, std::uint64_t first_line) {
    std::vector<std::uint64_t> bad;
    const auto first_bad = slakit::first_invalid_utf8({begin, static_cast<std::size_t>(end - begin)});
    if (!first_bad) return bad;
    // No sequence spans a line break, so the lines before the one holding the
    // first bad byte are well-formed: start there.
    const char* p = begin + *first_bad;
    while (p > begin && p[-1] != '\n') --p;
    std::uint64_t line = first_line + static_cast<std::uint64_t>(std::count(begin, p, '\n'));
    for (; p < end; ++line) {
        const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = newline ? newline : end;
        if (!slakit::is_utf8({p, static_cast<std::size_t>(stop - p)})) bad.push_back(line);
        p = stop + 1;
    }
    return bad;
}

std::vector<std::uint64_t> mask_nul_lines(char* begin, char* end, std::uint64_t first_line) {
    std::vector<std::uint64_t> lines;
    std::uint64_t line = first_line;
    const char* counted = begin;  // line breaks are counted up to here
    for (char* p = begin; p < end; ++p) {
        p = static_cast<char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
        if (p == nullptr) break;
        line += static_cast<std::uint64_t>(std::count(counted, static_cast<const char*>(p), '\n'));
        counted = p;
        if (lines.empty() || lines.back() != line) lines.push_back(line);
        *p = '\x01';
    }
    return lines;
}

}  // namespace slakit::examples

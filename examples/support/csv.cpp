// examples/support/csv.cpp: the header of a requests CSV, and the checks of a run of lines.
#include "csv.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace slakit::examples {

csv_layout::csv_layout(const std::string& shown, std::string header, const std::array<std::string, column_count>& columns) {
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

bool valid_utf8(const char* s, std::size_t n) noexcept {
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            std::uint64_t word = 0;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code = 0;
        if ((c & 0xE0U) == 0xC0U) {
            length = 2;
            code = c & 0x1FU;
        } else if ((c & 0xF0U) == 0xE0U) {
            length = 3;
            code = c & 0x0FU;
        } else if ((c & 0xF8U) == 0xF0U) {
            length = 4;
            code = c & 0x07U;
        } else {
            return false;
        }
        if (i + length > n) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0U) != 0x80U) return false;
            code = (code << 6) | (d & 0x3FU);
        }
        if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
            code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

std::vector<std::uint64_t> lines_not_utf8(const char* begin, const char* end, std::uint64_t first_line) {
    std::vector<std::uint64_t> bad;
    if (valid_utf8(begin, static_cast<std::size_t>(end - begin))) return bad;
    std::uint64_t line = first_line;
    for (const char* p = begin; p < end; ++line) {
        const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = newline ? newline : end;
        if (!valid_utf8(p, static_cast<std::size_t>(stop - p))) bad.push_back(line);
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

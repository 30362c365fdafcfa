// examples/support/csv.hpp: a requests CSV row split into its fields as
// fast-cpp-csv-parser's reader splits it, and the checks of a run of lines (UTF-8,
// NUL bytes). Includes <libfccp/csv.h>: only the readers (and their tests) include it.
#pragma once

#include "columns.hpp"

// fast-cpp-csv-parser copies file names into fixed buffers with strncpy, which GCC's
// optimizer flags from inside the (system) header once the copy is inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#include <libfccp/csv.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace slakit::examples {

// Rows are split into fields by fast-cpp-csv-parser's own functions, with the policies
// of io::CSVReader<column_count, io::trim_chars<' '>, io::double_quote_escape<',', '"'>,
// io::throw_on_overflow, io::empty_line_comment>, but without that reader: its line
// reader allocates a 48 MiB buffer per instance, and every run of lines would need a
// fresh one (a fuzzer, every input). csv_layout and request_rows::parse_run do the
// reader's part, line by line as it does.
using csv_trim = io::trim_chars<' '>;
using csv_quote = io::double_quote_escape<',', '"'>;
using csv_blank = io::empty_line_comment;

// Where the wanted columns are among the fields of a row, from the header line.
class csv_layout {
public:
    // Throws what io::CSVReader::read_header throws for this header, naming `shown`.
    csv_layout(const std::string& shown, std::string header, const std::array<std::string, column_count>& columns);

    [[nodiscard]] bool has(column c) const noexcept { return present_[c]; }

    // The fields of a row, which `line` (a line without its break) is cut into; nullptr
    // for a column the header lacks. Throws as io::CSVReader::read_row does: too few or
    // too many fields, a quoted field not closed.
    void split(char* line, std::array<char*, column_count>& fields, const std::string& shown,
               std::uint64_t number) const {
        fields.fill(nullptr);
        try {
            io::detail::parse_line<csv_trim, csv_quote>(line, fields.data(), order_);
        } catch (io::error::base& e) {
            if (auto* at = dynamic_cast<io::error::with_file_line*>(&e)) at->set_file_line(static_cast<int>(number));
            if (auto* named = dynamic_cast<io::error::with_file_name*>(&e)) named->set_file_name(shown.c_str());
            throw;
        }
    }

private:
    std::vector<int> order_;  // for each field of the header, its column, or -1
    std::array<bool, column_count> present_{};
};

// Why a line could not be split into fields, in the words every reader uses.
[[nodiscard]] inline std::string split_problem(const io::error::base& e) {
    if (dynamic_cast<const io::error::too_few_columns*>(&e) != nullptr) return "too few fields";
    if (dynamic_cast<const io::error::too_many_columns*>(&e) != nullptr) return "too many fields";
    if (dynamic_cast<const io::error::escaped_string_not_closed*>(&e) != nullptr) return "a quoted field is not closed";
    return e.what();
}

// The line numbers (counted from first_line) of the lines of [begin, end) that are not UTF-8.
std::vector<std::uint64_t> lines_not_utf8(const char* begin, const char* end, std::uint64_t first_line);

// The line numbers (counted from first_line) of the lines of [begin, end) that hold a
// NUL byte, each NUL overwritten with 0x01. Lines are parsed as C strings, as
// fast-cpp-csv-parser's reader hands them out, which end at a NUL: a line starting with
// one would be skipped as blank and any other cut short, a row lost or read from part
// of its line. Overwritten, the line is parsed whole, and rejected for its NUL.
std::vector<std::uint64_t> mask_nul_lines(char* begin, char* end, std::uint64_t first_line);

// The lines of a run that are rejected whatever their fields: not UTF-8, or holding a
// NUL byte (overwritten, as mask_nul_lines does). Asked in increasing line order.
class line_faults {
public:
    line_faults(char* begin, char* end, std::uint64_t first_line)
            : not_utf8_(lines_not_utf8(begin, end, first_line)), with_nul_(mask_nul_lines(begin, end, first_line)) {}

    // The line's fault, or else reason.
    [[nodiscard]] std::string reason_for(std::uint64_t line, std::string reason) {
        while (bad_ < not_utf8_.size() && not_utf8_[bad_] < line) ++bad_;
        if (bad_ < not_utf8_.size() && not_utf8_[bad_] == line) return "not valid UTF-8";
        while (nul_ < with_nul_.size() && with_nul_[nul_] < line) ++nul_;
        if (nul_ < with_nul_.size() && with_nul_[nul_] == line) return "the line holds a NUL byte";
        return reason;
    }

private:
    std::vector<std::uint64_t> not_utf8_;  // found before the NULs are overwritten
    std::vector<std::uint64_t> with_nul_;
    std::size_t bad_ = 0, nul_ = 0;
};

}  // namespace slakit::examples

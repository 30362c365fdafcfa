// Fuzz target: the requests CSV reader of sla_report (examples/support/report_reader.hpp).
//
// The first byte picks the options: --as-of (none, amid the usual rows' instants or
// after them), the reporting period, and whether the standard header line goes
// first or the input's own first line is the header. The rest is the file, read
// through fmemopen by one thread against the seed contract.
//
// A fatal_error (no usable header) may end the read before any row. Otherwise
// nothing is lost: the rows read, accepted or rejected, are exactly the lines after
// the header that the reader does not skip as blank (counted here from the bytes);
// the rejected ones come out as one "requests.csv:LINE: reason" line each, LINE one
// of those rows, in increasing order; the report holds every accepted row.
#include "support/columns.hpp"
#include "support/contract.hpp"
#include "support/fatal_error.hpp"
#include "support/interned.hpp"
#include "support/line_runs.hpp"
#include "support/report_reader.hpp"

#include <slakit/report.hpp>
#include <slakit/time.hpp>

#include <date/date.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#ifndef SLAKIT_FUZZ_CONTRACT
#error "SLAKIT_FUZZ_CONTRACT (the path of examples/contracts/response_time_agreement.toml) is set by CMake"
#endif

namespace {

namespace ex = slakit::examples;

constexpr std::string_view file_name = "requests.csv";
constexpr std::string_view standard_header =
    "id,channel,priority,submitted_at,first_response_at,handoff_decided_at,handoff_completed_at,human_contact_at,"
    "excluded_reason\n";
// Small, so that inputs of a few dozen rows also evict ids; the reader's default
// (2^18 ids, 8 MiB) would cost more to set up than the rest of a run.
constexpr std::size_t id_window = 16;

[[noreturn]] void fail(const char* what, std::string_view file, std::string_view detail = {}) {
    std::fprintf(stderr, "csv_read: %s\n  detail: %.*s\n  file (%zu bytes): \"%.*s\"\n", what,
                 static_cast<int>(detail.size()), detail.data(), file.size(), static_cast<int>(file.size()),
                 file.data());
    std::abort();
}

struct loaded {
    ex::contract contract = ex::load_contract(SLAKIT_FUZZ_CONTRACT);
    ex::interned_contract names = ex::intern(contract);  // points into contract
    std::array<std::string, ex::column_count> columns;

    loaded() {
        for (std::size_t i = 0; i < ex::column_count; ++i) columns[i] = std::string{ex::column_names[i]};
    }
};

const loaded& setup() {
    static const auto* const once = new loaded;  // never destroyed: no order-of-exit issues
    return *once;
}

// What fast-cpp-csv-parser's empty_line_comment skips: a line of spaces and tabs,
// after the one '\r' its line reader drops. A NUL byte is not blank: a line holding
// one is a row, which the reader must reject rather than skip or cut short.
bool blank(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// The line numbers (the header is line 1) of the rows of the file.
std::vector<std::uint64_t> row_lines(std::string_view file) {
    std::vector<std::uint64_t> rows;
    std::size_t at = file.find('\n');
    if (at == std::string_view::npos) return rows;
    ++at;
    for (std::uint64_t line = 2; at < file.size(); ++line) {
        const std::size_t end = std::min(file.find('\n', at), file.size());
        if (!blank(file.substr(at, end - at))) rows.push_back(line);
        at = end + 1;
    }
    return rows;
}

// Each line of the sink: "requests.csv:LINE: reason", LINE a row, increasing.
std::uint64_t check_rejections(std::string_view sunk, const std::vector<std::uint64_t>& rows, std::string_view file) {
    std::uint64_t count = 0;
    std::uint64_t previous = 0;
    while (!sunk.empty()) {
        const std::size_t end = sunk.find('\n');
        if (end == std::string_view::npos) fail("a rejection message without its line break", file, sunk);
        const std::string_view message = sunk.substr(0, end);
        sunk.remove_prefix(end + 1);
        ++count;
        if (message.substr(0, file_name.size()) != file_name || message.size() <= file_name.size() ||
            message[file_name.size()] != ':')
            fail("a rejection message does not start with the file name", file, message);
        std::size_t at = file_name.size() + 1;
        std::uint64_t line = 0;
        const std::size_t digits_from = at;
        while (at < message.size() && message[at] >= '0' && message[at] <= '9' && at - digits_from < 12)
            line = line * 10 + static_cast<std::uint64_t>(message[at++] - '0');
        if (at == digits_from || message.substr(at, 2) != ": " || message.size() == at + 2)
            fail("a rejection message is not \"file:LINE: reason\"", file, message);
        if (!std::binary_search(rows.begin(), rows.end(), line))
            fail("a rejection names a line that is no row", file, message);
        if (line <= previous) fail("rejections out of line order, or two for one line", file, message);
        previous = line;
    }
    return count;
}

slakit::instant at(date::sys_days day, std::chrono::hours h) { return slakit::instant{day} + h; }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    static_cast<void>(setup());  // a contract that fails to load stops the fuzzer here, not in a run
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const loaded& s = setup();
    const unsigned options = data[0];
    std::optional<slakit::instant> as_of;
    switch (options & 3U) {
    case 1: as_of = at(date::year{2026} / 3 / 2, std::chrono::hours{2}); break;  // 10:00 in Shanghai
    case 2: as_of = at(date::year{2026} / 4 / 1, std::chrono::hours{0}); break;
    default: break;
    }
    constexpr slakit::reporting_period periods[] = {slakit::reporting_period::day, slakit::reporting_period::week,
                                                    slakit::reporting_period::month, slakit::reporting_period::month};
    const auto period = periods[(options >> 2) & 3U];
    std::string file;
    if ((options & 16U) != 0) file = standard_header;
    file.append(reinterpret_cast<const char*>(data) + 1, size - 1);

    // glibc reads a 0-byte buffer as an empty file (an empty string's data() is not null).
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream{fmemopen(file.data(), file.size(), "rb"),
                                                                 &std::fclose};
    if (!stream) fail("cannot open the input as a stream", file);

    ex::line_runs source{stream.get(), std::string{file_name}};
    ex::report_reader reader{s.names, period, as_of, id_window};
    reader.show_progress(false);
    std::string sunk;
    reader.on_rejected([&](const std::string& messages) { sunk += messages; });

    std::optional<ex::fast_report> report;
    try {
        report.emplace(reader.read(source, s.columns, 1));
    } catch (const ex::fatal_error& e) {
        const std::string_view what = e.what();
        if (what.substr(0, file_name.size() + 3) != std::string{file_name} + ":1:")
            fail("a fatal error that does not name the header line", file, what);
        if (reader.counts().read() != 0 || !sunk.empty()) fail("a fatal error after rows were read", file, what);
        return 0;
    }

    const std::vector<std::uint64_t> rows = row_lines(file);
    const auto& counts = reader.counts();
    if (counts.read() != rows.size()) {
        fail("rows lost or invented: accepted + rejected differs from the file's rows", file,
             std::to_string(counts.accepted) + " accepted + " + std::to_string(counts.rejected) + " rejected, " +
                 std::to_string(rows.size()) + " rows");
    }
    if (check_rejections(sunk, rows, file) != counts.rejected) fail("not one message per rejected row", file, sunk);

    std::uint64_t requests = 0;
    for (const auto& [key, cell] : report->groups()) requests += cell.requests();
    if (requests != counts.accepted) {
        fail("the report does not hold every accepted row", file,
             std::to_string(requests) + " requests in the report, " + std::to_string(counts.accepted) + " accepted");
    }
    return 0;
}

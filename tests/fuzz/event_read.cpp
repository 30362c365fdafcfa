// Fuzz target: the events CSV reader of sla_report --events (examples/support/event_report.hpp).
//
// The first byte picks the options: --as-of (none, or amid the usual instants), the
// settle window (0, 1 h, 1 d), and whether the standard header line goes first or
// the input's own first line is the header. The rest is the file, read through
// fmemopen by one thread against the helpdesk contract, with a small window of
// finished ids so that short inputs evict them too.
//
// A fatal_error (no usable header) may end the read before any line. Otherwise nothing
// is lost: the lines read, accepted or rejected, are exactly the lines after the header
// that the reader does not skip as blank; every message is "events.csv:LINE: reason"
// with LINE one of those lines, one per rejected line and one per rejected request;
// the report holds every request evaluated; each SLA events row has its 16 fields.
#include "support/contract.hpp"
#include "support/event_report.hpp"
#include "support/event_rows.hpp"
#include "support/fatal_error.hpp"
#include "support/interned.hpp"
#include "support/line_runs.hpp"

#include <slakit/report.hpp>
#include <slakit/time.hpp>

#include <date/date.h>

#include <algorithm>
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
#error "SLAKIT_FUZZ_CONTRACT (the path of examples/contracts/helpdesk.toml) is set by CMake"
#endif

namespace {

namespace ex = slakit::examples;

constexpr std::string_view file_name = "events.csv";
constexpr std::string_view standard_header = "request_id,at,event,channel,priority,status,author,reason\n";

[[noreturn]] void fail(const char* what, std::string_view file, std::string_view detail = {}) {
    std::fprintf(stderr, "event_read: %s\n  detail: %.*s\n  file (%zu bytes): \"%.*s\"\n", what,
                 static_cast<int>(detail.size()), detail.data(), file.size(), static_cast<int>(file.size()),
                 file.data());
    std::abort();
}

struct loaded {
    ex::contract contract = ex::load_contract(SLAKIT_FUZZ_CONTRACT);
    ex::interned_contract names = ex::intern(contract);  // points into contract
    ex::event_names words{names, contract.statuses};
};

const loaded& setup() {
    static const auto* const once = new loaded;  // never destroyed: no order-of-exit issues
    return *once;
}

// What the reader skips as blank: spaces and tabs, after one '\r'.
bool blank(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

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

std::uint64_t check_messages(std::string_view sunk, const std::vector<std::uint64_t>& rows, std::string_view file) {
    std::uint64_t count = 0;
    while (!sunk.empty()) {
        const std::size_t end = sunk.find('\n');
        if (end == std::string_view::npos) fail("a message without its line break", file, sunk);
        const std::string_view message = sunk.substr(0, end);
        sunk.remove_prefix(end + 1);
        ++count;
        if (message.substr(0, file_name.size()) != file_name || message.size() <= file_name.size() ||
            message[file_name.size()] != ':')
            fail("a message does not start with the file name", file, message);
        std::size_t at = file_name.size() + 1;
        std::uint64_t line = 0;
        const std::size_t digits_from = at;
        while (at < message.size() && message[at] >= '0' && message[at] <= '9' && at - digits_from < 12)
            line = line * 10 + static_cast<std::uint64_t>(message[at++] - '0');
        if (at == digits_from || message.substr(at, 2) != ": " || message.size() == at + 2)
            fail("a message is not \"file:LINE: reason\"", file, message);
        if (!std::binary_search(rows.begin(), rows.end(), line))
            fail("a message names a line that is no row", file, message);
    }
    return count;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    static_cast<void>(setup());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const loaded& s = setup();
    const unsigned options = data[0];
    std::optional<slakit::instant> as_of;
    if ((options & 1U) != 0) as_of = slakit::instant{date::sys_days{date::March / 2 / 2026}} + std::chrono::hours{10};
    constexpr std::chrono::milliseconds settles[] = {std::chrono::milliseconds{0}, std::chrono::hours{1},
                                                     std::chrono::hours{24}, std::chrono::hours{24}};
    const auto settle = settles[(options >> 1) & 3U];
    std::string file;
    if ((options & 8U) != 0) file = standard_header;
    file.append(reinterpret_cast<const char*>(data) + 1, size - 1);

    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream{fmemopen(file.data(), file.size(), "rb"),
                                                                 &std::fclose};
    if (!stream) fail("cannot open the input as a stream", file);
    ex::line_runs source{stream.get(), std::string{file_name}};
    ex::event_report_reader reader{s.words, slakit::reporting_period::month, as_of, settle};
    reader.show_progress(false);
    reader.finished_window(16);
    std::string sunk, rows;
    reader.on_rejected([&](const std::string& messages) { sunk += messages; });
    reader.on_sla_events([&](const std::string& r) { rows += r; });

    std::optional<ex::fast_report> report;
    try {
        report.emplace(reader.read(source, 1));
    } catch (const ex::fatal_error& e) {
        const std::string_view what = e.what();
        if (what.substr(0, file_name.size() + 3) != std::string{file_name} + ":1:")
            fail("a fatal error that does not name the header line", file, what);
        if (reader.counts().read() != 0 || !sunk.empty()) fail("a fatal error after lines were read", file, what);
        return 0;
    }

    const auto lines = row_lines(file);
    const auto& counts = reader.counts();
    if (counts.read() != lines.size())
        fail("lines lost or invented: accepted + rejected differs from the file's lines", file,
             std::to_string(counts.accepted) + " + " + std::to_string(counts.rejected) + " vs " +
                 std::to_string(lines.size()));
    if (check_messages(sunk, lines, file) != counts.rejected + counts.invalid)
        fail("not one message per rejected line and request", file, sunk);
    if (counts.late > counts.rejected) fail("more late lines than rejected ones", file);
    std::uint64_t requests = 0;
    for (const auto& [key, cell] : report->groups()) requests += cell.requests();
    if (requests != counts.requests - counts.invalid)
        fail("the report does not hold every request evaluated", file,
             std::to_string(requests) + " in the report, " + std::to_string(counts.requests - counts.invalid) +
                 " evaluated");
    for (std::size_t at = 0; at < rows.size();) {
        const std::size_t end = rows.find('\n', at);
        if (end == std::string::npos) fail("an SLA events row without its line break", file, rows);
        const std::string_view row{rows.data() + at, end - at};
        // The id is a CSV field as read: it may hold commas only if it was quoted.
        if (std::count(row.begin(), row.end(), ',') < 15) fail("an SLA events row with too few fields", file, row);
        at = end + 1;
    }
    return 0;
}

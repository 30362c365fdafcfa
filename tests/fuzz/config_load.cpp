// Fuzz target: the TOML configuration loader of the example programs
// (examples/support/config.hpp, contract.hpp) on arbitrary text.
//
// The text is read as a contract and as a calendar, as parse_contract and
// parse_calendar read it (parsed once as TOML: the parse costs most of a run).
// Only config_error may escape (anything else reaches libFuzzer as an uncaught
// exception), and its message must say where: "<name>:<line>:<column>: <message>",
// the line within the text. A contract that loads has a target for every
// channel x priority, and its interned copy (examples/support/interned.hpp) matches
// each one to the same target; a calendar that loads answers is_open, and elapsed
// within bounds.
#include "support/config.hpp"
#include "support/config_file.hpp"
#include "support/contract.hpp"
#include "support/interned.hpp"

#include <slakit/calendar.hpp>
#include <slakit/time.hpp>

#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view file_name = "config.toml";

[[noreturn]] void fail(const char* what, std::string_view text, std::string_view detail = {}) {
    std::fprintf(stderr, "config_load: %s\n  detail: %.*s\n  input (%zu bytes): \"%.*s\"\n", what,
                 static_cast<int>(detail.size()), detail.data(), text.size(), static_cast<int>(text.size()),
                 text.data());
    std::abort();
}

// The number written at `at` (read past), or 0 when there is none: lines and
// columns count from 1.
std::uint64_t number_at(std::string_view s, std::size_t& at) {
    std::uint64_t n = 0;
    std::size_t digits = 0;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9' && digits < 12) {
        n = n * 10 + static_cast<std::uint64_t>(s[at++] - '0');
        ++digits;
    }
    return digits == 0 ? 0 : n;
}

void check_error(const slakit::examples::config_error& e, std::string_view text) {
    const std::string_view what = e.what();
    if (what.substr(0, file_name.size()) != file_name || what.size() <= file_name.size() ||
        what[file_name.size()] != ':')
        fail("config_error does not start with the name given and ':'", text, what);
    std::size_t at = file_name.size() + 1;
    const std::uint64_t line = number_at(what, at);
    if (line == 0 || at >= what.size() || what[at] != ':') fail("config_error has no line number", text, what);
    ++at;
    const std::uint64_t column = number_at(what, at);
    if (column == 0 || what.substr(at, 2) != ": ") fail("config_error has no column followed by \": \"", text, what);
    // An error at the very end of a text ending in a line break is on the line after the last.
    const auto lines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    if (line > lines) fail("config_error points past the last line", text, what);
}

// Instants across the supported range, some on the days the shipped calendars close.
const slakit::instant probes[] = {
    slakit::instant{date::sys_days{date::year{1900} / 1 / 1}},
    slakit::instant{date::sys_days{date::year{2026} / 1 / 1}} + std::chrono::hours{3},
    slakit::instant{date::sys_days{date::year{2026} / 10 / 3}} + std::chrono::hours{2},
    slakit::instant{date::sys_days{date::year{2026} / 12 / 31}} + std::chrono::hours{14},
    slakit::instant{date::sys_days{date::year{2199} / 12 / 31}} + std::chrono::hours{23},
};

template <class Calendar>
void check_calendar(const Calendar& calendar, std::string_view text) {
    for (std::size_t i = 0; i + 1 < std::size(probes); ++i) {
        static_cast<void>(calendar.is_open(probes[i]));
        const auto open = calendar.elapsed(probes[i], probes[i + 1]);
        if (open < open.zero() || open > probes[i + 1] - probes[i]) fail("elapsed outside [0, wall time]", text);
    }
}

void check_contract(const slakit::examples::contract& c, std::string_view text) {
    if (c.channels.empty() || c.priorities.empty()) fail("a contract without channels or priorities loaded", text);
    check_calendar(c.policy.calendar(), text);
    const slakit::examples::interned_contract names = slakit::examples::intern(c);
    if (names.channels.size() != c.channels.size() || names.priorities.size() != c.priorities.size())
        fail("intern() lost a channel or priority", text);
    for (std::size_t i = 0; i < c.channels.size(); ++i) {
        check_calendar(c.policy.calendar_for(c.channels[i]), text);
        for (std::size_t j = 0; j < c.priorities.size(); ++j) {
            const auto* loaded = c.policy.find(c.channels[i], c.priorities[j]);
            if (loaded == nullptr) fail("a channel x priority without a target loaded", text, c.channels[i]);
            const auto* interned = names.policy.find(names.channels[i], names.priorities[j]);
            if (interned == nullptr)
                fail("the interned policy has no target for a channel x priority", text, c.channels[i]);
            if (!(interned->target == loaded->target))
                fail("the interned policy matches another target", text, c.channels[i]);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace ex = slakit::examples;
    const std::string text(reinterpret_cast<const char*>(data), size);

    // What parse_contract(text, name) and parse_calendar(text, name) do, the TOML parsed once.
    std::optional<ex::config_file> file;
    try {
        file.emplace(ex::config_file::from_text(std::string{file_name}, text));
    } catch (const ex::config_error& e) {
        check_error(e, text);
        return 0;
    }

    try {
        check_contract(ex::read_contract(*file), text);
    } catch (const ex::config_error& e) {
        check_error(e, text);
    }

    try {
        check_calendar(ex::read_calendar(*file), text);
    } catch (const ex::config_error& e) {
        check_error(e, text);
    }
    return 0;
}

// Fuzz target: the iCalendar holidays reader of the example programs
// (examples/support/ics.hpp, through libical) on arbitrary text.
//
// Only ics_error may escape (anything else reaches libFuzzer as an uncaught exception),
// and its message must say where: "holidays.ics:<line>: <message>", a line of the text.
// The days it returns are sorted, each once, inside the year range, and valid dates.
// (libical itself is the system's library, not instrumented: coverage steers the fuzzer
// through the scan and the event rules, and ASan watches what they hand to libical.)
#include "support/ics.hpp"

#include <date/date.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

constexpr std::string_view file_name = "holidays.ics";

[[noreturn]] void fail(const char* what, std::string_view text, std::string_view detail = {}) {
    std::fprintf(stderr, "ics_read: %s\n  detail: %.*s\n  input (%zu bytes): \"%.*s\"\n", what,
                 static_cast<int>(detail.size()), detail.data(), text.size(), static_cast<int>(text.size()),
                 text.data());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    const date::year first{2020};
    const date::year last{2030};
    try {
        const auto days = slakit::examples::parse_ics_closed_days(text, std::string{file_name}, first, last);
        for (std::size_t i = 0; i < days.size(); ++i) {
            if (!days[i].ok() || days[i].year() < first || days[i].year() > last) fail("a day outside the range", text);
            if (i > 0 && !(days[i - 1] < days[i])) fail("days not sorted or repeated", text);
        }
    } catch (const slakit::examples::ics_error& e) {
        const std::string_view message = e.what();
        const std::string prefix = std::string{file_name} + ':';
        if (message.substr(0, prefix.size()) != prefix) fail("an error without the file's name", text, message);
        std::size_t at = prefix.size();
        std::size_t line = 0;
        while (at < message.size() && message[at] >= '0' && message[at] <= '9' && line < 100000000)
            line = line * 10 + static_cast<std::size_t>(message[at++] - '0');
        if (line == 0 || message.substr(at, 2) != ": ") fail("an error without a line", text, message);
        const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
        if (line > lines) fail("an error on a line past the end", text, message);
    }
    return 0;
}

// Fuzz target: parse_duration, parse_instant, parse_date and parse_date_range on
// arbitrary text.
//
// Only slakit::parse_error may escape, pointing inside the text it quotes. What
// parses must satisfy the documented invariants (a duration >= 0, an instant in
// the supported range, a range that does not end before it starts), print back to
// text that parses to the same value, and not depend on surrounding whitespace.
#include <slakit/time.hpp>

#include <date/date.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, std::string_view detail = {}) {
    std::fprintf(stderr, "duration_instant_parse: %s\n  input: \"%.*s\"\n  detail: \"%.*s\"\n", what,
                 static_cast<int>(input.size()), input.data(), static_cast<int>(detail.size()), detail.data());
    std::abort();
}

void check_error(const slakit::parse_error& e, std::string_view text) {
    if (e.input() != text) fail("parse_error quotes another input", text, e.input());
    if (e.position() > text.size()) fail("parse_error position past the end", text, e.what());
}

std::string padded(std::string_view text) {
    std::string s{" \t"};
    s += text;
    s += "\r\n";
    return s;
}

// Runs parse on text; on success hands the value to check, on parse_error checks
// the error. Any other exception escapes to libFuzzer.
template <class Parse, class Check>
void attempt(std::string_view text, Parse parse, Check check) {
    try {
        const auto value = parse(text);
        check(value);
        if (!(parse(padded(text)) == value)) fail("surrounding whitespace changes the result", text);
    } catch (const slakit::parse_error& e) {
        check_error(e, text);
    }
}

std::string canonical_duration(std::chrono::milliseconds d) {
    std::int64_t ms = d.count();
    std::string out;
    const auto part = [&](std::int64_t unit, const char* name) {
        if (ms >= unit) {
            out += std::to_string(ms / unit);
            out += name;
            ms %= unit;
        }
    };
    part(86'400'000, "d");
    part(3'600'000, "h");
    part(60'000, "min");
    part(1'000, "s");
    part(1, "ms");
    return out.empty() ? "0s" : out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    attempt(
        text, [](std::string_view t) { return slakit::parse_duration(t); },
        [&](std::chrono::milliseconds d) {
            if (d < std::chrono::milliseconds{0}) fail("negative duration", text);
            const std::string in_ms = std::to_string(d.count()) + "ms";
            if (slakit::parse_duration(in_ms) != d) fail("duration in ms does not round-trip", text, in_ms);
            const std::string parts = canonical_duration(d);
            if (slakit::parse_duration(parts) != d) fail("duration in parts does not round-trip", text, parts);
        });

    attempt(
        text, [](std::string_view t) { return slakit::parse_instant(t); },
        [&](slakit::instant t) {
            if (!slakit::in_supported_range(t)) fail("instant outside the supported range", text);
            const std::string printed = date::format("%FT%TZ", t);
            if (slakit::parse_instant(printed) != t) fail("instant does not round-trip", text, printed);
        });

    attempt(
        text, [](std::string_view t) { return slakit::parse_date(t); },
        [&](date::year_month_day d) {
            if (!d.ok() || !slakit::in_supported_range(date::sys_days{d})) fail("bad date accepted", text);
            const std::string printed = date::format("%F", d);
            if (slakit::parse_date(printed) != d) fail("date does not round-trip", text, printed);
            const slakit::date_range one{d, d};
            if (!(slakit::parse_date_range(text) == one)) fail("a date is not a one-day range", text);
        });

    attempt(
        text, [](std::string_view t) { return slakit::parse_date_range(t); },
        [&](const slakit::date_range& r) {
            if (!r.first.ok() || !r.last.ok() || r.last < r.first) fail("bad date range accepted", text);
            if (!slakit::in_supported_range(date::sys_days{r.first}) ||
                !slakit::in_supported_range(date::sys_days{r.last})) {
                fail("date range outside the supported range", text);
            }
            const std::string printed = date::format("%F", r.first) + ".." + date::format("%F", r.last);
            if (!(slakit::parse_date_range(printed) == r)) fail("date range does not round-trip", text, printed);
        });
    return 0;
}

// slakit/utf8.hpp: the one UTF-8 check of the library and the examples. Well-formed
// means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF, no truncated sequence.
//
//   slakit::first_invalid_utf8(line)    // nullopt, or the offset of the first bad byte
//   slakit::is_utf8(line)               // the same as a bool
//   slakit::decode_utf8(text, i)        // one code point, for walking text (column widths)
//   slakit::code_points(text)           // columns as editors and toml++ count them
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace slakit::inline v0 {

// The sequence that starts at one offset of a text: a code point and its length in
// bytes, or an invalid sequence (valid false, length 1: the byte to step over).
struct utf8_sequence {
    char32_t code = 0;
    std::size_t length = 1;
    bool valid = false;

    friend constexpr bool operator==(const utf8_sequence&, const utf8_sequence&) = default;
};

// The sequence at text[at] (at < text.size()).
[[nodiscard]] constexpr utf8_sequence decode_utf8(std::string_view text, std::size_t at) noexcept {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return {lead, 1, true};
    std::size_t length = 0;
    char32_t code = 0;
    if ((lead & 0xE0U) == 0xC0U) {
        length = 2;
        code = lead & 0x1FU;
    } else if ((lead & 0xF0U) == 0xE0U) {
        length = 3;
        code = lead & 0x0FU;
    } else if ((lead & 0xF8U) == 0xF0U) {
        length = 4;
        code = lead & 0x07U;
    } else {
        return {};  // a continuation byte, or 0xF8..0xFF
    }
    if (text.size() - at < length) return {};
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[at + k]);
        if ((next & 0xC0U) != 0x80U) return {};
        code = (code << 6) | (next & 0x3FU);
    }
    // The shortest form only, and only Unicode scalar values.
    if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
        code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return {};
    return {code, length, true};
}

// The offset of the first byte that does not start a well-formed sequence, or
// nullopt when all of text is UTF-8. Runs of ASCII go eight bytes at a time: the
// CSV reader checks every line of its input here.
[[nodiscard]] inline std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept {
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        if (n - i >= 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, text.data() + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const auto s = decode_utf8(text, i);
        if (!s.valid) return i;
        i += s.length;
    }
    return std::nullopt;
}

[[nodiscard]] inline bool is_utf8(std::string_view text) noexcept { return !first_invalid_utf8(text).has_value(); }

// The bytes that start a code point (all but 10xxxxxx continuation bytes): in UTF-8,
// its code points, the columns toml++ and most editors count.
[[nodiscard]] constexpr std::size_t code_points(std::string_view text) noexcept {
    std::size_t count = 0;
    for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    return count;
}

}  // namespace slakit::inline v0

#include <slakit/utf8.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

using namespace std::string_view_literals;

namespace {

// The oracle: Table 3-7 of the Unicode Standard, the well-formed byte sequences, read
// as written. Returns the length of the sequence at text[i], or 0 when ill-formed.
std::size_t table_3_7(std::string_view text, std::size_t i) {
    const auto at = [&](std::size_t k) -> int {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : -1;
    };
    const auto in = [](int b, int lo, int hi) { return b >= lo && b <= hi; };
    const int b0 = at(0), b1 = at(1), b2 = at(2), b3 = at(3);
    if (in(b0, 0x00, 0x7F)) return 1;
    if (in(b0, 0xC2, 0xDF)) return in(b1, 0x80, 0xBF) ? 2 : 0;
    if (b0 == 0xE0) return in(b1, 0xA0, 0xBF) && in(b2, 0x80, 0xBF) ? 3 : 0;
    if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) return in(b1, 0x80, 0xBF) && in(b2, 0x80, 0xBF) ? 3 : 0;
    if (b0 == 0xED) return in(b1, 0x80, 0x9F) && in(b2, 0x80, 0xBF) ? 3 : 0;
    if (b0 == 0xF0) return in(b1, 0x90, 0xBF) && in(b2, 0x80, 0xBF) && in(b3, 0x80, 0xBF) ? 4 : 0;
    if (in(b0, 0xF1, 0xF3)) return in(b1, 0x80, 0xBF) && in(b2, 0x80, 0xBF) && in(b3, 0x80, 0xBF) ? 4 : 0;
    if (b0 == 0xF4) return in(b1, 0x80, 0x8F) && in(b2, 0x80, 0xBF) && in(b3, 0x80, 0xBF) ? 4 : 0;
    return 0;
}

std::optional<std::size_t> oracle_first_invalid(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = table_3_7(text, i);
        if (n == 0) return i;
        i += n;
    }
    return std::nullopt;
}

// The oracle's encoder, for code points.
std::string encode(char32_t c) {
    std::string s;
    const auto put = [&](unsigned v) { s += static_cast<char>(static_cast<unsigned char>(v)); };
    if (c < 0x80) {
        put(c);
    } else if (c < 0x800) {
        put(0xC0 | (c >> 6));
        put(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        put(0xE0 | (c >> 12));
        put(0x80 | ((c >> 6) & 0x3F));
        put(0x80 | (c & 0x3F));
    } else {
        put(0xF0 | (c >> 18));
        put(0x80 | ((c >> 12) & 0x3F));
        put(0x80 | ((c >> 6) & 0x3F));
        put(0x80 | (c & 0x3F));
    }
    return s;
}

}  // namespace

TEST_CASE("well-formed text, and the first byte that is not") {
    CHECK(slakit::is_utf8(""));
    CHECK(slakit::is_utf8("plain ASCII, longer than eight bytes"));
    CHECK(slakit::is_utf8("智能客服响应时效协议"));
    CHECK(slakit::is_utf8("\xF0\x9F\x98\x80"));  // U+1F600
    CHECK(slakit::first_invalid_utf8("abc\x80") == 3);  // a lone continuation byte
    CHECK(slakit::first_invalid_utf8("abcdefghij\xC0\xAF") == 10);  // overlong '/'
    CHECK(slakit::first_invalid_utf8("\xED\xA0\x80") == 0);  // a surrogate
    CHECK(slakit::first_invalid_utf8("\xF4\x90\x80\x80") == 0);  // above U+10FFFF
    CHECK(slakit::first_invalid_utf8("ok \xE6\x99") == 3);  // truncated at the end
    CHECK(slakit::first_invalid_utf8("\xE6\x99\xBA\xFF") == 3);  // 0xFF never appears
    CHECK(slakit::first_invalid_utf8("a\0b"sv) == std::nullopt);  // NUL is ASCII
}

TEST_CASE("decoding gives code points and lengths; invalid bytes step one") {
    CHECK(slakit::decode_utf8("A", 0) == slakit::utf8_sequence{U'A', 1, true});
    CHECK(slakit::decode_utf8("\xC3\xA9", 0) == slakit::utf8_sequence{0xE9, 2, true});
    CHECK(slakit::decode_utf8("\xE6\x99\xBA", 0) == slakit::utf8_sequence{0x667A, 3, true});
    CHECK(slakit::decode_utf8("x\xF0\x9F\x98\x80", 1) == slakit::utf8_sequence{0x1F600, 4, true});
    CHECK_FALSE(slakit::decode_utf8("\xC3"
                                    "A",
                                    0)
                    .valid);
    CHECK(slakit::decode_utf8("\xC3"
                              "A",
                              0)
              .length == 1);
    CHECK(slakit::code_points("智能 ok") == 5);
    CHECK(slakit::code_points("") == 0);
}

TEST_CASE("every code point round-trips; surrogates and the space past U+10FFFF do not") {
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        const std::string s = encode(c);
        const auto d = slakit::decode_utf8(s, 0);
        const bool scalar = c < 0xD800 || c > 0xDFFF;
        if (d.valid != scalar || (scalar && (d.code != c || d.length != s.size()))) {
            CAPTURE(static_cast<std::uint32_t>(c));
            FAIL("decode_utf8 disagrees with the encoder");
        }
        if (scalar && slakit::code_points(s) != 1) FAIL("code_points miscounts");
    }
    CHECK_FALSE(slakit::is_utf8(encode(0x110000)));
}

TEST_CASE("differential: the first invalid offset agrees with Table 3-7 on random bytes") {
    std::mt19937_64 g(13);
    // Bytes that matter: ASCII, continuation bytes, every lead byte class, and the
    // boundary bytes of Table 3-7.
    const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                         0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    std::uniform_int_distribution<std::size_t> length(0, 40), pick(0, std::size(interesting) - 1);
    std::uniform_int_distribution<int> any_byte(0, 255), coin(0, 3);
    std::uniform_int_distribution<std::uint32_t> code(0, 0x10FFFF);
    int valid = 0, invalid = 0;
    for (int i = 0; i < 200'000; ++i) {
        std::string s;
        const std::size_t n = length(g);
        while (s.size() < n) {
            switch (coin(g)) {
            case 0: s += static_cast<char>(interesting[pick(g)]); break;
            case 1: s += static_cast<char>(any_byte(g)); break;
            case 2: s += "ascii run"; break;
            default: {
                const char32_t c = code(g);
                if (c < 0xD800 || c > 0xDFFF) s += encode(c);
            }
            }
        }
        const auto expected = oracle_first_invalid(s);
        if (slakit::first_invalid_utf8(s) != expected) {
            CAPTURE(s);
            FAIL("first_invalid_utf8 disagrees with the oracle");
        }
        (expected ? invalid : valid) += 1;
    }
    // Both outcomes are well represented, or the test proves little.
    CHECK(valid > 10'000);
    CHECK(invalid > 10'000);
}

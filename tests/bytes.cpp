#include <slakit/detail/bytes.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using slakit::corrupt_state;
using slakit::detail::byte_reader;

namespace {

std::string failure(const std::vector<std::byte>& bytes, void (*read)(byte_reader&)) {
    byte_reader in(bytes, "test_format");
    try {
        read(in);
    } catch (const corrupt_state& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("what the writers write, the reader reads back, field by field") {
    std::mt19937_64 rng{13};
    for (int round = 0; round < 2000; ++round) {
        const std::uint64_t a = rng(), b = rng() >> (rng() % 64), c = rng() & 0xffffffffU;
        const std::string text(static_cast<std::size_t>(rng() % 40), static_cast<char>('a' + rng() % 26));
        std::vector<std::byte> out;
        slakit::detail::put_magic(out, "TEST");
        slakit::detail::put_le(out, 3, 1);
        slakit::detail::put_le(out, a, 8);
        slakit::detail::put_varint(out, b);
        slakit::detail::put_le(out, c, 4);
        slakit::detail::put_text(out, text);
        const std::vector<std::byte> inner{std::byte{1}, std::byte{2}, std::byte{3}};
        slakit::detail::put_blob(out, inner);

        byte_reader in(out, "test_format");
        in.expect_header("TEST", 3);
        CHECK(in.unsigned_le(8, "a") == a);
        CHECK(in.varint("b") == b);
        CHECK(in.unsigned_le(4, "c") == c);
        const auto t = in.blob("text");
        CHECK(std::string(reinterpret_cast<const char*>(t.data()), t.size()) == text);
        const auto blob = in.blob("blob");
        CHECK(std::vector<std::byte>(blob.begin(), blob.end()) == inner);
        CHECK(in.remaining() == 0);
        in.expect_end();
    }
}

TEST_CASE("a varint takes the fewest bytes: 7 bits each") {
    for (const auto& [value, size] : {std::pair<std::uint64_t, std::size_t>{0, 1},
                                      {127, 1},
                                      {128, 2},
                                      {16383, 2},
                                      {16384, 3},
                                      {~std::uint64_t{0}, 10}}) {
        std::vector<std::byte> out;
        slakit::detail::put_varint(out, value);
        CHECK(out.size() == size);
    }
}

TEST_CASE("every shortfall or mismatch is a corrupt_state naming the format, the field and the offset") {
    CHECK(failure({std::byte{1}, std::byte{2}}, [](byte_reader& in) { (void)in.unsigned_le(4, "count"); }) ==
          "test_format: truncated: count needs 4 bytes at offset 0, 2 left");
    CHECK(failure({std::byte{'X'}, std::byte{'X'}, std::byte{'X'}, std::byte{'X'}, std::byte{1}},
                  [](byte_reader& in) { in.expect_header("TEST", 1); }) == "test_format: bad magic, not a 'TEST' blob");
    CHECK(failure({std::byte{'T'}, std::byte{'E'}, std::byte{'S'}, std::byte{'T'}, std::byte{9}}, [](byte_reader& in) {
              in.expect_header("TEST", 1);
          }) == "test_format: unsupported version 9 (expected 1)");
    CHECK(failure({std::byte{0x80}, std::byte{0x00}}, [](byte_reader& in) { (void)in.varint("n"); }) ==
          "test_format: n: varint not in its shortest form");
    CHECK(failure(std::vector<std::byte>(10, std::byte{0xff}), [](byte_reader& in) { (void)in.varint("n"); }) ==
          "test_format: n: varint overflows 64 bits");
    CHECK(failure({std::byte{5}, std::byte{0}, std::byte{0}, std::byte{0}, std::byte{1}}, [](byte_reader& in) {
              (void)in.blob("name");
          }) == "test_format: truncated: name needs 5 bytes at offset 4, 1 left");
    CHECK(failure({std::byte{1}, std::byte{2}}, [](byte_reader& in) {
              (void)in.unsigned_le(1, "x");
              in.expect_end();
          }) == "test_format: 1 unexpected trailing bytes at offset 1");
}

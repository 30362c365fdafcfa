// The byte layout of serialized state (sketch, stats, report cells, rolling
// windows): one writer and one reader, so every format fails the same way.
#pragma once

#include <slakit/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace slakit::inline v0::detail {

// Little-endian fixed-width fields, byte by byte: no layout or endianness of the host leaks in.
inline void put_le(std::vector<std::byte>& out, std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) out.push_back(static_cast<std::byte>((value >> (8 * i)) & 0xffU));
}

inline void put_magic(std::vector<std::byte>& out, const char (&magic)[5]) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>(magic[i]));
}

// Every format starts so: four bytes of magic, a u8 version.
inline void put_header(std::vector<std::byte>& out, const char (&magic)[5], std::uint64_t version) {
    put_magic(out, magic);
    put_le(out, version, 1);
}

// A std::ratio (a tick period, an accuracy) as u64 numerator and denominator.
template <class Ratio>
void put_ratio(std::vector<std::byte>& out) {
    put_le(out, static_cast<std::uint64_t>(Ratio::num), 8);
    put_le(out, static_cast<std::uint64_t>(Ratio::den), 8);
}

// LEB128, shortest form only, so equal states have equal bytes.
inline void put_varint(std::vector<std::byte>& out, std::uint64_t v) {
    while (v >= 0x80U) {
        out.push_back(static_cast<std::byte>((v & 0x7fU) | 0x80U));
        v >>= 7;
    }
    out.push_back(static_cast<std::byte>(v));
}

// A u32 length, then the bytes.
inline void put_blob(std::vector<std::byte>& out, std::span<const std::byte> blob) {
    put_le(out, blob.size(), 4);
    out.insert(out.end(), blob.begin(), blob.end());
}

inline void put_text(std::vector<std::byte>& out, const std::string& text) {
    put_le(out, text.size(), 4);
    for (const char c : text) out.push_back(static_cast<std::byte>(static_cast<unsigned char>(c)));
}

// Reads what the put_* functions wrote; every shortfall or mismatch is a
// corrupt_state that names the format, the field and the offset.
class byte_reader {
public:
    byte_reader(std::span<const std::byte> bytes, const char* format) noexcept : bytes_(bytes), format_(format) {}

    [[noreturn]] void fail(const std::string& why) const { throw corrupt_state(std::string(format_) + ": " + why); }

    std::span<const std::byte> take(std::size_t n, const char* field) {
        if (bytes_.size() - position_ < n)
            fail(std::string("truncated: ") + field + " needs " + std::to_string(n) + " bytes at offset " +
                 std::to_string(position_) + ", " + std::to_string(bytes_.size() - position_) + " left");
        const auto part = bytes_.subspan(position_, n);
        position_ += n;
        return part;
    }

    std::uint64_t unsigned_le(int width, const char* field) {
        const auto part = take(static_cast<std::size_t>(width), field);
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < part.size(); ++i) value |= std::to_integer<std::uint64_t>(part[i]) << (8 * i);
        return value;
    }

    std::uint64_t varint(const char* field) {
        std::uint64_t v = 0;
        for (int shift = 0;; shift += 7) {
            const auto b = std::to_integer<std::uint64_t>(take(1, field)[0]);
            if (shift == 63 && b > 1) fail(std::string(field) + ": varint overflows 64 bits");
            v |= (b & 0x7fU) << shift;
            if ((b & 0x80U) == 0) {
                if (b == 0 && shift > 0) fail(std::string(field) + ": varint not in its shortest form");
                return v;
            }
        }
    }

    // A u32 length, then that many bytes.
    std::span<const std::byte> blob(const char* field) {
        return take(static_cast<std::size_t>(unsigned_le(4, field)), field);
    }

    void expect_header(const char (&magic)[5], std::uint64_t version) {
        for (int i = 0; i < 4; ++i)
            if (unsigned_le(1, "magic") != static_cast<unsigned char>(magic[i]))
                fail(std::string("bad magic, not a '") + magic + "' blob");
        if (const auto v = unsigned_le(1, "version"); v != version)
            fail("unsupported version " + std::to_string(v) + " (expected " + std::to_string(version) + ")");
    }

    // What put_ratio<Ratio> wrote, or a corrupt_state such as "tick period 1/1000 s
    // does not match this report's 1/1 s" (what = "tick period", unit = " s",
    // whose = "report").
    template <class Ratio>
    void expect_ratio(const char* what, const char* unit, const char* whose) {
        const auto num = unsigned_le(8, (std::string(what) + " numerator").c_str());
        const auto den = unsigned_le(8, (std::string(what) + " denominator").c_str());
        if (num != static_cast<std::uint64_t>(Ratio::num) || den != static_cast<std::uint64_t>(Ratio::den))
            fail(std::string(what) + ' ' + std::to_string(num) + '/' + std::to_string(den) + unit +
                 " does not match this " + whose + "'s " + std::to_string(Ratio::num) + '/' +
                 std::to_string(Ratio::den) + unit);
    }

    // Everything not read yet, which is then consumed.
    [[nodiscard]] std::span<const std::byte> rest() noexcept {
        const auto r = bytes_.subspan(position_);
        position_ = bytes_.size();
        return r;
    }

    [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - position_; }

    void expect_end() const {
        if (remaining() != 0)
            fail(std::to_string(remaining()) + " unexpected trailing bytes at offset " + std::to_string(position_));
    }

private:
    std::span<const std::byte> bytes_;
    const char* format_;
    std::size_t position_ = 0;
};

}  // namespace slakit::inline v0::detail

// examples/support/recent_ids.hpp: duplicate ids, within a bounded window. The
// look-ups stay inline: they run for every row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>

namespace slakit::examples {

namespace detail {

// Memory for n bytes, 2 MiB-aligned and offered huge pages from 2 MiB on, else
// cache-line aligned; freed with std::free. Throws std::bad_alloc.
[[nodiscard]] void* allocate_huge(std::size_t bytes);

}  // namespace detail

// A fixed array on 2 MiB-aligned memory, offered huge pages: random look-ups over
// megabytes then miss the TLB far less often. Arrays under 2 MiB gain nothing from
// that, and get cache-line alignment only.
template <class T>
class huge_array {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    huge_array(std::size_t n, T fill) : data_(static_cast<T*>(detail::allocate_huge(n * sizeof(T)))) {
        std::uninitialized_fill_n(data_.get(), n, fill);
    }

    T& operator[](std::size_t i) noexcept { return data_.get()[i]; }
    const T& operator[](std::size_t i) const noexcept { return data_.get()[i]; }

private:
    struct release {
        void operator()(T* p) const noexcept { std::free(p); }
    };
    std::unique_ptr<T, release> data_;
};

// The last `window` ids accepted (2^18 unless given). Each is kept as a 64-bit slot in
// an open-addressing table (linear probing, deletion by backward shift): 45 bits of the
// id's hash, whose top bits also give its home position, and 19 bits naming its place
// in a ring that evicts the oldest. A look-up touches one cache line of the table; two
// ids are taken for the same when 45 bits of their hashes agree (about 1 in 3.5e13 per
// comparison). Memory: 16 bytes of ring per id of the window and 8 per table slot, at
// least two slots per id (8 MiB for the default window), whatever the file's size.
class recent_ids {
public:
    static constexpr std::size_t default_window = std::size_t{1} << 18;

    // A smaller window (a fuzzer's, which builds a reader per input) costs less to set up.
    explicit recent_ids(std::size_t window = default_window);

    [[nodiscard]] std::size_t window() const noexcept { return window_; }

    // The fingerprint find and insert take: computed where the rows are parsed.
    [[nodiscard]] static std::uint64_t fingerprint(std::string_view id) noexcept {
        // libstdc++'s string hash leaves the high bits of similar short ids alike
        // ("R00567533" and "R00354722" share 40): mix them all (MurmurHash3's finalizer).
        std::uint64_t h = std::hash<std::string_view>{}(id);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 33;
        return h & ~index_bits;
    }

    // Starts loading the table line of an id checked a few rows later, and of the
    // one that will then be evicted.
    void prefetch(std::uint64_t f, std::size_t ahead) const noexcept {
        __builtin_prefetch(&table_[home(f)]);
        if (size_ == window_) __builtin_prefetch(&table_[home(ring_[(next_ + ahead) % window_].slot)]);
    }

    // The line of an earlier row with the same id among the window, if any.
    [[nodiscard]] std::optional<std::uint64_t> find(std::uint64_t f) const noexcept {
        for (std::size_t i = home(f);; i = (i + 1) & mask_) {
            const std::uint64_t slot = table_[i];
            if (slot == empty) return std::nullopt;
            if ((slot & ~index_bits) == f) return ring_[(slot & index_bits) - 1].line;
        }
    }

    void insert(std::uint64_t f, std::uint64_t line) {
        if (size_ == window_)
            erase(ring_[next_].slot);
        else
            ++size_;
        const std::uint64_t slot = f | (next_ + 1);
        ring_[next_] = {slot, line};
        std::size_t i = home(slot);
        while (table_[i] != empty) i = (i + 1) & mask_;
        table_[i] = slot;
        next_ = (next_ + 1) % window_;
    }

private:
    struct entry {
        std::uint64_t slot = 0;
        std::uint64_t line = 0;
    };
    static constexpr std::uint64_t empty = 0;  // a slot always has a ring index of 1 or more
    static constexpr std::uint64_t index_bits = (std::uint64_t{1} << 19) - 1;
    static_assert(default_window < index_bits);

    static std::size_t checked(std::size_t window);

    // The home bits are the hash's top 19: a table of at most 2^19 slots takes its low ones.
    std::size_t home(std::uint64_t slot) const noexcept { return static_cast<std::size_t>(slot >> 45) & mask_; }

    void erase(std::uint64_t slot) {
        std::size_t i = home(slot);
        while (table_[i] != slot) i = (i + 1) & mask_;
        for (std::size_t j = i;;) {
            j = (j + 1) & mask_;
            if (table_[j] == empty) break;
            const std::size_t h = home(table_[j]);
            // The entry at j may move to i unless its home lies cyclically in (i, j].
            const bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
            if (stays) continue;
            table_[i] = table_[j];
            i = j;
        }
        table_[i] = empty;
    }

    std::size_t window_;
    std::size_t mask_;  // the table has mask_ + 1 slots, a power of two, at least 2 * window_
    huge_array<entry> ring_;
    huge_array<std::uint64_t> table_;
    std::size_t next_ = 0;
    std::size_t size_ = 0;
};

}  // namespace slakit::examples

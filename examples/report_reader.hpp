// examples/report_reader.hpp: reading a requests CSV into a period report, for
// sla_report and the Python bindings (examples/python/).
//
// The contract's names are interned (small integers that print as their names);
// rows are parsed, checked and evaluated by the same code whichever host reads
// them, so that every host gives the same report for the same rows.
#pragma once

#include "contract.hpp"

#include <slakit/evaluate.hpp>
#include <slakit/report.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>

// fast-cpp-csv-parser copies file names into fixed buffers with strncpy, which GCC's
// optimizer flags from inside the (system) header once the copy is inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#include <libfccp/csv.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <date/date.h>
#include <fmt/format.h>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace slakit::examples {

using std::chrono::milliseconds;
// The contract's names, interned: the loaded policy keys its targets by std::string;
// the report's policy by these, which compare and copy as small integers and print
// as their names. The same targets, matched the same way.
template <class Tag>
struct interned {
    std::uint16_t index = 0;  // position in the contract's list: channels as listed, priorities by rank
    const std::string* text = nullptr;

    friend bool operator==(const interned& a, const interned& b) noexcept { return a.index == b.index; }
    friend bool operator<(const interned& a, const interned& b) noexcept { return a.index < b.index; }
    friend std::string to_string(const interned& n) { return n.text != nullptr ? *n.text : std::string{"?"}; }
};
struct channel_tag {};
struct priority_tag {};
using channel_id = interned<channel_tag>;
using priority_id = interned<priority_tag>;
using fast_policy = slakit::basic_policy<channel_id, priority_id>;
using fast_request = slakit::basic_request<channel_id, priority_id>;
using fast_outcome = slakit::basic_outcome<channel_id, priority_id, milliseconds>;
using fast_report = slakit::period_report<channel_id, priority_id>;


// --- columns ------------------------------------------------------------------

constexpr std::size_t column_count = 9;
enum column : std::size_t {
    id_column,
    channel_column,
    priority_column,
    submitted_column,
    first_response_column,
    handoff_decided_column,
    handoff_completed_column,
    human_contact_column,
    excluded_column,
};
constexpr std::array<std::string_view, column_count> column_names{
    "id", "channel", "priority", "submitted_at", "first_response_at", "handoff_decided_at",
    "handoff_completed_at", "human_contact_at", "excluded_reason"};

// Rows are split into fields by fast-cpp-csv-parser's own functions, with the policies
// of io::CSVReader<column_count, io::trim_chars<' '>, io::double_quote_escape<',', '"'>,
// io::throw_on_overflow, io::empty_line_comment>, but without that reader: its line
// reader allocates a 48 MiB buffer per instance, and every run of lines would need a
// fresh one (a fuzzer, every input). csv_layout and report_reader::parse_run do the
// reader's part, line by line as it does.
using csv_trim = io::trim_chars<' '>;
using csv_quote = io::double_quote_escape<',', '"'>;
using csv_blank = io::empty_line_comment;

// Where the wanted columns are among the fields of a row, from the header line.
class csv_layout {
public:
    // Throws what io::CSVReader::read_header throws for this header, naming `shown`.
    csv_layout(const std::string& shown, std::string header, const std::array<std::string, column_count>& columns) {
        // As the reader's line reader: a byte-order mark at the start, a '\r' at the end.
        if (header.compare(0, 3, "\xEF\xBB\xBF") == 0) header.erase(0, 3);
        if (!header.empty() && header.back() == '\r') header.pop_back();
        try {
            if (csv_blank::is_comment(header.c_str())) throw io::error::header_missing();
            io::detail::parse_header_line<column_count, csv_trim, csv_quote>(
                header.data(), order_, columns.data(), io::ignore_missing_column | io::ignore_extra_column);
        } catch (io::error::with_file_name& e) {
            e.set_file_name(shown.c_str());
            throw;
        }
        // As io::CSVReader::has_column: a name mapped twice is found at its first place.
        for (std::size_t c = 0; c < column_count; ++c) {
            const auto first = static_cast<int>(std::find(columns.begin(), columns.end(), columns[c]) - columns.begin());
            present_[c] = std::find(order_.begin(), order_.end(), first) != order_.end();
        }
    }

    [[nodiscard]] bool has(column c) const noexcept { return present_[c]; }

    // The fields of a row, which `line` (a line without its break) is cut into; nullptr
    // for a column the header lacks. Throws as io::CSVReader::read_row does: too few or
    // too many fields, a quoted field not closed.
    void split(char* line, std::array<char*, column_count>& fields, const std::string& shown, std::uint64_t number) const {
        fields.fill(nullptr);
        try {
            io::detail::parse_line<csv_trim, csv_quote>(line, fields.data(), order_);
        } catch (io::error::base& e) {
            if (auto* at = dynamic_cast<io::error::with_file_line*>(&e)) at->set_file_line(static_cast<int>(number));
            if (auto* named = dynamic_cast<io::error::with_file_name*>(&e)) named->set_file_name(shown.c_str());
            throw;
        }
    }

private:
    std::vector<int> order_;  // for each field of the header, its column, or -1
    std::array<bool, column_count> present_{};
};

// A problem that stops the run: exit status 2.
class fatal_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// --- UTF-8 ----------------------------------------------------------------------

[[nodiscard]] inline bool valid_utf8(const char* s, std::size_t n) noexcept {
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            std::uint64_t word = 0;
            std::memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code = 0;
        if ((c & 0xE0U) == 0xC0U) {
            length = 2;
            code = c & 0x1FU;
        } else if ((c & 0xF0U) == 0xE0U) {
            length = 3;
            code = c & 0x0FU;
        } else if ((c & 0xF8U) == 0xF0U) {
            length = 4;
            code = c & 0x07U;
        } else {
            return false;
        }
        if (i + length > n) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0U) != 0x80U) return false;
            code = (code << 6) | (d & 0x3FU);
        }
        if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
            code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

// The line numbers (counted from first_line) of the lines of [begin, end) that are not UTF-8.
inline std::vector<std::uint64_t> lines_not_utf8(const char* begin, const char* end, std::uint64_t first_line) {
    std::vector<std::uint64_t> bad;
    if (valid_utf8(begin, static_cast<std::size_t>(end - begin))) return bad;
    std::uint64_t line = first_line;
    for (const char* p = begin; p < end; ++line) {
        const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = newline ? newline : end;
        if (!valid_utf8(p, static_cast<std::size_t>(stop - p))) bad.push_back(line);
        p = stop + 1;
    }
    return bad;
}

// The line numbers (counted from first_line) of the lines of [begin, end) that hold a
// NUL byte, each NUL overwritten with 0x01. Lines are parsed as C strings, as
// fast-cpp-csv-parser's reader hands them out, which end at a NUL: a line starting with
// one would be skipped as blank and any other cut short, a row lost or read from part
// of its line. Overwritten, the line is parsed whole, and rejected for its NUL.
inline std::vector<std::uint64_t> mask_nul_lines(char* begin, char* end, std::uint64_t first_line) {
    std::vector<std::uint64_t> lines;
    std::uint64_t line = first_line;
    const char* counted = begin;  // line breaks are counted up to here
    for (char* p = begin; p < end; ++p) {
        p = static_cast<char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
        if (p == nullptr) break;
        line += static_cast<std::uint64_t>(std::count(counted, static_cast<const char*>(p), '\n'));
        counted = p;
        if (lines.empty() || lines.back() != line) lines.push_back(line);
        *p = '\x01';
    }
    return lines;
}

// --- instants ----------------------------------------------------------------------

// The form exports write most, "2026-03-02T01:30:00Z" or "2026-03-02T01:30:00.250Z",
// read without slakit::parse_instant's generality; anything else (offsets, other
// fraction lengths, errors with their messages) goes to parse_instant, which gives
// the same instant for these forms.
[[nodiscard]] inline std::optional<instant> canonical_instant(std::string_view t) noexcept {
    if (t.size() != 20 && t.size() != 24) return std::nullopt;
    const auto digit = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(t[i]) - '0'); };
    constexpr std::size_t digit_positions[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    for (const auto i : digit_positions)
        if (digit(i) > 9) return std::nullopt;
    if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t.back() != 'Z') return std::nullopt;
    unsigned millis = 0;
    if (t.size() == 24) {
        if (t[19] != '.' || digit(20) > 9 || digit(21) > 9 || digit(22) > 9) return std::nullopt;
        millis = digit(20) * 100 + digit(21) * 10 + digit(22);
    }
    const unsigned y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const unsigned m = digit(5) * 10 + digit(6), d = digit(8) * 10 + digit(9);
    const unsigned hh = digit(11) * 10 + digit(12), mm = digit(14) * 10 + digit(15), ss = digit(17) * 10 + digit(18);
    if (y < 1900 || y > 2199 || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
    const date::year_month_day ymd{date::year{static_cast<int>(y)}, date::month{m}, date::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return instant{date::sys_days{ymd}} + std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss} +
           milliseconds{millis};
}

[[nodiscard]] inline instant read_instant(std::string_view t) {
    if (const auto fast = canonical_instant(t)) return *fast;
    return slakit::parse_instant(t);
}

// --- duplicate ids, within a bounded window -----------------------------------

// A fixed array on 2 MiB-aligned memory, offered huge pages: random look-ups over
// megabytes then miss the TLB far less often. Arrays under 2 MiB gain nothing from
// that, and get cache-line alignment only.
template <class T>
class huge_array {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    huge_array(std::size_t n, T fill) {
        constexpr std::size_t huge_page = std::size_t{2} << 20;
        const bool huge = n * sizeof(T) >= huge_page;
        const std::size_t align = huge ? huge_page : 64;
        const std::size_t bytes = (n * sizeof(T) + align - 1) / align * align;
        data_.reset(static_cast<T*>(std::aligned_alloc(align, bytes)));
        if (!data_) throw std::bad_alloc();
        if (huge) static_cast<void>(::madvise(data_.get(), bytes, MADV_HUGEPAGE));  // only a hint
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
    explicit recent_ids(std::size_t window = default_window)
        : window_(checked(window)), mask_(std::bit_ceil(2 * window) - 1), ring_(window, entry{}), table_(mask_ + 1, empty) {}

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
        if (size_ == window_) erase(ring_[next_].slot);
        else ++size_;
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

    static std::size_t checked(std::size_t window) {
        if (window == 0 || window > default_window)
            throw std::invalid_argument("recent_ids: the window must hold 1 to 2^18 ids");
        return window;
    }

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

// --- progress -------------------------------------------------------------------

class progress_bar {
public:
    explicit progress_bar(bool wanted) : on_(wanted && ::isatty(STDERR_FILENO) == 1) {}

    void update(std::uint64_t bytes, std::optional<std::uint64_t> total, std::uint64_t rows) {
        if (!on_) return;
        const auto now = std::chrono::steady_clock::now();
        // Only for a file that takes a while, a few times a second.
        if (now - start_ < std::chrono::milliseconds{500} || now - last_ < std::chrono::milliseconds{100}) return;
        last_ = now;
        std::string line;
        if (total && *total > 0) {
            const double share = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(*total));
            const auto filled = static_cast<std::size_t>(share * 30.0);
            line = fmt::format("\r[{}{}] {:3.0f} % {} rows", std::string(filled, '#'), std::string(30 - filled, ' '),
                               share * 100.0, rows);
        } else {
            line = fmt::format("\r{} rows, {:.0f} MiB", rows, static_cast<double>(bytes) / 1048576.0);
        }
        std::fputs(line.c_str(), stderr);
        width_ = std::max(width_, line.size());
        shown_ = true;
    }

    void finish() {
        if (!shown_) return;
        std::fputs(("\r" + std::string(width_, ' ') + "\r").c_str(), stderr);
        shown_ = false;
    }

private:
    bool on_;
    bool shown_ = false;
    std::size_t width_ = 0;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

// --- the contract, interned -------------------------------------------------------

struct interned_contract {
    fast_policy policy;
    std::vector<channel_id> channels;    // as listed
    std::vector<priority_id> priorities;  // least important first
};

// The loaded policy, keyed by interned names: the same calendars, kinds, order,
// targets (in the same order, so that ties resolve alike) and warning levels.
inline interned_contract intern(const slakit::examples::contract& c) {
    interned_contract out{fast_policy{c.policy.calendar()}, {}, {}};
    for (std::size_t i = 0; i < c.channels.size(); ++i) {
        const channel_id id{static_cast<std::uint16_t>(i), &c.channels[i]};
        out.channels.push_back(id);
        if (const auto kind = c.policy.kind_of(c.channels[i])) out.policy.set_kind(id, *kind);
        if (const auto& own = c.policy.calendar_for(c.channels[i]); &own != &c.policy.calendar())
            out.policy.set_calendar(id, own);
    }
    for (std::size_t i = 0; i < c.priorities.size(); ++i)
        out.priorities.push_back(priority_id{static_cast<std::uint16_t>(i), &c.priorities[i]});
    out.policy.rank_priorities(out.priorities);
    out.policy.set_warning_levels(c.policy.warning_levels());
    const auto channel_of = [&](const std::string& name) {
        return out.channels[static_cast<std::size_t>(std::find(c.channels.begin(), c.channels.end(), name) - c.channels.begin())];
    };
    const auto priority_of = [&](const std::string& name) {
        return out.priorities[static_cast<std::size_t>(std::find(c.priorities.begin(), c.priorities.end(), name) -
                                                       c.priorities.begin())];
    };
    for (const auto& e : c.policy.targets()) {
        slakit::channel_selector<channel_id> channel{slakit::any};
        switch (e.key.channel.by()) {
        case slakit::match_by::exact: channel = slakit::channel_selector<channel_id>{channel_of(*e.key.channel.channel())}; break;
        case slakit::match_by::kind: channel = e.key.channel.kind(); break;
        default: break;
        }
        slakit::priority_selector<priority_id> priority{slakit::any};
        switch (e.key.priority.by()) {
        case slakit::match_by::exact: priority = slakit::priority_selector<priority_id>{priority_of(*e.key.priority.priority())}; break;
        case slakit::match_by::at_least: priority = slakit::at_least(priority_of(*e.key.priority.priority())); break;
        default: break;
        }
        out.policy.set_target(channel, priority, e.target);
    }
    return out;
}

// Serialized reports name their channels and priorities (a state written under one
// contract reads back under another that lists them in another order); reading one
// back needs the contract whose names they are: the thread's innermost names_scope.
class names_scope {
public:
    explicit names_scope(const interned_contract& names) noexcept : previous_(current_) { current_ = &names; }
    names_scope(const names_scope&) = delete;
    names_scope& operator=(const names_scope&) = delete;
    ~names_scope() { current_ = previous_; }

    [[nodiscard]] static const interned_contract* current() noexcept { return current_; }

private:
    const interned_contract* previous_;
    static inline thread_local const interned_contract* current_ = nullptr;
};

}  // namespace slakit::examples

template <class Tag>
struct slakit::key_codec<slakit::examples::interned<Tag>> {
    static std::string encode(const slakit::examples::interned<Tag>& n) { return to_string(n); }
    static slakit::examples::interned<Tag> decode(std::string_view text) {
        const auto* names = slakit::examples::names_scope::current();
        if (names == nullptr) throw std::logic_error("reading a report of interned names outside a names_scope");
        const auto& list = [&]() -> const auto& {
            if constexpr (std::is_same_v<Tag, slakit::examples::channel_tag>) return names->channels;
            else return names->priorities;
        }();
        for (const auto& id : list)
            if (*id.text == text) return id;
        throw std::invalid_argument(std::string{std::is_same_v<Tag, slakit::examples::channel_tag> ? "channel" : "priority"} +
                                    " \"" + std::string{text} + "\" is not in the contract");
    }
};

namespace slakit::examples {

// --- reading whole lines in bounded runs -----------------------------------------

// Hands out runs of whole lines of a file (or standard input), each preceded by the
// header line, so that any thread can parse each run. (fast-cpp-csv-parser's own file
// reader keeps a 48 MiB buffer whose pages a large file would all touch; a run touches
// its own size.)
class line_runs {
public:
    static constexpr std::size_t run_bytes = std::size_t{256} << 10;  // also the longest line

    explicit line_runs(const std::string& path) : path_(path == "-" ? std::string{"<stdin>"} : path) {
        if (path == "-") {
            file_ = stdin;
        } else {
            file_ = std::fopen(path.c_str(), "rb");
            if (file_ == nullptr) throw fatal_error(path + ": cannot open: " + std::strerror(errno));
            owned_ = true;
            struct stat info{};
            if (::fstat(::fileno(file_), &info) == 0 && S_ISREG(info.st_mode)) size_ = static_cast<std::uint64_t>(info.st_size);
        }
    }
    // An open stream (a pipe, fmemopen), not closed here; `name` stands for it in messages.
    line_runs(std::FILE* file, std::string name) : path_(std::move(name)), file_(file) {}
    line_runs(const line_runs&) = delete;
    line_runs& operator=(const line_runs&) = delete;
    ~line_runs() {
        if (owned_) std::fclose(file_);
    }

    // The first line, without its line break and a UTF-8 byte-order mark; nullopt
    // when the file is empty.
    std::optional<std::string> header() {
        std::string line;
        for (;;) {
            const int c = std::getc(file_);
            if (c == EOF) {
                if (std::ferror(file_)) throw fatal_error(path_ + ": cannot read: " + std::strerror(errno));
                if (line.empty()) return std::nullopt;
                break;
            }
            bytes_ += 1;
            if (c == '\n') break;
            line += static_cast<char>(c);
            if (line.size() > run_bytes) throw fatal_error(path_ + ":1: the header line is longer than 256 KiB");
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
        header_ = line;
        return line;
    }

    struct run {
        std::uint64_t sequence = 0;    // 0, 1, 2, ... in file order
        std::uint64_t first_line = 0;  // the file's line number of the first line after the header
        std::uint64_t bytes_done = 0;  // of the file, up to the end of this run
        std::vector<std::uint64_t> overlong;  // lines longer than run_bytes, skipped
    };

    // Fills text with the header, '\n' and the next whole lines; false at the end.
    // Not thread-safe: callers take turns.
    bool next(std::string& text, run& r) {
        r.sequence = sequence_;
        r.first_line = next_line_;
        r.overlong.clear();
        for (;;) {
            text.assign(header_);
            text += '\n';
            const std::size_t start = text.size();
            text += carry_;
            carry_.clear();
            read_into(text, start + run_bytes);
            if (text.size() == start) {
                if (r.overlong.empty()) return false;
                // The file ended with an overlong line: a run without lines reports it.
                r.first_line = next_line_;
                r.bytes_done = bytes_;
                ++sequence_;
                return true;
            }
            const std::size_t last = text.rfind('\n');
            if (last != std::string::npos && last >= start) {
                carry_.assign(text, last + 1);
                text.resize(last + 1);
            } else if (!eof_) {
                // No line break in a whole run: skip that line.
                r.overlong.push_back(next_line_++);
                skip_line();
                r.first_line = next_line_;
                continue;
            }
            next_line_ += static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(), '\n')) +
                          (text.back() == '\n' ? 0U : 1U);
            bytes_ += text.size() - start;
            r.bytes_done = bytes_ - carry_.size();
            ++sequence_;
            return true;
        }
    }

    [[nodiscard]] std::optional<std::uint64_t> size() const noexcept { return size_; }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    void read_into(std::string& text, std::size_t until) {
        while (!eof_ && text.size() < until) {
            const std::size_t at = text.size();
            // Doubling from 4 KiB: a short file is not first padded out to a whole run.
            const std::size_t want = std::min(until - at, std::max<std::size_t>(at, 4096));
            text.resize(at + want);
            const std::size_t n = std::fread(text.data() + at, 1, want, file_);
            text.resize(at + n);
            if (n == 0) {
                if (std::ferror(file_)) throw fatal_error(path_ + ": cannot read: " + std::strerror(errno));
                eof_ = true;
            }
        }
    }

    void skip_line() {
        for (;;) {
            const int c = std::getc(file_);
            if (c == EOF) {
                if (std::ferror(file_)) throw fatal_error(path_ + ": cannot read: " + std::strerror(errno));
                eof_ = true;
                return;
            }
            ++bytes_;
            if (c == '\n') return;
        }
    }

    std::string path_;
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    bool eof_ = false;
    std::optional<std::uint64_t> size_;
    std::string header_;
    std::string carry_;
    std::uint64_t sequence_ = 0;
    std::uint64_t next_line_ = 2;
    std::uint64_t bytes_ = 0;
};

// --- reading and evaluating the rows --------------------------------------------

struct row_counts {
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    [[nodiscard]] std::uint64_t read() const noexcept { return accepted + rejected; }
};

struct rejection {
    std::uint64_t line;
    std::string reason;
};

struct parsed_row {
    std::uint64_t line = 0;
    std::uint64_t id = 0;  // recent_ids::fingerprint, or 0 without an id
    bool has_id = false;
    std::string id_text;
    fast_request request{};
};

// --- checking a row -----------------------------------------------------------------

template <class Names>
[[nodiscard]] const typename Names::value_type* known(const Names& ids, std::string_view name) noexcept {
    for (const auto& id : ids)
        if (*id.text == name) return &id;
    return nullptr;
}

// The checks every host applies to a row once its fields are read (an instant that
// is absent: nullopt; no exclusion: empty): sets `out`, or returns why the row is
// rejected, in sla_report's words.
[[nodiscard]] inline std::string make_request(const interned_contract& names, std::string_view channel,
                                              std::string_view priority, const std::array<std::optional<instant>, 5>& times,
                                              std::string_view excluded, std::optional<instant> as_of, fast_request& out) {
    const channel_id* c = known(names.channels, channel);
    if (c == nullptr) return channel.empty() ? "no channel" : "unknown channel \"" + std::string{channel} + '"';
    const priority_id* p = known(names.priorities, priority);
    if (p == nullptr) return priority.empty() ? "no priority" : "unknown priority \"" + std::string{priority} + '"';
    if (!times[0]) return "no submitted_at";
    fast_request r{*c, *p, *times[0], times[1], times[2], times[3], times[4], std::nullopt};
    if (!excluded.empty()) r.exclusion_reason = std::string{excluded};
    if (const auto problem = slakit::validate(r)) return std::string{problem->field} + ' ' + std::string{problem->problem};
    if (as_of && r.submitted_at > *as_of) return "submitted after --as-of";
    out = std::move(r);
    return {};
}

// The same from the text of the row's fields (empty: absent), in column order.
[[nodiscard]] inline std::string make_request(const interned_contract& names,
                                              const std::array<std::string_view, column_count>& fields,
                                              std::optional<instant> as_of, fast_request& out) {
    const std::string_view channel = fields[channel_column], priority = fields[priority_column];
    if (known(names.channels, channel) == nullptr || known(names.priorities, priority) == nullptr)
        return make_request(names, channel, priority, {}, {}, as_of, out);  // the same words
    std::array<std::optional<instant>, 5> times;
    for (std::size_t k = 0; k < 5; ++k) {
        const auto col = static_cast<column>(submitted_column + k);
        const std::string_view value = fields[col];
        if (value.empty()) continue;
        try {
            times[k] = read_instant(value);
        } catch (const slakit::parse_error& e) {
            return std::string{column_names[col]} + ": " + e.what();
        }
    }
    return make_request(names, channel, priority, times, fields[excluded_column], as_of, out);
}

// Lets workers through a section one at a time, in the order of their run's
// sequence number; abort() releases every waiter.
class turnstile {
public:
    bool wait(std::uint64_t sequence) {
        std::unique_lock lock{mutex_};
        ready_.wait(lock, [&] { return aborted_ || turn_ == sequence; });
        return !aborted_;
    }
    void pass() {
        {
            const std::lock_guard lock{mutex_};
            ++turn_;
        }
        ready_.notify_all();
    }
    void abort() {
        {
            const std::lock_guard lock{mutex_};
            aborted_ = true;
        }
        ready_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::uint64_t turn_ = 0;
    bool aborted_ = false;
};

// Reads the requests with `threads` workers. Each worker takes a run of lines,
// parses and checks its rows, then (in file order, one worker at a time) checks
// their ids against the recent ones, reports its rejected rows and notes the latest
// instant, then evaluates its rows into its own report. The reports merge exactly.
class report_reader {
public:
    // Duplicate ids are looked for among the last `id_window` rows accepted (recent_ids).
    report_reader(const interned_contract& names, slakit::reporting_period by, std::optional<instant> as_of,
                  std::size_t id_window = recent_ids::default_window)
        : names_(names), by_(by), as_of_(as_of), ids_(id_window) {}

    // Rejected rows go to `sink` as "file:line: reason\n" lines, a run's at a time
    // and in file order (standard error by default).
    void on_rejected(std::function<void(const std::string&)> sink) { sink_ = std::move(sink); }
    // A progress bar on standard error when it is a terminal (on by default).
    void show_progress(bool on) noexcept { progress_ = on; }

    fast_report read(const std::string& path, const std::array<std::string, column_count>& columns, unsigned threads) {
        line_runs source{path};
        return read(source, columns, threads);
    }

    fast_report read(line_runs& source, const std::array<std::string, column_count>& columns, unsigned threads) {
        const auto header = source.header();
        if (!header) throw fatal_error(source.path() + ":1: the file is empty: expected a header line naming the columns");
        const csv_layout layout = check_header(source.path(), *header, columns);

        std::vector<shard> shards;
        for (unsigned i = 0; i < std::max(threads, 1U); ++i) shards.emplace_back(names_.policy, by_);
        progress_bar bar{progress_};
        std::mutex reading;
        turnstile order;
        std::exception_ptr failure;
        std::mutex failure_mutex;

        const auto work = [&](shard& mine) {
            try {
                std::string text;
                line_runs::run r;
                std::vector<parsed_row> rows;
                std::vector<rejection> rejected;
                for (;;) {
                    {
                        const std::lock_guard lock{reading};
                        if (!source.next(text, r)) break;
                    }
                    parse_run(source.path(), text, header->size() + 1, r, layout, rows, rejected);
                    if (!order.wait(r.sequence)) return;
                    const auto latest = check_in_order(source.path(), rows, rejected);
                    bar.update(r.bytes_done, source.size(), counts_.read());
                    order.pass();
                    for (auto& row : rows)
                        if (row.line != 0) add(mine, std::move(row.request), latest);
                }
            } catch (...) {
                {
                    const std::lock_guard lock{failure_mutex};
                    if (!failure) failure = std::current_exception();
                }
                order.abort();
            }
        };
        {
            std::vector<std::jthread> workers;
            for (std::size_t i = 1; i < shards.size(); ++i) workers.emplace_back(work, std::ref(shards[i]));
            work(shards[0]);
        }
        bar.finish();
        if (failure) std::rethrow_exception(failure);

        for (std::size_t i = 1; i < shards.size(); ++i) {
            shards[0].report.merge(shards[i].report);
            for (auto& h : shards[i].held) shards[0].held.push_back(std::move(h));
        }
        const instant final_as_of = as_of();
        for (const auto& h : shards[0].held) shards[0].report.add(slakit::evaluate(names_.policy, h, final_as_of));
        return std::move(shards[0].report);
    }

    [[nodiscard]] const row_counts& counts() const noexcept { return counts_; }
    // The instant the report was evaluated at: --as-of, or the latest one in the file.
    [[nodiscard]] instant as_of() const noexcept { return as_of_ ? *as_of_ : latest_.value_or(instant{}); }
    [[nodiscard]] bool as_of_given() const noexcept { return as_of_.has_value(); }
    [[nodiscard]] bool has_as_of() const noexcept { return as_of_ || latest_; }

private:
    struct shard {
        shard(const fast_policy& policy, slakit::reporting_period by) : report(policy, by) {}
        fast_report report;
        std::vector<fast_request> held;  // pending at the latest instant seen so far
        std::size_t next_scan = 1024;
    };

    static csv_layout check_header(const std::string& shown, const std::string& header,
                                   const std::array<std::string, column_count>& columns) {
        std::optional<csv_layout> layout;
        try {
            layout.emplace(shown, header, columns);
        } catch (const io::error::duplicated_column_in_header& e) {
            throw fatal_error(shown + ":1: the header names column \"" + e.column_name + "\" twice");
        } catch (const io::error::base& e) {
            throw fatal_error(shown + ":1: bad header: " + e.what());
        }
        for (const column c : {channel_column, priority_column, submitted_column}) {
            if (!layout->has(c)) {
                throw fatal_error(shown + ":1: the header has no column \"" + columns[c] + '"' +
                                  (columns[c] == column_names[c] ? " (use --map " + std::string{column_names[c]} +
                                                                       "=COLUMN for a column named otherwise)"
                                                                 : " (mapped from " + std::string{column_names[c]} + ")"));
            }
        }
        return std::move(*layout);
    }

    // Parses one run: good rows into rows, bad ones into rejected (both in line order).
    void parse_run(const std::string& shown, std::string& text, std::size_t header_bytes, const line_runs::run& r,
                   const csv_layout& layout, std::vector<parsed_row>& rows, std::vector<rejection>& rejected) const {
        rows.clear();
        rejected.clear();
        for (const auto line : r.overlong) rejected.push_back({line, "the line is longer than 256 KiB"});
        const auto not_utf8 = lines_not_utf8(text.data() + header_bytes, text.data() + text.size(), r.first_line);
        const auto with_nul = mask_nul_lines(text.data() + header_bytes, text.data() + text.size(), r.first_line);
        std::size_t bad = 0;
        std::size_t nul = 0;
        const auto reason_for = [&](std::uint64_t line, std::string reason) {
            while (bad < not_utf8.size() && not_utf8[bad] < line) ++bad;
            if (bad < not_utf8.size() && not_utf8[bad] == line) return std::string{"not valid UTF-8"};
            while (nul < with_nul.size() && with_nul[nul] < line) ++nul;
            if (nul < with_nul.size() && with_nul[nul] == line) return std::string{"the line holds a NUL byte"};
            return reason;
        };
        char* next = text.data() + header_bytes;
        char* const end = text.data() + text.size();
        std::array<char*, column_count> f{};
        for (std::uint64_t line = r.first_line; next < end; ++line) {
            // As the reader's line reader: a line ends at '\n' or at the end, less one '\r'.
            char* const begin = next;
            auto* stop = static_cast<char*>(std::memchr(begin, '\n', static_cast<std::size_t>(end - begin)));
            if (stop == nullptr) stop = end;  // the string's own terminating NUL
            else *stop = '\0';
            if (stop != begin && stop[-1] == '\r') stop[-1] = '\0';
            next = stop + 1;
            if (csv_blank::is_comment(begin)) continue;
            try {
                layout.split(begin, f, shown, line);
            } catch (const io::error::too_few_columns&) {
                rejected.push_back({line, reason_for(line, "too few fields")});
                continue;
            } catch (const io::error::too_many_columns&) {
                rejected.push_back({line, reason_for(line, "too many fields")});
                continue;
            } catch (const io::error::escaped_string_not_closed&) {
                rejected.push_back({line, reason_for(line, "a quoted field is not closed")});
                continue;
            } catch (const io::error::base& e) {
                rejected.push_back({line, reason_for(line, e.what())});
                continue;
            }
            std::string why = reason_for(line, {});
            if (why.empty()) why = parse_row(f, line, rows);
            if (!why.empty()) rejected.push_back({line, std::move(why)});
        }
        std::sort(rejected.begin(), rejected.end(), [](const rejection& a, const rejection& b) { return a.line < b.line; });
    }

    // Appends the row, or returns why it is rejected.
    std::string parse_row(const std::array<char*, column_count>& f, std::uint64_t line, std::vector<parsed_row>& rows) const {
        std::array<std::string_view, column_count> fields;
        for (std::size_t i = 0; i < column_count; ++i) fields[i] = f[i] == nullptr ? std::string_view{} : std::string_view{f[i]};
        fast_request r{};
        if (auto why = make_request(names_, fields, as_of_, r); !why.empty()) return why;
        const std::string_view id = fields[id_column];
        rows.push_back(parsed_row{line, id.empty() ? 0 : recent_ids::fingerprint(id), !id.empty(), std::string{id}, std::move(r)});
        return {};
    }

    // In file order: duplicate ids, the rejected rows' messages, the latest instant.
    // Rows found duplicate get line 0. Returns the latest instant so far.
    std::optional<instant> check_in_order(const std::string& shown, std::vector<parsed_row>& rows,
                                          std::vector<rejection>& rejected) {
        constexpr std::size_t ahead = 8;
        std::vector<rejection> duplicates;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (i + ahead < rows.size() && rows[i + ahead].has_id) ids_.prefetch(rows[i + ahead].id, ahead);
            auto& row = rows[i];
            if (row.has_id) {
                if (const auto first = ids_.find(row.id)) {
                    duplicates.push_back({row.line, "duplicate id \"" + row.id_text + "\" (first at line " + std::to_string(*first) + ')'});
                    row.line = 0;
                    continue;
                }
                ids_.insert(row.id, row.line);
            }
            const auto& q = row.request;
            for (const auto& t : {std::optional<instant>{q.submitted_at}, q.first_response, q.handoff_decided,
                                  q.handoff_completed, q.human_contact})
                if (t && (!latest_ || *latest_ < *t)) latest_ = *t;
            ++counts_.accepted;
        }
        if (!duplicates.empty()) {
            std::vector<rejection> all;
            std::merge(std::make_move_iterator(rejected.begin()), std::make_move_iterator(rejected.end()),
                       std::make_move_iterator(duplicates.begin()), std::make_move_iterator(duplicates.end()),
                       std::back_inserter(all), [](const rejection& a, const rejection& b) { return a.line < b.line; });
            rejected.swap(all);
        }
        if (!rejected.empty()) {
            std::string messages;
            for (const auto& x : rejected) messages += fmt::format("{}:{}: {}\n", shown, x.line, x.reason);
            if (sink_) sink_(messages);
            else std::fputs(messages.c_str(), stderr);
            counts_.rejected += rejected.size();
        }
        return as_of_ ? as_of_ : latest_;
    }

    static bool pending(const fast_outcome& o) noexcept {
        const auto is_pending = [](const auto& m) { return m.status == slakit::status::pending; };
        return is_pending(o.first_response) || is_pending(o.handoff) || is_pending(o.human_response);
    }

    // With --as-of: final. Without: evaluated at the latest instant read so far, which
    // is final unless a threshold is still pending (a breach stays a breach); pending
    // requests are held, and re-evaluated when the held list has doubled.
    void add(shard& s, fast_request r, std::optional<instant> latest) const {
        const auto o = slakit::evaluate(names_.policy, r, *latest);
        if (as_of_ || !pending(o)) {
            s.report.add(o);
            return;
        }
        s.held.push_back(std::move(r));
        if (s.held.size() < s.next_scan) return;
        std::vector<fast_request> still;
        for (auto& h : s.held) {
            const auto again = slakit::evaluate(names_.policy, h, *latest);
            if (pending(again)) still.push_back(std::move(h));
            else s.report.add(again);
        }
        s.held.swap(still);
        s.next_scan = std::max<std::size_t>(1024, 2 * s.held.size());
    }

    const interned_contract& names_;
    std::function<void(const std::string&)> sink_;
    bool progress_ = true;
    slakit::reporting_period by_;
    std::optional<instant> as_of_;
    // Touched only in turn.
    std::optional<instant> latest_;
    recent_ids ids_;
    row_counts counts_;
};

}  // namespace slakit::examples

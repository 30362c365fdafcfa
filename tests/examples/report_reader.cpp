// Parts of sla_report's CSV reader (examples/support/) that a whole file
// exercises only by chance: the duplicate-id window at any size, the fields of a
// row as fast-cpp-csv-parser's own reader gives them, lines holding NUL bytes and
// lines that are not UTF-8.
#include "support/report_reader.hpp"
#include "support/contract.hpp"
#include "support/csv.hpp"
#include "support/fatal_error.hpp"
#include "support/interned.hpp"
#include "support/line_runs.hpp"
#include "support/recent_ids.hpp"
#include "support/request_rows.hpp"

#include <slakit/utf8.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

namespace {

namespace ex = slakit::examples;

// A fingerprint whose table home is `home` (its top bits), told apart by `tag`:
// ids sharing a home probe past each other, and a home near the table's end wraps.
std::uint64_t fingerprint(std::uint64_t home, std::uint64_t tag) { return (home << 45) | (tag << 19); }

// The last `window` ids inserted, and their lines, kept plainly.
struct model {
    std::size_t window;
    std::deque<std::pair<std::uint64_t, std::uint64_t>> ids;

    [[nodiscard]] std::optional<std::uint64_t> find(std::uint64_t f) const {
        for (const auto& [id, line] : ids)
            if (id == f) return line;
        return std::nullopt;
    }
    void insert(std::uint64_t f, std::uint64_t line) {
        ids.emplace_back(f, line);
        if (ids.size() > window) ids.pop_front();
    }
};

std::array<std::string, ex::column_count> standard_columns() {
    std::array<std::string, ex::column_count> columns;
    for (std::size_t i = 0; i < ex::column_count; ++i) columns[i] = std::string{ex::column_names[i]};
    return columns;
}

// The fields io::CSVReader gives for `line` under `header`, or the type of its error.
struct split_result {
    std::array<std::optional<std::string>, ex::column_count> fields;
    std::string error;
    friend bool operator==(const split_result&, const split_result&) = default;
};

using fields = std::array<char*, ex::column_count>;

// Runs one way of splitting a row into fields and keeps what it gave: the fields, or
// the parser error it threw.
template <class Split>
split_result collect(Split split) {
    fields f{};
    split_result out;
    try {
        split(f);
    } catch (const io::error::base& e) {
        out.error = typeid(e).name();
        return out;
    }
    for (std::size_t i = 0; i < ex::column_count; ++i)
        if (f[i] != nullptr) out.fields[i] = std::string{f[i]};
    return out;
}

split_result by_fccp(const std::string& header, const std::string& line) {
    using reader_type =
        io::CSVReader<ex::column_count, ex::csv_trim, ex::csv_quote, io::throw_on_overflow, ex::csv_blank>;
    const auto columns = standard_columns();
    std::string text = header + '\n' + line + '\n';
    reader_type reader("t.csv", text.data(), text.data() + text.size());
    reader.read_header(io::ignore_missing_column | io::ignore_extra_column, columns[0], columns[1], columns[2],
                       columns[3], columns[4], columns[5], columns[6], columns[7], columns[8]);
    return collect([&](fields& f) {
        const bool read = reader.read_row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
        REQUIRE(read);
    });
}

split_result by_layout(const std::string& header, std::string line) {
    const ex::csv_layout layout{"t.csv", header, standard_columns()};
    return collect([&](fields& f) { layout.split(line.data(), f, "t.csv", 2); });
}

}  // namespace

TEST_CASE("recent_ids finds exactly the last `window` ids, whatever the window") {
    for (const std::size_t window :
         {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{16}, std::size_t{100}, std::size_t{1024}}) {
        CAPTURE(window);
        ex::recent_ids ids{window};
        CHECK(ids.window() == window);
        model plain{window, {}};
        std::mt19937_64 random{window};
        // Few homes, so that ids crowd into clusters that wrap the table's end, and
        // erasing the oldest has to shift the others back.
        const std::uint64_t table = std::bit_ceil(2 * window);
        const std::uint64_t homes[] = {0, 1, table - 1, table / 2};
        std::uniform_int_distribution<std::size_t> pick_home(0, std::size(homes) - 1);
        std::uniform_int_distribution<std::uint64_t> pick_tag(1, 3 * window + 3);
        for (std::uint64_t line = 2; line < 20000; ++line) {
            const std::uint64_t f = fingerprint(homes[pick_home(random)], pick_tag(random));
            const auto expected = plain.find(f);
            REQUIRE(ids.find(f) == expected);
            if (!expected) {  // as the reader does: an id is inserted only when not found
                ids.insert(f, line);
                plain.insert(f, line);
            }
        }
        for (const auto& [id, line] : plain.ids) CHECK(ids.find(id) == line);
    }
}

TEST_CASE("recent_ids refuses a window of no ids or of more than its 2^18") {
    CHECK_THROWS_AS(ex::recent_ids{0}, std::invalid_argument);
    CHECK_THROWS_AS(ex::recent_ids{ex::recent_ids::default_window + 1}, std::invalid_argument);
    CHECK(ex::recent_ids{}.window() == ex::recent_ids::default_window);
}

TEST_CASE("csv_layout splits a row as fast-cpp-csv-parser's reader does") {
    const std::string standard =
        "id,channel,priority,submitted_at,first_response_at,handoff_decided_at,handoff_completed_at,human_contact_at,"
        "excluded_reason";
    const std::string headers[] = {
        standard,
        "channel,notes,id,priority,submitted_at",  // another order, an extra column, missing ones
        "\xEF\xBB\xBF submitted_at ,\"channel\",priority\r",  // a byte-order mark, spaces, quotes, a '\r'
    };
    const std::string lines[] = {
        "R1,web_chat,normal,2026-03-02T10:00:00Z,,,,,",
        "  R1 , web_chat ,normal,2026-03-02T10:00:00Z,,,,,  spaced  ",
        "\"R,1\",\"web\"\"chat\",normal,\"\",x,,,,\"a \"\"b\"\", c\"",
        "R1,web_chat,normal",
        "R1,web_chat,normal,2026-03-02T10:00:00Z,,,,,,extra",
        "R1,web_chat,\"normal,2026-03-02T10:00:00Z,,,,,",
        "a,b,c,d,e",
        "a,b,c",
        ",,",
        "\"unclosed",
        "x\"y,b,c,d,e,f,g,h,i",
    };
    for (const auto& header : headers) {
        for (const auto& line : lines) {
            CAPTURE(header);
            CAPTURE(line);
            CHECK(by_layout(header, line) == by_fccp(header, line));
        }
    }
}

TEST_CASE("csv_layout refuses a header as fast-cpp-csv-parser's reader does") {
    const auto columns = standard_columns();
    CHECK_THROWS_AS(ex::csv_layout("t.csv", " \t", columns), io::error::header_missing);
    CHECK_THROWS_AS(ex::csv_layout("t.csv", "id,channel,id", columns), io::error::duplicated_column_in_header);
    try {
        const ex::csv_layout layout("t.csv", "", columns);
        FAIL("an empty header was accepted");
    } catch (const io::error::header_missing& e) {
        CHECK(std::string{e.what()} == "Header missing in file \"t.csv\".");
    }
    const ex::csv_layout layout("t.csv", "priority,submitted_at", columns);
    CHECK(layout.has(ex::priority_column));
    CHECK(layout.has(ex::submitted_column));
    CHECK_FALSE(layout.has(ex::channel_column));
    CHECK_FALSE(layout.has(ex::id_column));
}

TEST_CASE("mask_nul_lines names the lines holding NUL bytes and overwrites the bytes") {
    std::string text{"a\n\0b\nc\0\0\n\n \0\nd", 14};
    const auto lines = ex::mask_nul_lines(text.data(), text.data() + text.size(), 2);
    CHECK(lines == std::vector<std::uint64_t>{3, 4, 6});
    CHECK(text == std::string{"a\n\x01"
                              "b\nc\x01\x01\n\n \x01\nd"});
    std::string clean = "a\nb\n";
    CHECK(ex::mask_nul_lines(clean.data(), clean.data() + clean.size(), 2).empty());
    CHECK(clean == "a\nb\n");
}

namespace {

// The lines of text (numbered from first_line) that are not UTF-8, one at a time.
std::vector<std::uint64_t> lines_not_utf8_slowly(const std::string& text, std::uint64_t first_line) {
    std::vector<std::uint64_t> bad;
    std::uint64_t line = first_line;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto newline = text.find('\n', start);
        const auto stop = newline == std::string::npos ? text.size() : newline;
        if (!slakit::is_utf8(std::string_view{text}.substr(start, stop - start))) bad.push_back(line);
        if (newline == std::string::npos) break;
        start = newline + 1;
        ++line;
    }
    return bad;
}

}  // namespace

TEST_CASE("lines_not_utf8 names every line that is not UTF-8, however far in the first one lies") {
    const std::string plain = "R1,web_chat,normal\n";
    const std::string text = plain + plain + "caf\xC3\xA9\n" + "bad \xFF\n" + plain + "cut \xE6\x99\n" + "\xE6\x99\xBA";
    CHECK(ex::lines_not_utf8(text.data(), text.data() + text.size(), 2) == std::vector<std::uint64_t>{5, 7});
    CHECK(ex::lines_not_utf8(plain.data(), plain.data() + plain.size(), 2).empty());
    const std::string first = "\x80" + plain + "end \xC0\xAF";
    CHECK(ex::lines_not_utf8(first.data(), first.data() + first.size(), 1) == std::vector<std::uint64_t>{1, 2});

    // Random lines of ASCII runs (long enough for the 8-byte steps), encoded code
    // points, stray bytes and sequences cut by a line break.
    const std::array<std::string, 9> pieces{"abcdefghijklmnop", "x",  "\xC3\xA9", "\xE6\x99\xBA",
                                            "\xF0\x9F\x98\x80", "\n", "\xFF",     "\xE6\x99",
                                            "\xED\xA0\x80"};
    std::mt19937_64 random{13};
    for (int round = 0; round < 2000; ++round) {
        std::string s;
        const auto length = random() % 40;
        for (std::uint64_t i = 0; i < length; ++i) {
            const auto r = random() % 100;
            s += pieces[r < 40 ? 0 : r < 60 ? 1 : r < 70 ? 2 : r < 78 ? 3 : r < 84 ? 4 : r < 94 ? 5 : 6 + r % 3];
        }
        CAPTURE(s);
        CHECK(ex::lines_not_utf8(s.data(), s.data() + s.size(), 3) == lines_not_utf8_slowly(s, 3));
    }
}

namespace {

std::string source_path(const std::string& relative) {
    const char* root = std::getenv("SLAKIT_SOURCE_DIR");
    REQUIRE_MESSAGE(root != nullptr, "SLAKIT_SOURCE_DIR must name the source tree");
    return std::string{root} + '/' + relative;
}

// Reads `text` as a requests CSV broken down by `by`, with `threads` workers.
ex::fast_report read_by(const ex::interned_contract& names, std::string text, const std::vector<std::string>& by,
                        unsigned threads, std::optional<std::size_t> limit = std::nullopt) {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream{fmemopen(text.data(), text.size(), "rb"),
                                                                 &std::fclose};
    REQUIRE(stream != nullptr);
    ex::line_runs source{stream.get(), "requests.csv"};
    ex::report_reader reader{names, slakit::reporting_period::month, slakit::parse_instant("2026-04-01T00:00:00Z")};
    reader.show_progress(false);
    reader.on_rejected([](const std::string& m) { FAIL("rejected: " << m); });
    reader.set_dimensions(by);
    if (limit) reader.limit_dimensions(*limit);
    return reader.read(source, standard_columns(), threads);
}

}  // namespace

TEST_CASE("request_rows reads the dimension columns of each row, in the order asked") {
    const auto contract = ex::load_contract(source_path("examples/contracts/response_time_agreement.toml"));
    const auto names = ex::intern(contract);
    // A byte-order mark, CRLF, a quoted value with a comma, an empty one, spaces trimmed.
    std::string text =
        "\xEF\xBB\xBF"
        "agent,id,channel,priority,submitted_at,first_response_at,team\r\n"
        "ann,R1,email,normal,2026-03-02T02:00:00Z,2026-03-02T02:10:00Z,billing\r\n"
        "\"Lee, Kim\",R2,email,normal,2026-03-02T02:00:00Z,,support\r\n"
        ",R3,web_chat,high,2026-03-02T02:00:00Z,, support \r\n";
    std::vector<ex::dimension_values> seen;
    std::string copy = text;
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream{fmemopen(copy.data(), copy.size(), "rb"),
                                                                 &std::fclose};
    ex::line_runs source{stream.get(), "requests.csv"};
    ex::request_rows rows{names, std::nullopt};
    rows.set_dimensions({"team", "agent"});
    rows.read_all(source, standard_columns(), [&](ex::parsed_row& r) { seen.push_back(r.dimensions); });
    CHECK(seen == std::vector<ex::dimension_values>{{"billing", "ann"}, {"support", "Lee, Kim"}, {"support", ""}});

    CHECK_THROWS_WITH_AS(read_by(names, text, {"team", "squad"}, 1),
                         "requests.csv:1: the header has no column \"squad\" (named by --by team,squad)",
                         ex::fatal_error);
    CHECK_THROWS_WITH_AS(read_by(names, text, {"channel"}, 1),
                         "requests.csv:1: --by channel: the column is read as a field of the request already, not a "
                         "dimension",
                         ex::fatal_error);
}

TEST_CASE("a report by dimensions counts each row under its values, whatever the threads") {
    const auto contract = ex::load_contract(source_path("examples/contracts/response_time_agreement.toml"));
    const auto names = ex::intern(contract);
    std::mt19937_64 random{21};
    std::map<ex::dimension_values, std::uint64_t> model;
    std::string text = "id,team,channel,priority,submitted_at,first_response_at,agent\n";
    const char* channels[] = {"web_chat", "in_app_chat", "social", "email"};
    for (int n = 0; n < 40000; ++n) {
        const std::string team = "team-" + std::to_string(random() % 4),
                          agent = "agent-" + std::to_string(random() % 9);
        const auto minute = random() % (28 * 24 * 60);
        text += fmt::format("R{},{},{},normal,2026-03-{:02}T{:02}:{:02}:00Z,,{}\n", n, team, channels[random() % 4],
                            1 + minute / (24 * 60), minute / 60 % 24, minute % 60, agent);
        ++model[{team, agent}];
    }
    REQUIRE(text.size() > 3 * ex::line_runs::run_bytes);
    const auto one = read_by(names, text, {"team", "agent"}, 1);
    std::map<ex::dimension_values, std::uint64_t> found;
    for (const auto& [key, cell] : one.groups()) found[key.dimensions] += cell.requests();
    CHECK(found == model);
    CHECK(read_by(names, text, {"team", "agent"}, 3, 36).to_bytes() == one.to_bytes());
    CHECK_THROWS_WITH_AS(read_by(names, text, {"team", "agent"}, 3, 35),
                         "more than 35 distinct values of team,agent (--max-groups 35)", ex::fatal_error);
}

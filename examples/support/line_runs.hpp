// examples/support/line_runs.hpp: a file read in bounded runs of whole lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slakit::examples {

// Hands out runs of whole lines of a file (or standard input), each preceded by the
// header line, so that any thread can parse each run. (fast-cpp-csv-parser's own file
// reader keeps a 48 MiB buffer whose pages a large file would all touch; a run touches
// its own size.)
class line_runs {
public:
    static constexpr std::size_t run_bytes = std::size_t{256} << 10;  // also the longest line

    explicit line_runs(const std::string& path);
    // An open stream (a pipe, fmemopen), not closed here; `name` stands for it in messages.
    line_runs(std::FILE* file, std::string name) : path_(std::move(name)), file_(file) {}
    line_runs(const line_runs&) = delete;
    line_runs& operator=(const line_runs&) = delete;
    ~line_runs();

    // The first line, without its line break and a UTF-8 byte-order mark; nullopt
    // when the file is empty.
    std::optional<std::string> header();

    struct run {
        std::uint64_t sequence = 0;  // 0, 1, 2, ... in file order
        std::uint64_t first_line = 0;  // the file's line number of the first line after the header
        std::uint64_t bytes_done = 0;  // of the file, up to the end of this run
        std::vector<std::uint64_t> overlong;  // lines longer than run_bytes, skipped
    };

    // Fills text with the header, '\n' and the next whole lines; false at the end.
    // Not thread-safe: callers take turns.
    bool next(std::string& text, run& r);

    [[nodiscard]] std::optional<std::uint64_t> size() const noexcept { return size_; }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    void read_into(std::string& text, std::size_t until);
    void skip_line();

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

}  // namespace slakit::examples

// examples/support/line_runs.cpp: a file read in bounded runs of whole lines.
#include "line_runs.hpp"

#include "fatal_error.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

namespace slakit::examples {

line_runs::line_runs(const std::string& path) : path_(path == "-" ? std::string{"<stdin>"} : path) {
    if (path == "-") {
        file_ = stdin;
    } else {
        file_ = std::fopen(path.c_str(), "rb");
        if (file_ == nullptr) throw fatal_error(path + ": cannot open: " + std::strerror(errno));
        owned_ = true;
        struct stat info {};
        if (::fstat(::fileno(file_), &info) == 0 && S_ISREG(info.st_mode))
            size_ = static_cast<std::uint64_t>(info.st_size);
    }
}

line_runs::~line_runs() {
    if (owned_) std::fclose(file_);
}

std::optional<std::string> line_runs::header() {
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

bool line_runs::next(std::string& text, run& r) {
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
        next_line_ += static_cast<std::uint64_t>(
                          std::count(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(), '\n')) +
                      (text.back() == '\n' ? 0U : 1U);
        bytes_ += text.size() - start;
        r.bytes_done = bytes_ - carry_.size();
        ++sequence_;
        return true;
    }
}

void line_runs::read_into(std::string& text, std::size_t until) {
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

void line_runs::skip_line() {
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

}  // namespace slakit::examples

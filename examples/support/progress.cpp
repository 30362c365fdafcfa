// examples/support/progress.cpp: a progress bar on standard error, for long reads.
#include "progress.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

namespace slakit::examples {

progress_bar::progress_bar(bool wanted) : on_(wanted && ::isatty(STDERR_FILENO) == 1) {}

void progress_bar::update(std::uint64_t bytes, std::optional<std::uint64_t> total, std::uint64_t rows) {
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

void progress_bar::finish() {
    if (!shown_) return;
    // "\r", spaces over the bar, "\r" (built in place: GCC 12 at -O3 takes the
    // concatenation for an overlapping copy, -Wrestrict).
    std::string blank(width_ + 2, ' ');
    blank.front() = '\r';
    blank.back() = '\r';
    std::fputs(blank.c_str(), stderr);
    shown_ = false;
}

}  // namespace slakit::examples

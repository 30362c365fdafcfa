// examples/support/progress.hpp: a progress bar on standard error, for long reads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace slakit::examples {

class progress_bar {
public:
    explicit progress_bar(bool wanted);

    void update(std::uint64_t bytes, std::optional<std::uint64_t> total, std::uint64_t rows);

    void finish();

private:
    bool on_;
    bool shown_ = false;
    std::size_t width_ = 0;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace slakit::examples

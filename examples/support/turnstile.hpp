// examples/support/turnstile.hpp: lets the workers of a reader through a section one
// at a time, in the order of their run's sequence number.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace slakit::examples {

// abort() releases every waiter: wait() then returns false.
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

}  // namespace slakit::examples

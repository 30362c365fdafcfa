// examples/program.hpp: what every example program's main() does alike.
#pragma once

#include <exception>
#include <iostream>

namespace slakit::examples {

// Runs a program's body: an exception that escapes it is reported as
// "error: <what>" on standard error, with exit status 2.
template <class Run>
[[nodiscard]] int run_program(Run&& run, int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
}

// Standard output flushed: true, or false once the reason is on standard error
// (a full disk or a closed pipe must not pass for success).
[[nodiscard]] inline bool flush_stdout() {
    if (std::cout.flush()) return true;
    std::cerr << "error: cannot write standard output\n";
    return false;
}

}  // namespace slakit::examples

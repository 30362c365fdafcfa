// examples/support/program.cpp: what every example program's main() does alike.
#include "program.hpp"

#include <exception>
#include <iostream>

namespace slakit::examples {

int run_program(int (*run)(int, char**), int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
}

bool flush_stdout() {
    if (std::cout.flush()) return true;
    std::cerr << "error: cannot write standard output\n";
    return false;
}

}  // namespace slakit::examples

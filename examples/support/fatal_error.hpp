// examples/support/fatal_error.hpp: a problem that stops a program's run.
#pragma once

#include <stdexcept>

namespace slakit::examples {

// A problem that stops the run: exit status 2.
class fatal_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace slakit::examples

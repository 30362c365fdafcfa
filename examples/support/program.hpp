// examples/support/program.hpp: what every example program's main() does alike.
#pragma once

namespace slakit::examples {

// Runs a program's body: an exception that escapes it is reported as
// "error: <what>" on standard error, with exit status 2.
[[nodiscard]] int run_program(int (*run)(int, char**), int argc, char** argv);

// Standard output flushed: true, or false once the reason is on standard error
// (a full disk or a closed pipe must not pass for success).
[[nodiscard]] bool flush_stdout();

}  // namespace slakit::examples

// Built against an installed slakit with find_package(slakit COMPONENTS fmt) and
// slakit::fmt (see cmake/run_consumer_test.cmake): the formatters compile, link
// and print.
#include <slakit/fmt.hpp>

#include <chrono>
#include <cstdio>
#include <string>

int main() {
    using namespace std::chrono_literals;
    const std::string text = fmt::format("{}", slakit::human(65s));
    if (text != "1 min 05 s") {
        std::fprintf(stderr, "consumer check failed: 65 s formats as \"%s\"\n", text.c_str());
        return 1;
    }
    std::puts("slakit fmt consumer: OK");
    return 0;
}

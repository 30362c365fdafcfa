// Built against an installed slakit (see cmake/run_consumer_test.cmake): proves
// that find_package(slakit) yields usable headers and dependencies.
#ifdef SLAKIT_CONSUMER_HAS_UMBRELLA
#include <slakit/slakit.hpp>
#endif
#include <slakit/error.hpp>
#include <slakit/status.hpp>

#include <cstdio>
#include <string>

int main() {
    int failures = 0;
    auto check = [&failures](bool ok, const char* what) {
        if (!ok) {
            std::fprintf(stderr, "consumer check failed: %s\n", what);
            ++failures;
        }
    };

    const slakit::parse_error error{"unexpected character", "Mon-Fri 9:00-17:0x", 17};
    check(error.position() == 17, "parse_error keeps the position");
    check(error.input() == "Mon-Fri 9:00-17:0x", "parse_error keeps the input");
    check(std::string{error.what()}.find("Mon-Fri 9:00-17:0x") != std::string::npos,
          "parse_error::what() names the input");

    check(slakit::status::met != slakit::status::breached, "status values are distinct");
    check(slakit::scope::in_hours != slakit::scope::excluded, "scope values are distinct");

    if (failures == 0) {
        std::puts("slakit consumer: OK");
    }
    return failures == 0 ? 0 : 1;
}

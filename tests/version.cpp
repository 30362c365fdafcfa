#include <slakit/version.hpp>

#include <doctest/doctest.h>

#include <string>
#include <type_traits>

TEST_CASE("the header's version is the CMake project's") {
    // tests/CMakeLists.txt passes PROJECT_VERSION, so the two cannot drift apart.
    const std::string from_header = std::to_string(slakit::version.major) + '.' +
                                    std::to_string(slakit::version.minor) + '.' + std::to_string(slakit::version.patch);
    CHECK(from_header == SLAKIT_PROJECT_VERSION);
    CHECK(SLAKIT_VERSION == slakit::version.major * 10000 + slakit::version.minor * 100 + slakit::version.patch);
}

TEST_CASE("names live in the inline ABI namespace v0") {
    static_assert(std::is_same_v<slakit::version_number, slakit::v0::version_number>);
    CHECK(&slakit::version == &slakit::v0::version);
}

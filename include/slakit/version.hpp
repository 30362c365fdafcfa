// slakit/version.hpp: the library's version, as numbers and as the inline
// namespace that every slakit name lives in. A program that mixes two slakit
// versions then fails to link instead of mixing their layouts.
#pragma once

#define SLAKIT_VERSION_MAJOR 0
#define SLAKIT_VERSION_MINOR 1
#define SLAKIT_VERSION_PATCH 0
// major * 10000 + minor * 100 + patch, as FMT_VERSION.
#define SLAKIT_VERSION (SLAKIT_VERSION_MAJOR * 10000 + SLAKIT_VERSION_MINOR * 100 + SLAKIT_VERSION_PATCH)

namespace slakit::inline v0 {

struct version_number {
    int major;
    int minor;
    int patch;
};

inline constexpr version_number version{SLAKIT_VERSION_MAJOR, SLAKIT_VERSION_MINOR, SLAKIT_VERSION_PATCH};

}  // namespace slakit::inline v0

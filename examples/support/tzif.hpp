// examples/support/tzif.hpp: the OS time-zone database's zones with their TZif footer,
// so that a calendar stays right after the database's last explicit transition.
//
// date reads a zone's explicit transitions only (they end in 2037 in Debian's tzdata)
// and leaves out the POSIX rule at the end of the file (RFC 8536 section 3.3) that
// says how the zone goes on. The library reads no file, so the programs read that rule
// here and hand it to slakit::zone_handle.
#pragma once

#include <slakit/zone.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace slakit::examples {

// A TZif file that cannot be read or is not valid; what() names the file.
class tzif_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The footer of a TZif file's bytes: its POSIX TZ rule, empty when the file has none
// (version 1, or an empty footer). source names the file in errors.
[[nodiscard]] std::string tzif_footer(std::string_view bytes, const std::string& source);

// Where date's USE_OS_TZDB reads the OS database (it honours no TZDIR), so that
// transitions and footer come from the same files.
inline constexpr std::string_view zoneinfo_directory = "/usr/share/zoneinfo";

// The named zone of date's database with the footer of its TZif file. Throws
// std::runtime_error for an unknown zone (from date::locate_zone), tzif_error for a
// file that cannot be read or whose footer does not parse. Files are read once.
[[nodiscard]] slakit::zone_handle os_zone(std::string_view name);

}  // namespace slakit::examples

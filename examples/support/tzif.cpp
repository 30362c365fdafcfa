// examples/support/tzif.cpp: reading the footer of TZif files (see tzif.hpp).
#include "tzif.hpp"

#include <slakit/error.hpp>
#include <slakit/posix_rule.hpp>

#include <date/tz.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <utility>

namespace slakit::examples {

namespace {

// RFC 8536 section 3.1: a 44-byte header, then the data block its counts size.
constexpr std::size_t header_size = 44;

std::uint32_t big_endian(std::string_view bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
}

// The size of the data block after the header at `at`, with time values of time_size bytes.
std::size_t data_size(std::string_view bytes, std::size_t at, std::size_t time_size, const std::string& source) {
    if (bytes.size() < at + header_size || bytes.substr(at, 4) != "TZif")
        throw tzif_error(source + ": not a TZif file (no \"TZif\" header at byte " + std::to_string(at) + ')');
    const std::size_t isutcnt = big_endian(bytes, at + 20), isstdcnt = big_endian(bytes, at + 24),
                      leapcnt = big_endian(bytes, at + 28), timecnt = big_endian(bytes, at + 32),
                      typecnt = big_endian(bytes, at + 36), charcnt = big_endian(bytes, at + 40);
    return timecnt * time_size + timecnt + typecnt * 6 + charcnt + leapcnt * (time_size + 4) + isstdcnt + isutcnt;
}

}  // namespace

std::string tzif_footer(std::string_view bytes, const std::string& source) {
    const std::size_t v1_data = data_size(bytes, 0, 4, source);
    if (bytes[4] == '\0') return {};  // version 1: no footer
    const std::size_t second = header_size + v1_data;
    const std::size_t footer = second + header_size + data_size(bytes, second, 8, source);
    if (footer >= bytes.size() || bytes[footer] != '\n')
        throw tzif_error(source + ": truncated TZif file (no footer after byte " + std::to_string(footer) + ')');
    const std::size_t end = bytes.find('\n', footer + 1);
    if (end == std::string_view::npos) throw tzif_error(source + ": the TZif footer does not end with a newline");
    return std::string{bytes.substr(footer + 1, end - footer - 1)};
}

slakit::zone_handle os_zone(std::string_view name) {
    const date::time_zone* zone = date::locate_zone(name);
    // Handles share their rule: one read per zone and process, as date's database.
    static std::mutex mutex;
    static std::map<const date::time_zone*, slakit::zone_handle> cache;
    const std::lock_guard lock{mutex};
    if (const auto it = cache.find(zone); it != cache.end()) return it->second;

    const std::string path = std::string{zoneinfo_directory} + '/' + std::string{zone->name()};
    std::ifstream in{path, std::ios::binary};
    if (!in) throw tzif_error(path + ": cannot read the zone's TZif file");
    const std::string bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    const std::string footer = tzif_footer(bytes, path);
    slakit::zone_handle handle{zone};
    if (!footer.empty()) {
        try {
            handle = slakit::zone_handle{zone, slakit::posix_rule::parse(footer)};
        } catch (const slakit::parse_error& e) {
            throw tzif_error(path + ": bad TZif footer: " + e.what());
        }
    }
    return cache.emplace(zone, std::move(handle)).first->second;
}

}  // namespace slakit::examples

// slakit/detail/report_bytes.hpp: basic_report's encoding (to_bytes, from_bytes),
// kept apart from the report it encodes, as the cells' and sketches' are.
#pragma once

#include <slakit/detail/bytes.hpp>
#include <slakit/error.hpp>
#include <slakit/key_codec.hpp>
#include <slakit/period.hpp>
#include <slakit/time.hpp>

#include <date/date.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace slakit::inline v0::detail {

// A friend of basic_report: reads and writes its groups and outages.
template <class Report>
struct report_bytes {
    static constexpr char magic[5] = "slpr";
    static constexpr std::uint64_t version = 3;  // 2: cells keep metric cells; 3: dimensions

    static std::vector<std::byte> write(const Report& r) {
        std::vector<std::byte> out;
        put_header(out, magic, version);
        put_le(out, static_cast<std::uint64_t>(r.by_), 1);
        put_ratio<typename Report::duration::period>(out);
        put_le(out, r.groups_.size(), 8);
        for (const auto& [key, cell] : r.groups_) {
            put_le(out, static_cast<std::uint32_t>(key.period.time_since_epoch().count()), 4);
            put_text(out, std::string{key_codec<typename Report::dimensions_type>::encode(key.dimensions)});
            put_text(out, std::string{key_codec<typename Report::channel_type>::encode(key.channel)});
            put_text(out, std::string{key_codec<typename Report::priority_type>::encode(key.priority)});
            put_blob(out, cell.to_bytes());
        }
        put_le(out, r.outages_.size(), 8);
        for (const auto& o : r.outages_) {
            put_le(out, static_cast<std::uint64_t>(o.begin.time_since_epoch().count()), 8);
            put_le(out, static_cast<std::uint64_t>(o.end.time_since_epoch().count()), 8);
        }
        return out;
    }

    static Report read(std::span<const std::byte> bytes, typename Report::policy_type rules) {
        byte_reader in(bytes, "basic_report");
        in.expect_header(magic, version);
        const auto by = in.unsigned_le(1, "period");
        if (by > 2) in.fail("unknown period " + std::to_string(by));
        Report r{std::move(rules), static_cast<reporting_period>(by)};
        in.expect_ratio<typename Report::duration::period>("tick period", " s", "report");
        const auto groups = in.unsigned_le(8, "group count");
        // Local dates of supported instants, in any zone, and the month or week starting before them.
        const auto earliest =
            date::floor<date::days>(date::local_seconds{earliest_instant.time_since_epoch()}) - date::days{40};
        const auto latest =
            date::floor<date::days>(date::local_seconds{latest_instant.time_since_epoch()}) + date::days{1};
        for (std::uint64_t g = 0; g < groups; ++g) {
            const date::local_days day{
                date::days{static_cast<std::int32_t>(static_cast<std::uint32_t>(in.unsigned_le(4, "period")))}};
            if (day < earliest || day > latest || period_start(day, r.by_) != day)
                in.fail("group " + std::to_string(g) + ": " + std::to_string(day.time_since_epoch().count()) +
                        " is not the first day of a " + std::string{to_string(r.by_)} + " in the supported range");
            auto dims = decode<typename Report::dimensions_type>(in, "dimensions");
            typename Report::key_type key{day, decode<typename Report::channel_type>(in, "channel"),
                                          decode<typename Report::priority_type>(in, "priority"), std::move(dims)};
            const auto* e = r.policy_.find(key.channel, key.priority);
            if (e == nullptr)
                in.fail("group " + std::to_string(g) + ": the policy has no target for its channel and priority");
            const auto cell = Report::cell_type::from_bytes(in.blob("cell"));
            if (!cell.same_layout(typename Report::cell_type{e->target}))
                in.fail("group " + std::to_string(g) +
                        ": its cell keeps other clocks than this policy's target asks for");
            if (!r.groups_.empty() && !r.groups_.key_comp()(r.groups_.rbegin()->first, key))
                in.fail("group " + std::to_string(g) + " is out of order or repeated");
            ++r.values_[key.dimensions];
            r.groups_.emplace_hint(r.groups_.end(), std::move(key), cell);
        }
        const auto count = in.unsigned_le(8, "outage count");
        for (std::uint64_t i = 0; i < count; ++i) {
            const auto begin = tick(in.unsigned_le(8, "outage begin")), end = tick(in.unsigned_le(8, "outage end"));
            if (!(begin < end) || begin < earliest_instant || end > latest_instant)
                in.fail("outage " + std::to_string(i) + " is empty, reversed or outside the supported range");
            if (!r.outages_.empty() && !(r.outages_.back().end < begin))
                in.fail("outage " + std::to_string(i) + " overlaps, touches or precedes the one before");
            r.outages_.push_back(typename Report::outage_type{begin, end});
        }
        in.expect_end();
        return r;
    }

    template <class T>
    static T decode(byte_reader& in, const char* what) {
        const auto raw = in.blob(what);
        const std::string text(reinterpret_cast<const char*>(raw.data()), raw.size());
        try {
            return key_codec<T>::decode(text);
        } catch (const std::exception& e) {
            in.fail(std::string{what} + " key refused: " + e.what());
        }
    }

    static typename Report::time_point tick(std::uint64_t raw) noexcept {
        using duration = typename Report::duration;
        return
            typename Report::time_point{duration{static_cast<typename duration::rep>(static_cast<std::int64_t>(raw))}};
    }
};

}  // namespace slakit::inline v0::detail

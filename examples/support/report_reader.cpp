// examples/support/report_reader.cpp: reading a requests CSV into a period report.
#include "report_reader.hpp"

#include "fatal_error.hpp"
#include "progress.hpp"
#include "turnstile.hpp"

#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/report.hpp>
#include <slakit/status.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// The report and evaluate() for interned keys, compiled once (interned.hpp declares
// them extern), here where the rows are evaluated, so that evaluate() can be inlined.
template class slakit::basic_policy<slakit::examples::channel_id, slakit::examples::priority_id>;
template class slakit::basic_report<slakit::examples::channel_id, slakit::examples::priority_id,
                                    std::chrono::milliseconds, std::ratio<1, 100>, slakit::zone_handle,
                                    slakit::examples::dimension_values>;
template slakit::examples::fast_outcome slakit::evaluate(const slakit::examples::fast_policy&,
                                                         const slakit::examples::fast_request&, slakit::instant);

namespace slakit::examples {

std::string too_many_values(std::size_t limit, const std::vector<std::string>& dimensions, const std::string& why) {
    return "more than " + std::to_string(limit) + " distinct values of " + dimension_list(dimensions) + " (" +
           (why.empty() ? "--max-groups " + std::to_string(limit) : why) + ')';
}

namespace {

bool pending(const fast_outcome& o) noexcept {
    const auto is_pending = [](const auto& m) { return m.status == slakit::status::pending; };
    return is_pending(o.first_response) || is_pending(o.handoff) || is_pending(o.human_response);
}

}  // namespace

struct report_reader::shard {
    shard(const fast_policy& policy, slakit::reporting_period by, std::size_t keep, std::optional<std::size_t> limit)
            : report(policy, by), breaches(keep) {
        if (limit) report.limit_dimensions(*limit);
    }
    fast_report report;
    breach_list breaches;
    std::vector<parsed_row> held;  // pending at the latest instant seen so far
    std::size_t next_scan = 1024;
};

fast_report report_reader::read(const std::string& path, const std::array<std::string, column_count>& columns,
                                unsigned threads) {
    line_runs source{path};
    return read(source, columns, threads);
}

fast_report report_reader::read(line_runs& source, const std::array<std::string, column_count>& columns,
                                unsigned threads) {
    rows_.start(source, columns);

    std::vector<shard> shards;
    for (unsigned i = 0; i < std::max(threads, 1U); ++i)
        shards.emplace_back(names_.policy, by_, keep_breaches_, limit_);
    progress_bar bar{progress_};
    std::mutex reading;
    turnstile order;
    std::exception_ptr failure;
    std::mutex failure_mutex;

    const auto work = [&](shard& mine) {
        try {
            std::string text;
            line_runs::run r;
            std::vector<parsed_row> rows;
            std::vector<rejection> rejected;
            for (;;) {
                {
                    const std::lock_guard lock{reading};
                    if (!source.next(text, r)) break;
                }
                rows_.parse_run(source.path(), text, r, rows, rejected);
                if (!order.wait(r.sequence)) return;
                const auto latest = rows_.check_in_order(source.path(), rows, rejected);
                bar.update(r.bytes_done, source.size(), rows_.counts().read());
                order.pass();
                for (auto& row : rows)
                    if (row.line != 0) add(mine, std::move(row), latest);
            }
        } catch (...) {
            {
                const std::lock_guard lock{failure_mutex};
                if (!failure) failure = std::current_exception();
            }
            order.abort();
        }
    };
    {
        std::vector<std::jthread> workers;
        for (std::size_t i = 1; i < shards.size(); ++i) workers.emplace_back(work, std::ref(shards[i]));
        work(shards[0]);
    }
    bar.finish();
    try {
        if (failure) std::rethrow_exception(failure);
        for (std::size_t i = 1; i < shards.size(); ++i) {
            shards[0].report.merge(shards[i].report);
            shards[0].breaches.merge(std::move(shards[i].breaches));
            for (auto& h : shards[i].held) shards[0].held.push_back(std::move(h));
        }
        const instant final_as_of = as_of();
        for (const auto& h : shards[0].held)
            add_final(shards[0], h, slakit::evaluate(names_.policy, h.request, final_as_of));
    } catch (const slakit::dimension_limit& e) {
        throw fatal_error(too_many_values(e.limit(), rows_.dimensions(), limit_why_));
    }
    breaches_ = std::move(shards[0].breaches);
    return std::move(shards[0].report);
}

void report_reader::add_final(shard& s, const parsed_row& r, const fast_outcome& o) const {
    s.report.add(o, r.dimensions);
    if (keep_breaches_ == 0) return;
    offer_breaches(s.breaches, r.has_id ? r.id_text : "line " + std::to_string(r.line), r.request, o, names_.policy,
                   by_, r.dimensions);
}

void report_reader::add(shard& s, parsed_row&& r, std::optional<instant> latest) const {
    const auto o = slakit::evaluate(names_.policy, r.request, *latest);
    if (as_of_ || !pending(o)) {
        add_final(s, r, o);
        return;
    }
    s.held.push_back(std::move(r));
    if (s.held.size() < s.next_scan) return;
    std::vector<parsed_row> still;
    for (auto& h : s.held) {
        const auto again = slakit::evaluate(names_.policy, h.request, *latest);
        if (pending(again))
            still.push_back(std::move(h));
        else
            add_final(s, h, again);
    }
    s.held.swap(still);
    s.next_scan = std::max<std::size_t>(1024, 2 * s.held.size());
}

}  // namespace slakit::examples

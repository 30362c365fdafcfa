// sla_report --breaches: the bounded list against a plain model (sort everything,
// keep the first N), however the breaches are split between workers.
#include "support/breach_list.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace slakit::examples;
using namespace std::chrono_literals;

const std::string web = "web_chat";
const std::string normal = "normal";

breach make_breach(std::string id, milliseconds limit, milliseconds running, slakit::instant due) {
    const channel_id channel{0, &web};
    const priority_id priority{0, &normal};
    return breach{std::move(id), channel,
                  fast_sla_event{.metric = slakit::metric::first_response,
                                 .cycle = 0,
                                 .matched = {slakit::channel_selector<channel_id>{channel},
                                             slakit::priority_selector<priority_id>{priority}},
                                 .priority = priority,
                                 .limit = slakit::threshold{limit, slakit::clock_kind::wall},
                                 .start = due - limit,
                                 .applied_from = due - limit,
                                 .due = due,
                                 .breached_at = due,
                                 .running = running,
                                 .status = slakit::status::breached}};
}

std::vector<std::string> ids(const std::vector<breach>& list) {
    std::vector<std::string> out;
    for (const auto& b : list) out.push_back(b.id);
    return out;
}

}  // namespace

TEST_CASE("the N worst breaches, whatever the split between workers") {
    const date::local_days march{date::March / 1 / 2026}, april{date::April / 1 / 2026};
    const slakit::instant t0 = date::sys_days{date::March / 2 / 2026};
    std::mt19937_64 random{7};
    std::vector<breach> all;
    for (int i = 0; i < 500; ++i) {
        // Few distinct values, so that ties on time over target are common.
        const milliseconds over{static_cast<long>(random() % 40) * 1000};
        const slakit::instant due = t0 + std::chrono::minutes{random() % 50};
        std::string id = "R";  // appended: GCC 12 warns falsely (-Wrestrict) on "R" + string at -O3
        id += std::to_string(i);
        all.push_back(make_breach(id, 60s, 60s + over, due));
    }
    std::vector<breach> model = all;
    std::sort(model.begin(), model.end(), worse);
    for (const std::size_t n : {1U, 7U, 64U, 600U}) {
        const std::vector<breach> expected(model.begin(),
                                           model.begin() + static_cast<std::ptrdiff_t>(std::min(n, model.size())));
        for (const std::size_t workers : {1U, 3U}) {
            std::vector<breach_list> lists(workers, breach_list{n});
            for (std::size_t i = 0; i < all.size(); ++i) {
                auto& list = lists[(i * 7 + i / 5) % workers];
                if (list.wants(march, all[i].over())) list.offer(march, all[i]);
            }
            for (std::size_t w = 1; w < workers; ++w) lists[0].merge(std::move(lists[w]));
            CHECK(ids(lists[0].worst(march)) == ids(expected));
            CHECK(lists[0].worst(april).empty());
        }
    }
    // Worst first: more over target, then the earlier breach.
    const auto list = [&] {
        breach_list l{3};
        l.offer(march, make_breach("late", 60s, 90s, t0 + 1h));
        l.offer(march, make_breach("early", 60s, 90s, t0));
        l.offer(march, make_breach("small", 60s, 61s, t0));
        l.offer(march, make_breach("big", 60s, 10min, t0 + 2h));
        l.offer(april, make_breach("other period", 60s, 61s, t0));
        return l;
    }();
    CHECK(ids(list.worst(march)) == std::vector<std::string>{"big", "early", "late"});
    CHECK(list.worst(march).front().over() == 9min);
    CHECK(ids(list.worst(april)) == std::vector<std::string>{"other period"});
    CHECK_FALSE(breach_list{0}.wants(march, 1h));
}

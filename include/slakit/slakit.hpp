// slakit/slakit.hpp: every slakit header at once.
#pragma once

#include <slakit/error.hpp>
#include <slakit/status.hpp>
#include <slakit/enums.hpp>
#include <slakit/time.hpp>
#include <slakit/interval.hpp>
#include <slakit/schedule.hpp>
#include <slakit/zone.hpp>
#include <slakit/exceptions.hpp>
#include <slakit/calendar.hpp>
#include <slakit/target.hpp>
#include <slakit/selector.hpp>
#include <slakit/seed.hpp>
#include <slakit/policy.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>
#include <slakit/sketch.hpp>
#include <slakit/stats.hpp>
#include <slakit/report.hpp>
#include <slakit/rolling.hpp>
#include <slakit/alerts.hpp>
#include <slakit/fmt.hpp>

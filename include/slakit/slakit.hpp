// slakit/slakit.hpp: every slakit header at once, but for slakit/fmt.hpp, which
// needs {fmt} (link slakit::fmt) and is included on its own.
#pragma once

#include <slakit/error.hpp>
#include <slakit/status.hpp>
#include <slakit/time.hpp>
#include <slakit/schedule.hpp>
#include <slakit/calendar.hpp>
#include <slakit/policy.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/presets.hpp>
#include <slakit/sketch.hpp>
#include <slakit/stats.hpp>
#include <slakit/report.hpp>
#include <slakit/rolling.hpp>
#include <slakit/alerts.hpp>

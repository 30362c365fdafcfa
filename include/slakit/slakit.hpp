// slakit/slakit.hpp: every slakit header at once, but for slakit/fmt.hpp, which
// needs {fmt} (link slakit::fmt) and is included on its own.
#pragma once

#include <slakit/availability.hpp>
#include <slakit/budget.hpp>
#include <slakit/burn.hpp>
#include <slakit/burn_rate.hpp>
#include <slakit/calendar.hpp>
#include <slakit/cell.hpp>
#include <slakit/credit.hpp>
#include <slakit/enums.hpp>
#include <slakit/error.hpp>
#include <slakit/evaluate.hpp>
#include <slakit/exceptions.hpp>
#include <slakit/interval.hpp>
#include <slakit/key_codec.hpp>
#include <slakit/monitor.hpp>
#include <slakit/period.hpp>
#include <slakit/policy.hpp>
#include <slakit/presets.hpp>
#include <slakit/report.hpp>
#include <slakit/rolling.hpp>
#include <slakit/schedule.hpp>
#include <slakit/seed.hpp>
#include <slakit/selector.hpp>
#include <slakit/sketch.hpp>
#include <slakit/stats.hpp>
#include <slakit/status.hpp>
#include <slakit/target.hpp>
#include <slakit/text.hpp>
#include <slakit/time.hpp>
#include <slakit/utf8.hpp>
#include <slakit/verdict.hpp>
#include <slakit/window.hpp>
#include <slakit/zone.hpp>

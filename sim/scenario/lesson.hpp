// A scenario's lesson placed in a run: each item at the time it is attached
// to, so the ladder, the JSON trace and the desktop app show it where it happens.
#pragma once

#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::scenario {

// Items in time order (file order at one time). An item shows after every
// record of its time: `at:` as written; `step:` 1 us before the step was
// first made (issued), so it comes before everything at that moment, or the
// end of the run when it never was; `expect:` when the expectation is decided.
std::vector<trace::LessonItem> place_lesson(const Scenario& scenario, const trace::Trace& trace);

}  // namespace synack::scenario

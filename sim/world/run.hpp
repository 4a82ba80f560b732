// Running a scenario: build the world it describes, play its script on the
// virtual clock, and return everything that happened as a Trace.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::sim {

struct RunOptions {
  std::optional<std::uint64_t> seed;              // overrides the scenario's seed
  tcp::TimeUs time_limit = 3600 * tcp::kSeconds;  // a run never goes past this virtual time
  std::uint64_t event_limit =
      2'000'000;  // nor handles more engine events (the trace grows with them)
};

// Deterministic: the same scenario and seed give an identical Trace.
trace::Trace run(const scenario::Scenario& scenario, const RunOptions& options = {});

}  // namespace synack::sim

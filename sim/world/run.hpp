// Running a scenario: build the world it describes, play its script on the
// virtual clock, and return everything that happened as a Trace.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::sim {

// How much of a run its trace keeps; the run itself is the same at every level.
enum class TraceLevel : std::uint8_t {
  Full,      // every record
  NoFloods,  // not the copies a switch floods out of its other ports, nor their arrivals
  States,    // state changes, socket calls, counters and notes only
};
const char* trace_level_name(TraceLevel level);  // "full", "no-floods", "states"

struct RunOptions {
  std::optional<std::uint64_t> seed;              // overrides the scenario's seed
  tcp::TimeUs time_limit = 3600 * tcp::kSeconds;  // a run never goes past this virtual time
  std::uint64_t event_limit =
      2'000'000;  // nor handles more engine events (the trace grows with them)
  TraceLevel level = TraceLevel::Full;
};

// Figures of a run that do not depend on what its trace keeps.
struct RunStats {
  std::uint64_t engine_events = 0;    // callbacks and frame arrivals handled
  std::uint64_t frames_to_hosts = 0;  // frames a host's NIC accepted
};

// Deterministic: the same scenario and seed give an identical Trace.
trace::Trace run(const scenario::Scenario& scenario, const RunOptions& options = {},
                 RunStats* stats = nullptr);

}  // namespace synack::sim

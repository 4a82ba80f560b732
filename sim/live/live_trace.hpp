// Making a live run's Trace: the simulator's header (nodes, links,
// settings), then the captured frames, the sampled states, queues, ARP and
// MAC table changes, merged in time order with the script's call records.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/live/capture.hpp"
#include "sim/live/sampler.hpp"
#include "sim/trace/trace.hpp"

namespace synack::live {

// The header of `simulated` without its records.
trace::Trace copy_header(const trace::Trace& simulated);

// Adds the observations (real times; `base_us` is the script's zero) to the
// records already in `trace` (the script's calls) and sorts all by time.
// Captures of one frame on successive hops (the same bytes within a few
// milliseconds) share one FrameId, as a switch's forwarding does in the
// simulator.
void add_observations(trace::Trace& trace, const Lab& lab, tcp::TimeUs base_us,
                      const std::vector<Captured>& captured, const Samples& samples);

// The cause a sampled state change carries.
inline constexpr const char* kSampledCause = "seen by sock_diag";

}  // namespace synack::live

// A capture checked against a scenario: the capture's hosts take the names of
// the scenario's hosts with the same addresses, and its clock is moved so its
// first SYN comes when the scenario's simulated run sends its first SYN; then
// the scenario's expectations read it like a simulated run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::capture {

// An expectation a capture cannot show, and why.
struct NotChecked {
  std::size_t index = 0;  // into the scenario's expectations
  std::string why;        // "a capture holds no socket calls or their results"
};

// The scenario with only the expectations a capture can show: segments, ARP
// caches, and states of connections named by ports. Socket calls and the fds
// they return, counters, listen queues and switch tables are not in a capture;
// `left_out` lists the expectations about them.
scenario::Scenario checkable_in_capture(const scenario::Scenario& scenario,
                                        std::vector<NotChecked>& left_out);

// Renames each node of `capture` whose address is a scenario host's to that
// host's name; returns how many it renamed.
std::size_t name_hosts(const scenario::Scenario& scenario, trace::Trace& capture);

// When the trace's first SYN (a segment with SYN alone) was sent; nullopt when it has none.
std::optional<trace::TimeUs> first_syn(const trace::Trace& t);

// Moves `capture`'s times so its first SYN is at `reference`'s first SYN (no
// record before 0). Returns the shift; 0 when either has no SYN.
trace::TimeUs align_by_first_syn(trace::Trace& capture, const trace::Trace& reference);

}  // namespace synack::capture

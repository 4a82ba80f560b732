// A capture checked against a scenario: the capture's hosts take the names of
// the scenario's hosts with the same addresses, and its clock is moved so its
// first SYN comes when the scenario's simulated run sends its first SYN; then
// the scenario's expectations read it like a simulated run.
#pragma once

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::capture {

// The scenario with only the expectations a capture can show: segments, ARP
// caches, and states of connections named by ports. Socket calls and the fds
// they return, counters, listen queues and switch tables are not in a capture;
// `left_out` counts the expectations about them.
scenario::Scenario checkable_in_capture(const scenario::Scenario& scenario, std::size_t& left_out);

// Renames each node of `capture` whose address is a scenario host's to that
// host's name; returns how many it renamed.
std::size_t name_hosts(const scenario::Scenario& scenario, trace::Trace& capture);

// Moves `capture`'s times so its first SYN is at `reference`'s first SYN (no
// record before 0). Returns the shift; 0 when either has no SYN.
trace::TimeUs align_by_first_syn(trace::Trace& capture, const trace::Trace& reference);

}  // namespace synack::capture

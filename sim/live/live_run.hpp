// A scenario on the real Linux stack: the lab (namespaces, veths, bridges),
// the script's calls on real sockets by the simulator's ScriptRunner in real
// time, every interface captured, the kernel's TCP states and neighbour
// tables sampled, and all of it made into the same Trace the simulator makes.
#pragma once

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::live {

struct LiveOptions {
  bool wait_time_wait = false;                       // run on until no socket is in TIME-WAIT
  tcp::TimeUs time_limit = 20 * tcp::kSeconds;       // the script is stopped after this
  tcp::TimeUs settle = 150 * tcp::kMillis;           // quiet time after the script before the end
  tcp::TimeUs time_wait_limit = 70 * tcp::kSeconds;  // the longest --wait-time-wait waits
};

struct LiveRun {
  trace::Trace trace;
  std::vector<std::string> said;          // what the user should know once: no delays, ...
  std::vector<std::string> applied;       // settings applied, per host ("client: ...")
  std::vector<std::string> not_honoured;  // settings Linux cannot honour, per host
  std::vector<std::string> left_over;     // namespaces of killed runs removed first
  tcp::TimeUs setup_us = 0, script_us = 0, teardown_us = 0;
  std::uint64_t frames_captured = 0, frames_dropped = 0, sample_rounds = 0;
  tcp::TimeUs longest_sample_gap_us = 0;
  bool interrupted = false;      // SIGINT or SIGTERM: stopped early, lab removed
  bool delays_honoured = false;  // the links had the scenario's delays (tc netem)
};

// Cannot run at all: missing privileges, or the lab could not be built.
struct LiveError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Set from a signal handler (SIGINT/SIGTERM): the run stops, cleans up and returns.
std::atomic<int>& stop_signal();

// `header` is the simulator's trace of the same scenario: its nodes, links
// and settings are the live trace's too. Throws LiveError.
LiveRun run_live(const scenario::Scenario& scenario, const trace::Trace& header,
                 const LiveOptions& options = {});

}  // namespace synack::live

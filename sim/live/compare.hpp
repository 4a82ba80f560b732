// A simulated run and a live run of one scenario side by side: connections
// matched by their ends' roles, then per endpoint the state sequence, the
// segments between each pair of hosts (flags, relative seq/ack, length), the
// script's call results and errnos, and the ARP traffic. A difference that is
// one of Linux's documented choices (linux_choices.hpp) is named as such; the
// others are disagreements.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::live {

// The settings of the simulated side: the scenario's own, or a profile put
// over every host and router (a Linux-like one, when the simulator has one).
struct SimProfile {
  std::string name = "the scenario's settings";
  std::function<void(scenario::HostSettings&)> apply;  // empty: the scenario's as written
};
// The scenario with the profile applied.
scenario::Scenario with_profile(const scenario::Scenario& scenario, const SimProfile& profile);

// One line of a side-by-side list: what the simulation and the kernel had.
struct Row {
  std::string sim, live;                  // "" where one side has nothing
  std::string choice;                     // a Linux choice's key when that explains the difference
  trace::TimeUs sim_t = -1, live_t = -1;  // segments: when each was sent
  // The record each side's line is read from (a frame's first Sent, a call's
  // outcome); kNone where that side has nothing.
  std::uint32_t sim_event = trace::kNone, live_event = trace::kNone;
  bool same() const { return sim == live; }
};

struct EndpointComparison {
  std::string host;
  std::string role;  // "10.0.0.2:80 listening", "to server:80", "from client"
  // The connection on each side (kNone where that side has none): the
  // matching the desktop app shows.
  trace::ConnId sim_conn = trace::kNone, live_conn = trace::kNone;
  std::vector<tcp::State> sim_states, live_states;
  // The state records of each side, one per state after the first; the first
  // where the sequences part (kNone when they agree or that side has no more).
  std::uint32_t sim_event = trace::kNone, live_event = trace::kNone;
  bool agree = false;
  std::string choice;  // why a difference is not a disagreement
};

struct SectionComparison {
  std::string title;  // "segments client-server", "calls", "ARP"
  std::vector<Row> rows;
};

struct Comparison {
  std::string profile;
  bool timed = false;    // link delays were honoured: segment times are shown
  std::string settings;  // the simulated side's settings, one line
  std::vector<EndpointComparison> endpoints;
  std::vector<SectionComparison> sections;  // segments per host pair, calls, ARP
  std::vector<std::string> choices;         // keys of the Linux choices that explain differences
  bool states_agree = true;
  bool calls_agree = true;
};

// `timed`: the live run honoured the link delays, so times mean something.
Comparison compare(const scenario::Scenario& scenario, const trace::Trace& simulated,
                   const trace::Trace& live, const std::string& profile, bool timed = false);

void print_comparison(const Comparison& c, std::ostream& out);
nlohmann::json comparison_json(const Comparison& c);

}  // namespace synack::live

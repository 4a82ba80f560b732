// A scenario of the library, simulated, for the tests of what the panels show.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "sim/scenario/load.hpp"
#include "sim/trace/frame_view.hpp"
#include "sim/view/conn_index.hpp"
#include "sim/world/run.hpp"

namespace synack::view::testing {

inline trace::Trace run_scenario(const std::string& name) {
  const scenario::LoadResult loaded =
      scenario::load_file(std::string(SYNACK_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(loaded.ok()) << name;
  return sim::run(*loaded.scenario);
}

// The connection of host `host` whose remote port is `remote_port` (0: its listener).
inline trace::ConnId conn_of_host(const trace::Trace& t, const std::string& host,
                                  std::uint16_t remote_port) {
  const trace::NodeId h = t.find_node(host);
  for (trace::ConnId c = 0; c < t.conns.size(); ++c) {
    if (t.conns[c].host == h && t.conns[c].id.remote_port == remote_port) return c;
  }
  return trace::kNone;
}

// The connection of `host` that is not a listener.
inline trace::ConnId connected_conn(const trace::Trace& t, const std::string& host) {
  const trace::NodeId h = t.find_node(host);
  for (trace::ConnId c = 0; c < t.conns.size(); ++c) {
    if (t.conns[c].host == h && t.conns[c].id.remote_port != 0) return c;
  }
  return trace::kNone;
}

// The index of the first record for which `pred` holds, or kNone.
template <class Pred>
std::uint32_t find_record(const trace::Trace& t, Pred pred) {
  for (std::uint32_t i = 0; i < t.events.size(); ++i) {
    if (pred(t.events[i])) return i;
  }
  return trace::kNone;
}

}  // namespace synack::view::testing

// Scenarios on the real Linux stack, each compared with the simulation: the
// agreement table (state sequences per endpoint, call results and errnos)
// must hold, what the trace holds must come from the kernel, and no
// namespace may be left behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "live_helpers.hpp"
#include "sim/live/compare.hpp"
#include "sim/live/live_run.hpp"
#include "sim/world/run.hpp"

namespace synack::live {
namespace {

using testing::load_scenario;
using testing::namespaces;

struct BothRuns {
  scenario::Scenario scenario;
  trace::Trace simulated;
  LiveRun live;
  Comparison comparison;
};

BothRuns run_both(const std::string& name) {
  BothRuns r{load_scenario(name), {}, {}, {}};
  r.simulated = sim::run(r.scenario);
  r.live = run_live(r.scenario, r.simulated);
  r.comparison = compare(r.scenario, r.simulated, r.live.trace, SimProfile{}.name);
  return r;
}

std::string text(const std::vector<tcp::State>& states) {
  std::string out;
  for (tcp::State s : states) out += std::string(" ") + tcp::state_name(s);
  return out;
}

class LiveAgreesWithTheSimulation : public ::testing::TestWithParam<const char*> {};

TEST_P(LiveAgreesWithTheSimulation, StateSequencesAndCallResults) {
  SKIP_UNLESS_LIVE();
  const std::vector<std::string> before = namespaces();
  const BothRuns r = run_both(GetParam());
  EXPECT_EQ(namespaces(), before) << "a namespace was left behind";
  bool calls = false;
  for (const EndpointComparison& e : r.comparison.endpoints) {
    EXPECT_TRUE(e.agree) << e.host << " " << e.role << "\n  sim: " << text(e.sim_states)
                         << "\n  live:" << text(e.live_states);
  }
  for (const SectionComparison& s : r.comparison.sections) {
    if (s.title != "calls") continue;
    calls = !s.rows.empty();
    for (const Row& row : s.rows) {
      EXPECT_TRUE(row.same() || !row.choice.empty()) << row.sim << " | " << row.live;
    }
  }
  EXPECT_TRUE(calls);
  EXPECT_TRUE(r.comparison.states_agree);
  EXPECT_TRUE(r.comparison.calls_agree);
  EXPECT_GT(r.live.frames_captured, 0u);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, LiveAgreesWithTheSimulation,
                         ::testing::Values("handshake", "close", "arp_same_subnet",
                                           "arp_via_gateway", "half_close", "rst_refused",
                                           "time_wait_reuse", "sticky_packets", "udp_boundaries"));

// Which state changes were sampled and which inferred from the capture.
TEST(LiveTrace, HandshakeStatesAreSampledOrInferredNeverSimulated) {
  SKIP_UNLESS_LIVE();
  const BothRuns r = run_both("handshake");
  int sampled = 0, inferred = 0;
  bool listen_sampled = false;
  for (const trace::Event& e : r.live.trace.events) {
    const auto* s = std::get_if<trace::StateEvent>(&e.what);
    if (s == nullptr) continue;
    EXPECT_NE(s->basis, trace::StateBasis::Simulated);
    sampled += s->basis == trace::StateBasis::Sampled ? 1 : 0;
    inferred += s->basis == trace::StateBasis::Inferred ? 1 : 0;
    listen_sampled =
        listen_sampled || (s->to == tcp::State::Listen && s->basis == trace::StateBasis::Sampled);
  }
  EXPECT_GT(sampled, 0);
  EXPECT_GT(inferred + sampled, 6);
  EXPECT_TRUE(listen_sampled) << "sock_diag shows the listening socket itself";
}

// The kernel's neighbour tables: A learns B's MAC on one LAN, and the
// router's (its gateway's) when B is on another network; entries as the
// model learns them (each address once, with its MAC).
TEST(LiveTrace, ArpTablesComeFromTheKernel) {
  SKIP_UNLESS_LIVE();
  for (const char* name : {"arp_same_subnet", "arp_via_gateway"}) {
    const BothRuns r = run_both(name);
    const trace::Trace& t = r.live.trace;
    const trace::NodeId client = t.find_node("A");
    ASSERT_NE(client, trace::kNone) << name;
    std::set<std::string> learned;
    for (const trace::Event& e : t.events) {
      const auto* a = std::get_if<trace::ArpEvent>(&e.what);
      if (a != nullptr && a->host == client && a->op == trace::ArpOp::Learned) {
        learned.insert(a->ip.to_string() + " " + a->mac.to_string());
      }
    }
    std::set<std::string> expected;
    for (const trace::Event& e : r.simulated.events) {
      const auto* a = std::get_if<trace::ArpEvent>(&e.what);
      if (a != nullptr && a->host == client && a->op == trace::ArpOp::Learned) {
        expected.insert(a->ip.to_string() + " " + a->mac.to_string());
      }
    }
    EXPECT_EQ(learned, expected) << name;
    // The first exchange, request and reply, is the same; later the model's
    // cache times out where Linux's entry only goes stale (arp_cache_timeout
    // is not honoured).
    for (const SectionComparison& s : r.comparison.sections) {
      if (s.title != "ARP") continue;
      ASSERT_GE(s.rows.size(), 2u) << name;
      for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_TRUE(s.rows[i].same()) << name << ": " << s.rows[i].sim << " | " << s.rows[i].live;
      }
    }
  }
}

// The server restart: without SO_REUSEADDR the bind fails with EADDRINUSE
// while the old connection is in TIME-WAIT; with it on both sockets it works.
TEST(LiveTrace, ServerRestartBindsOnlyWithReuseAddr) {
  SKIP_UNLESS_LIVE();
  const BothRuns r = run_both("time_wait_reuse");
  std::vector<std::pair<int, int>> binds;  // result, errno
  for (const trace::Event& e : r.live.trace.events) {
    const auto* c = std::get_if<trace::CallEvent>(&e.what);
    if (c != nullptr && r.live.trace.text(c->call) == "bind") binds.emplace_back(c->result, c->err);
  }
  ASSERT_EQ(binds.size(), 3u);
  EXPECT_EQ(binds[0], std::make_pair(0, 0));
  EXPECT_EQ(binds[1], std::make_pair(-1, EADDRINUSE));
  EXPECT_EQ(binds[2], std::make_pair(0, 0));
}

// Two sends, one recv: the kernel hands both in one read, as the model does.
TEST(LiveTrace, StickyPacketsArriveInOneRecv) {
  SKIP_UNLESS_LIVE();
  const BothRuns r = run_both("sticky_packets");
  bool found = false;
  for (const trace::Event& e : r.live.trace.events) {
    const auto* c = std::get_if<trace::CallEvent>(&e.what);
    if (c == nullptr || r.live.trace.text(c->call) != "recv" || c->result <= 0) continue;
    found = true;
    EXPECT_EQ(r.live.trace.text(c->data), "helloworld");
    break;
  }
  EXPECT_TRUE(found);
}

// A datagram larger than the buffer is cut to it: recvfrom returns the buffer size.
TEST(LiveTrace, UdpDatagramIsTruncatedToTheBuffer) {
  SKIP_UNLESS_LIVE();
  const BothRuns r = run_both("udp_boundaries");
  std::vector<std::int32_t> live, simulated;
  for (const auto* t : {&r.live.trace, &r.simulated}) {
    for (const trace::Event& e : t->events) {
      const auto* c = std::get_if<trace::CallEvent>(&e.what);
      if (c != nullptr && t->text(c->call) == "recvfrom" &&
          c->phase == trace::CallPhase::Returned) {
        (t == &r.simulated ? simulated : live).push_back(c->result);
      }
    }
  }
  EXPECT_NE(std::find(live.begin(), live.end(), 4), live.end()) << "the 12-byte datagram cut to 4";
  EXPECT_EQ(live, simulated);
}

}  // namespace
}  // namespace synack::live

// The benchmark's workload on both topologies, and what each trace level keeps.
#include "sim/world/bench_workload.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <variant>

#include "sim/trace/json_export.hpp"
#include "sim/world/run.hpp"

namespace synack::sim {
namespace {

// Bytes the server's recv calls returned, in total.
std::int64_t received(const scenario::Scenario& s, const trace::Trace& t) {
  std::int64_t total = 0;
  const trace::NodeId server = t.find_node(kBenchServer);
  for (const trace::Event& e : t.events) {
    const auto* c = std::get_if<trace::CallEvent>(&e.what);
    if (c && c->host == server && c->phase == trace::CallPhase::Returned && c->result > 0 &&
        s.steps[c->step].call == scenario::CallKind::Recv)
      total += c->result;
  }
  return total;
}

std::string json(const trace::Trace& t) {
  std::ostringstream out;
  trace::write_json(t, out);
  return out.str();
}

trace::Trace run_at(const scenario::Scenario& s, TraceLevel level, RunStats* stats = nullptr) {
  RunOptions options;
  options.level = level;
  return run(s, options, stats);
}

// The trace with only the records the `states` level keeps.
std::string states_only(trace::Trace t) {
  const auto kept = [](const trace::Event& e) {
    return std::holds_alternative<trace::StateEvent>(e.what) ||
           std::holds_alternative<trace::CallEvent>(e.what) ||
           std::holds_alternative<trace::CounterEvent>(e.what) ||
           std::holds_alternative<trace::NoteEvent>(e.what);
  };
  t.events.erase(std::stable_partition(t.events.begin(), t.events.end(), kept), t.events.end());
  return json(t);
}

TEST(BenchWorkload, EveryClientDeliversItsBytesOnBothTopologies) {
  for (BenchTopology topology : {BenchTopology::Lan, BenchTopology::Routed}) {
    const scenario::Scenario s = bench_workload({30, 2000, topology});
    RunStats stats;
    const trace::Trace t = run(s, {}, &stats);
    EXPECT_EQ(received(s, t), 30 * 2000) << bench_topology_name(topology);
    EXPECT_TRUE(t.settings.cut_short.empty()) << t.settings.cut_short;
    EXPECT_GT(stats.engine_events, 0u);
  }
}

TEST(BenchWorkload, RoutedClientsSitInSubnetsBehindRouters) {
  // Enough clients for two subnets on the first access router.
  const scenario::Scenario s = bench_workload({kBenchSubnetHosts + 1, 100, BenchTopology::Routed});
  ASSERT_EQ(s.routers.size(), 2u);                // the server's router and one access router
  EXPECT_EQ(s.routers[1].interfaces.size(), 3u);  // its uplink and two subnets
  const scenario::HostSpec& last = s.hosts.back();
  EXPECT_EQ(last.iface.address.to_string(), "10.1.1.2/24");
  ASSERT_TRUE(last.gateway);
  EXPECT_EQ(last.gateway->to_string(), "10.1.1.1");
  // A client's ARP broadcast stays in its subnet: far fewer frames than one LAN.
  RunStats lan, routed;
  run(bench_workload({kBenchSubnetHosts + 1, 100, BenchTopology::Lan}), {}, &lan);
  const trace::Trace t = run(s, {}, &routed);
  EXPECT_EQ(received(s, t), (kBenchSubnetHosts + 1) * 100);
  EXPECT_LT(routed.frames_to_hosts, lan.frames_to_hosts);
}

TEST(TraceLevel, NoFloodsDropsTheFloodedCopiesAndNothingElse) {
  const scenario::Scenario s = bench_workload({12, 500, BenchTopology::Lan});
  RunStats full_stats, stats;
  const trace::Trace full = run_at(s, TraceLevel::Full, &full_stats);
  const trace::Trace t = run_at(s, TraceLevel::NoFloods, &stats);
  std::size_t flooded = 0;
  for (const trace::Event& e : full.events) {
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    flooded += f && f->flooded;
  }
  ASSERT_GT(flooded, 0u);
  for (const trace::Event& e : t.events) {
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    EXPECT_FALSE(f && f->flooded);
  }
  // Each flooded copy was a sent record and the record of its arrival.
  EXPECT_EQ(t.events.size(), full.events.size() - 2 * flooded);
  // The run itself is the same.
  EXPECT_EQ(stats.engine_events, full_stats.engine_events);
  EXPECT_EQ(stats.frames_to_hosts, full_stats.frames_to_hosts);
  EXPECT_EQ(states_only(t), states_only(full));
}

TEST(TraceLevel, StatesKeepsStatesCallsCountersAndNotesOnly) {
  const scenario::Scenario s = bench_workload({5, 3000, BenchTopology::Routed});
  const trace::Trace full = run_at(s, TraceLevel::Full);
  const trace::Trace t = run_at(s, TraceLevel::States);
  EXPECT_LT(t.events.size(), full.events.size());
  EXPECT_EQ(t.tcb_values(), 0u);  // TCB values are not even stored
  EXPECT_EQ(json(t), states_only(full));
  EXPECT_EQ(received(s, t), 5 * 3000);
}

}  // namespace
}  // namespace synack::sim

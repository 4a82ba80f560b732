// The Hosts panel's logic: interfaces with their network by AND, ARP caches,
// MAC tables, sockets, listen queues and counters folded to a step, with what
// the last record changed marked; and the SYN flood's queue filling up.
#include "sim/view/hosts_view.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sim/scenario/load.hpp"
#include "sim/world/run.hpp"
#include "trace_fixture.hpp"

namespace synack::view {
namespace {

using trace::testing::Lan;

class HostsViewTest : public ::testing::Test {
 protected:
  Lan lan = trace::testing::handshake();
  HostsFolder folder{lan.trace};

  // The index of the first record of type T (after `from`).
  template <class T>
  std::uint32_t first(std::uint32_t from = 0) const {
    for (std::uint32_t i = from; i < lan.trace.events.size(); ++i) {
      if (std::holds_alternative<T>(lan.trace.events[i].what)) return i;
    }
    return kNone;
  }
};

TEST_F(HostsViewTest, InterfaceShowsItsNetworkByAnd) {
  const auto rows = interface_rows(lan.trace.nodes[lan.client]);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].address, "10.0.0.1/24");
  EXPECT_EQ(rows[0].mask, "255.255.255.0");
  EXPECT_EQ(rows[0].network, "10.0.0.0/24");
  EXPECT_EQ(rows[0].and_sum, "10.0.0.1 AND 255.255.255.0 = 10.0.0.0");
  EXPECT_TRUE(interface_rows(lan.trace.nodes[lan.sw]).empty());
}

TEST_F(HostsViewTest, NothingIsKnownBeforeTheFirstRecord) {
  const HostsState& s = folder.at(0);
  EXPECT_EQ(s.step, 0u);
  for (const NodeState& n : s.nodes) {
    EXPECT_TRUE(n.arp.empty());
    EXPECT_TRUE(n.macs.empty());
    EXPECT_TRUE(n.sockets.empty());
  }
}

TEST_F(HostsViewTest, SwitchLearnsAMacAndItIsMarkedOnlyAtThatStep) {
  const std::uint32_t learned = first<trace::MacEvent>();
  ASSERT_NE(learned, kNone);
  const HostsState& s = folder.at(learned + 1);
  const auto& macs = s.nodes[lan.sw].macs;
  ASSERT_EQ(macs.count(trace::testing::kClientMac), 1u);
  const MacEntry& e = macs.at(trace::testing::kClientMac);
  EXPECT_EQ(e.port, 1);
  EXPECT_TRUE(e.present());
  EXPECT_TRUE(s.changed_now(e.changed_at));
  EXPECT_FALSE(folder.at(learned + 2).changed_now(e.changed_at));
  EXPECT_TRUE(folder.at(learned).nodes[lan.sw].macs.empty());
}

TEST_F(HostsViewTest, ArpCacheHoldsWhatEachHostLearned) {
  const std::uint32_t server_learns = first<trace::ArpEvent>();
  const std::uint32_t client_learns = first<trace::ArpEvent>(server_learns + 1);
  const HostsState& s = folder.at(client_learns + 1);
  ASSERT_EQ(s.nodes[lan.server].arp.count(trace::testing::kClientIp.value()), 1u);
  const ArpEntry& e = s.nodes[lan.client].arp.at(trace::testing::kServerIp.value());
  EXPECT_EQ(e.mac, trace::testing::kServerMac);
  EXPECT_TRUE(s.changed_now(e.changed_at));
  EXPECT_TRUE(s.nodes[lan.other].arp.empty());
}

TEST_F(HostsViewTest, QueueBarsFillWithTheSynAndDrainIntoTheAcceptQueue) {
  const std::uint32_t syn = first<trace::QueueEvent>();
  const std::uint32_t ack = first<trace::QueueEvent>(syn + 1);
  const QueueEntry half_open = folder.at(syn + 1).nodes[lan.server].queues.at(80);
  EXPECT_FLOAT_EQ(half_open.syn_fill(), 0.2f);  // 1 of 5
  EXPECT_FLOAT_EQ(half_open.accept_fill(), 0.0f);
  const QueueEntry accepted = folder.at(ack + 1).nodes[lan.server].queues.at(80);
  EXPECT_FLOAT_EQ(accepted.syn_fill(), 0.0f);
  EXPECT_FLOAT_EQ(accepted.accept_fill(), 0.2f);
}

TEST_F(HostsViewTest, SocketsKeepTheirStateAtTheStep) {
  const std::uint32_t syn_received =
      first<trace::QueueEvent>();  // right after LISTEN -> SYN-RECEIVED
  const HostsState& s = folder.at(syn_received);
  ASSERT_EQ(s.nodes[lan.server].sockets.size(), 2u);  // the listener and the new connection
  EXPECT_EQ(s.conns[1].state, tcp::State::Listen);
  EXPECT_EQ(s.conns[2].state, tcp::State::SynReceived);
  EXPECT_TRUE(s.changed_now(s.conns[2].changed_at));
  EXPECT_EQ(folder.at(lan.trace.events.size()).conns[2].state, tcp::State::Established);
}

TEST_F(HostsViewTest, CountersAndSteppingBackGiveTheSameWorld) {
  const std::size_t end = lan.trace.events.size();
  EXPECT_EQ(folder.at(end).nodes[lan.client].counters.at("retransmissions").value, 1);
  const std::uint32_t counted = first<trace::CounterEvent>();
  const HostsState& back = folder.at(counted);  // from the end back to before the counter
  EXPECT_TRUE(back.nodes[lan.client].counters.empty());
  HostsFolder fresh(lan.trace);
  EXPECT_EQ(fresh.at(counted).nodes[lan.server].sockets, back.nodes[lan.server].sockets);
  EXPECT_EQ(folder.at(end + 100).step, end);
}

TEST(HostsViewFlood, SynQueueFillsToTheBacklogDuringTheFlood) {
  auto loaded = scenario::load_file(std::string(SYNACK_SOURCE_DIR) + "/scenarios/syn_flood.yaml");
  ASSERT_TRUE(loaded.ok());
  const trace::Trace t = sim::run(*loaded.scenario);
  const trace::NodeId server = t.find_node("server");
  HostsFolder folder(t);
  float fullest = 0;
  std::size_t full_at = 0;
  for (std::size_t step = 1; step <= t.events.size(); ++step) {
    const auto& queues = folder.at(step).nodes[server].queues;
    if (queues.empty()) continue;
    const float fill = queues.begin()->second.syn_fill();
    if (fill > fullest) {
      fullest = fill;
      full_at = step;
    }
  }
  EXPECT_FLOAT_EQ(fullest, 1.0f);  // 5 of 5
  EXPECT_EQ(folder.at(full_at).nodes[server].queues.begin()->second.syn_queue, 5);
  // Then the half-open entries time out and the queue drains.
  EXPECT_LT(folder.at(t.events.size()).nodes[server].queues.begin()->second.syn_fill(), 1.0f);
}

}  // namespace
}  // namespace synack::view

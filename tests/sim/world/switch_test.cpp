// The learning switch: floods what it cannot place (never back out of the
// port it came in on), learns each source MAC's port, forwards known unicast
// to that port alone, filters a frame whose destination is on its ingress
// port, and forgets entries after the aging time.
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace synack::sim::testing {
namespace {

using trace::Fate;

// a, b, c on sw1 ports 1, 2, 3.
std::string three(std::string_view switch_keys, std::string_view steps, std::string_view top = "") {
  return udp_lan(steps, top, switch_keys);
}

// Where the switch sent `frame`: the nodes, in order.
std::vector<NodeId> sent_to(const Sim& r, FrameId frame, bool* flooded = nullptr) {
  std::vector<NodeId> out;
  for (const auto& s : r.sent_by("sw1")) {
    if (s.e.frame != frame) continue;
    out.push_back(s.e.to);
    if (flooded) *flooded = s.e.flooded;
  }
  return out;
}

TEST(Switch, FloodsBroadcastToEveryOtherPort) {
  Sim r(three("", "  - {host: a, call: sendto, fd: s, to: b:9, data: x}\n"));
  auto arp = r.arp_sent_by("a");
  ASSERT_FALSE(arp.empty());
  bool flooded = false;
  EXPECT_EQ(sent_to(r, arp[0].e.frame, &flooded), (std::vector<NodeId>{r.node("b"), r.node("c")}));
  EXPECT_TRUE(flooded);
  EXPECT_GE(r.counter("sw1", "frames_flooded"), 1);
}

TEST(Switch, LearnsEachSourceMacOnItsPort) {
  Sim r(three("", "  - {host: a, call: sendto, fd: s, to: b:9, data: x}\n"));
  auto learned = r.macs("sw1");
  ASSERT_EQ(learned.size(), 2u);
  EXPECT_EQ(learned[0].e.op, trace::MacOp::Learned);
  EXPECT_EQ(learned[0].e.mac, r.mac("a"));
  EXPECT_EQ(learned[0].e.port, 1);
  EXPECT_EQ(learned[1].e.op, trace::MacOp::Learned);
  EXPECT_EQ(learned[1].e.mac, r.mac("b"));
  EXPECT_EQ(learned[1].e.port, 2);
  // Learned when a's first frame (the ARP request) reached the switch.
  auto arp = r.arp_sent_by("a");
  auto at_switch =
      first(r.arrivals_at("sw1"), [&](const auto& f) { return f.e.frame == arp[0].e.frame; });
  ASSERT_TRUE(at_switch);
  EXPECT_EQ(learned[0].t, at_switch->t);
  // c never sent anything, so it is not in the table.
  for (const auto& m : learned) EXPECT_NE(m.e.mac, r.mac("c"));
}

TEST(Switch, ForwardsKnownUnicastToOnePortOnly) {
  Sim r(three("", "  - {host: a, call: sendto, fd: s, to: b:9, data: x}\n"));
  // b's ARP reply goes to a only; a's datagram to b only.
  auto reply = r.arp_sent_by("b");
  ASSERT_EQ(reply.size(), 1u);
  bool flooded = true;
  EXPECT_EQ(sent_to(r, reply[0].e.frame, &flooded), (std::vector<NodeId>{r.node("a")}));
  EXPECT_FALSE(flooded);
  auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 1u);
  EXPECT_EQ(sent_to(r, udp[0].e.frame, &flooded), (std::vector<NodeId>{r.node("b")}));
  EXPECT_FALSE(flooded);
  // c saw only the broadcast.
  EXPECT_EQ(r.arrivals_at("c").size(), 1u);
}

TEST(Switch, AgesEntriesAndFloodsAgainAfterwards) {
  Sim r(three(", aging: 2s",
              "  - {host: a, call: sendto, fd: s, to: b:9, data: first}\n"
              "  - {at: 5s, host: a, call: sendto, fd: s, to: b:9, data: second}\n",
              "duration: 10s\n"));
  // When the switch last heard from a and from b before 5 s.
  TimeUs last_a = 0, last_b = 0;
  for (const auto& f : r.arrivals_at("sw1")) {
    if (f.t >= 5 * kSeconds) continue;
    if (f.e.from == r.node("a")) last_a = f.t;
    if (f.e.from == r.node("b")) last_b = f.t;
  }
  auto aged_a = first(r.macs("sw1"), [&](const auto& m) {
    return m.e.op == trace::MacOp::Aged && m.e.mac == r.mac("a");
  });
  auto aged_b = first(r.macs("sw1"), [&](const auto& m) {
    return m.e.op == trace::MacOp::Aged && m.e.mac == r.mac("b");
  });
  ASSERT_TRUE(aged_a && aged_b);
  EXPECT_EQ(aged_a->t, last_a + 2 * kSeconds);
  EXPECT_EQ(aged_a->e.port, 1);
  EXPECT_EQ(aged_b->t, last_b + 2 * kSeconds);
  EXPECT_EQ(aged_b->e.port, 2);

  // a still knows b's MAC (ARP lasts 60 s), so the second datagram is unicast
  // to a MAC the switch has forgotten: it floods, and c's NIC refuses it.
  auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 2u);
  EXPECT_EQ(r.arp_sent_by("a").size(), 1u);
  bool flooded = false;
  EXPECT_EQ(sent_to(r, udp[1].e.frame, &flooded), (std::vector<NodeId>{r.node("b"), r.node("c")}));
  EXPECT_TRUE(flooded);
  auto at_c = first(r.arrivals_at("c"), [&](const auto& f) { return f.e.frame == udp[1].e.frame; });
  ASSERT_TRUE(at_c);
  EXPECT_EQ(at_c->e.fate, Fate::Dropped);
  EXPECT_EQ(r.reason(at_c->e), "not for this MAC");
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"first", "second"}));
  // ... and learns a again.
  auto relearned = first(r.macs("sw1"), [&](const auto& m) {
    return m.e.op == trace::MacOp::Learned && m.e.mac == r.mac("a") && m.t >= 5 * kSeconds;
  });
  EXPECT_TRUE(relearned);
}

TEST(Switch, FiltersAFrameWhoseDestinationIsOnItsIngressPort) {
  // a on sw1; b and c behind sw2, whose entries age after 1 s while sw1 keeps
  // its own. At 3 s sw2 floods b's datagram for c, and the copy that reaches
  // sw1 is for a station sw1 places on that very port.
  Sim r(scenario_text(R"(
duration: 5s
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24}
    - {name: b, ip: 10.0.0.2/24}
    - {name: c, ip: 10.0.0.3/24}
  switches:
    - {name: sw1}
    - {name: sw2, aging: 1s}
  links:
    - {a: a, b: sw1}
    - {a: sw1, b: sw2}
    - {a: b, b: sw2}
    - {a: c, b: sw2}
script:
  - {host: c, call: socket, udp: true, as: u}
  - {host: c, call: bind, fd: u, port: 9}
  - {host: c, call: sendto, fd: u, to: a:9, data: hello-a}
  - {host: b, call: socket, udp: true, as: v}
  - {at: 100ms, host: b, call: sendto, fd: v, to: c:9, data: one}
  - {at: 3s, host: b, call: sendto, fd: v, to: c:9, data: two}
)"));
  auto udp = r.udp_sent_by("b");
  ASSERT_EQ(udp.size(), 2u);
  bool flooded = false;
  std::vector<NodeId> from_sw2;
  for (const auto& s : r.sent_by("sw2")) {
    if (s.e.frame == udp[1].e.frame) {
      from_sw2.push_back(s.e.to);
      flooded = s.e.flooded;
    }
  }
  EXPECT_EQ(from_sw2, (std::vector<NodeId>{r.node("sw1"), r.node("c")}));
  EXPECT_TRUE(flooded);
  EXPECT_TRUE(sent_to(r, udp[1].e.frame).empty());  // sw1 sends it nowhere
  EXPECT_EQ(r.counter("sw1", "frames_filtered"), 1);
  EXPECT_EQ(r.udp_received("c"), (std::vector<std::string>{"one", "two"}));
}

}  // namespace
}  // namespace synack::sim::testing

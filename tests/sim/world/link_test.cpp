// Links and faults: propagation delay plus serialization time, a transmitter
// that sends one frame after another, random loss and duplication at their
// extremes, and the scripted faults (cut, drop of the nth frame, port filter,
// extra delay, faults on one link).
#include <gtest/gtest.h>

#include <algorithm>

#include "fixture.hpp"

namespace synack::sim::testing {
namespace {

using trace::Fate;

// a and b joined by one link, b listening for UDP on port 9; `link` is the
// link's own keys, `rest` more top-level sections; `steps` follow b's socket.
std::string pair(std::string_view link, std::string_view steps, std::string_view rest = "") {
  return scenario_text(std::string(R"(
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24}
    - {name: b, ip: 10.0.0.2/24}
  links:
    - {a: a, b: b, )") +
                       std::string(link) + R"(}
)" + std::string(rest) +
                       R"(
script:
  - {host: b, call: socket, udp: true, as: r}
  - {host: b, call: bind, fd: r, port: 9}
  - {host: a, call: socket, udp: true, as: s}
)" + std::string(steps));
}

// The Delivered record of the hop that `sent` started (same frame, same link, same direction).
std::optional<At<trace::FrameEvent>> delivery_of(const Sim& r, const At<trace::FrameEvent>& sent) {
  for (const auto& d : r.hops(Fate::Delivered)) {
    if (d.e.frame == sent.e.frame && d.e.link == sent.e.link && d.e.from == sent.e.from &&
        d.t >= sent.t) {
      return d;
    }
  }
  return std::nullopt;
}

TEST(Link, ArrivalIsSerializationPlusPropagation) {
  // 958 bytes of UDP payload make a 1000-byte frame: 8000 bits at 8 Mbps take 1 ms.
  Sim r(pair("delay: 2ms, bandwidth: 8Mbps",
             "  - {at: 100ms, host: a, call: sendto, fd: s, to: b:9, bytes: 958}\n"));
  auto arp = r.arp_sent_by("a");
  ASSERT_FALSE(arp.empty());
  // ARP frames are 42 bytes: 336 bits take 42 us.
  ASSERT_EQ(r.trace.frame(arp[0].e.frame).size(), 42u);
  auto arp_in = delivery_of(r, arp[0]);
  ASSERT_TRUE(arp_in);
  EXPECT_EQ(arp_in->t - arp[0].t, 42 + 2 * kMillis);

  auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 1u);
  ASSERT_EQ(r.trace.frame(udp[0].e.frame).size(), 1000u);
  auto in = delivery_of(r, udp[0]);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->t - udp[0].t, 1 * kMillis + 2 * kMillis);
}

TEST(Link, WithoutBandwidthOnlyThePropagationDelayCounts) {
  Sim r(pair("delay: 3ms, bandwidth: 0",
             "  - {host: a, call: sendto, fd: s, to: b:9, bytes: 958}\n"));
  auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 1u);
  auto in = delivery_of(r, udp[0]);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->t - udp[0].t, 3 * kMillis);
}

TEST(Link, BackToBackFramesQueueBehindEachOther) {
  // Three datagrams wait for ARP together and are handed to the link at one
  // instant: the transmitter sends them one after another, 1 ms each; each
  // Sent record says how long it waited.
  Sim r(pair("delay: 2ms, bandwidth: 8Mbps",
             "  - {host: a, call: sendto, fd: s, to: b:9, bytes: 958}\n"
             "  - {host: a, call: sendto, fd: s, to: b:9, bytes: 958}\n"
             "  - {host: a, call: sendto, fd: s, to: b:9, bytes: 958}\n"));
  auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 3u);
  EXPECT_EQ(udp[0].t, udp[1].t);
  EXPECT_EQ(udp[0].t, udp[2].t);
  EXPECT_EQ(udp[0].e.queued_us, 0u);
  EXPECT_EQ(udp[1].e.queued_us, 1000u);
  EXPECT_EQ(udp[2].e.queued_us, 2000u);
  for (int i = 0; i < 3; ++i) {
    auto in = delivery_of(r, udp[static_cast<std::size_t>(i)]);
    ASSERT_TRUE(in);
    EXPECT_EQ(in->t - udp[0].t, (i + 1) * kMillis + 2 * kMillis) << "datagram " << i;
  }
}

TEST(Link, EachDirectionHasItsOwnTransmitter) {
  // At 50 ms both ends send a 1000-byte frame: neither waits for the other.
  Sim r(pair("delay: 2ms, bandwidth: 8Mbps",
             "  - {host: a, call: sendto, fd: s, to: b:9, bytes: 958}\n"
             "  - {at: 50ms, host: a, call: sendto, fd: s, to: b:9, bytes: 958}\n"
             "  - {at: 50ms, host: b, call: sendto, fd: r, to: a:9, bytes: 958}\n"));
  auto from_a = r.udp_sent_by("a");
  auto from_b = r.udp_sent_by("b");
  ASSERT_EQ(from_a.size(), 2u);
  ASSERT_EQ(from_b.size(), 1u);
  auto in_a = delivery_of(r, from_a[1]);
  auto in_b = delivery_of(r, from_b[0]);
  ASSERT_TRUE(in_a && in_b);
  EXPECT_EQ(in_a->t, 50 * kMillis + 3 * kMillis);
  EXPECT_EQ(in_b->t, 50 * kMillis + 3 * kMillis);
}

TEST(Link, LossOneDropsEveryFrame) {
  Sim r(pair("loss: 1.0", "  - {host: a, call: sendto, fd: s, to: b:9, data: hi}\n"));
  auto sent = r.hops(Fate::Sent);
  auto dropped = r.hops(Fate::Dropped);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(dropped.size(), sent.size());
  for (const auto& d : dropped) EXPECT_EQ(r.reason(d.e), "loss");
  EXPECT_TRUE(r.hops(Fate::Delivered).empty());
  EXPECT_EQ(r.counter("a", "frames_dropped"), static_cast<std::int64_t>(sent.size()));
  // Each drop is recorded when the frame is sent.
  for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(dropped[i].t, sent[i].t);
}

TEST(Link, DuplicateOneDeliversEveryFrameTwice) {
  Sim r(pair("duplicate: 1.0",
             "  - {host: a, call: sendto, fd: s, to: b:9, data: hello}\n"
             "  - {host: b, call: recvfrom, fd: r, size: 100, id: one}\n"
             "  - {host: b, call: recvfrom, fd: r, size: 100, id: two}\n"));
  auto sent = r.hops(Fate::Sent);
  ASSERT_FALSE(sent.empty());
  for (const auto& s : sent) {
    int n = 0;
    for (const auto& d : r.hops(Fate::Delivered)) {
      if (d.e.frame == s.e.frame && d.e.from == s.e.from) ++n;
    }
    EXPECT_EQ(n, 2) << "frame " << s.e.frame;
  }
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"hello", "hello"}));
  ASSERT_TRUE(r.returned("one") && r.returned("two"));
  EXPECT_EQ(r.data(r.returned("two")->e), "hello");
}

TEST(Fault, CutDropsOnlyInsideItsWindowAndBothWays) {
  Sim r(pair("delay: 1ms",
             R"(  - {host: a, call: sendto, fd: s, to: b:9, data: t0}
  - {at: 998ms, host: a, call: sendto, fd: s, to: b:9, data: t998}
  - {at: 1s, host: a, call: sendto, fd: s, to: b:9, data: t1000}
  - {at: 1999ms, host: a, call: sendto, fd: s, to: b:9, data: t1999}
  - {at: 2s, host: a, call: sendto, fd: s, to: b:9, data: t2000}
  - {at: 1500ms, host: b, call: sendto, fd: r, to: a:9, data: back}
)",
             "faults:\n  - {cut: a-b, from: 1s, until: 2s}\n"));
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"t0", "t998", "t2000"}));
  std::vector<std::string> cut;
  for (const auto& d : r.hops(Fate::Dropped)) {
    EXPECT_EQ(r.reason(d.e), "link cut");
    EXPECT_GE(d.t, 1 * kSeconds);
    EXPECT_LT(d.t, 2 * kSeconds);
    cut.push_back(r.payload(d.e.frame));
  }
  EXPECT_EQ(cut, (std::vector<std::string>{"t1000", "back", "t1999"}));
}

// a and b on a switch, so a frame makes two hops.
std::string switched(std::string_view steps, std::string_view faults) {
  return scenario_text(std::string(R"(
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24}
    - {name: b, ip: 10.0.0.2/24}
  switches:
    - {name: sw1}
  links:
    - {a: a, b: sw1}
    - {a: b, b: sw1}
faults:
)") + std::string(faults) +
                       R"(
script:
  - {host: b, call: socket, udp: true, as: r}
  - {host: b, call: bind, fd: r, port: 9}
  - {host: a, call: socket, udp: true, as: s}
)" + std::string(steps));
}

const char* const kFive = R"(  - {host: a, call: sendto, fd: s, to: b:9, data: d1}
  - {host: a, call: sendto, fd: s, to: b:9, data: d2}
  - {host: a, call: sendto, fd: s, to: b:9, data: d3}
  - {host: a, call: sendto, fd: s, to: b:9, data: d4}
  - {host: a, call: sendto, fd: s, to: b:9, data: d5}
)";

TEST(Fault, NthDropsExactlyTheNthMatchingFrameAtItsFirstHop) {
  Sim r(switched(kFive, "  - {drop: {from: a, to: b, proto: udp}, nth: 3}\n"));
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"d1", "d2", "d4", "d5"}));
  auto dropped = r.hops(Fate::Dropped);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(r.reason(dropped[0].e), "fault: drop");
  EXPECT_EQ(dropped[0].e.from, r.node("a"));
  EXPECT_EQ(dropped[0].e.link, r.link("a-sw1"));
}

TEST(Fault, NthWithCountDropsThatManyFromTheNthOn) {
  Sim r(switched(kFive, "  - {drop: {from: a, to: b, proto: udp}, nth: 2, count: 2}\n"));
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"d1", "d4", "d5"}));
}

TEST(Fault, ALinkFaultActsOnThatLinkOnly) {
  Sim r(switched(kFive, "  - {drop: {proto: udp}, link: b-sw1, nth: 1}\n"));
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"d2", "d3", "d4", "d5"}));
  auto dropped = r.hops(Fate::Dropped);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].e.from, r.node("sw1"));
  EXPECT_EQ(dropped[0].e.link, r.link("b-sw1"));
}

TEST(Fault, PortFilterDropsOnlyThatPort) {
  Sim r(switched(R"(  - {host: b, call: socket, udp: true, as: r2}
  - {host: b, call: bind, fd: r2, port: 7000}
  - {host: a, call: sendto, fd: s, to: b:7000, data: to7000}
  - {host: a, call: sendto, fd: s, to: b:9, data: to9}
  - {host: a, call: sendto, fd: s, to: b:7000, data: again7000}
)",
                 "  - {drop: {port: 7000}}\n"));
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"to9"}));
  for (const auto& d : r.hops(Fate::Dropped)) {
    EXPECT_EQ(r.decode(d.e.frame).udp->dst_port, 7000);
  }
  EXPECT_EQ(r.hops(Fate::Dropped).size(), 2u);
}

TEST(Fault, DelayAddsToMatchingFramesOnly) {
  Sim r(pair("delay: 2ms, bandwidth: 0",
             "  - {host: a, call: sendto, fd: s, to: b:9, data: late}\n",
             "faults:\n  - {delay: {proto: udp}, by: 50ms}\n"));
  auto arp = r.arp_sent_by("a");
  ASSERT_FALSE(arp.empty());
  EXPECT_EQ(delivery_of(r, arp[0])->t - arp[0].t, 2 * kMillis);
  auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 1u);
  auto in = delivery_of(r, udp[0]);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->t - udp[0].t, 52 * kMillis);
}

TEST(Fault, WindowBoundsAMatchFault) {
  Sim r(pair("delay: 1ms",
             R"(  - {host: a, call: sendto, fd: s, to: b:9, data: early}
  - {at: 1s, host: a, call: sendto, fd: s, to: b:9, data: inside}
  - {at: 2s, host: a, call: sendto, fd: s, to: b:9, data: after}
)",
             "faults:\n  - {drop: {proto: udp}, from: 1s, until: 2s}\n"));
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"early", "after"}));
}

}  // namespace
}  // namespace synack::sim::testing

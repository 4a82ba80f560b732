// ARP (RFC 826, RFC 1122 §2.3.2): who asks whom, who learns what, packets
// held while an address is resolved, the gateway asked for off-subnet
// destinations, giving up after the retries, and entries that expire.
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace synack::sim::testing {
namespace {

using trace::ArpOp;
using trace::Fate;
using wire::ArpOperation;

// a, b, c on sw1; b listens for UDP on 9; `steps` follow a's UDP socket s.
std::string lan3(std::string_view steps, std::string_view top = "") {
  return udp_lan(steps, top, "", true);
}

const char* const kOneDatagram = "  - {host: a, call: sendto, fd: s, to: b:9, data: x}\n";

TEST(Arp, RequestAsksForTheTargetByBroadcast) {
  Sim r(lan3(kOneDatagram));
  auto requests = r.arp_sent_by("a");
  ASSERT_EQ(requests.size(), 1u);
  wire::DecodedFrame d = r.decode(requests[0].e.frame);
  ASSERT_TRUE(d.ethernet && d.arp);
  EXPECT_EQ(d.ethernet->dst, wire::MacAddress::broadcast());
  EXPECT_EQ(d.ethernet->src, r.mac("a"));
  EXPECT_EQ(d.arp->operation, ArpOperation::request);
  EXPECT_EQ(d.arp->sender_mac, r.mac("a"));
  EXPECT_EQ(d.arp->sender_ip, r.ip("a"));
  EXPECT_EQ(d.arp->target_ip, r.ip("b"));
  EXPECT_EQ(d.arp->target_mac, wire::MacAddress());
  EXPECT_EQ(r.counter("a", "arp_requests"), 1);
}

TEST(Arp, TargetLearnsTheRequesterAndRepliesByUnicast) {
  Sim r(lan3(kOneDatagram));
  auto request = r.arp_sent_by("a").at(0);
  auto at_b =
      first(r.arrivals_at("b"), [&](const auto& f) { return f.e.frame == request.e.frame; });
  ASSERT_TRUE(at_b);
  auto b_arp = r.arp("b");
  ASSERT_EQ(b_arp.size(), 1u);
  EXPECT_EQ(b_arp[0].e.op, ArpOp::Learned);
  EXPECT_EQ(b_arp[0].e.ip, r.ip("a"));
  EXPECT_EQ(b_arp[0].e.mac, r.mac("a"));
  EXPECT_EQ(b_arp[0].t, at_b->t);

  auto replies = r.arp_sent_by("b");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].t, at_b->t);  // answered at once, without asking for a
  wire::DecodedFrame d = r.decode(replies[0].e.frame);
  ASSERT_TRUE(d.arp);
  EXPECT_EQ(d.ethernet->dst, r.mac("a"));
  EXPECT_EQ(d.ethernet->src, r.mac("b"));
  EXPECT_EQ(d.arp->operation, ArpOperation::reply);
  EXPECT_EQ(d.arp->sender_mac, r.mac("b"));
  EXPECT_EQ(d.arp->sender_ip, r.ip("b"));
  EXPECT_EQ(d.arp->target_mac, r.mac("a"));
  EXPECT_EQ(d.arp->target_ip, r.ip("a"));

  auto a_arp = r.arp("a");
  ASSERT_EQ(a_arp.size(), 1u);
  EXPECT_EQ(a_arp[0].e.op, ArpOp::Learned);
  EXPECT_EQ(a_arp[0].e.ip, r.ip("b"));
  EXPECT_EQ(a_arp[0].e.mac, r.mac("b"));
}

TEST(Arp, BystanderDoesNotAddTheRequester) {
  Sim r(lan3(kOneDatagram));
  // c received the broadcast and kept nothing (RFC 826: only the target adds).
  auto request = r.arp_sent_by("a").at(0);
  auto at_c =
      first(r.arrivals_at("c"), [&](const auto& f) { return f.e.frame == request.e.frame; });
  ASSERT_TRUE(at_c);
  EXPECT_EQ(at_c->e.fate, Fate::Delivered);
  EXPECT_TRUE(r.arp("c").empty());
  EXPECT_TRUE(r.arp_sent_by("c").empty());
}

TEST(Arp, BystanderRefreshesAnEntryItAlreadyHas) {
  // c learns a at about 0 s (a asks for c). At 5 s a asks for b; c overhears
  // and refreshes a's entry, so it expires 10 s after that, not after the first.
  Sim r(lan3(R"(  - {host: a, call: sendto, fd: s, to: c:9, data: to-c}
  - {at: 5s, host: a, call: sendto, fd: s, to: b:9, data: to-b}
)",
             "duration: 30s\nsettings: {arp_cache_timeout: 10s}\n"));
  auto requests = r.arp_sent_by("a");
  ASSERT_EQ(requests.size(), 2u);
  auto second_at_c =
      first(r.arrivals_at("c"), [&](const auto& f) { return f.e.frame == requests[1].e.frame; });
  ASSERT_TRUE(second_at_c);
  auto c_arp = r.arp("c");
  ASSERT_EQ(c_arp.size(), 2u);
  EXPECT_EQ(c_arp[0].e.op, ArpOp::Learned);
  EXPECT_LT(c_arp[0].t, 1 * kSeconds);
  EXPECT_EQ(c_arp[1].e.op, ArpOp::Expired);
  EXPECT_EQ(c_arp[1].e.ip, r.ip("a"));
  EXPECT_EQ(c_arp[1].t, second_at_c->t + 10 * kSeconds);
}

TEST(Arp, PacketsWaitForTheReplyThenAllGo) {
  Sim r(lan3(R"(  - {host: a, call: sendto, fd: s, to: b:9, data: one}
  - {host: a, call: sendto, fd: s, to: b:9, data: two}
)"));
  EXPECT_EQ(r.arp_sent_by("a").size(), 1u);  // one request for both
  EXPECT_TRUE(r.has_note("a", "packet held while resolving"));
  auto reply = r.arp_sent_by("b").at(0);
  auto reply_in =
      first(r.arrivals_at("a"), [&](const auto& f) { return f.e.frame == reply.e.frame; });
  ASSERT_TRUE(reply_in);
  auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 2u);
  EXPECT_EQ(udp[0].t, reply_in->t);
  EXPECT_EQ(udp[1].t, reply_in->t);
  EXPECT_EQ(udp[1].e.queued_us, 4u);  // behind the first: 45 bytes at 100 Mbps
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"one", "two"}));
}

TEST(Arp, OffSubnetAsksForTheGatewayAndFramesGoToItsMac) {
  Sim r(scenario_text(R"(
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24, gateway: 10.0.0.254}
    - {name: d, ip: 10.0.1.5/24, gateway: 10.0.1.254}
  routers:
    - name: r1
      interfaces:
        - {name: eth0, ip: 10.0.0.254/24}
        - {name: eth1, ip: 10.0.1.254/24}
  switches:
    - {name: sw1}
  links:
    - {a: a, b: sw1}
    - {a: r1:eth0, b: sw1}
    - {a: r1:eth1, b: d}
script:
  - {host: d, call: socket, udp: true, as: r}
  - {host: d, call: bind, fd: r, port: 9}
  - {host: a, call: socket, udp: true, as: s}
  - {host: a, call: sendto, fd: s, to: d:9, data: far}
)"));
  auto requests = r.arp_sent_by("a");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(r.decode(requests[0].e.frame).arp->target_ip, wire::Ipv4Address(10, 0, 0, 254));
  auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 1u);
  wire::DecodedFrame d = r.decode(udp[0].e.frame);
  EXPECT_EQ(d.ethernet->dst, r.mac("r1", 0));
  EXPECT_EQ(d.ipv4->dst, r.ip("d"));
  EXPECT_EQ(r.udp_received("d"), (std::vector<std::string>{"far"}));
  // a never learns d's address: only the gateway's.
  for (const auto& e : r.arp("a")) EXPECT_EQ(e.e.ip, wire::Ipv4Address(10, 0, 0, 254));
}

TEST(Arp, ResolutionGivesUpAfterTheRetries) {
  Sim r(lan3("  - {host: a, call: sendto, fd: s, to: 10.0.0.9:9, data: lost}\n"));
  auto requests = r.arp_sent_by("a");
  ASSERT_EQ(requests.size(), 3u);  // arp_retries: 3, one second apart
  EXPECT_EQ(requests[0].t, 0);
  EXPECT_EQ(requests[1].t, 1 * kSeconds);
  EXPECT_EQ(requests[2].t, 2 * kSeconds);
  for (const auto& q : requests) {
    EXPECT_EQ(r.decode(q.e.frame).arp->target_ip, wire::Ipv4Address(10, 0, 0, 9));
  }
  auto failed = first(r.arp("a"), [](const auto& e) { return e.e.op == ArpOp::Failed; });
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->t, 3 * kSeconds);
  EXPECT_EQ(failed->e.ip, wire::Ipv4Address(10, 0, 0, 9));
  EXPECT_EQ(r.counter("a", "arp_failures"), 1);
  EXPECT_EQ(r.counter("a", "arp_requests"), 3);
  EXPECT_TRUE(r.has_note("a", "after 3 requests; 1 packet(s) dropped"));
  EXPECT_TRUE(r.udp_sent_by("a").empty());
}

TEST(Arp, RetriesAndIntervalAreSettings) {
  Sim r(lan3("  - {host: a, call: sendto, fd: s, to: 10.0.0.9:9, data: lost}\n",
             "settings: {arp_retries: 2, arp_retry_interval: 500ms}\n"));
  auto requests = r.arp_sent_by("a");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].t, 500 * kMillis);
  auto failed = first(r.arp("a"), [](const auto& e) { return e.e.op == ArpOp::Failed; });
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->t, 1 * kSeconds);
}

TEST(Arp, EntriesExpireAfterTheCacheTimeout) {
  Sim r(lan3(R"(  - {host: a, call: sendto, fd: s, to: b:9, data: one}
  - {at: 10s, host: a, call: sendto, fd: s, to: b:9, data: two}
)",
             "duration: 20s\nsettings: {arp_cache_timeout: 5s}\n"));
  auto a_arp = r.arp("a");
  ASSERT_GE(a_arp.size(), 3u);
  EXPECT_EQ(a_arp[0].e.op, ArpOp::Learned);
  EXPECT_EQ(a_arp[1].e.op, ArpOp::Expired);
  EXPECT_EQ(a_arp[1].e.ip, r.ip("b"));
  EXPECT_EQ(a_arp[1].t, a_arp[0].t + 5 * kSeconds);
  EXPECT_EQ(a_arp[2].e.op, ArpOp::Learned);
  EXPECT_GE(a_arp[2].t, 10 * kSeconds);
  // The expired entry is asked for again.
  auto requests = r.arp_sent_by("a");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].t, 10 * kSeconds);
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"one", "two"}));
}

}  // namespace
}  // namespace synack::sim::testing

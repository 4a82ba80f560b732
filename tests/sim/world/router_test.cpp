// Routers (RFC 1812 §5.2): forwarding between subnets with a new frame (own
// MAC as source, TTL one less, checksum still right), static routes, the
// longest prefix winning, no route, and TTL running out in a routing loop.
#include <gtest/gtest.h>

#include "fixture.hpp"

namespace synack::sim::testing {
namespace {

using trace::Fate;

// a - r1 - r2 - far, with static routes both ways.
const std::string kTwoRouters = scenario_text(R"(
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24, gateway: 10.0.0.254}
    - {name: near, ip: 10.0.1.5/24, gateway: 10.0.1.254}
    - {name: far, ip: 10.0.2.5/24, gateway: 10.0.2.254}
  routers:
    - name: r1
      interfaces:
        - {name: eth0, ip: 10.0.0.254/24}
        - {name: eth1, ip: 10.0.1.254/24}
      routes: [{to: 10.0.2.0/24, via: 10.0.1.253}]
    - name: r2
      interfaces:
        - {name: eth0, ip: 10.0.1.253/24}
        - {name: eth1, ip: 10.0.2.254/24}
      routes: [{to: 10.0.0.0/24, via: 10.0.1.254}]
  switches:
    - {name: mid}
  links:
    - {a: a, b: r1:eth0}
    - {a: r1:eth1, b: mid}
    - {a: near, b: mid}
    - {a: r2:eth0, b: mid}
    - {a: r2:eth1, b: far}
script:
  - {host: near, call: socket, udp: true, as: n}
  - {host: near, call: bind, fd: n, port: 9}
  - {host: far, call: socket, udp: true, as: f}
  - {host: far, call: bind, fd: f, port: 9}
  - {host: far, call: recvfrom, fd: f, size: 100, id: far_got}
  - {host: far, call: sendto, fd: f, to: a:9, data: pong}
  - {host: a, call: socket, udp: true, as: s}
  - {host: a, call: bind, fd: s, port: 9}
  - {host: a, call: sendto, fd: s, to: near:9, data: hop1}
  - {host: a, call: sendto, fd: s, to: far:9, data: hop2}
  - {host: a, call: recvfrom, fd: s, size: 100, id: a_got}
)");

// The UDP frame carrying `text` that `host`'s NIC accepted.
std::optional<wire::DecodedFrame> received(const Sim& r, std::string_view host,
                                           std::string_view text) {
  for (const auto& f : r.arrivals_at(host)) {
    if (f.e.fate == Fate::Delivered && r.payload(f.e.frame) == text) return r.decode(f.e.frame);
  }
  return std::nullopt;
}

TEST(Router, ForwardsWithOneLessTtlAndItsOwnMac) {
  Sim r(kTwoRouters);
  auto sent = r.udp_sent_by("a");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(r.decode(sent[0].e.frame).ipv4->ttl, 64);
  auto in = received(r, "near", "hop1");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->ipv4->ttl, 63);
  EXPECT_EQ(in->ipv4->src, r.ip("a"));
  EXPECT_EQ(in->ipv4->dst, r.ip("near"));
  EXPECT_EQ(in->ethernet->src, r.mac("r1", 1));
  EXPECT_EQ(in->ethernet->dst, r.mac("near"));
  EXPECT_TRUE(in->ipv4->checksum_ok);
  EXPECT_EQ(r.counter("r1", "packets_forwarded"), 3);  // hop1, hop2 and far's pong
}

TEST(Router, StaticRoutesCarryPacketsAcrossTwoRoutersBothWays) {
  Sim r(kTwoRouters);
  auto in = received(r, "far", "hop2");
  ASSERT_TRUE(in);
  EXPECT_EQ(in->ipv4->ttl, 62);
  EXPECT_EQ(in->ethernet->src, r.mac("r2", 1));
  EXPECT_EQ(in->ethernet->dst, r.mac("far"));
  // r1 resolved r2 (the route's next hop), not far.
  bool asked_for_r2 = false;
  for (const auto& q : r.arp_sent_by("r1")) {
    wire::DecodedFrame d = r.decode(q.e.frame);
    if (d.arp->operation != wire::ArpOperation::request) continue;
    EXPECT_NE(d.arp->target_ip, r.ip("far"));
    asked_for_r2 = asked_for_r2 || d.arp->target_ip == wire::Ipv4Address(10, 0, 1, 253);
  }
  EXPECT_TRUE(asked_for_r2);
  ASSERT_TRUE(r.returned("far_got"));
  EXPECT_EQ(r.data(r.returned("far_got")->e), "hop2");
  ASSERT_TRUE(r.returned("a_got"));
  EXPECT_EQ(r.data(r.returned("a_got")->e), "pong");
  EXPECT_EQ(received(r, "a", "pong")->ipv4->ttl, 62);
  EXPECT_EQ(r.counter("r2", "packets_forwarded"), 2);
}

// a's gateway r1 knows only its two subnets.
const std::string kNoRoute = scenario_text(R"(
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24, gateway: 10.0.0.254}
    - {name: b, ip: 10.0.1.5/24}
  routers:
    - name: r1
      interfaces:
        - {name: eth0, ip: 10.0.0.254/24}
        - {name: eth1, ip: 10.0.1.254/24}
  links:
    - {a: a, b: r1:eth0}
    - {a: r1:eth1, b: b}
script:
  - {host: a, call: socket, udp: true, as: s}
  - {host: a, call: sendto, fd: s, to: 10.9.9.9:9, data: nowhere, id: send}
)");

TEST(Router, NoRouteDropsWithANoteAndACounter) {
  Sim r(kNoRoute);
  // The host hands it to its gateway; the router has nowhere to send it.
  ASSERT_TRUE(r.returned("send"));
  EXPECT_EQ(r.returned("send")->e.result, 7);
  EXPECT_EQ(r.udp_sent_by("a").size(), 1u);
  EXPECT_EQ(r.counter("r1", "no_route"), 1);
  EXPECT_TRUE(r.has_note("r1", "no route to 10.9.9.9"));
  // Besides ARP, one ICMP net unreachable back to the sender (RFC 1812 §5.2.7.1).
  std::vector<wire::IcmpRepr> icmp;
  for (const auto& f : r.sent_by("r1")) {
    if (auto d = r.decode(f.e.frame); d.icmp) icmp.push_back(*d.icmp);
  }
  EXPECT_EQ(r.sent_by("r1").size(), r.arp_sent_by("r1").size() + 1);
  ASSERT_EQ(icmp.size(), 1u);
  EXPECT_EQ(icmp[0].type, wire::icmp_type::DestinationUnreachable);
  EXPECT_EQ(icmp[0].code, wire::unreachable_code::Net);
  EXPECT_EQ(r.counter("r1", "icmp_sent"), 1);
}

TEST(Router, APacketWithoutRouteIsNotCountedAsForwarded) {
  Sim r(kNoRoute);
  EXPECT_EQ(r.counter("r1", "no_route"), 1);
  EXPECT_EQ(r.counter("r1", "packets_forwarded"), 0);
}

TEST(Router, LongestPrefixWinsWhateverTheOrder) {
  Sim r(scenario_text(R"(
topology:
  hosts:
    - {name: a, ip: 192.168.1.1/24, gateway: 192.168.1.254}
    - {name: wide, ip: 172.16.1.2/24}
    - {name: narrow, ip: 172.16.2.2/24}
  routers:
    - name: r1
      interfaces:
        - {name: eth0, ip: 192.168.1.254/24}
        - {name: eth1, ip: 172.16.1.1/24}
        - {name: eth2, ip: 172.16.2.1/24}
      routes:
        - {to: default, via: 172.16.1.2}
        - {to: 10.0.0.0/8, via: 172.16.1.2}
        - {to: 10.1.2.0/24, via: 172.16.2.2}
        - {to: 10.1.0.0/16, via: 172.16.1.2}
  links:
    - {a: a, b: r1:eth0}
    - {a: r1:eth1, b: wide}
    - {a: r1:eth2, b: narrow}
script:
  - {host: a, call: socket, udp: true, as: s}
  - {host: a, call: sendto, fd: s, to: 10.1.2.7:9, data: in-24}
  - {host: a, call: sendto, fd: s, to: 10.1.3.1:9, data: in-16}
  - {host: a, call: sendto, fd: s, to: 10.5.5.5:9, data: in-8}
  - {host: a, call: sendto, fd: s, to: 8.8.8.8:9, data: default}
)"));
  auto payloads = [&](std::string_view host) {
    std::vector<std::string> out;
    for (const auto& f : r.arrivals_at(host)) {
      if (f.e.fate == Fate::Delivered && r.decode(f.e.frame).udp)
        out.push_back(r.payload(f.e.frame));
    }
    return out;
  };
  EXPECT_EQ(payloads("narrow"), (std::vector<std::string>{"in-24"}));
  EXPECT_EQ(payloads("wide"), (std::vector<std::string>{"in-16", "in-8", "default"}));
  // Hosts do not forward what is not theirs.
  EXPECT_TRUE(r.has_note("narrow", "packet for 10.1.2.7 is not for this host"));
}

TEST(Router, TtlRunsOutInARoutingLoop) {
  // r1 and r2 each send 10.9.9.9 to the other: the packet bounces until its
  // TTL is spent. 64 from the host: 63 forwards, then a router gets it with TTL 1.
  Sim r(scenario_text(R"(
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24, gateway: 10.0.0.254}
  routers:
    - name: r1
      interfaces:
        - {name: eth0, ip: 10.0.0.254/24}
        - {name: eth1, ip: 10.0.1.254/24}
      routes: [{to: default, via: 10.0.1.253}]
    - name: r2
      interfaces:
        - {name: eth0, ip: 10.0.1.253/24}
        - {name: eth1, ip: 10.0.3.1/24}
      routes: [{to: default, via: 10.0.1.254}]
  links:
    - {a: a, b: r1:eth0}
    - {a: r1:eth1, b: r2:eth0}
script:
  - {host: a, call: socket, udp: true, as: s}
  - {host: a, call: sendto, fd: s, to: 10.9.9.9:9, data: loop}
)"));
  // 63 hops of the datagram, and one of the time exceeded going back to a.
  EXPECT_EQ(r.counter("r1", "packets_forwarded") + r.counter("r2", "packets_forwarded"), 64);
  EXPECT_EQ(r.counter("r1", "ttl_exceeded") + r.counter("r2", "ttl_exceeded"), 1);
  bool time_exceeded_at_a = false;
  for (const auto& f : r.hops(Fate::Delivered)) {
    const wire::DecodedFrame d = r.decode(f.e.frame);
    time_exceeded_at_a = time_exceeded_at_a ||
                         (d.icmp && d.icmp->type == wire::icmp_type::TimeExceeded &&
                          d.ipv4->dst == wire::Ipv4Address(10, 0, 0, 1));
  }
  EXPECT_TRUE(time_exceeded_at_a);
  // Every copy on the wire has a TTL one below the copy before it.
  int expected = 64;
  for (const auto& f : r.hops(Fate::Sent)) {
    wire::DecodedFrame d = r.decode(f.e.frame);
    if (!d.udp) continue;
    EXPECT_EQ(d.ipv4->ttl, expected);
    --expected;
  }
  EXPECT_EQ(expected, 0);
}

}  // namespace
}  // namespace synack::sim::testing

// ICMP in the network: port unreachable and its rate limit, ECONNREFUSED on a
// connected UDP socket, ARP failing as host unreachable, the hosts' TTL.
#include <gtest/gtest.h>

#include <cerrno>

#include "fixture.hpp"

namespace synack::sim::testing {
namespace {

// ICMP messages in the frames `node` sent.
std::vector<wire::IcmpRepr> icmp_sent_by(const Sim& r, std::string_view node) {
  std::vector<wire::IcmpRepr> out;
  for (const auto& f : r.sent_by(node)) {
    if (const wire::DecodedFrame d = r.decode(f.e.frame); d.icmp) out.push_back(*d.icmp);
  }
  return out;
}

std::string sends(int n, std::string_view at = "") {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "  - {" + std::string(i == 0 ? at : "") +
           "host: a, call: sendto, fd: s, to: 10.0.0.2:7, data: x}\n";
  }
  return out;
}

TEST(Icmp, DatagramToAClosedPort_PortUnreachableQuotingIt) {
  Sim r(udp_lan(sends(1)));
  const auto icmp = icmp_sent_by(r, "b");
  ASSERT_EQ(icmp.size(), 1u);
  EXPECT_EQ(icmp[0].type, wire::icmp_type::DestinationUnreachable);
  EXPECT_EQ(icmp[0].code, wire::unreachable_code::Port);
  const auto quote = wire::decode_icmp_quote(icmp[0].data);
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote.value().src, wire::Ipv4Address(10, 0, 0, 1));
  EXPECT_EQ(quote.value().dst_port, 7);
  EXPECT_EQ(r.counter("b", "icmp_sent"), 1);
  // The unconnected sender hears nothing of it (RFC 1122 §4.1.3.3).
  EXPECT_TRUE(r.has_note("a", "no connected socket takes it"));
}

// Linux's bucket: 6 at once, then one per second.
TEST(Icmp, PortUnreachableIsRateLimitedPerDestination) {
  Sim r(udp_lan(sends(10) + sends(3, "at: 2500ms, ")));
  EXPECT_EQ(r.counter("b", "icmp_sent"), 6 + 2);
  EXPECT_EQ(r.counter("b", "icmp_rate_limited"), 4 + 1);
  EXPECT_TRUE(r.has_note("b", "to 10.0.0.1 not sent: ICMP rate limit"));
}

TEST(Icmp, RateLimitZeroSendsEveryOne) {
  Sim r(udp_lan(sends(10), "settings: {icmp_ratelimit: 0s}\n"));
  EXPECT_EQ(r.counter("b", "icmp_sent"), 10);
  EXPECT_EQ(r.counter("b", "icmp_rate_limited"), 0);
}

TEST(Icmp, ConnectedUdpSocket_NextCallFailsWithEconnrefused) {
  Sim r(udp_lan(R"(  - {host: a, call: connect, fd: s, to: 10.0.0.2:7}
  - {host: a, call: send, fd: s, data: x}
  - {host: a, call: recv, fd: s, size: 10, id: got}
  - {host: a, call: send, fd: s, data: y, id: again}
)"));
  ASSERT_TRUE(r.returned("got"));
  EXPECT_EQ(r.returned("got")->e.err, ECONNREFUSED);
  ASSERT_TRUE(r.returned("again"));
  EXPECT_EQ(r.returned("again")->e.result, 1);  // the error is reported once
}

// Linux: connect fails after ARP's retries (3 s), not after the SYN retries.
TEST(Icmp, ArpFailure_ConnectFailsWithEhostunreachAfterTheRetries) {
  Sim r(udp_lan(R"(  - {host: a, call: socket, as: t}
  - {host: a, call: connect, fd: t, to: 10.0.0.77:80, id: conn}
)"));
  const auto conn = r.returned("conn");
  ASSERT_TRUE(conn);
  EXPECT_EQ(conn->e.err, EHOSTUNREACH);
  EXPECT_EQ(conn->t, 3 * kSeconds);
  EXPECT_TRUE(icmp_sent_by(r, "a").empty());  // told locally, nothing on the wire
}

TEST(Icmp, ArpFailure_ConnectedUdpSendSeesEhostunreach) {
  Sim r(udp_lan(R"(  - {host: a, call: connect, fd: s, to: 10.0.0.77:7}
  - {host: a, call: send, fd: s, data: x}
  - {at: 4s, host: a, call: send, fd: s, data: y, id: later}
)"));
  ASSERT_TRUE(r.returned("later"));
  EXPECT_EQ(r.returned("later")->e.err, EHOSTUNREACH);
}

TEST(Icmp, HostsSendWithTheirTtl) {
  Sim r(udp_lan(sends(1), "settings: {ttl: 9}\n"));
  const auto udp = r.udp_sent_by("a");
  ASSERT_EQ(udp.size(), 1u);
  EXPECT_EQ(r.decode(udp[0].e.frame).ipv4->ttl, 9);
}

}  // namespace
}  // namespace synack::sim::testing

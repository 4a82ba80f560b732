// UDP sockets: datagrams keep their boundaries, a short buffer truncates one
// datagram and loses the rest of it, what does not fit a frame is refused,
// and a destination without a route fails at once.
#include <gtest/gtest.h>

#include <cerrno>

#include "fixture.hpp"

namespace synack::sim::testing {
namespace {

// b bound on UDP 9 (socket r); a has UDP socket s. Then `steps`.
std::string udp(std::string_view steps) { return udp_lan(steps); }

TEST(Udp, EachRecvfromReadsOneDatagram) {
  Sim r(udp(R"(  - {host: a, call: sendto, fd: s, to: b:9, data: abc, id: s1}
  - {host: a, call: sendto, fd: s, to: b:9, data: defgh, id: s2}
  - {at: 100ms, host: b, call: recvfrom, fd: r, size: 100, id: one}
  - {host: b, call: recvfrom, fd: r, size: 100, id: two}
)"));
  EXPECT_EQ(r.returned("s1")->e.result, 3);
  EXPECT_EQ(r.returned("s2")->e.result, 5);
  ASSERT_TRUE(r.returned("one") && r.returned("two"));
  EXPECT_EQ(r.returned("one")->e.result, 3);
  EXPECT_EQ(r.data(r.returned("one")->e), "abc");
  EXPECT_EQ(r.returned("two")->e.result, 5);
  EXPECT_EQ(r.data(r.returned("two")->e), "defgh");
  EXPECT_EQ(r.counter("b", "udp_truncated"), 0);
}

TEST(Udp, RecvfromBlocksUntilADatagramArrives) {
  Sim r(udp(R"(  - {host: b, call: recvfrom, fd: r, size: 100, id: wait}
  - {at: 200ms, host: a, call: sendto, fd: s, to: b:9, data: hi}
)"));
  auto issued = r.issued("wait");
  auto returned = r.returned("wait");
  ASSERT_TRUE(issued && returned);
  EXPECT_EQ(issued->t, 0);
  auto in = first(r.arrivals_at("b"), [&](const auto& f) { return r.payload(f.e.frame) == "hi"; });
  ASSERT_TRUE(in);
  EXPECT_EQ(returned->t, in->t);
  EXPECT_EQ(r.data(returned->e), "hi");
}

TEST(Udp, ShortBufferTruncatesAndLosesTheRestOfTheDatagram) {
  Sim r(udp(R"(  - {host: a, call: sendto, fd: s, to: b:9, data: defgh}
  - {host: a, call: sendto, fd: s, to: b:9, data: xyz}
  - {at: 100ms, host: b, call: recvfrom, fd: r, size: 2, id: short}
  - {host: b, call: recvfrom, fd: r, size: 100, id: next}
)"));
  ASSERT_TRUE(r.returned("short") && r.returned("next"));
  EXPECT_EQ(r.returned("short")->e.result, 2);
  EXPECT_EQ(r.data(r.returned("short")->e), "de");
  EXPECT_EQ(r.data(r.returned("next")->e), "xyz");  // "fgh" is gone
  EXPECT_EQ(r.counter("b", "udp_truncated"), 1);
  EXPECT_TRUE(r.has_note("b", "truncated to 2; 3 bytes lost"));
}

TEST(Udp, SendtoLargerThanOneFrameIsEmsgsize) {
  Sim r(udp(R"(  - {host: a, call: sendto, fd: s, to: b:9, bytes: 1473, id: big}
  - {host: a, call: sendto, fd: s, to: b:9, bytes: 1472, id: fits}
)"));
  EXPECT_EQ(r.returned("big")->e.result, -1);
  EXPECT_EQ(r.returned("big")->e.err, EMSGSIZE);
  EXPECT_EQ(r.returned("fits")->e.result, 1472);
  auto sent = r.udp_sent_by("a");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(r.trace.frame(sent[0].e.frame).size(), 1514u);
}

TEST(Udp, NoRouteIsEnetunreach) {
  Sim r(udp("  - {host: a, call: sendto, fd: s, to: 192.168.5.5:9, data: x, id: send}\n"));
  EXPECT_EQ(r.returned("send")->e.result, -1);
  EXPECT_EQ(r.returned("send")->e.err, ENETUNREACH);
  EXPECT_TRUE(r.sent_by("a").empty());
}

TEST(Udp, DatagramToAPortWithoutSocketIsCountedAndDropped) {
  Sim r(udp("  - {host: a, call: sendto, fd: s, to: b:10, data: x}\n"));
  EXPECT_EQ(r.counter("b", "udp_no_socket"), 1);
  EXPECT_TRUE(r.has_note("b", "no socket bound there"));
}

TEST(Udp, ImplicitBindTakesAnEphemeralPort) {
  Sim r(udp(R"(  - {host: a, call: sendto, fd: s, to: b:9, data: x}
  - {host: b, call: recvfrom, fd: r, size: 10}
)"));
  auto sent = r.udp_sent_by("a");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(r.decode(sent[0].e.frame).udp->src_port, 49152);
}

TEST(Udp, BroadcastReachesEveryOtherHost) {
  Sim r(udp(R"(  - {host: c, call: socket, udp: true, as: q}
  - {host: c, call: bind, fd: q, port: 9}
  - {host: a, call: setsockopt, fd: s, option: SO_BROADCAST, value: 1}
  - {host: a, call: sendto, fd: s, to: 10.0.0.255:9, data: all, id: send}
)"));
  auto sent = r.udp_sent_by("a");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(r.decode(sent[0].e.frame).ethernet->dst, wire::MacAddress::broadcast());
  EXPECT_TRUE(r.arp_sent_by("a").empty());  // no resolution for a broadcast
  EXPECT_EQ(r.udp_received("b"), (std::vector<std::string>{"all"}));
  EXPECT_EQ(r.udp_received("c"), (std::vector<std::string>{"all"}));
}

TEST(Udp, BroadcastWithoutSoBroadcastIsEacces) {
  // Linux (udp(7), sendto(2)): sending to a broadcast address needs SO_BROADCAST.
  Sim r(udp("  - {host: a, call: sendto, fd: s, to: 10.0.0.255:9, data: all, id: send}\n"));
  EXPECT_EQ(r.returned("send")->e.result, -1);
  EXPECT_EQ(r.returned("send")->e.err, EACCES);
  EXPECT_TRUE(r.sent_by("a").empty());
}

TEST(Udp, DatagramToOwnAddressIsDeliveredLocally) {
  // Linux loops a packet for one of the host's own addresses back inside the
  // host (via lo); it never asks the network who has that address.
  Sim r(udp(R"(  - {host: a, call: bind, fd: s, port: 9}
  - {host: a, call: sendto, fd: s, to: 10.0.0.1:9, data: self}
  - {host: a, call: recvfrom, fd: s, size: 10, id: got}
)"));
  EXPECT_TRUE(r.arp_sent_by("a").empty());
  // Its one frame is on the loopback link, from a to itself, with zero MACs.
  const auto sent = r.sent_by("a");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].e.link, r.link("a:lo"));
  EXPECT_EQ(sent[0].e.to, r.node("a"));
  EXPECT_EQ(r.decode(sent[0].e.frame).ethernet->dst, wire::MacAddress());
  ASSERT_TRUE(r.returned("got"));
  EXPECT_EQ(r.data(r.returned("got")->e), "self");
}

TEST(Loopback, AHostConnectsToItselfOver127001) {
  Sim r(scenario_text(std::string(kLan) + R"(script:
  - {host: client, call: socket, as: l}
  - {host: client, call: bind, fd: l, port: 80}
  - {host: client, call: listen, fd: l}
  - {host: client, call: accept, fd: l, as: c}
  - {host: client, call: recv, fd: c, size: 10, id: got}
  - {at: 10ms, host: client, thread: t, call: socket, as: k}
  - {host: client, thread: t, call: connect, fd: k, to: 127.0.0.1:80, id: conn}
  - {host: client, thread: t, call: send, fd: k, data: hi}
)"));
  ASSERT_TRUE(r.returned("conn"));
  EXPECT_EQ(r.returned("conn")->e.err, 0);
  ASSERT_TRUE(r.returned("got"));
  EXPECT_EQ(r.data(r.returned("got")->e), "hi");
  // The handshake never leaves the host: every frame is on client:lo, and
  // each takes the loopback's 10 us.
  EXPECT_TRUE(r.sent_by("server").empty());
  const auto sent = r.sent_by("client");
  ASSERT_GE(sent.size(), 3u);
  for (const auto& f : sent) EXPECT_EQ(f.e.link, r.link("client:lo"));
  const ConnId conn = r.conn_of("conn");
  EXPECT_EQ(r.entered(conn, tcp::State::Established).value_or(0) -
                r.entered(conn, tcp::State::SynSent).value_or(0),
            20);
}

TEST(Udp, ConnectedSocketReceivesOnlyFromItsPeer) {
  // POSIX connect() on a datagram socket "limits the remote sender for
  // subsequent recv() functions"; Linux drops datagrams from anyone else.
  Sim r(udp(R"(  - {host: b, call: connect, fd: r, to: a:5000}
  - {host: b, call: recv, fd: r, size: 100, id: got}
  - {host: a, call: bind, fd: s, port: 5000}
  - {host: c, call: socket, udp: true, as: q}
  - {host: c, call: sendto, fd: q, to: b:9, data: stranger}
  - {at: 100ms, host: a, call: sendto, fd: s, to: b:9, data: peer}
)"));
  ASSERT_TRUE(r.returned("got"));
  EXPECT_EQ(r.data(r.returned("got")->e), "peer");
}

}  // namespace
}  // namespace synack::sim::testing

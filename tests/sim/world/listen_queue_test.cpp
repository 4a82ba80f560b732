// Listen queues: the backlog bounds the SYN queue and the accept queue, a
// handshake's last ACK is dropped while the accept queue is full and the
// connection completes once accept() makes room, SYN,ACK retries give up,
// and SYN cookies let a client in past a full SYN queue.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>

#include "fixture.hpp"

namespace synack::sim::testing {
namespace {

using tcp::State;

// client, server and att (the flooder) on sw1.
std::string three(std::string_view steps, std::string_view top = "") {
  return scenario_text(std::string(top) + R"(
topology:
  hosts:
    - {name: client, ip: 10.0.0.1/24}
    - {name: server, ip: 10.0.0.2/24}
    - {name: att, ip: 10.0.0.3/24}
  switches:
    - {name: sw1}
  links:
    - {a: client, b: sw1}
    - {a: server, b: sw1}
    - {a: att, b: sw1}
script:
)" + std::string(steps));
}

TEST(ListenQueue, BacklogBoundsTheSynQueue) {
  Sim r(three(R"(  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l, backlog: 2}
  - {at: 10ms, host: att, call: syn_flood, to: server:80, count: 5, interval: 1ms, spoof: 10.0.0.128/25}
)",
              "duration: 1s\n"));
  auto q = r.queues("server", 80);
  ASSERT_FALSE(q.empty());
  EXPECT_EQ(q[0].t, 0);  // listen() records the empty queues
  EXPECT_EQ(q[0].e.syn_queue, 0);
  std::vector<int> syn;
  for (const auto& e : q) {
    EXPECT_EQ(e.e.backlog, 2);
    EXPECT_EQ(e.e.accept_queue, 0);
    syn.push_back(e.e.syn_queue);
  }
  EXPECT_EQ(syn, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(r.counter("server", "syn_dropped"), 3);
  EXPECT_EQ(r.counter("att", "syn_flood_sent"), 5);
  EXPECT_TRUE(r.has_note("server", "SYN queue of :80 is full (2/2)"));
  // Two half-open connections answer with SYN,ACK; the dropped three do not.
  std::size_t half_open = 0;
  for (ConnId c : r.conns("server")) {
    if (r.state_at(c, 500 * kMillis) == State::SynReceived) ++half_open;
  }
  EXPECT_EQ(half_open, 2u);
}

// A client host with three sockets: k1 at 0, k2 and k3 at 10 ms, to a server
// with backlog 2 that accepts nothing before 2 s.
const std::string kThreeClients = three(R"(  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l, backlog: 2}
  - {at: 2s, host: server, call: accept, fd: l, as: a1, id: acc1}
  - {host: server, call: accept, fd: l, as: a2, id: acc2}
  - {host: server, call: accept, fd: l, as: a3, id: acc3}
  - {host: client, thread: t1, call: socket, as: k1}
  - {host: client, thread: t1, call: connect, fd: k1, to: server:80, id: conn1}
  - {at: 10ms, host: client, thread: t2, call: socket, as: k2}
  - {at: 10ms, host: client, thread: t2, call: connect, fd: k2, to: server:80, id: conn2}
  - {at: 10ms, host: client, thread: t3, call: socket, as: k3}
  - {at: 10ms, host: client, thread: t3, call: connect, fd: k3, to: server:80, id: conn3}
)");

TEST(ListenQueue, FullAcceptQueueDropsTheLastAckUntilAcceptMakesRoom) {
  Sim r(kThreeClients);
  std::uint16_t port3 = r.trace.conns[r.conn_of("conn3")].id.local_port;
  ConnId s3 = r.conn("server", 80, port3);
  ASSERT_NE(s3, trace::kNone);
  // The client thinks it is connected; the server keeps it half open.
  ASSERT_TRUE(r.returned("conn3"));
  EXPECT_EQ(r.returned("conn3")->e.result, 0);
  EXPECT_LT(r.returned("conn3")->t, 100 * kMillis);
  EXPECT_EQ(r.state_at(s3, 1 * kSeconds), State::SynReceived);
  EXPECT_GE(r.counter("server", "accept_queue_overflow", 100 * kMillis), 1);
  EXPECT_TRUE(r.has_note("server", "accept queue of :80 is full (2/2)"));
  auto q = r.queues("server", 80);
  int most = 0;
  for (const auto& e : q) most = std::max<int>(most, e.e.accept_queue);
  EXPECT_EQ(most, 2);
  // After the accepts at 2 s, a SYN,ACK retransmission draws an ACK that fits.
  auto established = r.entered(s3, State::Established);
  ASSERT_TRUE(established);
  EXPECT_GT(*established, 2 * kSeconds);
  EXPECT_EQ(r.path(s3), "LISTEN>SYN-RECEIVED>ESTABLISHED");
  auto acc3 = r.returned("acc3");
  ASSERT_TRUE(acc3);
  EXPECT_EQ(acc3->e.conn, s3);
  EXPECT_EQ(acc3->t, *established);
  EXPECT_EQ(r.returned("acc1")->t, 2 * kSeconds);
  EXPECT_EQ(r.returned("acc2")->t, 2 * kSeconds);
}

TEST(ListenQueue, SynAckRetriesGiveUpAndRemoveTheHalfOpenEntry) {
  Sim r(three(R"(  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80}
)",
              "settings: {synack_retries: 2}\nfaults:\n  - {drop: {from: client, to: server, "
              "flags: .}}\n"));
  auto synacks = r.flags("server", "client");
  EXPECT_EQ(synacks, (std::vector<std::string>{"S.", "S.", "S."}));
  auto segs = r.segments("client", "server");
  std::vector<TimeUs> times;
  for (const Seg& s : segs) {
    if (s.from == "server") times.push_back(s.t);
  }
  ASSERT_EQ(times.size(), 3u);
  EXPECT_EQ(times[1] - times[0], 1 * kSeconds);  // initial RTO, then doubled
  EXPECT_EQ(times[2] - times[1], 2 * kSeconds);
  ConnId s = r.conn("server", 80);
  ASSERT_NE(s, trace::kNone);
  // Giving up ends the connection (RFC 9293 §3.10.8, RFC 1122 R2) one doubled
  // timeout after the last SYN,ACK, and it leaves the SYN queue.
  auto gone = r.entered(s, State::Closed);
  ASSERT_TRUE(gone) << r.path(s);
  EXPECT_EQ(*gone, times[2] + 4 * kSeconds);
  EXPECT_EQ(r.path(s), "LISTEN>SYN-RECEIVED>CLOSED");
  auto q = r.queues("server", 80);
  ASSERT_FALSE(q.empty());
  EXPECT_EQ(q.back().t, *gone);
  EXPECT_EQ(q.back().e.syn_queue, 0);
}

TEST(ListenQueue, ClosingTheListenerResetsConnectionsNotYetAccepted) {
  Sim r(three(R"(  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {at: 100ms, host: server, call: close, fd: l}
  - {host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80}
  - {host: client, call: recv, fd: k, size: 10, id: got}
)"));
  auto from_server = r.flags("server", "client");
  ASSERT_EQ(from_server.size(), 2u);
  EXPECT_EQ(from_server[0], "S.");
  EXPECT_NE(from_server[1].find('R'), std::string::npos) << from_server[1];
  EXPECT_EQ(r.segments("client", "server").back().t, 100 * kMillis);
  ASSERT_TRUE(r.returned("got"));
  EXPECT_EQ(r.returned("got")->e.err, ECONNRESET);
  auto q = r.queues("server", 80);
  EXPECT_EQ(q.back().e.accept_queue, 1);  // closing does not report the queues again
}

// The flood fills a one-entry SYN queue; the client connects at 100 ms.
const std::string kCookies = three(R"(  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l, backlog: 1}
  - {host: server, call: accept, fd: l, as: c, id: acc}
  - {host: server, call: recv, fd: c, size: 100, id: got}
  - {host: server, call: send, fd: c, bytes: 1400}
  - {host: att, call: syn_flood, to: server:80, count: 3, interval: 1ms, spoof: 10.0.0.128/25}
  - {at: 100ms, host: client, call: socket, as: k}
  - {at: 100ms, host: client, call: connect, fd: k, to: server:80, id: conn}
  - {host: client, call: send, fd: k, data: hi}
  - {host: client, call: recv, fd: k, size: 2000, id: reply}
)",
                                   "duration: 5s\nsettings: {syn_cookies: true}\n");

TEST(SynCookies, ClientConnectsPastAFullSynQueue) {
  Sim r(kCookies, waitall({"reply"}));
  EXPECT_EQ(r.counter("server", "syn_cookies_sent", 50 * kMillis), 2);  // the flood's 2nd and 3rd
  EXPECT_EQ(r.counter("server", "syn_cookies_sent"), 3);
  EXPECT_EQ(r.counter("server", "syn_cookies_accepted"), 1);
  EXPECT_EQ(r.counter("server", "syn_dropped"), 0);
  ASSERT_TRUE(r.returned("conn"));
  EXPECT_EQ(r.returned("conn")->e.result, 0);
  auto ladder = r.ladder("client", "server");
  ASSERT_GE(ladder.size(), 3u);
  ladder.resize(3);
  EXPECT_EQ(ladder,
            (std::vector<std::string>{"client>server S", "server>client S.", "client>server ."}));
  ConnId s = r.conn_of("acc");
  ASSERT_NE(s, trace::kNone);
  // No SYN-RECEIVED was kept: the cookie's ACK goes from LISTEN straight to
  // ESTABLISHED, by its own row of the table.
  EXPECT_EQ(r.path(s).rfind("LISTEN>ESTABLISHED", 0), 0u) << r.path(s);
  EXPECT_EQ(r.trace.conns[s].id.remote_ip, r.ip("client").value());
  ASSERT_TRUE(r.returned("got"));
  EXPECT_EQ(r.data(r.returned("got")->e), "hi");
  EXPECT_TRUE(r.has_note("server", "rebuilt from its SYN cookie"));
}

TEST(SynCookies, TheCookieKeepsTheClientsMss) {
  // RFC 4987 §3.6 (and Linux's msstab): the cookie encodes the MSS the client
  // offered, so a cookie connection to a 1460-MSS client sends 1400 bytes in
  // one segment, not in 536-byte pieces.
  Sim r(kCookies, waitall({"reply"}));
  std::vector<std::uint32_t> lens;
  for (const Seg& s : r.segments("client", "server")) {
    if (s.from == "server" && s.len > 0) lens.push_back(s.len);
  }
  EXPECT_EQ(lens, (std::vector<std::uint32_t>{1400}));
}

}  // namespace
}  // namespace synack::sim::testing

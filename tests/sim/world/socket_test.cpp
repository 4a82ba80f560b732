// The TCP sockets API in virtual time: when blocking calls return, the errors
// they return, address reuse, abortive and half closes, Nagle, partial and
// MSG_WAITALL reads, a send that waits for buffer space, and fd numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>

#include "fixture.hpp"
#include "sim/scenario/load.hpp"

namespace synack::sim::testing {
namespace {

using tcp::State;

// The server listens on 80 and accepts `c` (step acc); the client connects
// `k` at 10 ms (step conn). `server` and `client` steps follow on each side.
std::string tcp_pair(std::string_view server, std::string_view client, std::string_view top = "") {
  return scenario_text(std::string(top) + kLan + R"(script:
  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {host: server, call: accept, fd: l, as: c, id: acc}
)" + std::string(server) +
                       R"(
  - {at: 10ms, host: client, call: socket, as: k}
  - {at: 10ms, host: client, call: connect, fd: k, to: server:80, id: conn}
)" + std::string(client));
}

// When the frame that carried segment `s` reached `host`.
std::optional<TimeUs> arrival(const Sim& r, const Seg& s, std::string_view host) {
  auto in = first(r.arrivals_at(host), [&](const auto& f) {
    return f.e.frame == s.frame && f.e.fate == trace::Fate::Delivered;
  });
  if (!in) return std::nullopt;
  return in->t;
}

TEST(Connect, ReturnsWhenTheSynAckArrives) {
  Sim r(tcp_pair("", ""));
  auto segs = r.segments("client", "server");
  ASSERT_EQ(r.ladder("client", "server"),
            (std::vector<std::string>{"client>server S", "server>client S.", "client>server ."}));
  auto issued = r.issued("conn");
  auto returned = r.returned("conn");
  ASSERT_TRUE(issued && returned);
  EXPECT_EQ(issued->t, 10 * kMillis);
  EXPECT_EQ(returned->e.result, 0);
  EXPECT_EQ(returned->e.err, 0);
  EXPECT_EQ(returned->t, arrival(r, segs[1], "client"));
  EXPECT_EQ(segs[2].t, returned->t);  // the ACK leaves as connect returns
  ConnId k = r.conn_of("conn");
  EXPECT_EQ(r.path(k), "CLOSED>SYN-SENT>ESTABLISHED");
  EXPECT_EQ(r.entered(k, State::Established), returned->t);
}

TEST(Accept, ReturnsWhenTheThirdSegmentArrives) {
  Sim r(tcp_pair("", ""));
  auto segs = r.segments("client", "server");
  ASSERT_EQ(segs.size(), 3u);
  auto issued = r.issued("acc");
  auto returned = r.returned("acc");
  ASSERT_TRUE(issued && returned);
  EXPECT_EQ(issued->t, 0);
  EXPECT_EQ(returned->t, arrival(r, segs[2], "server"));
  EXPECT_EQ(returned->e.result, 4);  // the listener is 3
  ConnId c = r.conn_of("acc");
  ASSERT_NE(c, trace::kNone);
  EXPECT_EQ(r.trace.conns[c].id.local_port, 80);
  EXPECT_EQ(r.path(c), "LISTEN>SYN-RECEIVED>ESTABLISHED");
  EXPECT_EQ(r.entered(c, State::SynReceived), arrival(r, segs[0], "server"));
  EXPECT_EQ(r.entered(c, State::Established), returned->t);
}

TEST(Connect, ToAClosedPortIsRefused) {
  Sim r(scenario_text(std::string(kLan) + R"(script:
  - {host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:81, id: conn}
)"));
  EXPECT_EQ(r.ladder("client", "server"),
            (std::vector<std::string>{"client>server S", "server>client R."}));
  auto returned = r.returned("conn");
  ASSERT_TRUE(returned);
  EXPECT_EQ(returned->e.result, -1);
  EXPECT_EQ(returned->e.err, ECONNREFUSED);
  auto segs = r.segments("client", "server");
  EXPECT_EQ(returned->t, arrival(r, segs[1], "client"));
  EXPECT_EQ(r.path(r.conn_of("conn")), "CLOSED>SYN-SENT>CLOSED");
  EXPECT_EQ(r.counter("server", "rst_sent"), 1);
}

TEST(Connect, WithoutARouteIsEnetunreachAtOnce) {
  Sim r(scenario_text(std::string(kLan) + R"(script:
  - {host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: 192.168.7.7:80, id: conn}
)"));
  auto returned = r.returned("conn");
  ASSERT_TRUE(returned);
  EXPECT_EQ(returned->t, 0);
  EXPECT_EQ(returned->e.result, -1);
  EXPECT_EQ(returned->e.err, ENETUNREACH);
  EXPECT_TRUE(r.sent_by("client").empty());
}

TEST(Bind, TimeWaitHoldsThePortUnlessSoReuseaddr) {
  // The server closes first, so its side of the connection sits in TIME-WAIT
  // (2 MSL = 60 s) on port 80 when new sockets bind there at 1 s.
  Sim r(tcp_pair(R"(  - {at: 100ms, host: server, call: close, fd: c}
  - {at: 100ms, host: server, call: close, fd: l}
  - {at: 1s, host: server, call: socket, as: plain}
  - {at: 1s, host: server, call: bind, fd: plain, port: 80, id: plain_bind}
  - {at: 1s, host: server, call: socket, as: reuse}
  - {at: 1s, host: server, call: setsockopt, fd: reuse, option: SO_REUSEADDR, value: 1}
  - {at: 1s, host: server, call: bind, fd: reuse, port: 80, id: reuse_bind}
  - {at: 1s, host: server, call: listen, fd: reuse, id: reuse_listen})",
                 R"(  - {host: client, call: recv, fd: k, size: 10, id: eof}
  - {host: client, call: close, fd: k}
)"));
  ConnId c = r.conn_of("acc");
  EXPECT_EQ(r.state_at(c, 1 * kSeconds), State::TimeWait);
  ASSERT_TRUE(r.returned("eof"));
  EXPECT_EQ(r.returned("eof")->e.result, 0);
  ASSERT_TRUE(r.returned("plain_bind") && r.returned("reuse_bind") && r.returned("reuse_listen"));
  EXPECT_EQ(r.returned("plain_bind")->e.err, EADDRINUSE);
  EXPECT_EQ(r.returned("plain_bind")->e.result, -1);
  EXPECT_EQ(r.returned("reuse_bind")->e.err, 0);
  EXPECT_EQ(r.returned("reuse_bind")->e.result, 0);
  EXPECT_EQ(r.returned("reuse_listen")->e.err, 0);
}

TEST(Bind, AListenerHoldsItsPortEvenAgainstSoReuseaddr) {
  Sim r(scenario_text(std::string(kLan) + R"(script:
  - {host: server, call: socket, as: one}
  - {host: server, call: setsockopt, fd: one, option: SO_REUSEADDR, value: 1}
  - {host: server, call: bind, fd: one, port: 80}
  - {host: server, call: listen, fd: one, id: listen_one}
  - {host: server, call: socket, as: two}
  - {host: server, call: setsockopt, fd: two, option: SO_REUSEADDR, value: 1}
  - {host: server, call: bind, fd: two, port: 80, id: bind_two}
  - {host: server, call: socket, as: three}
  - {host: server, call: setsockopt, fd: three, option: SO_REUSEADDR, value: 1}
  - {host: server, call: bind, fd: three, port: 8080, id: bind_three}
  - {host: server, call: socket, as: four}
  - {host: server, call: setsockopt, fd: four, option: SO_REUSEADDR, value: 1}
  - {host: server, call: bind, fd: four, port: 8080, id: bind_four}
  - {host: server, call: listen, fd: three, id: listen_three}
  - {host: server, call: listen, fd: four, id: listen_four}
  - {host: server, call: socket, as: five}
  - {host: server, call: bind, fd: five, port: 9090}
  - {host: server, call: socket, as: six}
  - {host: server, call: bind, fd: six, port: 9090, id: bind_six}
)"));
  EXPECT_EQ(r.returned("listen_one")->e.err, 0);
  EXPECT_EQ(r.returned("bind_two")->e.err, EADDRINUSE);
  // Two bound sockets with SO_REUSEADDR may share a port, but only one may listen.
  EXPECT_EQ(r.returned("bind_three")->e.err, 0);
  EXPECT_EQ(r.returned("bind_four")->e.err, 0);
  EXPECT_EQ(r.returned("listen_three")->e.err, 0);
  EXPECT_EQ(r.returned("listen_four")->e.err, EADDRINUSE);
  // Without SO_REUSEADDR a bound socket alone holds its port.
  EXPECT_EQ(r.returned("bind_six")->e.err, EADDRINUSE);
}

TEST(Close, SoLingerZeroResetsTheConnection) {
  Sim r(tcp_pair("  - {host: server, call: recv, fd: c, size: 100, id: got}\n",
                 "  - {host: client, call: setsockopt, fd: k, option: SO_LINGER, value: 0}\n"
                 "  - {at: 100ms, host: client, call: close, fd: k}\n"));
  auto from_client = r.flags("client", "server");
  ASSERT_FALSE(from_client.empty());
  EXPECT_NE(from_client.back().find('R'), std::string::npos) << from_client.back();
  for (const std::string& f : from_client) EXPECT_EQ(f.find('F'), std::string::npos);
  auto got = r.returned("got");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->e.result, -1);
  EXPECT_EQ(got->e.err, ECONNRESET);
  ConnId k = r.conn_of("conn");
  EXPECT_EQ(r.path(k), "CLOSED>SYN-SENT>ESTABLISHED>CLOSED");
  EXPECT_EQ(r.entered(k, State::Closed), 100 * kMillis);
  EXPECT_EQ(r.state_at(r.conn_of("acc"), 1 * kSeconds), State::Closed);
}

// SO_LINGER with a time: close() blocks the thread until the FIN is
// acknowledged; the trace shows it issued, then returned at the ACK's arrival.
TEST(Close, SoLingerPositiveReturnsWhenTheFinIsAcknowledged) {
  Sim r(tcp_pair("",
                 "  - {host: client, call: setsockopt, fd: k, option: SO_LINGER, value: 5}\n"
                 "  - {at: 100ms, host: client, call: close, fd: k, id: bye}\n"
                 "  - {host: client, call: socket, as: next, id: after}\n"));
  auto issued = r.issued("bye");
  auto returned = r.returned("bye");
  ASSERT_TRUE(issued && returned);
  EXPECT_EQ(issued->t, 100 * kMillis);
  EXPECT_EQ(returned->e.result, 0);
  EXPECT_EQ(returned->e.err, 0);
  std::vector<Seg> from_server;
  for (const Seg& seg : r.segments("client", "server")) {
    if (seg.from == "server") from_server.push_back(seg);
  }
  ASSERT_FALSE(from_server.empty());
  EXPECT_EQ(from_server.back().flags, ".");
  EXPECT_EQ(returned->t, arrival(r, from_server.back(), "client")) << "at the ACK of the FIN";
  EXPECT_GT(returned->t, issued->t);
  EXPECT_EQ(r.entered(r.conn_of("conn"), State::FinWait2), returned->t);
  EXPECT_EQ(r.returned("after")->t, returned->t) << "the thread goes on once close returned";
}

// The peer's ACK of the FIN is lost: close() returns 0 at the linger time,
// as Linux's does, while the FIN is still retransmitted.
TEST(Close, SoLingerPositiveReturnsAtTheLingerTime) {
  Sim r(tcp_pair("",
                 "  - {host: client, call: setsockopt, fd: k, option: SO_LINGER, value: 2}\n"
                 "  - {at: 100ms, host: client, call: close, fd: k, id: bye}\n",
                 "faults:\n  - {drop: {from: server, to: client}, from: 100ms}\n"));
  auto returned = r.returned("bye");
  ASSERT_TRUE(returned);
  EXPECT_EQ(returned->t, 100 * kMillis + 2 * kSeconds);
  EXPECT_EQ(returned->e.err, 0);
  EXPECT_EQ(r.state_at(r.conn_of("conn"), returned->t), State::FinWait1);
}

TEST(Close, WithUnreadDataSendsRstInsteadOfFin) {
  Sim r(
      tcp_pair("  - {host: server, call: send, fd: c, data: unread}\n"
               "  - {at: 200ms, host: server, call: recv, fd: c, size: 100, id: got}\n",
               "  - {at: 100ms, host: client, call: close, fd: k}\n"));
  auto from_client = r.flags("client", "server");
  ASSERT_FALSE(from_client.empty());
  EXPECT_NE(from_client.back().find('R'), std::string::npos) << from_client.back();
  for (const std::string& f : from_client) EXPECT_EQ(f.find('F'), std::string::npos);
  EXPECT_TRUE(r.has_note("client", "close() with 6 unread bytes"));
  auto got = r.returned("got");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->e.err, ECONNRESET);
  EXPECT_EQ(r.state_at(r.conn_of("conn"), 150 * kMillis), State::Closed);
}

TEST(Shutdown, WriteSideHalfClosesWhileThePeerKeepsSending) {
  Sim r(tcp_pair(R"(  - {host: server, call: recv, fd: c, size: 100, id: eof}
  - {host: server, call: send, fd: c, data: still-talking, id: late_send}
  - {at: 300ms, host: server, call: close, fd: c}
)",
                 R"(  - {at: 50ms, host: client, call: shutdown, fd: k, how: SHUT_WR}
  - {host: client, call: send, fd: k, data: nope, id: epipe}
  - {host: client, call: recv, fd: k, size: 100, id: late}
  - {host: client, call: recv, fd: k, size: 100, id: end}
  - {host: client, call: close, fd: k}
)"));
  ASSERT_TRUE(r.returned("eof") && r.returned("late") && r.returned("epipe") && r.returned("end"));
  EXPECT_EQ(r.returned("eof")->e.result, 0);
  EXPECT_EQ(r.returned("late_send")->e.result, 13);
  EXPECT_EQ(r.data(r.returned("late")->e), "still-talking");
  EXPECT_EQ(r.returned("epipe")->e.err, EPIPE);
  EXPECT_EQ(r.returned("end")->e.result, 0);
  EXPECT_GE(r.returned("end")->t, 300 * kMillis);
  ConnId k = r.conn_of("conn");
  EXPECT_EQ(r.state_at(k, 200 * kMillis), State::FinWait2);
  EXPECT_EQ(r.state_at(r.conn_of("acc"), 200 * kMillis), State::CloseWait);
  EXPECT_EQ(r.path(k), "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT>CLOSED");
  // The server's data went to a client that had already sent its FIN.
  auto segs = r.segments("client", "server");
  bool data_after_fin = false, fin_seen = false;
  for (const Seg& s : segs) {
    if (s.from == "client" && s.flags.find('F') != std::string::npos) fin_seen = true;
    if (s.from == "server" && s.len > 0 && fin_seen) data_after_fin = true;
  }
  EXPECT_TRUE(data_after_fin);
}

// The client's segments with payload, in order.
std::vector<Seg> data_from_client(const Sim& r) {
  std::vector<Seg> out;
  for (const Seg& s : r.segments("client", "server")) {
    if (s.from == "client" && s.len > 0) out.push_back(s);
  }
  return out;
}

const char* const kTwoSmallSends = R"(  - {at: 50ms, host: client, call: send, fd: k, data: aaaa}
  - {at: 50ms, host: client, call: send, fd: k, data: bbbb}
)";

TEST(Nagle, SecondSmallSegmentWaitsForTheAck) {
  Sim r(tcp_pair("  - {host: server, call: recv, fd: c, size: 8, id: got}\n", kTwoSmallSends),
        waitall({"got"}));
  auto data = data_from_client(r);
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[0].t, 50 * kMillis);
  EXPECT_EQ(data[0].len, 4u);
  // The server's ACK of the first segment (ack 5) releases the second.
  auto segs = r.segments("client", "server");
  auto ack = std::find_if(segs.begin(), segs.end(),
                          [](const Seg& s) { return s.from == "server" && s.ack == 5; });
  ASSERT_NE(ack, segs.end());
  EXPECT_EQ(data[1].t, arrival(r, *ack, "client"));
  EXPECT_GT(data[1].t, 50 * kMillis);
  EXPECT_EQ(r.data(r.returned("got")->e), "aaaabbbb");
}

TEST(Nagle, TcpNodelaySendsBothAtOnce) {
  Sim r(
      tcp_pair("  - {host: server, call: recv, fd: c, size: 8, id: got}\n",
               std::string(
                   "  - {host: client, call: setsockopt, fd: k, option: TCP_NODELAY, value: 1}\n") +
                   kTwoSmallSends),
      waitall({"got"}));
  auto data = data_from_client(r);
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[0].t, 50 * kMillis);
  EXPECT_EQ(data[1].t, 50 * kMillis);
  EXPECT_EQ(data[1].seq, 5u);
  EXPECT_EQ(r.data(r.returned("got")->e), "aaaabbbb");
}

TEST(Nagle, SettingTcpNodelayPushesWhatNagleHeld) {
  // Linux's TCP_NODELAY pushes pending frames at once (tcp_push_pending_frames
  // in __tcp_sock_set_nodelay); the held "bbbb" should not wait for the ACK.
  Sim r(tcp_pair("  - {host: server, call: recv, fd: c, size: 8, id: got}\n",
                 std::string(kTwoSmallSends) + "  - {at: 50ms, host: client, call: setsockopt, fd: "
                                               "k, option: TCP_NODELAY, value: 1}\n"),
        waitall({"got"}));
  auto data = data_from_client(r);
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[1].t, 50 * kMillis);  // at once, not after the first one's ACK
}

TEST(Recv, ReturnsWhatFitsAndKeepsTheRest) {
  Sim r(tcp_pair("  - {host: server, call: send, fd: c, data: hello world}\n",
                 R"(  - {at: 100ms, host: client, call: recv, fd: k, size: 5, id: first}
  - {host: client, call: recv, fd: k, size: 100, id: rest}
)"));
  ASSERT_TRUE(r.returned("first") && r.returned("rest"));
  EXPECT_EQ(r.returned("first")->e.result, 5);
  EXPECT_EQ(r.data(r.returned("first")->e), "hello");
  EXPECT_EQ(r.returned("first")->t, 100 * kMillis);  // the data was already there
  EXPECT_EQ(r.returned("rest")->e.result, 6);
  EXPECT_EQ(r.data(r.returned("rest")->e), " world");
}

TEST(Recv, ReturnsWhatHasArrivedUnlessWaitall) {
  Sim r(tcp_pair(R"(  - {at: 100ms, host: server, call: send, fd: c, data: abc}
  - {at: 200ms, host: server, call: send, fd: c, data: def}
  - {at: 300ms, host: server, call: send, fd: c, data: ghi}
  - {at: 400ms, host: server, call: send, fd: c, data: jkl}
)",
                 R"(  - {host: client, call: recv, fd: k, size: 6, id: plain}
  - {at: 150ms, host: client, call: recv, fd: k, size: 9, id: all}
)"),
        waitall({"all"}));
  auto plain = r.returned("plain");
  auto all = r.returned("all");
  ASSERT_TRUE(plain && all);
  EXPECT_EQ(r.data(plain->e), "abc");
  EXPECT_GT(plain->t, 100 * kMillis);
  EXPECT_LT(plain->t, 200 * kMillis);
  EXPECT_EQ(all->e.result, 9);
  EXPECT_EQ(r.data(all->e), "defghijkl");
  EXPECT_GT(all->t, 400 * kMillis);
  ASSERT_TRUE(r.issued("all"));
  EXPECT_EQ(r.issued("all")->t, 150 * kMillis);
}

TEST(Recv, WaitallReturnsShortAtEndOfFile) {
  Sim r(tcp_pair(R"(  - {at: 100ms, host: server, call: send, fd: c, data: abc}
  - {at: 200ms, host: server, call: close, fd: c}
)",
                 "  - {host: client, call: recv, fd: k, size: 10, id: all}\n"),
        waitall({"all"}));
  auto all = r.returned("all");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->e.result, 3);
  EXPECT_EQ(r.data(all->e), "abc");
  EXPECT_GT(all->t, 200 * kMillis);
}

TEST(Recv, WaitallIsAKeyOfRecvSteps) {
  // scenario.hpp gives Step::waitall ("recv with MSG_WAITALL"); a file must be able to say it.
  scenario::LoadResult loaded = scenario::load_text(
      tcp_pair("  - {host: server, call: recv, fd: c, size: 8, waitall: true, id: got}\n", ""),
      "waitall.yaml");
  ASSERT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  bool set = false;
  for (const scenario::Step& st : loaded.scenario->steps)
    set = set || (st.id == "got" && st.waitall);
  EXPECT_TRUE(set);
}

TEST(Send, BlocksWhileTheSendBufferIsFullAndReturnsLater) {
  // 6000 bytes into a 1000-byte send buffer, towards a 2000-byte receive
  // buffer that nobody reads until 1 s.
  Sim r(scenario_text(R"(
topology:
  hosts:
    - {name: client, ip: 10.0.0.1/24, settings: {send_buffer: 1000}}
    - {name: server, ip: 10.0.0.2/24, settings: {receive_buffer: 2000}}
  switches:
    - {name: sw1}
  links:
    - {a: client, b: sw1}
    - {a: server, b: sw1}
script:
  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {host: server, call: accept, fd: l, as: c}
  - {at: 1s, host: server, call: recv, fd: c, size: 6000, id: got}
  - {at: 10ms, host: client, call: socket, as: k}
  - {at: 10ms, host: client, call: connect, fd: k, to: server:80}
  - {host: client, call: send, fd: k, bytes: 6000, id: big}
)"),
        waitall({"got"}));
  auto issued = r.issued("big");
  auto returned = r.returned("big");
  ASSERT_TRUE(issued);
  EXPECT_LT(issued->t, 20 * kMillis);
  ASSERT_TRUE(returned);
  EXPECT_EQ(returned->e.result, 6000);
  EXPECT_GT(returned->t, 1 * kSeconds);
  // Nothing beyond the receive buffer was sent before the reader woke.
  std::uint32_t before = 0;
  for (const Seg& s : data_from_client(r)) {
    if (s.t < 1 * kSeconds) before += s.len;
  }
  EXPECT_LE(before, 2000u);
  ASSERT_TRUE(r.returned("got"));
  EXPECT_EQ(r.returned("got")->e.result, 6000);
}

TEST(Fd, NumbersStartAtThreeAndTheLowestFreeIsReused) {
  Sim r(scenario_text(std::string(kLan) + R"(script:
  - {host: client, call: socket, as: a, id: a}
  - {host: client, call: socket, as: b, id: b}
  - {host: client, call: socket, as: c, id: c}
  - {host: client, call: close, fd: a}
  - {host: client, call: close, fd: c}
  - {host: client, call: socket, as: d, id: d}
  - {host: client, call: socket, udp: true, as: e, id: e}
  - {host: client, call: socket, as: f, id: f}
  - {host: server, call: socket, as: s, id: s}
)"));
  EXPECT_EQ(r.returned("a")->e.result, 3);
  EXPECT_EQ(r.returned("b")->e.result, 4);
  EXPECT_EQ(r.returned("c")->e.result, 5);
  EXPECT_EQ(r.returned("d")->e.result, 3);
  EXPECT_EQ(r.returned("e")->e.result, 5);
  EXPECT_EQ(r.returned("f")->e.result, 6);
  EXPECT_EQ(r.returned("s")->e.result, 3);  // each host has its own table
}

TEST(Fd, AcceptTakesTheLowestFreeNumber) {
  Sim r(
      tcp_pair("  - {host: server, call: close, fd: c}\n"
               "  - {host: server, call: accept, fd: l, as: c2, id: acc2}\n",
               "  - {at: 20ms, host: client, call: socket, as: k2}\n"
               "  - {at: 20ms, host: client, call: connect, fd: k2, to: server:80}\n"));
  EXPECT_EQ(r.returned("acc")->e.result, 4);
  ASSERT_TRUE(r.returned("acc2"));
  EXPECT_EQ(r.returned("acc2")->e.result, 4);
}

}  // namespace
}  // namespace synack::sim::testing

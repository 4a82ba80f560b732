// Expectations against hand-built traces: one small LAN (client - sw1 - server)
// with a handshake, a few bytes, socket calls, ARP and MAC tables, counters and
// listen queues, and every expectation kind checked passing and failing.
#include "sim/scenario/expect.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "core/tcp_segment.hpp"
#include "core/wire/frame.hpp"
#include "sim/lang/tr.hpp"

namespace synack::scenario {
namespace {

using trace::NodeId;
using namespace tcp::flag;

constexpr TimeUs kMs = tcp::kMillis;
constexpr TimeUs kS = tcp::kSeconds;
constexpr wire::Ipv4Address kClientIp(10, 0, 0, 1);
constexpr wire::Ipv4Address kServerIp(10, 0, 0, 2);
constexpr wire::MacAddress kClientMac({0x02, 0, 0, 0, 0, 0x01});
constexpr wire::MacAddress kServerMac({0x02, 0, 0, 0, 0, 0x02});
constexpr std::uint32_t kClientIsn = 1000;
constexpr std::uint32_t kServerIsn = 5000;

// Step indices of the script below.
enum StepIndex : std::uint32_t {
  kSocket,
  kConnect,
  kListen,
  kAccept,
  kServerRecv,
  kClientRecv,
  kClientClose,
};

class ExpectTest : public ::testing::Test {
 protected:
  ExpectTest() {
    client_ = add_host("client", kClientIp, kClientMac);
    server_ = add_host("server", kServerIp, kServerMac);
    sw_ = static_cast<NodeId>(trace_.nodes.size());
    trace_.nodes.push_back(trace::NodeInfo{"sw1", trace::NodeKind::Switch, {}, {}});
    trace_.links.push_back(trace::LinkInfo{"client-sw1", client_, sw_, 0, 1, kMs, 0});
    trace_.links.push_back(trace::LinkInfo{"server-sw1", server_, sw_, 0, 2, kMs, 0});
    scenario_.file = "handshake.yaml";
    scenario_.steps = {
        make_step("client", CallKind::Socket, "", "c", 10),
        make_step("client", CallKind::Connect, "c", "", 11),
        make_step("server", CallKind::Listen, "l", "", 12),
        make_step("server", CallKind::Accept, "l", "s", 13),
        make_step("server", CallKind::Recv, "s", "", 14),
        make_step("client", CallKind::Recv, "c", "", 15),
        make_step("client", CallKind::Close, "c", "", 16),
    };
    scenario_.steps[kConnect].addr = kServerIp;
    scenario_.steps[kConnect].port = 80;
  }

  NodeId add_host(const std::string& name, wire::Ipv4Address ip, const wire::MacAddress& mac) {
    trace_.nodes.push_back(
        trace::NodeInfo{name, trace::NodeKind::Host, {{"eth0", mac, ip, 24}}, {}});
    return static_cast<NodeId>(trace_.nodes.size() - 1);
  }

  static Step make_step(const std::string& host, CallKind call, const std::string& fd,
                        const std::string& as, int line) {
    Step step;
    step.host = host;
    step.call = call;
    step.fd = fd;
    step.as = as;
    step.mark = Mark{line, 5};
    return step;
  }

  // A TCP segment from client (or server) to the other through sw1: the
  // sender's Sent, the switch's Delivered and Sent, the receiver's Delivered.
  // `duplicate` adds a second delivery, as a link fault would.
  void segment(TimeUs t, bool from_client, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
               const std::string& payload = "", bool duplicate = false) {
    wire::Ipv4Repr ip;
    ip.src = from_client ? kClientIp : kServerIp;
    ip.dst = from_client ? kServerIp : kClientIp;
    wire::TcpRepr tcp;
    tcp.src_port = from_client ? 49152 : 80;
    tcp.dst_port = from_client ? 80 : 49152;
    tcp.seg.seq = SeqNum(seq);
    tcp.seg.ack = SeqNum(ack);
    tcp.seg.flags = flags;
    tcp.seg.window = 65535;
    tcp.seg.payload.assign(payload.begin(), payload.end());
    const auto bytes = wire::build_tcp_frame(from_client ? kClientMac : kServerMac,
                                             from_client ? kServerMac : kClientMac, ip, tcp);
    const trace::FrameId frame = trace_.add_frame(bytes);
    const NodeId sender = from_client ? client_ : server_;
    const NodeId receiver = from_client ? server_ : client_;
    const trace::LinkId first = from_client ? 0 : 1;
    const trace::LinkId second = from_client ? 1 : 0;
    trace_.add(t, trace::FrameEvent{frame, first, sender, sw_, trace::Fate::Sent});
    trace_.add(t, trace::FrameEvent{frame, first, sender, sw_, trace::Fate::Delivered});
    trace_.add(t, trace::FrameEvent{frame, second, sw_, receiver, trace::Fate::Sent});
    trace_.add(t, trace::FrameEvent{frame, second, sw_, receiver, trace::Fate::Delivered});
    if (duplicate) {
      trace_.add(t, trace::FrameEvent{frame, second, sw_, receiver, trace::Fate::Delivered});
    }
  }

  // Handshake, five bytes from client to server, their ACK.
  void handshake_and_data() {
    segment(1 * kMs, true, SYN, kClientIsn, 0);
    segment(2 * kMs, false, SYN | ACK, kServerIsn, kClientIsn + 1);
    segment(3 * kMs, true, ACK, kClientIsn + 1, kServerIsn + 1);
    segment(4 * kMs, true, PSH | ACK, kClientIsn + 1, kServerIsn + 1, "hello");
    segment(5 * kMs, false, ACK, kServerIsn + 1, kClientIsn + 6);
  }

  void state(TimeUs t, NodeId host, trace::ConnId conn, tcp::State from, tcp::State to,
             const char* cause) {
    trace_.add(t, trace::StateEvent{host, conn, from, to, trace_.intern(cause)});
  }

  void call(TimeUs t, NodeId host, std::uint32_t step, trace::CallPhase phase,
            trace::ConnId conn = trace::kNone, std::int64_t result = 0, std::int32_t err = 0,
            const std::string& data = "") {
    trace::CallEvent e;
    e.host = host;
    e.step = step;
    e.call = trace_.intern(call_name(scenario_.steps[step].call));
    if (!data.empty()) e.data = trace_.intern(data);
    e.fd = 3;
    e.conn = conn;
    e.err = err;
    e.result = result;
    e.phase = phase;
    trace_.add(t, e);
  }

  // Connections, states and calls: the client connects (conn 0), the server
  // accepts (conn 1) and reads "hello"; the client's recv then blocks, so its
  // close never runs.
  void sockets() {
    const trace::ConnId c =
        trace_.add_conn(client_, {kClientIp.value(), 49152, kServerIp.value(), 80});
    const trace::ConnId s =
        trace_.add_conn(server_, {kServerIp.value(), 80, kClientIp.value(), 49152});
    using tcp::State;
    using trace::CallPhase;
    call(0, client_, kSocket, CallPhase::Returned, trace::kNone, 3);
    call(0, server_, kListen, CallPhase::Returned);
    call(0, server_, kAccept, CallPhase::Issued);
    call(1 * kMs, client_, kConnect, CallPhase::Issued, c);
    state(1 * kMs, client_, c, State::Closed, State::SynSent, "user OPEN");
    state(1 * kMs, server_, s, State::Listen, State::SynReceived, "rcv SYN");
    state(2 * kMs, client_, c, State::SynSent, State::Established, "rcv SYN,ACK");
    call(2 * kMs, client_, kConnect, CallPhase::Returned, c);
    state(3 * kMs, server_, s, State::SynReceived, State::Established, "rcv ACK");
    call(3 * kMs, server_, kAccept, CallPhase::Returned, s, 4);
    call(4 * kMs, server_, kServerRecv, CallPhase::Returned, s, 5, 0, "hello");
    call(5 * kMs, client_, kClientRecv, CallPhase::Issued, c);
  }

  // A last record, so the run ends at 9 s.
  void end_run() { trace_.add(9 * kS, trace::NoteEvent{client_, trace_.intern("end")}); }

  Verdict check_one(ExpectationBody body) {
    scenario_.expectations = {Expectation{std::move(body), "", Mark{30, 3}}};
    const std::vector<Verdict> verdicts = check(scenario_, trace_);
    EXPECT_EQ(verdicts.size(), 1u);
    return verdicts.at(0);
  }

  static SegmentPattern pat(const std::string& from, const std::string& to, std::uint8_t flags,
                            std::optional<std::uint32_t> seq = std::nullopt,
                            std::optional<std::uint32_t> ack = std::nullopt,
                            std::optional<std::uint32_t> len = std::nullopt) {
    SegmentPattern p;
    p.from = from;
    p.to = to;
    p.flags = flags;
    p.seq = seq;
    p.ack = ack;
    p.len = len;
    return p;
  }

  ExpectSegments between(std::vector<SegmentPattern> patterns,
                         SegmentMatch match = SegmentMatch::Prefix) {
    ExpectSegments e;
    e.a = "client";
    e.b = "server";
    e.segments = std::move(patterns);
    e.match = match;
    return e;
  }

  trace::Trace trace_;
  Scenario scenario_;
  NodeId client_ = 0, server_ = 0, sw_ = 0;
};

// ---- time and printing ------------------------------------------------------------

TEST(FormatTime, SecondsWithMillisecondsOrMicroseconds) {
  EXPECT_EQ(format_time(0), "0.000 s");
  EXPECT_EQ(format_time(1 * kS), "1.000 s");
  EXPECT_EQ(format_time(1500 * kMs), "1.500 s");
  EXPECT_EQ(format_time(2 * kMs + 250), "0.002250 s");
  EXPECT_EQ(format_time(kForever), "the end");
}

TEST(PrintVerdicts, PassFailWithMarkExpectedActualAndNote) {
  Scenario scenario;
  scenario.file = "close.yaml";
  std::vector<Verdict> verdicts(2);
  verdicts[0] =
      Verdict{true, "client fd c is ESTABLISHED at 1.000 s", "ESTABLISHED", "", {4, 7}, ""};
  verdicts[1] = Verdict{false,
                        "segments between a and b begin with these 2",
                        "a > b: S\nb > a: S.",
                        "a > b: S seq 0 len 0\nb > a: R. seq 0 ack 1 len 0",
                        {9, 3},
                        "the server is not listening"};
  std::ostringstream out;
  print_verdicts(scenario, verdicts, out);
  EXPECT_EQ(out.str(),
            "close.yaml:4:7: PASS client fd c is ESTABLISHED at 1.000 s\n"
            "close.yaml:9:3: FAIL segments between a and b begin with these 2\n"
            "   expected: a > b: S\n"
            "             b > a: S.\n"
            "   actual:   a > b: S seq 0 len 0\n"
            "             b > a: R. seq 0 ack 1 len 0\n"
            "   note:     the server is not listening\n");
}

TEST_F(ExpectTest, VerdictsKeepOrderMarkAndNote) {
  sockets();
  ExpectState established{{"client", "c", {}, {}}, 2 * kMs, tcp::State::Established};
  ExpectState closed{{"client", "c", {}, {}}, 2 * kMs, tcp::State::Closed};
  scenario_.expectations = {Expectation{established, "handshake done", Mark{20, 5}},
                            Expectation{closed, "", Mark{21, 5}}};
  const std::vector<Verdict> v = check(scenario_, trace_);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].ok);
  EXPECT_EQ(v[0].mark.line, 20);
  EXPECT_EQ(v[0].note, "handshake done");
  EXPECT_FALSE(v[1].ok);
  EXPECT_EQ(v[1].mark.line, 21);
}

// ---- connection states ---------------------------------------------------------------

TEST_F(ExpectTest, StateByFdLabelOfConnect) {
  sockets();
  const Verdict v =
      check_one(ExpectState{{"client", "c", {}, {}}, 2 * kMs, tcp::State::Established});
  EXPECT_TRUE(v.ok) << v.actual;
  EXPECT_EQ(v.what, "client fd c is ESTABLISHED at 0.002 s");
}

TEST_F(ExpectTest, StateTooEarlySaysWhenItChanges) {
  sockets();
  const Verdict v = check_one(ExpectState{{"client", "c", {}, {}}, 1500, tcp::State::Established});
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.expected, "ESTABLISHED");
  EXPECT_EQ(v.actual,
            "SYN-SENT since 0.001 s (user OPEN); then ESTABLISHED at 0.002 s (rcv SYN,ACK); "
            "connection 10.0.0.1:49152-10.0.0.2:80");
}

TEST_F(ExpectTest, StateByFdLabelOfAccept) {
  sockets();
  end_run();
  EXPECT_TRUE(check_one(ExpectState{{"server", "s", {}, {}}, 2 * kMs, tcp::State::SynReceived}).ok);
  const Verdict v = check_one(ExpectState{{"server", "s", {}, {}}, 9 * kS, tcp::State::Closed});
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual.substr(0, 36), "ESTABLISHED since 0.003 s (rcv ACK);");
  EXPECT_NE(v.actual.find("no later change"), std::string::npos);
}

TEST_F(ExpectTest, StateByFdLabelOfListen) {
  sockets();
  const trace::ConnId l = trace_.add_conn(server_, {kServerIp.value(), 80, 0, 0});
  call(6 * kMs, server_, kListen, trace::CallPhase::Returned, l);
  state(6 * kMs, server_, l, tcp::State::Closed, tcp::State::Listen, "user OPEN (passive)");
  EXPECT_TRUE(check_one(ExpectState{{"server", "l", {}, {}}, 6 * kMs, tcp::State::Listen}).ok);
}

TEST_F(ExpectTest, StateByPorts) {
  sockets();
  EXPECT_TRUE(
      check_one(ExpectState{{"server", "", 80, 49152}, 3 * kMs, tcp::State::Established}).ok);
  EXPECT_TRUE(check_one(ExpectState{{"client", "", {}, 80}, 3 * kMs, tcp::State::Established}).ok);
}

TEST_F(ExpectTest, StateBeforeAnyEventIsClosed) {
  sockets();
  EXPECT_TRUE(check_one(ExpectState{{"client", "c", {}, {}}, 500, tcp::State::Closed}).ok);
  const Verdict v = check_one(ExpectState{{"client", "c", {}, {}}, 500, tcp::State::SynSent});
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual.substr(0, 62),
            "CLOSED (no state change yet); then SYN-SENT at 0.001 s (user O");
}

TEST_F(ExpectTest, StateAfterReturnToClosedIsClosed) {
  sockets();
  state(10 * kS, client_, 0, tcp::State::Established, tcp::State::Closed, "rcv RST");
  EXPECT_TRUE(check_one(ExpectState{{"client", "c", {}, {}}, 10 * kS, tcp::State::Closed}).ok);
}

TEST_F(ExpectTest, StateOfMissingConnectionIsClosedAndSaysWhatExists) {
  sockets();
  EXPECT_TRUE(check_one(ExpectState{{"client", "x", {}, {}}, 1 * kS, tcp::State::Closed}).ok);
  const Verdict v =
      check_one(ExpectState{{"client", "x", {}, {}}, 1 * kS, tcp::State::Established});
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual,
            "no such connection (so CLOSED); no connect or accept on fd x made one; client has "
            "10.0.0.1:49152-10.0.0.2:80 (fd c)");
  const Verdict port = check_one(ExpectState{{"server", "", 81, {}}, 1 * kS, tcp::State::Listen});
  EXPECT_FALSE(port.ok);
  EXPECT_EQ(port.what, "server local port 81 is LISTEN at 1.000 s");
}

TEST_F(ExpectTest, StateOnUnknownHostFails) {
  const Verdict v = check_one(ExpectState{{"nobody", "", {}, {}}, 0, tcp::State::Closed});
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.actual.find("\"nobody\""), std::string::npos);
}

// ---- segments ----------------------------------------------------------------------------

TEST_F(ExpectTest, SegmentsPrefixWithRelativeNumbers) {
  handshake_and_data();
  const Verdict v = check_one(
      between({pat("client", "server", SYN, 0, {}, 0), pat("server", "client", SYN | ACK, 0, 1, 0),
               pat("client", "server", ACK, 1, 1, 0)}));
  EXPECT_TRUE(v.ok) << v.actual;
  EXPECT_EQ(v.what, "segments between client and server begin with these 3");
  EXPECT_EQ(v.expected,
            "client > server: S seq 0 len 0\nserver > client: S. seq 0 ack 1 len 0\n"
            "client > server: . seq 1 ack 1 len 0");
}

TEST_F(ExpectTest, SegmentsPrefixMismatchMarksTheFirstDifference) {
  handshake_and_data();
  const Verdict v = check_one(
      between({pat("client", "server", SYN, 0), pat("server", "client", RST | ACK, 0, 1)}));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual,
            "client > server: S seq 0 len 0         at 0.001 s\n"
            "server > client: S. seq 0 ack 1 len 0  at 0.002 s  <-- first mismatch (flags)\n"
            "client > server: . seq 1 ack 1 len 0   at 0.003 s\n"
            "client > server: P. seq 1 ack 1 len 5  at 0.004 s\n"
            "server > client: . seq 1 ack 6 len 0   at 0.005 s");
}

TEST_F(ExpectTest, SegmentsPshIgnoredUnlessWritten) {
  handshake_and_data();
  const auto data = [](std::uint8_t flags, bool psh) {
    SegmentPattern p = pat("client", "server", flags, 1, 1, 5);
    p.psh_given = psh;
    return p;
  };
  ExpectSegments e = between({data(ACK, false)}, SegmentMatch::Contains);
  EXPECT_TRUE(check_one(e).ok);
  e.segments = {data(ACK, true)};
  EXPECT_FALSE(check_one(e).ok);
  e.segments = {data(PSH | ACK, true)};
  EXPECT_TRUE(check_one(e).ok);
}

TEST_F(ExpectTest, SegmentsWrongNumbersNameTheFields) {
  handshake_and_data();
  const Verdict v = check_one(
      between({pat("client", "server", SYN, 0), pat("server", "client", SYN | ACK, 1, 0)}));
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.actual.find("<-- first mismatch (seq, ack)"), std::string::npos) << v.actual;
}

TEST_F(ExpectTest, SegmentsDirectionMustMatchWhenGiven) {
  handshake_and_data();
  const Verdict v = check_one(between({pat("server", "client", SYN)}));
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.actual.find("<-- first mismatch (direction)"), std::string::npos) << v.actual;
  EXPECT_TRUE(check_one(between({pat("", "", SYN), pat("", "", SYN | ACK)})).ok);
}

TEST_F(ExpectTest, SegmentsExact) {
  handshake_and_data();
  std::vector<SegmentPattern> all = {
      pat("client", "server", SYN), pat("server", "client", SYN | ACK),
      pat("client", "server", ACK), pat("client", "server", ACK, 1, 1, 5),
      pat("server", "client", ACK, 1, 6, 0)};
  EXPECT_TRUE(check_one(between(all, SegmentMatch::Exact)).ok);

  all.resize(3);
  const Verdict extra = check_one(between(all, SegmentMatch::Exact));
  EXPECT_FALSE(extra.ok);
  EXPECT_EQ(extra.what, "segments between client and server are exactly these 3");
  EXPECT_NE(extra.actual.find("P. seq 1 ack 1 len 5  at 0.004 s  <-- unexpected: only 3 expected"),
            std::string::npos)
      << extra.actual;
}

TEST_F(ExpectTest, SegmentsMissingAtTheEnd) {
  handshake_and_data();
  ExpectSegments e = between({pat("client", "server", SYN), pat("server", "client", SYN | ACK)});
  e.until = 2 * kMs;  // only the SYN is before it
  const Verdict v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.what, "segments between client and server until 0.002 s begin with these 2");
  EXPECT_EQ(v.actual,
            "client > server: S seq 0 len 0  at 0.001 s\n"
            "(only 1 segments; nothing for pattern 2: server > client: S.)");
}

TEST_F(ExpectTest, SegmentsNoneAtAll) {
  const Verdict v = check_one(between({pat("client", "server", SYN)}));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual, "no TCP segments\n(nothing for pattern 1: client > server: S)");
}

TEST_F(ExpectTest, SegmentsContainsInOrder) {
  handshake_and_data();
  EXPECT_TRUE(check_one(between({pat("client", "server", SYN), pat("server", "client", ACK, {}, 6)},
                                SegmentMatch::Contains))
                  .ok);
  const Verdict v = check_one(between(
      {pat("server", "client", ACK, {}, 6), pat("client", "server", SYN)}, SegmentMatch::Contains));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.what, "segments between client and server include these 2 in order");
  EXPECT_NE(v.actual.find("len 0   at 0.005 s  <-- pattern 1"), std::string::npos) << v.actual;
  EXPECT_NE(v.actual.find("(no segment after the one for pattern 1 matches pattern 2: client > "
                          "server: S)"),
            std::string::npos)
      << v.actual;
}

TEST_F(ExpectTest, SegmentsFromTimeWindow) {
  handshake_and_data();
  ExpectSegments e = between({pat("client", "server", PSH | ACK, 1, 1, 5)});
  e.from = 4 * kMs;
  EXPECT_TRUE(check_one(e).ok);
}

TEST_F(ExpectTest, SegmentsCountRetransmissionsButNotLinkDuplicates) {
  segment(1 * kMs, true, SYN, kClientIsn, 0, "", true);
  segment(1001 * kMs, true, SYN, kClientIsn, 0);
  const std::vector<SegmentPattern> two = {pat("client", "server", SYN, 0),
                                           pat("client", "server", SYN, 0)};
  EXPECT_TRUE(check_one(between(two, SegmentMatch::Exact)).ok);

  // On the link the duplicate is one more delivery.
  ExpectSegments on_link = between(two, SegmentMatch::Exact);
  on_link.a.clear();
  on_link.b.clear();
  on_link.link = "server-sw1";
  const Verdict v = check_one(on_link);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.what, "segments delivered on link server-sw1 are exactly these 2");
  EXPECT_NE(v.actual.find("at 1.001 s  <-- unexpected: only 2 expected"), std::string::npos)
      << v.actual;
  on_link.segments.push_back(two[0]);
  EXPECT_TRUE(check_one(on_link).ok);
}

TEST_F(ExpectTest, SegmentsLongListIsCut) {
  for (int i = 0; i < 50; ++i) segment((i + 1) * kMs, true, SYN, kClientIsn, 0);
  std::vector<SegmentPattern> patterns(30, pat("client", "server", SYN));
  patterns.push_back(pat("client", "server", RST));
  const Verdict v = check_one(between(patterns));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual.substr(0, 15), "... 20 earlier\n");
  EXPECT_NE(v.actual.find("at 0.031 s  <-- first mismatch (flags)"), std::string::npos);
  EXPECT_NE(v.actual.find("\n... 10 more"), std::string::npos) << v.actual;
}

TEST_F(ExpectTest, SegmentsOnUnknownLinkOrHostFail) {
  ExpectSegments e = between({});
  e.b = "nobody";
  EXPECT_NE(check_one(e).actual.find("\"nobody\""), std::string::npos);
  e = between({});
  e.link = "nowhere";
  EXPECT_EQ(check_one(e).actual, "no link named \"nowhere\" in the trace");
}

// ---- call results -----------------------------------------------------------------------

ExpectCall call_expect(std::uint32_t step) {
  ExpectCall e;
  e.step_index = step;
  return e;
}

TEST_F(ExpectTest, CallReturnsInTime) {
  sockets();
  ExpectCall e = call_expect(kConnect);
  e.expect.result = 0;
  e.expect.err = 0;
  e.returned_by = 2 * kMs;
  Verdict v = check_one(e);
  EXPECT_TRUE(v.ok) << v.actual;
  EXPECT_EQ(v.what,
            "client connect fd c to 10.0.0.2:80 returns 0 and succeeds no later than 0.002 s");

  e.returned_by = 1500;
  v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.expected, "result 0, no error, returned by 0.001500 s");
  EXPECT_EQ(v.actual, "returned 0 at 0.002 s (issued at 0.001 s)");
}

// returned_after is a lower bound, exclusive: "accept returns only after the
// third segment" in one expectation.
TEST_F(ExpectTest, CallReturnsAfterATime) {
  sockets();
  ExpectCall e = call_expect(kConnect);
  e.returned_after = 1500;
  Verdict v = check_one(e);
  EXPECT_TRUE(v.ok) << v.actual;
  EXPECT_EQ(v.what, "client connect fd c to 10.0.0.2:80 returns later than 0.001500 s");

  e.returned_after = 2 * kMs;  // it returned exactly then: not after
  v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.expected, "returned after 0.002 s");
}

TEST_F(ExpectTest, CallWithErrnoNamesIt) {
  sockets();
  ExpectCall e = call_expect(kConnect);
  e.step = "open";
  scenario_.steps[kConnect].id = "open";
  e.expect.err = 111;
  const Verdict v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.what, "step \"open\" (client connect fd c to 10.0.0.2:80) fails with ECONNREFUSED");
  EXPECT_EQ(v.expected, "errno ECONNREFUSED");
}

TEST_F(ExpectTest, CallFailureShowsErrno) {
  sockets();
  scenario_.steps[kClientClose].thread = "other";
  call(6 * kMs, client_, kClientClose, trace::CallPhase::Returned, trace::kNone, -1, 9);
  ExpectCall e = call_expect(kClientClose);
  e.expect.err = 0;
  const Verdict v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual, "returned -1, errno EBADF at 0.006 s");
}

TEST_F(ExpectTest, CallRecvData) {
  sockets();
  ExpectCall e = call_expect(kServerRecv);
  e.expect.data = "hello";
  e.expect.result = 5;
  EXPECT_TRUE(check_one(e).ok);
  e.expect.data = "hello\n";
  const Verdict v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.expected, "result 5, data \"hello\\n\"");
  EXPECT_EQ(v.actual, "returned 5, data \"hello\" at 0.004 s");
}

TEST_F(ExpectTest, CallBlocks) {
  sockets();
  end_run();
  ExpectCall e = call_expect(kClientRecv);
  e.blocks = true;
  EXPECT_TRUE(check_one(e).ok);

  e.blocks = false;
  e.expect.result = 0;
  const Verdict v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual, "issued at 0.005 s, still blocked at the end of the run (9.000 s)");

  ExpectCall returned = call_expect(kConnect);
  returned.blocks = true;
  const Verdict r = check_one(returned);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.expected, "no return (still blocked)");
}

TEST_F(ExpectTest, CallNeverIssuedSaysWhichCallBlocks) {
  sockets();
  const Verdict v = check_one(call_expect(kClientClose));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.what, "client close fd c returns");
  EXPECT_EQ(v.actual,
            "never issued: the earlier client recv fd c (line 15) on the same thread still "
            "blocks");
}

TEST_F(ExpectTest, CallNeverIssuedAfterTheRunEnded) {
  sockets();
  end_run();
  scenario_.steps[kClientClose].thread = "other";
  scenario_.steps[kClientClose].at = 20 * kS;
  EXPECT_EQ(check_one(call_expect(kClientClose)).actual,
            "never issued: the run ended at 9.000 s, before the step's time 20.000 s");
}

// ---- ARP caches ---------------------------------------------------------------------------

class ArpTest : public ExpectTest {
 protected:
  ArpTest() {
    trace_.add(1 * kMs, trace::ArpEvent{client_, kServerIp, kServerMac, trace::ArpOp::Learned});
    trace_.add(61 * kS, trace::ArpEvent{client_, kServerIp, {}, trace::ArpOp::Expired});
  }
  ExpectArp arp(TimeUs at, std::optional<wire::MacAddress> mac, bool present = true) {
    ExpectArp e;
    e.host = "client";
    e.at = at;
    if (present) {
      e.present.push_back({kServerIp, mac});
    } else {
      e.absent.push_back(kServerIp);
    }
    return e;
  }
};

TEST_F(ArpTest, EntryPresentWithItsMac) {
  const Verdict v = check_one(arp(30 * kS, kServerMac));
  EXPECT_TRUE(v.ok) << v.actual;
  EXPECT_EQ(v.what, "client's ARP cache at 30.000 s has 10.0.0.2 at 02:00:00:00:00:02 (server)");
  EXPECT_TRUE(check_one(arp(30 * kS, std::nullopt)).ok);
}

TEST_F(ArpTest, WrongMac) {
  const Verdict v = check_one(arp(30 * kS, kClientMac));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.expected, "10.0.0.2 at 02:00:00:00:00:01 (client)");
  EXPECT_EQ(v.actual,
            "10.0.0.2 at 02:00:00:00:00:02 (server); 10.0.0.2 learned at 0.001 s, then expired at "
            "61.000 s");
}

TEST_F(ArpTest, EntryExpires) {
  EXPECT_TRUE(check_one(arp(61 * kS, std::nullopt, false)).ok);
  const Verdict v = check_one(arp(61 * kS, std::nullopt));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual, "empty; 10.0.0.2 expired at 61.000 s");
  const Verdict early = check_one(arp(0, std::nullopt));
  EXPECT_EQ(early.actual, "empty; 10.0.0.2 not resolved by then, then learned at 0.001 s");
  const Verdict still = check_one(arp(2 * kMs, std::nullopt, false));
  EXPECT_FALSE(still.ok);
  EXPECT_EQ(still.what, "client's ARP cache at 0.002 s has no entry for 10.0.0.2");
}

// ---- MAC tables -----------------------------------------------------------------------------

class MacTableTest : public ExpectTest {
 protected:
  MacTableTest() {
    trace_.add(1 * kMs, trace::MacEvent{sw_, kClientMac, 1, trace::MacOp::Learned});
    trace_.add(2 * kMs, trace::MacEvent{sw_, kServerMac, 2, trace::MacOp::Learned});
    trace_.add(301 * kS, trace::MacEvent{sw_, kClientMac, 1, trace::MacOp::Aged});
  }
  ExpectMacTable table(TimeUs at) {
    ExpectMacTable e;
    e.node = "sw1";
    e.at = at;
    return e;
  }
};

TEST_F(MacTableTest, EntriesOnTheirPorts) {
  ExpectMacTable e = table(10 * kS);
  e.present = {{kClientMac, 1}, {kServerMac, std::nullopt}};
  e.size = 2;
  const Verdict v = check_one(e);
  EXPECT_TRUE(v.ok) << v.actual;
  EXPECT_EQ(v.what,
            "sw1's MAC table at 10.000 s has 02:00:00:00:00:01 (client) on port 1, has "
            "02:00:00:00:00:02 (server) and has 2 entries");
}

TEST_F(MacTableTest, WrongPortNamesTheLink) {
  ExpectMacTable e = table(10 * kS);
  e.present = {{kClientMac, 2}};
  const Verdict v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual,
            "02:00:00:00:00:01 (client) on port 1 (link client-sw1), 02:00:00:00:00:02 (server) on "
            "port 2 (link server-sw1); 02:00:00:00:00:01 (client) learned at 0.001 s, then aged "
            "out at 301.000 s");
}

TEST_F(MacTableTest, EntryAgesOut) {
  ExpectMacTable e = table(301 * kS);
  e.absent = {kClientMac};
  e.size = 1;
  EXPECT_TRUE(check_one(e).ok);
  e.absent.clear();
  e.present = {{kClientMac, std::nullopt}};
  e.size = 2;
  const Verdict v = check_one(e);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual,
            "02:00:00:00:00:02 (server) on port 2 (link server-sw1); 02:00:00:00:00:01 (client) "
            "aged out at 301.000 s; 1 entries, not 2");
}

// ---- counters -------------------------------------------------------------------------------

class CounterTest : public ExpectTest {
 protected:
  CounterTest() {
    const trace::TextId name = trace_.intern("retransmissions");
    trace_.add(2 * kS, trace::CounterEvent{server_, name, 1});
    trace_.add(5 * kS, trace::CounterEvent{server_, name, 3});
  }
  static ExpectCounter counter(const std::string& name, Compare op, std::int64_t value,
                               std::optional<TimeUs> at = std::nullopt) {
    return ExpectCounter{"server", name, op, value, at};
  }
};

TEST_F(CounterTest, ValueAtATimeAndAtTheEnd) {
  EXPECT_TRUE(check_one(counter("retransmissions", Compare::Ge, 1, 3 * kS)).ok);
  EXPECT_TRUE(check_one(counter("retransmissions", Compare::Eq, 3)).ok);
  const Verdict v = check_one(counter("retransmissions", Compare::Eq, 3, 3 * kS));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.what, "server counter retransmissions is 3 at 3.000 s");
  EXPECT_EQ(v.expected, "= 3");
  EXPECT_EQ(v.actual, "1 (since 2.000 s); 3 at the end");
  const Verdict before = check_one(counter("retransmissions", Compare::Gt, 0, 1 * kS));
  EXPECT_FALSE(before.ok);
  EXPECT_EQ(before.actual, "0 (not counted by then); 3 at the end");
}

TEST_F(CounterTest, NeverCountedIsZero) {
  EXPECT_TRUE(check_one(counter("syn_dropped", Compare::Eq, 0)).ok);
  const Verdict v = check_one(counter("syn_dropped", Compare::Gt, 0));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.what, "server counter syn_dropped is more than 0 at the end");
  EXPECT_EQ(v.expected, "> 0");
  EXPECT_EQ(v.actual, "0 (never counted; server counts retransmissions)");
}

// ---- listen queues ---------------------------------------------------------------------------

class QueueTest : public ExpectTest {
 protected:
  QueueTest() {
    trace_.add(1 * kMs, trace::QueueEvent{server_, 80, 1, 0, 5});
    trace_.add(3 * kMs, trace::QueueEvent{server_, 80, 0, 1, 5});
  }
  static ExpectQueue queue(std::uint16_t port, TimeUs at, std::optional<int> syn,
                           std::optional<int> accept) {
    return ExpectQueue{"server", port, at, syn, accept};
  }
};

TEST_F(QueueTest, LatestQueuesByThen) {
  const Verdict v = check_one(queue(80, 2 * kMs, 1, 0));
  EXPECT_TRUE(v.ok) << v.actual;
  EXPECT_EQ(v.what, "server port 80 has 1 in the SYN queue and 0 in the accept queue at 0.002 s");
  EXPECT_TRUE(check_one(queue(80, 3 * kMs, std::nullopt, 1)).ok);
  const Verdict late = check_one(queue(80, 3 * kMs, 1, std::nullopt));
  EXPECT_FALSE(late.ok);
  EXPECT_EQ(late.expected, "SYN queue 1");
  EXPECT_EQ(late.actual, "SYN queue 0, accept queue 1, backlog 5 (since 0.003 s)");
}

TEST_F(QueueTest, NoneRecordedIsEmpty) {
  EXPECT_TRUE(check_one(queue(81, 1 * kS, 0, 0)).ok);
  const Verdict v = check_one(queue(81, 1 * kS, 1, std::nullopt));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.actual, "SYN queue 0, accept queue 0 (no listen queue on port 81 by then)");
}

// ---- in the user's language ----------------------------------------------------------

// The sentences of a verdict follow the language in force; the words scripts
// grep stay English: PASS, FAIL, "expected:", "actual:", state names, errno
// names. Needs the zh_CN catalogue built into <build>/locale.
class ExpectInLanguage : public ExpectTest {
 protected:
  ExpectInLanguage() { lang::init(); }
  ~ExpectInLanguage() override { lang::set_language("en"); }

  std::string printed(const ExpectationBody& body) {
    scenario_.expectations = {Expectation{body, "", Mark{30, 3}}};
    std::ostringstream out;
    print_verdicts(scenario_, check(scenario_, trace_), out);
    return out.str();
  }
};

TEST_F(ExpectInLanguage, AFailingVerdictSaysWhyInChineseAfterItsKeywords) {
  sockets();
  lang::set_language("zh_CN");
  const ExpectState early{{"client", "c", {}, {}}, 1500, tcp::State::Established};
  EXPECT_EQ(printed(early),
            "handshake.yaml:30:3: FAIL client fd c 在 0.001500 s 时处于 ESTABLISHED\n"
            "   expected: ESTABLISHED\n"
            "   actual:   SYN-SENT，自 0.001 s 起（user OPEN）；随后于 0.002 s 变为 ESTABLISHED"
            "（rcv SYN,ACK）；连接 10.0.0.1:49152-10.0.0.2:80\n");

  scenario_.steps[kClientClose].thread = "other";
  call(6 * kMs, client_, kClientClose, trace::CallPhase::Returned, trace::kNone, -1, 9);
  ExpectCall close = call_expect(kClientClose);
  close.expect.err = 0;
  const Verdict v = check_one(close);
  EXPECT_EQ(v.what, "client close fd c 成功");
  EXPECT_EQ(v.expected, "没有错误");
  EXPECT_EQ(v.actual, "返回了 -1，errno EBADF，时间 0.006 s");

  const Verdict data = check_one(ExpectReceived{"server", "s", "help!", false});
  EXPECT_FALSE(data.ok);
  EXPECT_EQ(data.what, "server fd s 恰好收到 \"help!\"");
  EXPECT_EQ(data.actual, "5 个字节：第一处差异在字节偏移 3：预期 \"help!\"，实际 \"hello\"");
}

TEST_F(ExpectInLanguage, EnglishIsUnchangedAfterChinese) {
  sockets();
  const ExpectState early{{"client", "c", {}, {}}, 1500, tcp::State::Established};
  lang::set_language("zh_CN");
  EXPECT_EQ(printed(early).find("FAIL client fd c is"), std::string::npos);
  lang::set_language("en");
  EXPECT_EQ(printed(early),
            "handshake.yaml:30:3: FAIL client fd c is ESTABLISHED at 0.001500 s\n"
            "   expected: ESTABLISHED\n"
            "   actual:   SYN-SENT since 0.001 s (user OPEN); then ESTABLISHED at 0.002 s (rcv "
            "SYN,ACK); connection 10.0.0.1:49152-10.0.0.2:80\n");
  EXPECT_EQ(format_time(kForever), "the end");
}

}  // namespace
}  // namespace synack::scenario

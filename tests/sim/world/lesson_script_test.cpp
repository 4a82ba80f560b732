// Script features lessons are written with: steps timed after another step
// returned, a server with a thread per accepted connection, a UDP server that
// answers whoever it heard from, generated data and the check that it arrived
// whole.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "sim/scenario/expect.hpp"

namespace synack::sim::testing {
namespace {

constexpr const char* kServer = R"(script:
  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
)";

std::vector<scenario::Verdict> verdicts(const Sim& sim) {
  return scenario::check(sim.scenario, sim.trace);
}

TEST(After, StartsWhenTheOtherStepReturnedPlusTheDelay) {
  // The client closes 5 ms after the server's accept returned, on another host.
  const Sim sim(scenario_text(std::string(kLan) + kServer + R"(
  - {host: server, call: accept, fd: l, as: c, id: acc}
  - {at: 10ms, host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80}
  - {after: acc + 5ms, host: client, call: close, fd: k, id: bye}
  - {after: bye, host: server, call: recv, fd: c, size: 10, id: eof}
)"));
  const auto acc = sim.returned("acc");
  const auto bye = sim.issued("bye").value_or(At<trace::CallEvent>{});
  ASSERT_TRUE(acc);
  ASSERT_TRUE(sim.returned("bye"));
  EXPECT_EQ(sim.returned("bye")->t, acc->t + 5 * kMillis);
  EXPECT_GE(bye.t, 0);
  const auto eof = sim.returned("eof");
  ASSERT_TRUE(eof);
  EXPECT_GE(eof->t, acc->t + 5 * kMillis);
  EXPECT_EQ(eof->e.result, 0);
}

TEST(After, WaitsForEverWhenTheStepNeverReturns) {
  const Sim sim(scenario_text(std::string(kLan) + kServer + R"(
  - {host: server, call: accept, fd: l, as: c, id: acc}
  - {after: acc, host: client, call: socket, as: k, id: never}
)"));
  EXPECT_FALSE(sim.returned("acc"));
  EXPECT_FALSE(sim.issued("never"));
  EXPECT_FALSE(sim.returned("never"));
}

// An echo server as it is taught: accept in a loop, a thread per connection.
std::string echo_server(int clients, std::string_view expect = "") {
  std::string yaml = std::string(kLan) + kServer + R"(
  - host: server
    call: accept
    fd: l
    as: c
    id: acc
    each:
      - {call: recv, fd: c, size: 100, id: got}
      - {call: send, fd: c, data: "echo"}
      - {call: close, fd: c}
)";
  for (int i = 0; i < clients; ++i) {
    const std::string k = "k" + std::to_string(i);
    yaml += "  - {at: " + std::to_string(10 + 20 * i) + "ms, host: client, thread: t" +
            std::to_string(i) + ", call: socket, as: " + k + "}\n";
    yaml += "  - {host: client, thread: t" + std::to_string(i) + ", call: connect, fd: " + k +
            ", to: server:80}\n";
    yaml += "  - {host: client, thread: t" + std::to_string(i) + ", call: send, fd: " + k +
            ", data: hi" + std::to_string(i) + "}\n";
    yaml += "  - {host: client, thread: t" + std::to_string(i) + ", call: recv, fd: " + k +
            ", size: 100, id: r" + std::to_string(i) + "}\n";
  }
  return scenario_text(yaml + std::string(expect));
}

TEST(Each, AThreadPerAcceptedConnection) {
  const Sim sim(echo_server(3));
  for (int i = 0; i < 3; ++i) {
    const auto r = sim.returned("r" + std::to_string(i));
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(sim.data(r->e), "echo") << i;
  }
  // Three connections served, each closed by its own thread; the accept waits for a fourth.
  const auto calls = sim.records<trace::CallEvent>();
  int accepts = 0, closes = 0;
  for (const auto& c : calls) {
    if (c.e.phase != trace::CallPhase::Returned || c.e.host != sim.node("server")) continue;
    const scenario::Step& step = sim.scenario.steps[c.e.step];
    accepts += step.call == scenario::CallKind::Accept ? 1 : 0;
    closes += step.call == scenario::CallKind::Close && c.e.err == 0 ? 1 : 0;
  }
  EXPECT_EQ(accepts, 3);
  EXPECT_EQ(closes, 3);
  EXPECT_EQ(sim.issued("acc").has_value(), true);
}

TEST(Each, CountEndsTheLoopAndTheThreadGoesOn) {
  const Sim sim(scenario_text(std::string(kLan) + kServer + R"(
  - host: server
    call: accept
    fd: l
    as: c
    count: 1
    each:
      - {call: close, fd: c}
  - {host: server, call: close, fd: l, id: done}
  - {at: 10ms, host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80}
)"));
  const auto done = sim.returned("done");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->e.err, 0);
}

TEST(Each, TheConnectionsLabelIsEachThreadsOwn) {
  // Two clients at once: each thread's recv reads its own connection's bytes.
  const Sim sim(echo_server(2, R"(expect:
  - received: {host: server, fd: c, data: "hi0"}
)"));
  std::vector<std::string> got;
  for (const auto& c : sim.records<trace::CallEvent>()) {
    if (c.e.phase == trace::CallPhase::Returned && c.e.step == sim.step_index("got")) {
      got.push_back(sim.data(c.e));
    }
  }
  EXPECT_EQ(got, (std::vector<std::string>{"hi0", "hi1"}));
  // Each connection must have received "hi0": the second did not.
  const auto v = verdicts(sim);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_FALSE(v[0].ok);
  EXPECT_EQ(v[0].actual.rfind("3 bytes on ", 0), 0u) << v[0].actual;
  EXPECT_NE(v[0].actual.find(": first difference at byte 2: expected \"hi0\", got \"hi1\""),
            std::string::npos)
      << v[0].actual;
}

TEST(ToPeer, AUdpServerAnswersWhoeverItHeardFrom) {
  const Sim sim(udp_lan(R"(
  - {at: 1ms, host: b, call: recvfrom, fd: r, size: 100}
  - {host: b, call: sendto, fd: r, to: peer, data: pong, id: reply}
  - {at: 5ms, host: a, call: sendto, fd: s, to: b:9, data: ping}
  - {host: a, call: recvfrom, fd: s, size: 100, id: heard}
  - {at: 1ms, host: c, call: socket, udp: true, as: q}
  - {host: c, call: sendto, fd: q, to: peer, data: x, id: nobody}
)"));
  const auto heard = sim.returned("heard");
  ASSERT_TRUE(heard);
  EXPECT_EQ(sim.data(heard->e), "pong");
  const auto nobody = sim.returned("nobody");
  ASSERT_TRUE(nobody);
  EXPECT_EQ(nobody->e.err, EDESTADDRREQ) << "no recvfrom has heard from anyone";
}

TEST(Received, GeneratedBytesArriveWholeOrTheCheckSaysWhere) {
  const std::string script = std::string(kLan) + kServer + R"(
  - {host: server, call: accept, fd: l, as: c}
  - {host: server, call: recv, fd: c, size: 100000, waitall: true}
  - {at: 10ms, host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80}
  - {host: client, call: send, fd: k, data: {bytes: 20000}}
  - {host: client, call: close, fd: k}
expect:
  - received: {host: server, fd: c, bytes: 20000}
  - received: {host: server, fd: c, bytes: 30000}
  - received: {host: server, fd: c, data: "abcdefghijklmnopqrstuvwxyzABC"}
)";
  const Sim sim(scenario_text(script));
  const auto v = verdicts(sim);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(v[0].ok) << v[0].actual;
  EXPECT_FALSE(v[1].ok);
  EXPECT_NE(v[1].actual.find("the first 20000 bytes are right, then the data ends; 10000 more"),
            std::string::npos)
      << v[1].actual;
  EXPECT_FALSE(v[2].ok);
  EXPECT_NE(v[2].actual.find("first difference at byte 26: expected ...\"stuvwxyzABC\", got "
                             "...\"stuvwxyzabcdefghijklmnop\"..."),
            std::string::npos)
      << v[2].actual;
  // No verdict prints kilobytes: long data is cut with its length shown.
  for (const auto& x : v) EXPECT_LT(x.actual.size() + x.expected.size() + x.what.size(), 400u);
}

TEST(Received, ALostByteIsFoundByItsOffset) {
  // The receiver reads 4 bytes of "abcdefgh" twice; the second read starts at
  // 'e', so the check names byte 4 when "abcdXfgh" was expected.
  const Sim sim(scenario_text(std::string(kLan) + kServer + R"(
  - {host: server, call: accept, fd: l, as: c}
  - {host: server, call: recv, fd: c, size: 4, waitall: true}
  - {host: server, call: recv, fd: c, size: 4, waitall: true}
  - {at: 10ms, host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80}
  - {host: client, call: send, fd: k, data: abcdefgh}
expect:
  - received: {host: server, fd: c, data: abcdefgh}
  - received: {host: server, fd: c, data: abcdXfgh}
)"));
  const auto v = verdicts(sim);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].ok) << v[0].actual;
  EXPECT_EQ(v[0].actual, "8 bytes in 2 reads");
  EXPECT_FALSE(v[1].ok);
  EXPECT_EQ(v[1].actual,
            "8 bytes: first difference at byte 4: expected \"abcdXfgh\", got \"abcdefgh\"");
}

// A connection, then `faults` (a crash or a reboot of the server at 100 ms),
// then the client sends at 300 ms.
std::string crash_lesson(std::string_view faults) {
  return scenario_text(std::string(kLan) + std::string(faults) + kServer + R"(
  - {host: server, call: accept, fd: l, as: c}
  - {host: server, call: recv, fd: c, size: 10, id: never}
  - {at: 10ms, host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80}
  - {at: 300ms, host: client, call: send, fd: k, data: hello}
  - {host: client, call: recv, fd: k, size: 10, id: answer}
)");
}

TEST(Crash, TheHostLosesItsConnectionsSilently) {
  const Sim sim(crash_lesson("faults:\n  - {crash: server, at: 100ms}\n"));
  const ConnId server = sim.conn("server", 80, 49152);
  ASSERT_NE(server, trace::kNone);
  EXPECT_EQ(sim.state_at(server, 99 * kMillis), tcp::State::Established);
  EXPECT_EQ(sim.state_at(server, 101 * kMillis), tcp::State::Closed);
  EXPECT_TRUE(sim.has_note("server", "crashed"));
  // The server said nothing: no FIN, no RST, before or after.
  for (const std::string& f : sim.flags("server", "client")) {
    EXPECT_EQ(f.find_first_of("FR"), std::string::npos) << f;
  }
  // The client's data goes unanswered; its segments are dropped at the server
  // until the client's ARP entry ages out and the server no longer answers
  // ARP either: the client's read fails with EHOSTUNREACH.
  const auto answer = sim.returned("answer");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->e.err, EHOSTUNREACH);
  EXPECT_FALSE(sim.returned("never"));
  int dropped = 0;
  for (const auto& a : sim.arrivals_at("server")) {
    dropped += a.t > 100 * kMillis && a.e.fate == trace::Fate::Dropped &&
               sim.reason(a.e) == "host is down";
  }
  EXPECT_GT(dropped, 1) << "the first send and its retransmissions";
  // The client still thinks the connection is up when it retransmits.
  EXPECT_EQ(sim.state_at(sim.conn("client", 49152, 80), 500 * kMillis), tcp::State::Established);
}

TEST(Reboot, OldSegmentsGetRstAndTheScriptGoesOnAfterTheBoot) {
  const Sim sim(crash_lesson("faults:\n  - {reboot: server, at: 100ms, down: 50ms}\n"));
  EXPECT_TRUE(sim.has_note("server", "booted"));
  // The client's data reaches a stack that has never heard of the connection.
  const auto answer = sim.returned("answer");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->e.err, ECONNRESET);
  const std::vector<std::string> back = sim.flags("server", "client");
  ASSERT_FALSE(back.empty());
  EXPECT_EQ(back.back().find('R'), 0u) << back.back();
  EXPECT_FALSE(sim.returned("never")) << "the old thread died with the crash";
  // The rebooted host has to ARP for the client again.
  int requests = 0;
  for (const auto& a : sim.arp_sent_by("server")) requests += a.t > 150 * kMillis ? 1 : 0;
  EXPECT_EQ(requests, 1);
}

TEST(Reboot, StepsDueAfterTheBootRunOnTheNewStack) {
  const Sim sim(scenario_text(std::string(kLan) + R"(faults:
  - {reboot: server, at: 100ms, down: 50ms}
script:
  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {at: 200ms, host: server, call: socket, as: l2}
  - {host: server, call: bind, fd: l2, port: 80, id: rebind}
  - {host: server, call: listen, fd: l2}
  - {host: server, call: close, fd: l, id: stale}
  - {at: 300ms, host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80, id: conn}
)"));
  const auto rebind = sim.returned("rebind");
  ASSERT_TRUE(rebind);
  EXPECT_EQ(rebind->e.err, 0) << "the port is free on the new stack";
  const auto stale = sim.returned("stale");
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->e.err, EBADF) << "a socket of the old life";
  const auto conn = sim.returned("conn");
  ASSERT_TRUE(conn);
  EXPECT_EQ(conn->e.err, 0);
}

}  // namespace
}  // namespace synack::sim::testing

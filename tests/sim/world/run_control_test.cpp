// Sim control: without a duration a run ends when nothing but table aging is
// left; with one, it runs to that time (and no further) and records its end;
// the time limit stops a run that would go on.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "sim/scenario/settings_list.hpp"

namespace synack::sim::testing {
namespace {

std::string udp_exchange(std::string_view top, std::string_view more = "") {
  return scenario_text(std::string(top) + kLan + R"(script:
  - {host: server, call: socket, udp: true, as: r}
  - {host: server, call: bind, fd: r, port: 9}
  - {host: server, call: recvfrom, fd: r, size: 10, id: got}
  - {host: client, call: socket, udp: true, as: s}
  - {host: client, call: sendto, fd: s, to: server:9, data: x}
)" + std::string(more));
}

TEST(RunControl, WithoutDurationEndsWhenOnlyTableAgingIsLeft) {
  Sim r(udp_exchange(""));
  auto got = r.returned("got");
  ASSERT_TRUE(got);
  EXPECT_EQ(r.last_time(), got->t);
  EXPECT_LT(r.last_time(), 100 * kMillis);
  // The ARP entries (60 s) and MAC entries (300 s) never age in this run.
  for (const auto& a : r.records<trace::ArpEvent>()) EXPECT_NE(a.e.op, trace::ArpOp::Expired);
  for (const auto& m : r.records<trace::MacEvent>()) EXPECT_NE(m.e.op, trace::MacOp::Aged);
  for (const auto& n : r.records<trace::NoteEvent>()) {
    EXPECT_EQ(r.trace.text(n.e.text).find("time limit"), std::string::npos);
  }
}

TEST(RunControl, WithoutDurationTcpTimersStillRun) {
  // TIME-WAIT (2 MSL = 2 s here) is not housekeeping: the run waits for it.
  Sim r(scenario_text(std::string("settings: {msl: 1s}\n") + kLan + R"(script:
  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {host: server, call: accept, fd: l, as: c}
  - {host: server, call: recv, fd: c, size: 10}
  - {host: server, call: close, fd: c}
  - {host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: server:80, id: conn}
  - {at: 100ms, host: client, call: close, fd: k, id: close}
)"));
  ConnId k = r.conn_of("conn");
  auto time_wait = r.entered(k, tcp::State::TimeWait);
  auto closed = r.entered(k, tcp::State::Closed);
  ASSERT_TRUE(time_wait && closed);
  EXPECT_EQ(*closed, *time_wait + 2 * kSeconds);
  EXPECT_EQ(r.last_time(), *closed);
}

TEST(RunControl, WithDurationTheLastRecordIsAtTheDuration) {
  Sim r(udp_exchange("duration: 10s\n"));
  ASSERT_FALSE(r.trace.events.empty());
  EXPECT_EQ(r.last_time(), 10 * kSeconds);
  const auto* note = std::get_if<trace::NoteEvent>(&r.trace.events.back().what);
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(r.trace.text(note->text), "end of the scenario's duration");
  EXPECT_EQ(r.trace.settings.duration, 10 * kSeconds);
  EXPECT_TRUE(r.trace.settings.cut_short.empty());
}

TEST(RunControl, WithDurationNothingHappensAfterIt) {
  Sim r(udp_exchange(
      "duration: 10s\n",
      "  - {at: 20s, host: client, call: sendto, fd: s, to: server:9, data: y, id: late}\n"));
  EXPECT_FALSE(r.returned("late"));
  EXPECT_FALSE(r.issued("late"));
  for (const auto& e : r.trace.events) EXPECT_LE(e.t, 10 * kSeconds);
}

TEST(RunControl, WithDurationTablesAgeWithinIt) {
  Sim r(udp_exchange("duration: 100s\n"));
  bool expired = false, aged = false;
  for (const auto& a : r.records<trace::ArpEvent>()) {
    if (a.e.op == trace::ArpOp::Expired) {
      expired = true;
      EXPECT_GT(a.t, 60 * kSeconds);
      EXPECT_LT(a.t, 61 * kSeconds);
    }
  }
  for (const auto& m : r.records<trace::MacEvent>()) aged = aged || m.e.op == trace::MacOp::Aged;
  EXPECT_TRUE(expired);
  EXPECT_FALSE(aged);  // 300 s
  EXPECT_EQ(r.last_time(), 100 * kSeconds);
}

TEST(RunControl, TimeLimitStopsARunThatWouldGoOn) {
  // A SYN to a silent address is retried for minutes when ARP's failure does
  // not end it (icmp_aborts_open: hard); the limit cuts it at 5 s.
  RunOptions options;
  options.time_limit = 5 * kSeconds;
  Sim r(scenario_text(std::string("settings: {icmp_aborts_open: hard}\n") + kLan + R"(script:
  - {host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: 10.0.0.77:80, id: conn}
)"),
        options);
  EXPECT_LE(r.last_time(), 5 * kSeconds);
  EXPECT_FALSE(r.returned("conn"));
  bool noted = false;
  for (const auto& n : r.records<trace::NoteEvent>()) {
    noted = noted || r.trace.text(n.e.text) == "run stopped at the time limit of 5 s";
  }
  EXPECT_TRUE(noted);
  EXPECT_EQ(r.trace.settings.cut_short, "run stopped at the time limit of 5 s");
}

// The header holds every setting scenario-wide, and per node only what differs.
TEST(RunControl, TheSettingsInForceAreInTheTrace) {
  Sim r(scenario_text(R"(settings: {msl: 1s, rst_policy: rfc793}
topology:
  hosts:
    - {name: client, ip: 10.0.0.1/24, settings: {msl: 1s}}
    - {name: server, ip: 10.0.1.2/24, settings: {syn_cookies: true, isn: 7, msl: 2s}}
  routers:
    - name: r1
      interfaces: [{ip: 10.0.0.254/24}, {ip: 10.0.1.254/24}]
      settings: {arp_retries: 1}
  links:
    - {a: client, b: r1:eth0}
    - {a: server, b: r1:eth1}
)"));
  const trace::RunSettings& s = r.trace.settings;
  EXPECT_EQ(s.scenario.size(), scenario::settings_list().size());
  EXPECT_EQ(s.time_wait, 2 * kSeconds);
  using V = trace::SettingValue;
  EXPECT_EQ(*r.trace.setting("rst_policy"), V(std::string("rfc793")));
  EXPECT_EQ(*r.trace.setting("syn_policy"), V(std::string("rfc5961")));
  EXPECT_EQ(*r.trace.setting("msl_us"), V(std::int64_t{kSeconds}));
  EXPECT_EQ(*r.trace.setting("nagle"), V(true));
  EXPECT_EQ(*r.trace.setting("isn"), V());
  EXPECT_EQ(r.trace.setting("msl"), nullptr);
  ASSERT_EQ(s.nodes.size(), 2u);  // the client sets nothing new
  EXPECT_EQ(s.nodes[0].node, "server");
  EXPECT_EQ(s.nodes[0].settings.size(), 3u);
  EXPECT_EQ(*r.trace.setting("msl_us", "server"), V(std::int64_t{2 * kSeconds}));
  EXPECT_EQ(*r.trace.setting("isn", "server"), V(std::int64_t{7}));
  EXPECT_EQ(*r.trace.setting("syn_cookies", "server"), V(true));
  EXPECT_EQ(*r.trace.setting("syn_cookies", "client"), V(false));
  EXPECT_EQ(s.nodes[1].node, "r1");
  ASSERT_EQ(s.nodes[1].settings.size(), 1u);
  EXPECT_EQ(s.nodes[1].settings[0].key, "arp_retries");
  EXPECT_EQ(s.nodes[1].settings[0].value, V(std::int64_t{1}));
}

}  // namespace
}  // namespace synack::sim::testing

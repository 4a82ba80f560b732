// The checks a lesson writes, run on real simulated traffic: segments of one
// connection picked by port or socket label, and patterns that state the
// window, the options, the TTL and the MAC addresses of a frame. Each check
// is shown to pass on what happened and to fail on what did not.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "sim/scenario/expect.hpp"

namespace synack::sim::testing {
namespace {

// Two connections from client to server port 80 (sockets k1 then k2), with
// `expect` as the file's expectations.
std::string two_connections(std::string_view settings, std::string_view expect) {
  return scenario_text(std::string(settings) + kLan + R"(script:
  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {host: server, call: accept, fd: l, as: c1}
  - {host: server, call: accept, fd: l, as: c2}
  - {at: 10ms, host: client, call: socket, as: k1}
  - {host: client, call: connect, fd: k1, to: server:80}
  - {at: 30ms, host: client, call: socket, as: k2}
  - {host: client, call: connect, fd: k2, to: server:80}
  - {at: 50ms, host: client, call: send, fd: k2, data: "hi"}
expect:
)" + std::string(expect));
}

std::vector<scenario::Verdict> verdicts(const std::string& yaml) {
  const Sim sim(yaml);
  return scenario::check(sim.scenario, sim.trace);
}

TEST(LessonChecks, FdPicksOneOfTwoConnectionsBetweenTheSameHosts) {
  // The second connection's segments alone: its SYN first, then its data.
  const auto v = verdicts(two_connections("", R"(
  - segments:
      between: [client, server]
      fd: k2
      match: exact
      list:
        - "client > server: S seq 0"
        - "server > client: S. ack 1"
        - "client > server: . seq 1 ack 1 len 0"
        - "client > server: P. seq 1 len 2"
        - "server > client: . ack 3"
  - segments:
      between: [client, server]
      fd: c1
      list: ["client > server: S", "server > client: S.", "client > server: . len 0"]
      match: exact
  - segments:
      between: [client, server]
      fd: k1
      match: contains
      list: ["client > server: P. len 2"]
)"));
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(v[0].ok) << v[0].actual;
  EXPECT_TRUE(v[1].ok) << v[1].actual;
  // k1 sent no data: the check fails, and says which connection it looked at.
  EXPECT_FALSE(v[2].ok);
  EXPECT_NE(v[2].what.find("client's fd k1"), std::string::npos) << v[2].what;
}

TEST(LessonChecks, PortPicksTheConnectionsOfOnePort) {
  const auto v = verdicts(two_connections("", R"(
  - segments:
      between: [client, server]
      port: 49153
      list: ["client > server: S seq 0"]
  - segments:
      between: [client, server]
      port: 49153
      match: contains
      list: ["client > server: P."]
  - segments:
      between: [client, server]
      port: 49152
      match: contains
      list: ["client > server: P."]
)"));
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(v[0].ok) << v[0].actual;
  EXPECT_TRUE(v[1].ok) << v[1].actual;
  EXPECT_FALSE(v[2].ok) << "the first connection (port 49152) sent no data";
}

TEST(LessonChecks, WindowAndOptionsOfTheHandshake) {
  // Linux's SYN: MSS, SACK permitted, timestamps and window scale; the
  // options may be written in any order, with nop as tcpdump prints it.
  const auto v = verdicts(two_connections("settings: {stack: linux}\n", R"(
  - segments:
      between: [client, server]
      fd: k1
      list:
        - "client > server: S win 65535 <mss 1460,sackOK,TS val * ecr 0,nop,wscale 7>"
        - "server > client: S. <wscale 7,mss 1460,sackOK,TS val * ecr *>"
  - segments:
      between: [client, server]
      fd: k1
      list: ["client > server: S <mss 1460>"]
  - segments:
      between: [client, server]
      fd: k1
      list: ["client > server: S win 64240"]
)"));
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(v[0].ok) << v[0].actual;
  // Missing options are a difference, and the listing shows the options sent.
  EXPECT_FALSE(v[1].ok);
  EXPECT_NE(v[1].actual.find("first mismatch (options)"), std::string::npos) << v[1].actual;
  EXPECT_NE(v[1].actual.find("<mss 1460,wscale 7,sackOK,TS val"), std::string::npos)
      << v[1].actual;
  EXPECT_FALSE(v[2].ok);
  EXPECT_NE(v[2].actual.find("first mismatch (win)"), std::string::npos) << v[2].actual;
  EXPECT_NE(v[2].actual.find("win 65535"), std::string::npos) << v[2].actual;
}

TEST(LessonChecks, TtlAndMacsOfEachHop) {
  // Through a router the TTL drops by one and the MACs change at each hop.
  const std::string yaml = scenario_text(R"(topology:
  hosts:
    - {name: client, ip: 10.0.0.1/24, gateway: 10.0.0.254}
    - {name: server, ip: 10.0.1.1/24, gateway: 10.0.1.254}
  routers:
    - name: r1
      interfaces:
        - {name: eth0, ip: 10.0.0.254/24}
        - {name: eth1, ip: 10.0.1.254/24}
  links:
    - {name: left, a: client, b: r1:eth0}
    - {name: right, a: r1:eth1, b: server}
script:
  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {at: 10ms, host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: 10.0.1.1:80}
expect:
  - segments:
      link: left
      list: ["client > server: S ttl 64 src_mac client dst_mac r1"]
  - segments:
      link: right
      list: ["client > server: S ttl 63 src_mac r1 dst_mac server"]
  - segments:
      link: right
      list: ["client > server: S ttl 64"]
  - segments:
      link: right
      list: ["client > server: S src_mac client"]
)");
  const auto v = verdicts(yaml);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_TRUE(v[0].ok) << v[0].actual;
  EXPECT_TRUE(v[1].ok) << v[1].actual;
  EXPECT_FALSE(v[2].ok);
  EXPECT_NE(v[2].actual.find("ttl 63"), std::string::npos) << v[2].actual;
  EXPECT_FALSE(v[3].ok);
  EXPECT_NE(v[3].actual.find("first mismatch (src_mac)"), std::string::npos) << v[3].actual;
  EXPECT_NE(v[3].actual.find("(r1)"), std::string::npos) << v[3].actual;
}

}  // namespace
}  // namespace synack::sim::testing

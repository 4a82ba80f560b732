// Scenario loading: values, a full file read back field by field, defaults,
// and one test per validation rule that checks the message points at the
// right line and column and says what was expected. Ends with files mangled
// in a few hundred ways, none of which may crash the loader.
#include "sim/scenario/load.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "core/tcp_segment.hpp"

namespace synack::scenario {
namespace {

using tcp::kMillis;
using tcp::kSeconds;

// ---- helpers -------------------------------------------------------------------------------

constexpr const char* kFile = "t.yaml";

LoadResult load(const std::string& text) { return load_text(text, kFile); }

// "t.yaml:L:C:" where C is where `needle` starts on line L of `text`, so each
// test names the spot it means instead of counting columns by hand.
std::string at(const std::string& text, int line, const std::string& needle) {
  std::istringstream in(text);
  std::string row;
  for (int i = 0; i < line; ++i) std::getline(in, row);
  const std::size_t column = row.find(needle);
  EXPECT_NE(column, std::string::npos) << "'" << needle << "' is not on line " << line;
  return std::string(kFile) + ":" + std::to_string(line) + ":" + std::to_string(column + 1) + ":";
}

std::string all_errors(const LoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += e.to_string() + "\n";
  return out;
}

// Some error starts with `position` and contains `words`.
::testing::AssertionResult has_error(const LoadResult& r, const std::string& position,
                                     const std::string& words) {
  for (const LoadError& e : r.errors) {
    const std::string text = e.to_string();
    if (text.rfind(position, 0) == 0 && text.find(words) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "no error at " << position << " saying '" << words << "'; errors:\n"
         << all_errors(r);
}

// Loads `text` and expects exactly one error, at line `line` where `needle` is.
void expect_one_error(const std::string& text, int line, const std::string& needle,
                      const std::string& words) {
  const LoadResult r = load(text);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.scenario.has_value());
  EXPECT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_TRUE(has_error(r, at(text, line, needle), words));
}

// Two hosts on a switch, lines 1-11; tests append sections from line 12 on.
const std::string kBase = R"(name: t
description: d
topology:
  hosts:
    - {name: client, ip: 10.0.0.1/24}
    - {name: server, ip: 10.0.0.2/24}
  switches:
    - {name: sw1}
  links:
    - {a: client, b: sw1}
    - {a: server, b: sw1}
)";

// A base whose topology comes from the test, lines 1-3 before it.
std::string with_topology(const std::string& topology) {
  return "name: t\ndescription: d\ntopology:\n" + topology;
}

const std::string kFull = R"(name: handshake
description: >
  The client opens a connection
  to the server.
seed: 7
duration: 10s
settings:
  msl: 2s
  min_rto: 200ms
  syn_retries: 3
  rst_policy: rfc793
  isn: 1000
topology:
  hosts:
    - name: client
      ip: 10.0.0.1/24
      gateway: 10.0.0.254
      settings: {delayed_ack: true, isn: 5000}
    - name: server
      ip: 10.0.0.2
      mask: 255.255.255.0
      mac: 02:aa:00:00:00:02
    - name: remote
      ip: 10.0.1.5/24
      gateway: 10.0.1.254
  switches:
    - {name: sw1, aging: 20s}
  routers:
    - name: r1
      interfaces:
        - {name: eth0, ip: 10.0.0.254/24}
        - {name: eth1, ip: 10.0.1.254/24}
      routes: [{to: 10.0.2.0/24, via: 10.0.1.253}, {to: default, via: 10.0.1.1}]
      settings: {arp_retries: 5}
  links:
    - {a: client, b: sw1, delay: 2ms, bandwidth: 10Mbps, loss: 0.1, duplicate: 0.05, reorder: 0.2, reorder_delay: 3ms}
    - {a: server, b: sw1}
    - {a: r1:eth0, b: sw1, name: uplink}
    - {a: r1:eth1, b: remote}
faults:
  - {drop: {from: client, to: server, flags: S}, nth: 2, count: 3, from: 1s, until: 2s}
  - {delay: {proto: udp, port: 9}, by: 50ms, link: uplink}
  - {duplicate: {data: true}}
  - {cut: client-sw1, from: 3s, until: 4s}
script:
  - {host: server, call: socket, as: s}
  - {host: server, call: setsockopt, fd: s, option: SO_REUSEADDR, value: 1}
  - {host: server, call: bind, fd: s, port: 80}
  - {host: server, call: listen, fd: s, backlog: 8}
  - {host: server, call: accept, fd: s, as: c, id: acc}
  - {at: 10ms, host: client, call: socket, as: k}
  - {at: 10ms, host: client, call: connect, fd: k, to: 10.0.0.2:80, expect: {returns: 0}}
  - {host: client, call: send, fd: k, data: "hello"}
  - {host: server, call: recv, fd: c, size: 100, expect: {data: "hello", note: the greeting}}
  - {host: client, call: shutdown, fd: k, how: SHUT_WR}
  - {host: client, call: close, fd: k, thread: t2}
  - {host: remote, call: socket, as: u, udp: true}
  - {host: remote, call: sendto, fd: u, to: client:9, bytes: 30}
  - {host: client, call: socket, udp: true, as: v}
  - {host: client, call: bind, fd: v, port: 9, addr: 10.0.0.1}
  - {host: client, call: recvfrom, fd: v, size: 4}
  - {at: 1.5s, host: remote, call: syn_flood, to: server:80, count: 50, interval: 2ms, spoof: 10.0.9.0/24}
expect:
  - state: {host: client, fd: k, at: 1s, is: ESTABLISHED}
    note: connected
  - segments:
      between: [client, server]
      match: exact
      from: 0ms
      until: 5s
      list:
        - "client > server: S seq 0"
        - "server > client: S. seq 0 ack 1"
        - "client > server: . seq 1 ack 1 len 0"
  - call: {step: acc, returns: 4, returned_by: 20ms}
  - arp: {host: client, at: 5ms, has: {10.0.0.2: server, 10.0.0.254: null, server: 02:aa:00:00:00:02}, lacks: [10.0.0.3]}
  - mac_table: {switch: sw1, at: 5ms, has: {client: 1, server: null, r1:eth0: 3}, lacks: [remote], size: 2}
  - counter: {node: server, name: syn_dropped, ">=": 1, at: 2s}
  - queue: {host: server, port: 80, at: 100ms, syn_queue: 5, accept_queue: 0}
  - segments: {link: uplink, match: contains, list: ["R", "client > server: F."]}
)";

// ---- values --------------------------------------------------------------------------------

TEST(ParseDuration, ReadsUnitsAndFractions) {
  EXPECT_EQ(parse_duration("2s"), 2 * kSeconds);
  EXPECT_EQ(parse_duration("200ms"), 200 * kMillis);
  EXPECT_EQ(parse_duration("150us"), 150);
  EXPECT_EQ(parse_duration("150\xC2\xB5s"), 150);
  EXPECT_EQ(parse_duration("1.5s"), 1500 * kMillis);
  EXPECT_EQ(parse_duration("0.25ms"), 250);
  EXPECT_EQ(parse_duration("1.500000s"), 1500 * kMillis);
  EXPECT_EQ(parse_duration("0"), 0);
  EXPECT_EQ(parse_duration("0s"), 0);
  EXPECT_EQ(parse_duration(" 200 ms "), 200 * kMillis);
  EXPECT_EQ(parse_duration("9223372036854775807us"), INT64_MAX);
}

TEST(ParseDuration, RefusesWhatIsNotExact) {
  for (const char* bad :
       {"", "10", "1.5", "fast", "-5ms", "5 m", "5min", "1.0000001s", "0.5us",
        "9223372036854775808us", "99999999999999999999s", ".5s", "5.s", "2S", "2ss", "1e3ms"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

TEST(FormatDuration, ReadsBack) {
  for (const TimeUs t : {TimeUs{0}, 7 * kSeconds, 1500 * kMillis, TimeUs{7}, 2 * kMillis + 1}) {
    EXPECT_EQ(parse_duration(format_duration(t)), t) << format_duration(t);
  }
  EXPECT_EQ(format_duration(2 * kSeconds), "2s");
  EXPECT_EQ(format_duration(1500 * kMillis), "1500ms");
  EXPECT_EQ(format_duration(kForever), "forever");
}

TEST(ParseBandwidth, DecimalPrefixes) {
  EXPECT_EQ(parse_bandwidth("100Mbps"), 100'000'000u);
  EXPECT_EQ(parse_bandwidth("1.5Gbps"), 1'500'000'000u);
  EXPECT_EQ(parse_bandwidth("56kbps"), 56'000u);
  EXPECT_EQ(parse_bandwidth("9600bps"), 9'600u);
  EXPECT_EQ(parse_bandwidth("10 mbps"), 10'000'000u);
  EXPECT_EQ(parse_bandwidth("0"), 0u);
  EXPECT_FALSE(parse_bandwidth("100").has_value());
  EXPECT_FALSE(parse_bandwidth("0.5bps").has_value());
  EXPECT_FALSE(parse_bandwidth("fast").has_value());
  EXPECT_FALSE(parse_bandwidth("99999999999Gbps").has_value());
}

TEST(DefaultMac, NumbersNodesAndInterfaces) {
  EXPECT_EQ(default_mac(0, 0).to_string(), "02:00:00:00:01:01");
  EXPECT_EQ(default_mac(1, 0).to_string(), "02:00:00:00:02:01");
  EXPECT_EQ(default_mac(2, 1).to_string(), "02:00:00:00:03:02");
  EXPECT_EQ(default_mac(255, 0).to_string(), "02:00:00:01:00:01");
  EXPECT_FALSE(default_mac(70000, 253).is_multicast());
}

TEST(SegmentPattern, ReadsDirectionFlagsAndNumbers) {
  const auto p = parse_segment_pattern("client > server: S. seq 0 ack 1 len 0");
  ASSERT_TRUE(p.pattern) << p.error;
  EXPECT_EQ(p.pattern->from, "client");
  EXPECT_EQ(p.pattern->to, "server");
  EXPECT_EQ(p.pattern->flags, tcp::flag::SYN | tcp::flag::ACK);
  EXPECT_FALSE(p.pattern->psh_given);
  EXPECT_EQ(p.pattern->seq, 0u);
  EXPECT_EQ(p.pattern->ack, 1u);
  EXPECT_EQ(p.pattern->len, 0u);
}

TEST(SegmentPattern, PshOnlyWhenWritten) {
  const auto push = parse_segment_pattern("P. len 5");
  ASSERT_TRUE(push.pattern);
  EXPECT_TRUE(push.pattern->psh_given);
  EXPECT_EQ(push.pattern->flags, tcp::flag::PSH | tcp::flag::ACK);
  EXPECT_TRUE(push.pattern->from.empty());
  EXPECT_FALSE(push.pattern->seq.has_value());

  const auto rst = parse_segment_pattern("R");
  ASSERT_TRUE(rst.pattern);
  EXPECT_EQ(rst.pattern->flags, tcp::flag::RST);
  const auto none = parse_segment_pattern("-");
  ASSERT_TRUE(none.pattern);
  EXPECT_EQ(none.pattern->flags, 0);
  const auto fin = parse_segment_pattern("a>b:F. seq 10");
  ASSERT_TRUE(fin.pattern);
  EXPECT_EQ(fin.pattern->from, "a");
  EXPECT_EQ(fin.pattern->flags, tcp::flag::FIN | tcp::flag::ACK);
}

TEST(SegmentPattern, PointsAtTheMistake) {
  struct Case {
    const char* text;
    std::size_t offset;
    const char* words;
  };
  for (const Case& c : {
           Case{"SA", 1, "ACK is written '.'"},
           Case{"a > b: SYN-ACK", 7, "SYN,ACK is written S."},
           Case{"S. seq x", 7, "expected a number"},
           Case{"S. win 5", 3, "expected seq, ack or len"},
           Case{"S seq 1 seq 2", 8, "written twice"},
           Case{"SS", 1, "written twice"},
           Case{"S ack 1", 2, "needs the ACK flag"},
           Case{"S. seq", 6, "expected a number after 'seq'"},
           Case{"client server: S", 0, "expected 'A > B:'"},
           Case{"client > 1x: S", 9, "receiving host"},
           Case{"", 0, "expected flags"},
           Case{"a > b:", 6, "expected flags"},
           Case{"S. seq 4294967296", 7, "from 0 to 4294967295"},
       }) {
    const auto p = parse_segment_pattern(c.text);
    EXPECT_FALSE(p.pattern) << c.text;
    EXPECT_EQ(p.error_offset, c.offset) << c.text << ": " << p.error;
    EXPECT_NE(p.error.find(c.words), std::string::npos) << c.text << ": " << p.error;
  }
}

// ---- a whole file --------------------------------------------------------------------------

TEST(Load, FullScenarioRoundTrip) {
  const LoadResult r = load(kFull);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.file, kFile);
  EXPECT_EQ(s.name, "handshake");
  EXPECT_EQ(s.description, "The client opens a connection to the server.\n");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.duration, 10 * kSeconds);
  EXPECT_EQ(s.defaults.tcp.msl, 2 * kSeconds);
  EXPECT_EQ(s.defaults.tcp.min_rto, 200 * kMillis);
  EXPECT_EQ(s.defaults.tcp.syn_retries, 3);
  EXPECT_EQ(s.defaults.tcp.rst_policy, tcp::RstSynPolicy::Rfc793);
  EXPECT_EQ(s.defaults.isn, 1000u);

  ASSERT_EQ(s.hosts.size(), 3u);
  const HostSpec& client = s.hosts[0];
  EXPECT_EQ(client.name, "client");
  EXPECT_EQ(client.iface.name, "eth0");
  EXPECT_EQ(client.iface.address.to_string(), "10.0.0.1/24");
  EXPECT_EQ(client.gateway, wire::Ipv4Address(10, 0, 0, 254));
  EXPECT_EQ(client.mark.line, 15);
  EXPECT_EQ(client.mark.column, 7);
  const HostSpec& server = s.hosts[1];
  EXPECT_EQ(server.iface.address.to_string(), "10.0.0.2/24");
  EXPECT_EQ(server.iface.mac->to_string(), "02:aa:00:00:00:02");
  EXPECT_FALSE(server.gateway.has_value());

  ASSERT_EQ(s.switches.size(), 1u);
  EXPECT_EQ(s.switches[0].name, "sw1");
  EXPECT_EQ(s.switches[0].aging, 20 * kSeconds);

  ASSERT_EQ(s.routers.size(), 1u);
  const RouterSpec& r1 = s.routers[0];
  ASSERT_EQ(r1.interfaces.size(), 2u);
  EXPECT_EQ(r1.interfaces[1].name, "eth1");
  EXPECT_EQ(r1.interfaces[1].address.to_string(), "10.0.1.254/24");
  ASSERT_EQ(r1.routes.size(), 2u);
  EXPECT_EQ(r1.routes[0].destination.to_string(), "10.0.2.0/24");
  EXPECT_EQ(r1.routes[0].via, wire::Ipv4Address(10, 0, 1, 253));
  EXPECT_EQ(r1.routes[1].destination.to_string(), "0.0.0.0/0");
  EXPECT_EQ(r1.settings.arp_retries, 5);
  EXPECT_EQ(r1.settings.tcp.msl, 2 * kSeconds);  // scenario defaults apply to routers too

  ASSERT_EQ(s.links.size(), 4u);
  const LinkSpec& l0 = s.links[0];
  EXPECT_EQ(l0.name, "client-sw1");
  EXPECT_EQ(l0.a.node, "client");
  EXPECT_EQ(l0.b.node, "sw1");
  EXPECT_EQ(l0.delay, 2 * kMillis);
  EXPECT_EQ(l0.bandwidth_bps, 10'000'000u);
  EXPECT_DOUBLE_EQ(l0.loss, 0.1);
  EXPECT_DOUBLE_EQ(l0.duplicate, 0.05);
  EXPECT_DOUBLE_EQ(l0.reorder, 0.2);
  EXPECT_EQ(l0.reorder_delay, 3 * kMillis);
  EXPECT_EQ(s.links[2].name, "uplink");
  EXPECT_EQ(s.links[2].a.node, "r1");
  EXPECT_EQ(s.links[2].a.iface, "eth0");
  EXPECT_EQ(s.links[3].name, "r1-remote");
  EXPECT_TRUE(s.links[3].b.iface.empty());

  ASSERT_EQ(s.faults.size(), 4u);
  const FaultSpec& drop = s.faults[0];
  EXPECT_EQ(drop.action, FaultAction::Drop);
  EXPECT_EQ(drop.match.from, "client");
  EXPECT_EQ(drop.match.to, "server");
  EXPECT_EQ(drop.match.proto, FrameMatch::Proto::Tcp);
  EXPECT_EQ(drop.match.flags, tcp::flag::SYN);
  EXPECT_EQ(drop.nth, 2);
  EXPECT_EQ(drop.count, 3);
  EXPECT_EQ(drop.from, 1 * kSeconds);
  EXPECT_EQ(drop.until, 2 * kSeconds);
  EXPECT_TRUE(drop.link.empty());
  const FaultSpec& delay = s.faults[1];
  EXPECT_EQ(delay.action, FaultAction::Delay);
  EXPECT_EQ(delay.extra_delay, 50 * kMillis);
  EXPECT_EQ(delay.link, "uplink");
  EXPECT_EQ(delay.match.proto, FrameMatch::Proto::Udp);
  EXPECT_EQ(delay.match.port, 9);
  EXPECT_EQ(delay.until, kForever);
  EXPECT_EQ(s.faults[2].action, FaultAction::Duplicate);
  EXPECT_TRUE(s.faults[2].match.payload_only);
  EXPECT_EQ(s.faults[2].match.proto, FrameMatch::Proto::Tcp);
  EXPECT_EQ(s.faults[3].action, FaultAction::Cut);
  EXPECT_EQ(s.faults[3].link, "client-sw1");

  ASSERT_EQ(s.steps.size(), 17u);
  EXPECT_EQ(s.steps[0].call, CallKind::Socket);
  EXPECT_EQ(s.steps[0].as, "s");
  EXPECT_FALSE(s.steps[0].udp);
  EXPECT_EQ(s.steps[1].option, SockOpt::ReuseAddr);
  EXPECT_EQ(s.steps[1].value, 1);
  EXPECT_EQ(s.steps[2].port, 80);
  EXPECT_FALSE(s.steps[2].addr.has_value());
  EXPECT_EQ(s.steps[3].backlog, 8);
  EXPECT_EQ(s.steps[4].id, "acc");
  EXPECT_EQ(s.steps[4].as, "c");
  EXPECT_EQ(s.steps[4].fd, "s");
  const Step& connect = s.steps[6];
  EXPECT_EQ(connect.at, 10 * kMillis);
  EXPECT_EQ(connect.addr, wire::Ipv4Address(10, 0, 0, 2));
  EXPECT_EQ(connect.port, 80);
  ASSERT_TRUE(connect.expect.has_value());
  EXPECT_EQ(connect.expect->result, 0);
  EXPECT_EQ(std::string(s.steps[7].data.begin(), s.steps[7].data.end()), "hello");
  EXPECT_EQ(s.steps[8].size, 100u);
  EXPECT_EQ(s.steps[9].how, ShutHow::Wr);
  EXPECT_EQ(s.steps[10].thread, "t2");
  EXPECT_EQ(s.steps[9].thread, "main");
  EXPECT_TRUE(s.steps[11].udp);
  EXPECT_EQ(s.steps[12].addr, wire::Ipv4Address(10, 0, 0, 1));  // "client:9"
  EXPECT_EQ(s.steps[12].port, 9);
  ASSERT_EQ(s.steps[12].data.size(), 30u);
  EXPECT_EQ(s.steps[12].data[0], 'a');
  EXPECT_EQ(s.steps[12].data[26], 'a');
  EXPECT_EQ(s.steps[12].data[29], 'd');
  EXPECT_EQ(s.steps[14].addr, wire::Ipv4Address(10, 0, 0, 1));
  const Step& flood = s.steps[16];
  EXPECT_EQ(flood.call, CallKind::SynFlood);
  EXPECT_EQ(flood.at, 1500 * kMillis);
  EXPECT_EQ(flood.count, 50);
  EXPECT_EQ(flood.interval, 2 * kMillis);
  EXPECT_EQ(flood.spoof->to_string(), "10.0.9.0/24");

  // Two from the steps' own expect, then the eight in the list, in file order.
  ASSERT_EQ(s.expectations.size(), 10u);
  const auto& state = std::get<ExpectState>(s.expectations[2].body);
  EXPECT_EQ(state.conn.host, "client");
  EXPECT_EQ(state.conn.fd, "k");
  EXPECT_EQ(state.at, 1 * kSeconds);
  EXPECT_EQ(state.state, tcp::State::Established);
  EXPECT_EQ(s.expectations[2].note, "connected");

  const auto& segs = std::get<ExpectSegments>(s.expectations[3].body);
  EXPECT_EQ(segs.a, "client");
  EXPECT_EQ(segs.b, "server");
  EXPECT_EQ(segs.match, SegmentMatch::Exact);
  EXPECT_EQ(segs.until, 5 * kSeconds);
  ASSERT_EQ(segs.segments.size(), 3u);
  EXPECT_EQ(segs.segments[1].from, "server");
  EXPECT_EQ(segs.segments[1].flags, tcp::flag::SYN | tcp::flag::ACK);
  EXPECT_EQ(segs.segments[2].len, 0u);
  EXPECT_EQ(segs.segments[2].mark.line, 74);
  EXPECT_EQ(segs.segments[2].mark.column, 11);

  const auto& call = std::get<ExpectCall>(s.expectations[4].body);
  EXPECT_EQ(call.step, "acc");
  EXPECT_EQ(call.step_index, 4u);
  EXPECT_EQ(call.expect.result, 4);
  EXPECT_EQ(call.returned_by, 20 * kMillis);

  const auto& arp = std::get<ExpectArp>(s.expectations[5].body);
  ASSERT_EQ(arp.present.size(), 3u);
  EXPECT_EQ(arp.present[0].ip, wire::Ipv4Address(10, 0, 0, 2));
  EXPECT_EQ(arp.present[0].mac->to_string(), "02:aa:00:00:00:02");
  EXPECT_FALSE(arp.present[1].mac.has_value());
  EXPECT_EQ(arp.present[2].ip, wire::Ipv4Address(10, 0, 0, 2));
  ASSERT_EQ(arp.absent.size(), 1u);
  EXPECT_EQ(arp.absent[0], wire::Ipv4Address(10, 0, 0, 3));

  const auto& table = std::get<ExpectMacTable>(s.expectations[6].body);
  EXPECT_EQ(table.node, "sw1");
  ASSERT_EQ(table.present.size(), 3u);
  EXPECT_EQ(table.present[0].mac, *client.iface.mac);
  EXPECT_EQ(table.present[0].port, 1);
  EXPECT_FALSE(table.present[1].port.has_value());
  EXPECT_EQ(table.present[2].mac, *r1.interfaces[0].mac);
  EXPECT_EQ(table.absent[0], *s.hosts[2].iface.mac);
  EXPECT_EQ(table.size, 2u);

  const auto& counter = std::get<ExpectCounter>(s.expectations[7].body);
  EXPECT_EQ(counter.node, "server");
  EXPECT_EQ(counter.name, "syn_dropped");
  EXPECT_EQ(counter.op, Compare::Ge);
  EXPECT_EQ(counter.value, 1);
  EXPECT_EQ(counter.at, 2 * kSeconds);

  const auto& queue = std::get<ExpectQueue>(s.expectations[8].body);
  EXPECT_EQ(queue.port, 80);
  EXPECT_EQ(queue.syn_queue, 5);
  EXPECT_EQ(queue.accept_queue, 0);

  const auto& on_link = std::get<ExpectSegments>(s.expectations[9].body);
  EXPECT_EQ(on_link.link, "uplink");
  EXPECT_EQ(on_link.match, SegmentMatch::Contains);
  ASSERT_EQ(on_link.segments.size(), 2u);
  EXPECT_TRUE(on_link.segments[0].from.empty());
}

TEST(Load, StepExpectBecomesAnExpectation) {
  const LoadResult r = load(kFull);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const Scenario& s = *r.scenario;
  const auto& connect = std::get<ExpectCall>(s.expectations[0].body);
  EXPECT_EQ(connect.step, "");  // a step's own expect names no id
  EXPECT_EQ(connect.step_index, 6u);
  EXPECT_EQ(connect.expect.result, 0);
  EXPECT_EQ(s.expectations[0].mark.line, 52);
  EXPECT_EQ(s.expectations[0].mark.column, 77);
  const auto& recv = std::get<ExpectCall>(s.expectations[1].body);
  EXPECT_EQ(recv.step_index, 8u);
  EXPECT_EQ(recv.expect.data, "hello");
  EXPECT_EQ(s.expectations[1].note, "the greeting");
  ASSERT_TRUE(s.steps[8].expect.has_value());
  EXPECT_EQ(s.steps[8].expect->data, "hello");
}

TEST(Load, Defaults) {
  const LoadResult r = load(kBase +
                            "script:\n"
                            "  - {host: client, call: socket, as: k}\n"
                            "  - {host: client, call: listen, fd: k}\n");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.duration, 0);
  const HostSettings defaults;
  EXPECT_EQ(s.hosts[0].settings.tcp.msl, defaults.tcp.msl);
  EXPECT_EQ(s.hosts[0].settings.tcp.nagle, defaults.tcp.nagle);
  EXPECT_EQ(s.hosts[0].settings.arp_retries, defaults.arp_retries);
  EXPECT_FALSE(s.hosts[0].settings.isn.has_value());
  EXPECT_EQ(s.switches[0].aging, 300 * kSeconds);
  EXPECT_EQ(s.links[0].name, "client-sw1");
  EXPECT_EQ(s.links[0].delay, 1 * kMillis);
  EXPECT_EQ(s.links[0].bandwidth_bps, 100'000'000u);
  EXPECT_EQ(s.links[0].loss, 0);
  EXPECT_EQ(s.links[0].reorder_delay, 5 * kMillis);
  EXPECT_EQ(s.steps[0].at, 0);
  EXPECT_EQ(s.steps[0].thread, "main");
  EXPECT_EQ(s.steps[1].backlog, 5);
  EXPECT_TRUE(s.faults.empty());
  EXPECT_TRUE(s.expectations.empty());
}

TEST(Load, HostSettingsOverrideTheScenarioDefaults) {
  const LoadResult r = load(with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24, settings: {delayed_ack: true, msl: 1s, syn_policy: rfc793}}
    - {name: b, ip: 10.0.0.2/24}
settings: {msl: 5s, nagle: false, mss: 536, syn_cookies: true, ephemeral_port_first: 40000}
)"));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const HostSettings& a = r.scenario->hosts[0].settings;
  const HostSettings& b = r.scenario->hosts[1].settings;
  EXPECT_TRUE(a.tcp.delayed_ack);
  EXPECT_EQ(a.tcp.msl, 1 * kSeconds);
  EXPECT_EQ(a.tcp.syn_policy, tcp::RstSynPolicy::Rfc793);
  EXPECT_FALSE(a.tcp.nagle);  // from the scenario
  EXPECT_EQ(a.tcp.mss, 536);
  EXPECT_TRUE(a.syn_cookies);
  EXPECT_EQ(a.ephemeral_port_first, 40000);
  EXPECT_FALSE(b.tcp.delayed_ack);
  EXPECT_EQ(b.tcp.msl, 5 * kSeconds);
  EXPECT_EQ(b.tcp.syn_policy, tcp::RstSynPolicy::Rfc5961);
}

TEST(Load, EveryInterfaceGetsAMac) {
  const LoadResult r = load(kFull);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.hosts[0].iface.mac, default_mac(0, 0));
  EXPECT_EQ(s.hosts[1].iface.mac->to_string(), "02:aa:00:00:00:02");  // as given
  EXPECT_EQ(s.hosts[2].iface.mac, default_mac(2, 0));
  EXPECT_EQ(s.routers[0].interfaces[0].mac, default_mac(3, 0));  // routers after the hosts
  EXPECT_EQ(s.routers[0].interfaces[1].mac->to_string(), "02:00:00:00:04:02");
}

TEST(Load, UnnamedLinksGetDistinctNames) {
  const LoadResult r = load(with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24}
  routers:
    - name: r
      interfaces: [{ip: 10.0.0.254/24}, {ip: 10.0.1.254/24}]
  switches: [{name: s}]
  links:
    - {a: r:eth0, b: s}
    - {a: r:eth1, b: s}
    - {a: a, b: s, name: r-s-2}
)"));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->links[0].name, "r-s");
  EXPECT_EQ(r.scenario->links[1].name, "r-s-3");
  EXPECT_EQ(r.scenario->links[2].name, "r-s-2");
}

TEST(Load, ExpectationsKeepFileOrder) {
  // The expect list comes before the script here; the checker still reads them top down.
  const LoadResult r = load(kBase + R"(expect:
  - state: {host: client, local_port: 80, at: 1s, is: time_wait}
script:
  - {host: client, call: socket, as: k, expect: {returns: 3}}
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  ASSERT_EQ(r.scenario->expectations.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<ExpectState>(r.scenario->expectations[0].body));
  EXPECT_EQ(std::get<ExpectState>(r.scenario->expectations[0].body).state, tcp::State::TimeWait);
  EXPECT_TRUE(std::holds_alternative<ExpectCall>(r.scenario->expectations[1].body));
}

TEST(Load, FromAFile) {
  const std::string path = ::testing::TempDir() + "synack_load_test.yaml";
  {
    std::ofstream out(path);
    out << kBase;
  }
  const LoadResult r = load_file(path);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->file, path);
  std::remove(path.c_str());
}

// ---- errors: the file itself ----------------------------------------------------------------

TEST(LoadError, MissingFileNamesThePath) {
  const LoadResult r = load_file("/nonexistent/dir/lost.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].to_string().rfind("/nonexistent/dir/lost.yaml: cannot read", 0), 0u)
      << r.errors[0].to_string();
  EXPECT_EQ(load_file(::testing::TempDir()).errors.size(), 1u);  // a directory
}

TEST(LoadError, ToStringLeavesOutZeroPositions) {
  EXPECT_EQ((LoadError{"f", 3, 4, "m"}).to_string(), "f:3:4: m");
  EXPECT_EQ((LoadError{"f", 3, 0, "m"}).to_string(), "f:3: m");
  EXPECT_EQ((LoadError{"f", 0, 0, "m"}).to_string(), "f: m");
}

TEST(LoadError, YamlSyntaxHasAPosition) {
  const std::string text = "name: t\ndescription: [a, b\ntopology: x\n";
  const LoadResult r = load(text);
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(r.errors[0].file, kFile);
  EXPECT_GT(r.errors[0].line, 1);
  EXPECT_NE(r.errors[0].message.find("YAML syntax"), std::string::npos);
}

TEST(LoadError, EmptyFile) {
  for (const char* text : {"", "\n\n", "# only a comment\n", "---\n"}) {
    const LoadResult r = load(text);
    ASSERT_EQ(r.errors.size(), 1u) << text;
    EXPECT_NE(r.errors[0].message.find("empty"), std::string::npos) << text;
  }
}

TEST(LoadError, TopLevelMustBeAMap) {
  expect_one_error("- a\n- b\n", 1, "- a",
                   "scenario: expected a map of keys and values, got a list");
}

TEST(LoadError, OneDocumentPerFile) {
  const LoadResult r = load(kBase + "---\nname: again\n");
  EXPECT_TRUE(has_error(r, "t.yaml:13:1:", "one scenario per file"));
}

TEST(LoadError, MissingRequiredKeys) {
  const LoadResult r = load("seed: 1\n");
  EXPECT_TRUE(has_error(r, "t.yaml:1:1:", "scenario needs 'name'"));
  EXPECT_TRUE(has_error(r, "t.yaml:1:1:", "scenario needs 'description'"));
  EXPECT_TRUE(has_error(r, "t.yaml:1:1:", "scenario needs 'topology'"));
  EXPECT_EQ(r.errors.size(), 3u);
  expect_one_error("name: ''\ndescription: d\ntopology: {hosts: [{name: a, ip: 10.0.0.1/8}]}\n", 1,
                   "''", "name: expected some text");
}

// ---- errors: keys and types ------------------------------------------------------------------

TEST(LoadError, UnknownTopLevelKeyListsTheAllowedOnes) {
  const std::string text = kBase + "scirpt: []\n";
  expect_one_error(text, 12, "scirpt", "unknown key 'scirpt' in scenario; did you mean 'script'?");
  EXPECT_TRUE(has_error(load(text), at(text, 12, "scirpt"),
                        "allowed: name, description, seed, duration, settings, topology, faults, "
                        "script, expect"));
}

TEST(LoadError, UnknownNestedKey) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24}
  switches: [{name: s}]
  links:
    - {a: a, b: s, dealy: 5ms}
)");
  expect_one_error(text, 8, "dealy", "unknown key 'dealy' in link; did you mean 'delay'?");
}

TEST(LoadError, KeyGivenTwice) {
  const std::string text = kBase + "seed: 1\nseed: 2\n";
  expect_one_error(text, 13, "seed", "'seed' is given twice in scenario (first at line 12)");
}

TEST(LoadError, WrongTypes) {
  const std::string text = R"(name: [a, b]
description: {x: 1}
seed: lots
duration: fast
topology:
  hosts: {name: a}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 1, "["), "name: expected text, got a list"));
  EXPECT_TRUE(has_error(r, at(text, 2, "{"), "description: expected text, got a map"));
  EXPECT_TRUE(has_error(r, at(text, 3, "lots"), "seed: expected a whole number"));
  EXPECT_TRUE(has_error(r, at(text, 4, "fast"),
                        "duration: expected a duration such as 200ms or 2s, got 'fast'"));
  EXPECT_TRUE(has_error(r, at(text, 6, "{"), "hosts: expected a list"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

TEST(LoadError, KeepsGoingAfterAnError) {
  const std::string text = kBase + R"(duration: -1s
settings: {mss: 0, nagle: maybe}
script:
  - {host: nobody, call: socket, as: s}
  - {host: client, call: conect, fd: k}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 12, "-1s"), "duration: a duration cannot be negative"));
  EXPECT_TRUE(has_error(r, at(text, 13, "0"), "mss: expected a whole number from 1 to 65535"));
  EXPECT_TRUE(has_error(r, at(text, 13, "maybe"), "nagle: expected true or false, got 'maybe'"));
  EXPECT_TRUE(has_error(r, at(text, 15, "nobody"), "host: no node is named 'nobody'"));
  EXPECT_TRUE(has_error(r, at(text, 16, "conect"), "did you mean 'connect'?"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

TEST(LoadError, DurationNeedsAUnit) {
  expect_one_error(kBase + "duration: 10\n", 12, "10", "write the unit: us, ms or s");
}

TEST(LoadError, ErrorsAreCapped) {
  std::string text = kBase + "script:\n";
  for (int i = 0; i < 300; ++i) text += "  - {host: nobody, call: close, fd: x}\n";
  const LoadResult r = load(text);
  ASSERT_EQ(r.errors.size(), 101u);
  EXPECT_NE(r.errors.back().message.find("more errors not shown"), std::string::npos);
}

// ---- errors: settings ---------------------------------------------------------------------

TEST(LoadError, Settings) {
  const std::string text = kBase + R"(settings:
  rst_policy: rfc1337
  min_rto: 2s
  max_rto: 1s
  syn_retries: -1
  initial_rto: 0
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "rfc1337"),
                        "rst_policy: expected one of rfc5961, rfc793, got 'rfc1337'"));
  EXPECT_TRUE(has_error(r, at(text, 15, "max_rto"), "min_rto 2s is above max_rto 1s"));
  EXPECT_TRUE(has_error(r, at(text, 16, "-1"), "syn_retries: expected a whole number from 0"));
  EXPECT_TRUE(has_error(r, at(text, 17, "0"), "initial_rto: expected a duration above 0"));
  EXPECT_EQ(r.errors.size(), 4u) << all_errors(r);
}

TEST(LoadError, RouterSettingsTakeOnlyArpKeys) {
  const std::string text = with_topology(R"(  hosts: [{name: a, ip: 10.0.0.1/24}]
  routers:
    - name: r
      interfaces: [{ip: 10.0.0.254/24}, {ip: 10.0.1.254/24}]
      settings: {nagle: false}
)");
  expect_one_error(text, 8, "nagle",
                   "unknown key 'nagle' in router settings (allowed: arp_cache_timeout, "
                   "arp_retry_interval, arp_retries)");
}

// ---- errors: topology ---------------------------------------------------------------------

TEST(LoadError, NodeNamesAreOneNamespace) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24}
  switches: [{name: a}]
)");
  expect_one_error(text, 6, "a}", "'a' is already the name of the host at line 5");
}

TEST(LoadError, NodeNameMustBeAName) {
  const std::string text = with_topology("  hosts: [{name: 'my host', ip: 10.0.0.1/24}]\n");
  expect_one_error(text, 4, "'my", "name: expected a name (a letter, then letters, digits");
}

TEST(LoadError, TopologyNeedsAHost) {
  expect_one_error(with_topology("  hosts: []\n"), 4, "[]", "hosts: expected at least one host");
}

TEST(LoadError, DuplicateLinkNames) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24}
    - {name: b, ip: 10.0.0.2/24}
  switches: [{name: s}]
  links:
    - {a: a, b: s, name: l1}
    - {a: b, b: s, name: l1}
)");
  expect_one_error(text, 10, "l1", "name: link 'l1' is already declared at line 9");
}

TEST(LoadError, LinkEnds) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24}
    - {name: b, ip: 10.0.0.2/24}
  switches: [{name: s}]
  routers:
    - {name: r, interfaces: [{ip: 10.0.0.254/24}, {ip: 10.0.1.254/24}]}
  links:
    - {a: a, b: swx}
    - {a: r, b: s}
    - {a: r:eth7, b: s}
    - {a: b, b: s:1}
    - {a: b:eth1, b: s}
    - {a: s, b: s}
)");
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 11, "swx"), "b: no node is named 'swx'"));
  EXPECT_TRUE(has_error(r, at(text, 12, "r,"),
                        "a: name the interface of router r; expected r:IFACE "
                        "with IFACE one of eth0, eth1"));
  EXPECT_TRUE(has_error(r, at(text, 13, "r:eth7"), "a: router r has no interface eth7"));
  EXPECT_TRUE(has_error(r, at(text, 14, "s:1"), "b: switch ports are numbered in link order"));
  EXPECT_TRUE(has_error(r, at(text, 15, "b:eth1"), "a: host b has one interface, eth0"));
  EXPECT_TRUE(has_error(r, at(text, 16, "s}"), "b: a link joins two different nodes"));
  EXPECT_EQ(r.errors.size(), 6u) << all_errors(r);
}

TEST(LoadError, InterfaceWithTwoLinks) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24}
  switches: [{name: s}, {name: t}]
  routers:
    - {name: r, interfaces: [{ip: 10.0.0.254/24}, {ip: 10.0.1.254/24}]}
  links:
    - {a: a, b: s}
    - {a: t, b: a}
    - {a: r:eth1, b: s}
    - {b: r:eth1, a: t}
)");
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 11, "a}"), "b: a already has a link, at line 10"));
  EXPECT_TRUE(has_error(r, at(text, 13, "r:eth1"), "b: r:eth1 already has a link, at line 12"));
  EXPECT_EQ(r.errors.size(), 2u) << all_errors(r);
}

TEST(LoadError, Addresses) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.300/24}
    - {name: b, ip: 10.0.0.2, mask: 255.0.255.0}
    - {name: c, ip: 10.0.0.3}
    - {name: d, ip: 10.0.0.4/24, mask: 255.255.255.0}
    - {name: e, ip: 10.0.0.5/33}
    - {name: f, ip: 127.0.0.1/8}
)");
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 5, "10.0.0.300"), "ip: \"10.0.0.300\" is not an IPv4 address"));
  EXPECT_TRUE(has_error(r, at(text, 6, "255.0"), "mask: mask 255.0.255.0 is not contiguous"));
  EXPECT_TRUE(has_error(r, at(text, 7, "10.0.0.3"), "ip: expected the prefix length too"));
  EXPECT_TRUE(has_error(r, at(text, 8, "255.255"), "write the prefix or a mask, not both"));
  EXPECT_TRUE(has_error(r, at(text, 9, "10.0.0.5/33"), "prefix length 33 is above 32"));
  EXPECT_TRUE(has_error(r, at(text, 10, "127"), "not a unicast host address"));
  EXPECT_EQ(r.errors.size(), 6u) << all_errors(r);
}

TEST(LoadError, NetworkAndBroadcastAddresses) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.0/24}
    - {name: b, ip: 10.0.0.255/24}
    - {name: c, ip: 10.0.1.0/31}
    - {name: d, ip: 10.0.1.1/31}
)");
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 5, "10.0.0.0"),
                        "ip: 10.0.0.0 is the network address of 10.0.0.0/24; expected one of "
                        "10.0.0.1 to 10.0.0.254"));
  EXPECT_TRUE(has_error(r, at(text, 6, "10.0.0.255"), "is the broadcast address of 10.0.0.0/24"));
  EXPECT_EQ(r.errors.size(), 2u) << all_errors(r);  // a /31 has no network or broadcast address
}

TEST(LoadError, DuplicateAddresses) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24}
  routers:
    - {name: r, interfaces: [{ip: 10.0.0.1/24}, {ip: 10.0.1.254/24}]}
)");
  expect_one_error(text, 7, "10.0.0.1", "ip: 10.0.0.1 is already the address of host a at line 5");
}

TEST(LoadError, DuplicateMacs) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24}
    - {name: b, ip: 10.0.0.2/24, mac: 02:00:00:00:01:01}
    - {name: c, ip: 10.0.0.3/24, mac: 02:00:00:00:00:09}
    - {name: d, ip: 10.0.0.4/24, mac: 02:00:00:00:00:09}
    - {name: e, ip: 10.0.0.5/24, mac: 01:00:5e:00:00:01}
)");
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 6, "02:00"),
                        "mac: 02:00:00:00:01:01 is also the MAC of host a (derived from its "
                        "position"));
  EXPECT_TRUE(has_error(r, at(text, 8, "02:00"), "is also the MAC of host c;"));
  EXPECT_TRUE(has_error(r, at(text, 9, "01:00"), "is not a unicast address"));
  EXPECT_EQ(r.errors.size(), 3u) << all_errors(r);
}

TEST(LoadError, GatewayOutsideTheSubnet) {
  const std::string text = with_topology(R"(  hosts:
    - {name: a, ip: 10.0.0.1/24, gateway: 10.0.1.1}
    - {name: b, ip: 10.0.0.2/24, gateway: 10.0.0.2}
)");
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 5, "10.0.1.1"),
                        "gateway: 10.0.1.1 is not another usable address on 10.0.0.0/24"));
  EXPECT_TRUE(has_error(r, at(text, 6, "10.0.0.2}"), "gateway: 10.0.0.2 is not another usable"));
  EXPECT_EQ(r.errors.size(), 2u) << all_errors(r);
}

TEST(LoadError, Routers) {
  const std::string text = with_topology(R"(  hosts: [{name: a, ip: 10.0.0.1/24}]
  routers:
    - name: r
      interfaces:
        - {ip: 10.0.0.254/24}
        - {ip: 10.0.0.129/25}
        - {name: eth0, ip: 10.2.0.1/16}
      routes:
        - {to: 10.9.0.5/24, via: 10.0.0.1}
        - {to: 10.8.0.0/16, via: 10.7.0.1}
    - {name: q, interfaces: [{ip: 10.5.0.1/24}]}
)");
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 9, "10.0.0.129"),
                        "ip: 10.0.0.128/25 (eth1) overlaps 10.0.0.0/24 (eth0) on the same router"));
  EXPECT_TRUE(
      has_error(r, at(text, 10, "eth0"), "name: r already has an interface eth0 at line 8"));
  EXPECT_TRUE(has_error(r, at(text, 12, "10.9.0.5"),
                        "to: 10.9.0.5/24 has host bits set; the network is 10.9.0.0/24"));
  EXPECT_TRUE(has_error(r, at(text, 13, "10.7.0.1"), "via: 10.7.0.1 is on none of r's subnets"));
  EXPECT_TRUE(has_error(r, at(text, 14, "[{"), "a router joins at least two networks"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

TEST(LoadError, LinkValues) {
  const std::string text =
      kBase +
      R"(    - {a: client, b: server, loss: 1.5, bandwidth: fast, delay: -1ms, duplicate: -0.1}
)";
  const LoadResult r = load(text);
  // Hosts have one interface each, already joined to sw1.
  EXPECT_TRUE(has_error(r, at(text, 12, "client"), "a: client already has a link"));
  EXPECT_TRUE(
      has_error(r, at(text, 12, "1.5"), "loss: expected a probability from 0 to 1, got '1.5'"));
  EXPECT_TRUE(
      has_error(r, at(text, 12, "fast"), "bandwidth: expected a bandwidth such as 100Mbps"));
  EXPECT_TRUE(has_error(r, at(text, 12, "-1ms"), "delay: a duration cannot be negative"));
  EXPECT_TRUE(has_error(r, at(text, 12, "-0.1"), "duplicate: expected a probability"));
}

// ---- errors: faults ----------------------------------------------------------------------------

TEST(LoadError, Faults) {
  const std::string text = kBase + R"(faults:
  - {drop: {from: sw1}, count: 2}
  - {drop: {}, delay: {}}
  - {delay: {proto: udp, flags: S}}
  - {cut: nolink, nth: 1}
  - {duplicate: {flags: SX, port: 0}, from: 2s, until: 1s, link: client-sw2}
  - {nth: 1}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "sw1"), "from: 'sw1' is a switch; expected a host"));
  EXPECT_TRUE(has_error(r, at(text, 13, "2}"), "count: counts frames from the nth on; give nth"));
  EXPECT_TRUE(has_error(r, at(text, 14, "delay"), "a fault does one thing"));
  EXPECT_TRUE(has_error(r, at(text, 15, "{delay"), "delay fault needs 'by'"));
  EXPECT_TRUE(has_error(r, at(text, 15, "udp"), "proto: flags and data match TCP segments"));
  EXPECT_TRUE(has_error(r, at(text, 16, "nolink"), "cut: no link is named 'nolink'"));
  EXPECT_TRUE(has_error(r, at(text, 16, "nth"), "unknown key 'nth' in cut fault"));
  EXPECT_TRUE(has_error(r, at(text, 17, "X,"), "flags: 'X' is not a flag letter"));
  EXPECT_TRUE(has_error(r, at(text, 17, "0}"), "port: expected a whole number from 1 to 65535"));
  EXPECT_TRUE(has_error(r, at(text, 17, "1s"), "until: 1s is not after from: 2s"));
  EXPECT_TRUE(has_error(r, at(text, 17, "client-sw2"),
                        "link: no link is named 'client-sw2'; did you mean 'client-sw1'?"));
  EXPECT_TRUE(
      has_error(r, at(text, 18, "{nth"), "fault needs one of drop, duplicate, delay or cut"));
  EXPECT_EQ(r.errors.size(), 12u) << all_errors(r);
}

TEST(LoadError, WordsAndWindows) {
  const std::string text = kBase + R"(faults:
  - {drop: {proto: icmp}}
expect:
  - segments: {link: client-sw1, from: 2s, until: 2s, list: []}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "icmp"), "proto: expected one of tcp, udp, arp, any"));
  EXPECT_TRUE(has_error(r, at(text, 15, "2s, list"), "until: 2s is not after from: 2s"));
  EXPECT_EQ(r.errors.size(), 2u) << all_errors(r);
}

// ---- errors: script ----------------------------------------------------------------------------

TEST(LoadError, StepOnAnUnknownHostOrASwitch) {
  const std::string text = kBase + R"(script:
  - {host: clinet, call: socket, as: s}
  - {host: sw1, call: socket, as: s}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "clinet"),
                        "host: no node is named 'clinet'; did you mean 'client'?"));
  EXPECT_TRUE(has_error(r, at(text, 14, "sw1"), "host: 'sw1' is a switch; expected a host"));
  EXPECT_EQ(r.errors.size(), 2u) << all_errors(r);
}

TEST(LoadError, FdBeforeItIsMade) {
  const std::string text = kBase + R"(script:
  - {host: client, call: connect, fd: k, to: 10.0.0.2:80}
  - {host: server, call: socket, as: k}
  - {host: client, call: close, fd: k}
  - {host: server, call: accept, fd: k, as: c}
  - {host: server, call: close, fd: c}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "k,"),
                        "fd: no socket labelled 'k' on client yet; a socket step (or an accept) "
                        "with as: k must come before"));
  EXPECT_TRUE(has_error(r, at(text, 15, "k}"), "(server has one)"));
  expect_one_error(kBase +
                       "script:\n  - {host: client, call: socket, as: k}\n"
                       "  - {host: client, call: close, fd: kk}\n",
                   14, "kk", "did you mean 'k'?");
  EXPECT_EQ(r.errors.size(), 2u) << all_errors(r);
}

TEST(LoadError, SocketKindMustFitTheCall) {
  const std::string text = kBase + R"(script:
  - {host: server, call: socket, as: u, udp: true}
  - {host: server, call: listen, fd: u}
  - {host: client, call: socket, as: k}
  - {host: client, call: sendto, fd: k, to: server:9, data: x}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 14, "u}"),
                        "fd: listen needs a TCP socket; 'u' is a UDP "
                        "socket (made at line 13)"));
  EXPECT_TRUE(has_error(r, at(text, 16, "k,"), "fd: sendto needs a UDP socket"));
  EXPECT_EQ(r.errors.size(), 2u) << all_errors(r);
}

TEST(LoadError, KeysMustFitTheCall) {
  const std::string text = kBase + R"(script:
  - {host: client, call: socket, as: k}
  - {host: client, call: bind, fd: k, port: 80, backlog: 5}
  - {host: client, call: recv, fd: k}
  - {host: client, call: send, fd: k}
  - {host: client, call: shutdown, fd: k, how: SHUT_BOTH}
  - {host: client, call: setsockopt, fd: k, option: SO_KEEPALIVES}
  - {host: client, call: socket}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 14, "backlog"),
                        "unknown key 'backlog' in bind step (allowed: at, host, call, thread, id, "
                        "expect, fd, port, addr)"));
  EXPECT_TRUE(has_error(r, at(text, 15, "{"), "recv step needs 'size'"));
  EXPECT_TRUE(has_error(r, at(text, 16, "{"), "send step needs 'data' (text to send) or 'bytes'"));
  EXPECT_TRUE(
      has_error(r, at(text, 17, "SHUT_BOTH"), "how: expected one of SHUT_RD, SHUT_WR, SHUT_RDWR"));
  EXPECT_TRUE(
      has_error(r, at(text, 18, "SO_KEEPALIVES"),
                "option: expected one of SO_REUSEADDR, SO_LINGER, SO_BROADCAST, SO_KEEPALIVE, "
                "TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT"));
  EXPECT_TRUE(has_error(r, at(text, 19, "{"), "socket step needs 'as'"));
  EXPECT_EQ(r.errors.size(), 6u) << all_errors(r);
}

TEST(LoadError, Ports) {
  const std::string text = kBase + R"(script:
  - {host: client, call: socket, as: k}
  - {host: client, call: bind, fd: k, port: 0}
  - {host: client, call: bind, fd: k, port: 65536}
  - {host: client, call: connect, fd: k, to: 10.0.0.2:0}
  - {host: client, call: connect, fd: k, to: 10.0.0.2}
  - {host: client, call: connect, fd: k, to: nobody:80}
expect:
  - queue: {host: server, port: 70000, at: 1s, syn_queue: 1}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 15, "65536"), "port: expected a whole number from 0 to 65535"));
  EXPECT_TRUE(has_error(r, at(text, 16, "10.0.0.2:0"), "to: expected a port from 1 to 65535"));
  EXPECT_TRUE(has_error(r, at(text, 17, "10.0.0.2}"), "to: expected address:port such as"));
  EXPECT_TRUE(has_error(r, at(text, 18, "nobody"), "to: no node is named 'nobody'"));
  EXPECT_TRUE(has_error(r, at(text, 20, "70000"), "port: expected a whole number from 1 to 65535"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

TEST(LoadError, StepIds) {
  const std::string text = kBase + R"(script:
  - {host: client, call: socket, as: k, id: open}
  - {host: client, call: close, fd: k, id: open}
expect:
  - call: {step: opne, returns: 0}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 14, "open}"),
                        "id: 'open' is already the id of the step at "
                        "line 13"));
  EXPECT_TRUE(
      has_error(r, at(text, 16, "opne"), "step: no step has id 'opne'; did you mean 'open'?"));
  EXPECT_EQ(r.errors.size(), 2u) << all_errors(r);
}

TEST(LoadError, CallChecks) {
  const std::string text = kBase + R"(script:
  - {host: client, call: socket, as: k, expect: {errno: ECONNREFUZED}}
  - {host: client, call: close, fd: k, expect: {data: x}}
  - {host: client, call: close, fd: k, expect: {}}
  - {host: client, call: close, fd: k, expect: {returns: 0, errno: EBADF}}
  - {host: client, call: close, fd: k, expect: {blocks: true, returns: 0}}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "ECONNREFUZED"),
                        "errno: expected an errno name such as ECONNREFUSED, or 0 for success, got "
                        "'ECONNREFUZED'"));
  EXPECT_TRUE(has_error(r, at(text, 14, "x}"), "data: only recv and recvfrom return data"));
  EXPECT_TRUE(has_error(r, at(text, 15, "{}"), "step expect needs at least one of returns"));
  EXPECT_TRUE(has_error(r, at(text, 16, "0,"), "returns: a call that fails with errno returns -1"));
  EXPECT_TRUE(has_error(r, at(text, 17, "true"), "blocks: a call that never returns"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

// ---- errors: expectations -----------------------------------------------------------------------

TEST(LoadError, UnknownStateName) {
  const std::string text = kBase + R"(expect:
  - state: {host: client, local_port: 80, at: 1s, is: HALF-OPEN}
)";
  expect_one_error(text, 13, "HALF-OPEN",
                   "is: expected a TCP state (CLOSED, LISTEN, SYN-SENT, SYN-RECEIVED, ESTABLISHED");
  expect_one_error(
      kBase + "expect:\n  - state: {host: client, local_port: 8, at: 1s, is: ESTABLISED}\n", 13,
      "ESTABLISED", "did you mean 'ESTABLISHED'?");
}

TEST(LoadError, ExpectationsNameKnownThings) {
  const std::string text = kBase + R"(expect:
  - state: {host: server, fd: s, at: 1s, is: LISTEN}
  - segments: {link: nolink, list: [S]}
  - mac_table: {switch: client, at: 1s, size: 1}
  - counter: {node: ghost, name: x, "==": 0}
  - arp: {host: sw1, at: 1s, lacks: [10.0.0.9]}
  - mac_table: {switch: sw1, at: 1s, has: {client: 3}}
  - arp: {host: client, at: 1s, has: {ghost: null}}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(
      has_error(r, at(text, 13, "s,"), "fd: no step on server makes a socket labelled 's'"));
  EXPECT_TRUE(has_error(r, at(text, 14, "nolink"), "link: no link is named 'nolink'"));
  EXPECT_TRUE(
      has_error(r, at(text, 15, "client"), "switch: 'client' is a host; expected a switch"));
  EXPECT_TRUE(has_error(r, at(text, 16, "ghost"), "node: no node is named 'ghost'"));
  EXPECT_TRUE(has_error(r, at(text, 16, "x,"), "name: no counter is named 'x'; counters are: "));
  EXPECT_TRUE(has_error(r, at(text, 17, "sw1"),
                        "host: 'sw1' is a switch; expected a host or a "
                        "router"));
  EXPECT_TRUE(has_error(r, at(text, 18, "3}"), "port: sw1 has 2 ports"));
  EXPECT_TRUE(has_error(r, at(text, 19, "ghost"), "has: no node is named 'ghost'"));
  EXPECT_EQ(r.errors.size(), 8u) << all_errors(r);
}

TEST(LoadError, ExpectationShape) {
  const std::string text = kBase + R"(expect:
  - {note: nothing to check}
  - state: {host: client, local_port: 1, at: 1s, is: LISTEN}
    segments: {link: client-sw1, list: []}
  - counter: {node: server, name: syn_dropped}
  - queue: {host: server, port: 80, at: 1s}
  - state: {host: client, fd: k, local_port: 1, at: 1s, is: LISTEN, note: a}
    note: b
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "{"), "expectation needs one of state, segments"));
  EXPECT_TRUE(has_error(r, at(text, 15, "segments"), "one check per list item"));
  EXPECT_TRUE(has_error(r, at(text, 16, "{"), "counter needs a comparison"));
  EXPECT_TRUE(
      has_error(r, at(text, 17, "{"), "queue needs at least one of syn_queue, accept_queue"));
  EXPECT_TRUE(has_error(r, at(text, 18, "local_port"), "by fd or by ports, not both"));
  EXPECT_TRUE(has_error(r, at(text, 18, "note"), "note: the expectation already has a note"));
}

TEST(LoadError, SegmentPatternsPointInsideTheString) {
  const std::string text = kBase + R"(expect:
  - segments:
      between: [client, server]
      list:
        - "client > server: S seq 0"
        - "server > client: SA seq 0 ack 1"
        - client > server: . seq 1 akc 1
        - "S. seq 0"
        - "client > sw1: S"
        - 'server > client: R. seq x'
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 17, "A seq"), "segment: 'A' is not a flag letter"));
  EXPECT_TRUE(has_error(r, at(text, 18, "client"),
                        "segment: expected text, got a map; put the "
                        "segment in quotes"));
  EXPECT_TRUE(has_error(r, at(text, 19, "\"S."),
                        "segment: expected the direction first, as in "
                        "\"client > server: S. seq 0\""));
  EXPECT_TRUE(has_error(r, at(text, 20, "\"client > sw1"), "is not between client and server"));
  EXPECT_TRUE(has_error(r, at(text, 21, "x'"), "segment: expected a number from 0 to 4294967295"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

TEST(LoadError, SegmentPatternColumnWithoutQuotes) {
  const std::string text = kBase + R"(expect:
  - segments: {link: client-sw1, list: [S. seq 0 akc 1]}
)";
  expect_one_error(text, 13, "akc", "segment: expected seq, ack or len, got 'akc'");
}

TEST(LoadError, SegmentsBetweenTwoHosts) {
  const std::string text = kBase + R"(expect:
  - segments: {between: [client], list: []}
  - segments: {between: [client, sw1], list: []}
  - segments: {between: [client, client], list: []}
  - segments: {between: [client, server], link: client-sw1, list: []}
  - segments: {between: [client, server], match: all, list: []}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "[client]"), "between: expected two hosts"));
  EXPECT_TRUE(has_error(r, at(text, 14, "sw1"), "between: 'sw1' is a switch; expected a host"));
  EXPECT_TRUE(has_error(r, at(text, 15, "[client"), "between: expected two different hosts"));
  EXPECT_TRUE(has_error(r, at(text, 16, "link"), "between: [host, host] or link: NAME, one of"));
  EXPECT_TRUE(has_error(r, at(text, 17, "all"), "match: expected one of prefix, exact, contains"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

// ---- the JSON Schema -----------------------------------------------------------------------

// The keys an "unknown key" error lists after "(allowed: ".
std::set<std::string> allowed_keys(const std::string& text) {
  const LoadResult r = load(text);
  for (const LoadError& e : r.errors) {
    const std::size_t start = e.message.find("(allowed: ");
    if (e.message.find("unknown key 'zzz'") == std::string::npos || start == std::string::npos) {
      continue;
    }
    std::set<std::string> keys;
    std::istringstream in(e.message.substr(start + 10, e.message.size() - start - 11));
    for (std::string key; std::getline(in, key, ',');) keys.insert(key.substr(key[0] == ' '));
    return keys;
  }
  ADD_FAILURE() << "no unknown-key error for:\n" << text << all_errors(r);
  return {};
}

std::set<std::string> properties(const nlohmann::json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.at("properties").items()) keys.insert(key);
  return keys;
}

// Every map the loader reads allows exactly the keys the schema gives it.
TEST(Schema, AllowsWhatTheLoaderAllows) {
  std::ifstream in(SYNACK_SOURCE_DIR "/assets/scenario.schema.json");
  ASSERT_TRUE(in) << "assets/scenario.schema.json";
  const nlohmann::json schema = nlohmann::json::parse(in);
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  const nlohmann::json& defs = schema.at("$defs");
  const std::string one_host = "  hosts: [{name: a, ip: 10.0.0.1/24}]\n";
  const std::string router = "  routers: [{name: r, interfaces: [{ip: 10.0.1.1/24}, ";

  EXPECT_EQ(allowed_keys(kBase + "zzz: 1\n"), properties(schema));
  EXPECT_EQ(allowed_keys(kBase + "settings: {zzz: 1}\n"), properties(defs.at("settings")));
  EXPECT_EQ(allowed_keys(with_topology("  zzz: 1\n")), properties(defs.at("topology")));
  EXPECT_EQ(allowed_keys(with_topology("  hosts: [{name: a, ip: 10.0.0.1/24, zzz: 1}]\n")),
            properties(defs.at("host")));
  EXPECT_EQ(allowed_keys(with_topology(one_host + "  switches: [{name: s, zzz: 1}]\n")),
            properties(defs.at("switch")));
  EXPECT_EQ(allowed_keys(with_topology(one_host + router + "{ip: 10.0.2.1/24}], zzz: 1}]\n")),
            properties(defs.at("router")));
  EXPECT_EQ(allowed_keys(with_topology(one_host + router + "{ip: 10.0.2.1/24, zzz: 1}]}]\n")),
            properties(defs.at("router_interface")));
  EXPECT_EQ(
      allowed_keys(with_topology(one_host + router + "{ip: 10.0.2.1/24}], routes: [{zzz: 1}]}]\n")),
      properties(defs.at("route")));
  EXPECT_EQ(
      allowed_keys(with_topology(one_host + router + "{ip: 10.0.2.1/24}], settings: {zzz: 1}}]\n")),
      properties(defs.at("router_settings")));
  EXPECT_EQ(allowed_keys(kBase + "    - {a: client, b: server, zzz: 1}\n"),
            properties(defs.at("link")));
  EXPECT_EQ(allowed_keys(kBase + "faults: [{drop: {zzz: 1}}]\n"),
            properties(defs.at("match").at("anyOf").at(0)));

  // A fault's own action; the loader also lists the other actions, to say a
  // fault does one thing.
  for (const auto& branch : defs.at("fault").at("oneOf")) {
    const std::string action = branch.at("required").at(0);
    const std::string value = action == "cut" ? "client-sw1" : "{}";
    std::set<std::string> loader =
        allowed_keys(kBase + "faults: [{" + action + ": " + value + ", zzz: 1}]\n");
    for (const char* other : {"drop", "duplicate", "delay", "cut"}) {
      if (other != action) loader.erase(other);
    }
    EXPECT_EQ(loader, properties(branch)) << action;
  }
  for (const auto& branch : defs.at("step").at("oneOf")) {
    const std::string call = branch.at("properties").at("call").at("const");
    std::set<std::string> keys = properties(defs.at("step"));
    const std::set<std::string> own = properties(branch);
    keys.insert(own.begin(), own.end());
    EXPECT_EQ(allowed_keys(kBase + "script: [{host: client, call: " + call + ", zzz: 1}]\n"), keys)
        << call;
  }
  EXPECT_EQ(
      allowed_keys(kBase + "script: [{host: client, call: socket, as: k, expect: {zzz: 1}}]\n"),
      properties(defs.at("step_expect")));
  std::set<std::string> kinds;
  for (const auto& branch : defs.at("expectation").at("oneOf")) {
    const std::set<std::string> own = properties(branch);
    kinds.insert(own.begin(), own.end());
    const std::string kind = branch.at("required").at(0);
    EXPECT_EQ(allowed_keys(kBase + "expect: [{" + kind + ": {zzz: 1}}]\n"),
              properties(defs.at("expect_" + kind)))
        << kind;
  }
  EXPECT_EQ(allowed_keys(kBase + "expect: [{zzz: 1}]\n"), kinds);
}

// ---- robustness --------------------------------------------------------------------------------

// A variant of a file must load or fail with positioned errors; never crash,
// hang or throw.
void load_survives(const std::string& text, const std::string& how) {
  LoadResult r;
  EXPECT_NO_THROW(r = load(text)) << how;
  EXPECT_EQ(r.ok(), r.errors.empty()) << how;
  for (const LoadError& e : r.errors) {
    EXPECT_EQ(e.file, kFile) << how;
    EXPECT_FALSE(e.message.empty()) << how;
  }
}

TEST(LoadRobustness, TruncatedFiles) {
  for (std::size_t n = 0; n < kFull.size(); n += 13) {
    load_survives(kFull.substr(0, n), "first " + std::to_string(n) + " bytes");
  }
}

TEST(LoadRobustness, MutatedFiles) {
  std::mt19937 rng(20240601);
  const std::string alphabet = " \t\n-:{}[],'\"&*!|>#%@`?0123456789abcxyz.\\\xff\xc3";
  for (int i = 0; i < 300; ++i) {
    std::string text = kFull;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at_byte = rng() % text.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: text[at_byte] = c; break;
        case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at_byte), c); break;
        default: text.erase(at_byte, 1 + rng() % 8); break;
      }
    }
    load_survives(text, "mutation " + std::to_string(i));
  }
}

TEST(LoadRobustness, LinesDroppedSwappedAndReindented) {
  std::vector<std::string> lines;
  std::istringstream in(kFull);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& l : v) out += l + "\n";
    return out;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::vector<std::string> dropped = lines;
    dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(i));
    load_survives(joined(dropped), "without line " + std::to_string(i + 1));
    std::vector<std::string> doubled = lines;
    doubled.insert(doubled.begin() + static_cast<std::ptrdiff_t>(i), lines[i]);
    load_survives(joined(doubled), "line " + std::to_string(i + 1) + " twice");
    std::vector<std::string> shifted = lines;
    shifted[i] = "  " + shifted[i];
    load_survives(joined(shifted), "line " + std::to_string(i + 1) + " indented");
    if (i + 1 < lines.size()) {
      std::vector<std::string> swapped = lines;
      std::swap(swapped[i], swapped[i + 1]);
      load_survives(joined(swapped), "lines " + std::to_string(i + 1) + " swapped");
    }
  }
}

TEST(LoadRobustness, WrongTypesEverywhere) {
  // Each value of the full file replaced by a list, a map, nothing and a word.
  for (const char* replacement :
       {"[1, 2]", "{x: 1}", "", "~", "word", "-1", "99999999999999999999"}) {
    std::string text;
    std::istringstream in(kFull);
    int replaced = 0;
    for (std::string line; std::getline(in, line);) {
      const std::size_t colon = line.find(": ");
      std::string mutated = line;
      if (colon != std::string::npos && line.find('{') == std::string::npos) {
        mutated = line.substr(0, colon + 2) + replacement;
        ++replaced;
      }
      const LoadResult r =
          load(text + mutated + "\n" + kFull.substr(text.size() + line.size() + 1));
      EXPECT_EQ(r.ok(), r.errors.empty());
      text += line + "\n";
    }
    EXPECT_GT(replaced, 20);
  }
}

TEST(LoadRobustness, DeepNestingAndAliases) {
  for (const int depth : {100, 5000, 100000}) {
    load_survives(std::string(static_cast<std::size_t>(depth), '[') +
                      std::string(static_cast<std::size_t>(depth), ']'),
                  "nested lists");
    std::string maps;
    for (int i = 0; i < depth; ++i) maps += "{a: ";
    load_survives(maps + "1" + std::string(static_cast<std::size_t>(depth), '}'), "nested maps");
    load_survives("name: " + std::string(static_cast<std::size_t>(depth), '['), "unclosed");
  }
  load_survives("topology: &t {hosts: *t}\nscript: &s [*s]\nname: &n [*n]\n", "alias cycles");
  load_survives("a: &a [x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", "alias fan-out");
  load_survives(kBase + "script: &s\n  - {host: client, call: socket, as: k}\nexpect: *s\n",
                "alias of another section");
}

TEST(LoadRobustness, Garbage) {
  std::mt19937 rng(7);
  for (int i = 0; i < 50; ++i) {
    std::string text(1 + rng() % 400, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 256);
    load_survives(text, "random bytes " + std::to_string(i));
  }
  load_survives(std::string("name: t\0description: d\n", 23), "NUL inside");
  load_survives("\xEF\xBB\xBFname: t\n", "byte order mark");
  load_survives(std::string(100000, '\n'), "only newlines");
  load_survives("\t\tname: t\n", "tabs");
}

TEST(LoadRobustness, StrayCommaIsASyntaxError) {
  // yaml-cpp 0.7 alone would read these as endless empty documents.
  for (const char* text : {",", ", a", ",]", "\n\n  ,", "- !+(.,.)", "name: t\n---\n,"}) {
    const LoadResult r = load(text);
    EXPECT_FALSE(r.ok()) << text;
    ASSERT_FALSE(r.errors.empty()) << text;
  }
  const LoadResult r = load("\n , x\n");
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(r.errors[0].to_string(),
            "t.yaml:2:2: YAML syntax: unexpected ','; a value cannot start with it");
}

}  // namespace
}  // namespace synack::scenario

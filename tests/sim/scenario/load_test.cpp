// Scenario loading: values, and a full file read back field by field, with
// its defaults. The errors are in load_errors_test.cpp, the schema and files
// mangled in a few hundred ways in load_robustness_test.cpp.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <set>

#include "core/tcp_segment.hpp"
#include "load_fixture.hpp"

namespace synack::scenario::testing {
namespace {

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

TEST(SegmentPattern, ReadsWindowTtlMacsAndOptions) {
  const auto p = parse_segment_pattern(
      "client > server: S win 64240 ttl 64 src_mac 02:00:00:00:01:01 dst_mac r1 "
      "<mss 1460,sackOK,TS val * ecr 0,nop,wscale   7>");
  ASSERT_TRUE(p.pattern) << p.error;
  EXPECT_EQ(p.pattern->from, "client");
  EXPECT_EQ(p.pattern->win, 64240);
  EXPECT_EQ(p.pattern->ttl, 64);
  EXPECT_EQ(p.pattern->src_mac, "02:00:00:00:01:01");
  EXPECT_EQ(p.pattern->dst_mac, "r1");
  ASSERT_TRUE(p.pattern->options);
  EXPECT_EQ(*p.pattern->options,
            (std::vector<std::string>{"mss 1460", "sackOK", "TS val * ecr 0", "wscale 7"}));
  EXPECT_EQ(segment_pattern_text(*p.pattern),
            "client > server: S win 64240 ttl 64 src_mac 02:00:00:00:01:01 dst_mac r1 "
            "<mss 1460,sackOK,TS val * ecr 0,wscale 7>");

  // A MAC's colons and the options' colons do not name a direction.
  const auto mac = parse_segment_pattern(". dst_mac 02:00:00:00:02:01 <sack 1:2>");
  ASSERT_TRUE(mac.pattern) << mac.error;
  EXPECT_TRUE(mac.pattern->from.empty());
  EXPECT_EQ(*mac.pattern->options, std::vector<std::string>{"sack 1:2"});
  const auto none = parse_segment_pattern("a > b: S <>");
  ASSERT_TRUE(none.pattern) << none.error;
  EXPECT_TRUE(none.pattern->options->empty());
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
           Case{"S. wnd 5", 3, "expected seq, ack, len, win, ttl, src_mac, dst_mac or <options>"},
           Case{"S. win 65536", 7, "from 0 to 65535"},
           Case{"S ttl 256", 6, "from 0 to 255"},
           Case{"S <mss 1460", 2, "no closing '>'"},
           Case{"S <mss 1460> <sackOK>", 13, "options are written twice"},
           Case{"S src_mac 1x", 10, "expected a MAC address"},
           Case{"S dst_mac <mss 1>", 10, "expected a MAC address or a node's name after"},
           Case{"S win", 5, "expected a number after 'win'"},
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

TEST(Load, TimingThreadsPeersAndGeneratedData) {
  const LoadResult r = load(kBase + R"(script:
  - {host: server, call: socket, as: l, id: open}
  - host: server
    call: accept
    fd: l
    as: c
    count: 2
    each:
      - {call: recv, fd: c, size: 10, id: got}
      - {call: close, fd: c, after: "open + 5ms"}
  - {host: client, call: socket, udp: true, as: u, after: open}
  - {host: client, call: sendto, fd: u, to: peer, data: {bytes: 30}}
expect:
  - received: {host: server, fd: c, bytes: 4}
  - received: {host: server, fd: c, data: hi}
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const Scenario& s = *r.scenario;
  ASSERT_EQ(s.steps.size(), 6u);
  const Step& accept = s.steps[1];
  EXPECT_EQ(accept.count, 2);
  EXPECT_EQ(accept.each, (std::vector<std::uint32_t>{2, 3}));
  EXPECT_TRUE(s.steps[2].in_each);
  EXPECT_EQ(s.steps[2].host, "server");
  EXPECT_EQ(s.steps[2].thread, "main/c");
  EXPECT_EQ(s.steps[3].after, 0u);
  EXPECT_EQ(s.steps[3].after_delay, 5 * tcp::kMillis);
  EXPECT_EQ(s.steps[4].after, 0u);
  EXPECT_EQ(s.steps[4].after_delay, 0);
  EXPECT_TRUE(s.steps[5].to_peer);
  EXPECT_EQ(std::string(s.steps[5].data.begin(), s.steps[5].data.end()),
            "abcdefghijklmnopqrstuvwxyzabcd");
  const auto& bytes = std::get<ExpectReceived>(s.expectations[0].body);
  EXPECT_EQ(bytes.data, "abcd");
  EXPECT_TRUE(bytes.pattern);
  const auto& text = std::get<ExpectReceived>(s.expectations[1].body);
  EXPECT_EQ(text.data, "hi");
  EXPECT_FALSE(text.pattern);
  // An accept with each and no count serves connections for ever.
  const LoadResult forever = load(kBase + R"(script:
  - {host: server, call: socket, as: l}
  - {host: server, call: accept, fd: l, as: c, each: [{call: close, fd: c}]}
)");
  ASSERT_TRUE(forever.ok()) << all_errors(forever);
  EXPECT_EQ(forever.scenario->steps[1].count, 0);
}

TEST(Load, CrashAndReboot) {
  const LoadResult r = load(kBase + R"(faults:
  - {crash: server, at: 2s}
  - {reboot: client, at: 1s, down: 500ms}
  - {reboot: client, at: 3s}
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const auto& f = r.scenario->faults;
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].action, FaultAction::Crash);
  EXPECT_EQ(f[0].host, "server");
  EXPECT_EQ(f[0].from, 2 * tcp::kSeconds);
  EXPECT_EQ(f[0].until, kForever);
  EXPECT_EQ(f[1].action, FaultAction::Reboot);
  EXPECT_EQ(f[1].until, 1500 * tcp::kMillis);
  EXPECT_EQ(f[2].until, 3 * tcp::kSeconds) << "back at once when down is not given";
}

TEST(Load, LessonItemsAndTheirQuestions) {
  const LoadResult r = load(kBase + R"(script:
  - {host: server, call: socket, as: l, id: open}
expect:
  - state: {host: server, fd: l, at: 1ms, is: CLOSED}
  - counter: {node: server, name: rst_sent, "==": 0}
lesson:
  - {at: 0, text: "服务器创建套接字"}
  - step: open
    text: socket() makes a socket.
    question: "Which state is it in?"
    answers: [CLOSED, LISTEN]
    correct: CLOSED
  - {expect: 2, text: No RST.}
)");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  const auto& lesson = r.scenario->lesson;
  ASSERT_EQ(lesson.size(), 3u);
  EXPECT_EQ(lesson[0].at, 0);
  EXPECT_EQ(lesson[0].text, "服务器创建套接字");
  EXPECT_EQ(lesson[1].step, 0u);
  EXPECT_EQ(lesson[1].question, "Which state is it in?");
  EXPECT_EQ(lesson[1].answers, (std::vector<std::string>{"CLOSED", "LISTEN"}));
  EXPECT_EQ(lesson[1].correct, 0);
  EXPECT_EQ(lesson[2].expect, 1u) << "the second item of expect:";
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
  EXPECT_EQ(a.mss, 536);
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

}  // namespace
}  // namespace synack::scenario::testing

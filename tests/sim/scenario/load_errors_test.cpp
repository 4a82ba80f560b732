// Scenario loading: one test per validation rule, each checking that the
// message points at the right line and column and says what was expected.
#include <gtest/gtest.h>

#include <set>

#include "load_fixture.hpp"
#include "sim/lang/tr.hpp"

namespace synack::scenario::testing {
namespace {

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

TEST(LoadError, RouterSettingsTakeOnlyArpAndIpKeys) {
  const std::string text = with_topology(R"(  hosts: [{name: a, ip: 10.0.0.1/24}]
  routers:
    - name: r
      interfaces: [{ip: 10.0.0.254/24}, {ip: 10.0.1.254/24}]
      settings: {nagle: false}
)");
  expect_one_error(text, 8, "nagle",
                   "unknown key 'nagle' in router settings (allowed: arp_cache_timeout, "
                   "arp_retry_interval, arp_retries, ttl, icmp_ratelimit, icmp_burst)");
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
  EXPECT_TRUE(has_error(r, at(text, 18, "{nth"),
                        "fault needs one of drop, duplicate, delay, cut, crash or reboot"));
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
  EXPECT_TRUE(
      has_error(r, at(text, 14, "backlog"),
                "unknown key 'backlog' in bind step (allowed: at, after, host, call, thread, "
                "id, expect, fd, port, addr)"));
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
  expect_one_error(
      text, 13, "akc",
      "segment: expected seq, ack, len, win, ttl, src_mac, dst_mac or <options>, got 'akc'");
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

TEST(LoadError, SegmentsOfOneConnection) {
  const std::string text = kBase + R"(expect:
  - segments: {between: [client, server], fd: nope, list: []}
  - segments: {link: client-sw1, fd: k, list: []}
  - segments: {between: [client, server], port: 0, list: []}
  - segments: {between: [client, server], list: ["S dst_mac sever"]}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "nope"),
                        "fd: neither client nor server has a socket labelled 'nope'"));
  EXPECT_TRUE(has_error(r, at(text, 14, "k,"), "fd: picks the connection of a socket of one"));
  EXPECT_TRUE(has_error(r, at(text, 15, "0,"), "port: expected a whole number from 1 to 65535"));
  EXPECT_TRUE(has_error(r, at(text, 16, "\"S dst"),
                        "segment's MAC: no node is named 'sever'; did you mean 'server'?"));
  EXPECT_EQ(r.errors.size(), 4u) << all_errors(r);
}

// ---- errors: timing, threads per connection, peers, generated data ---------------

TEST(LoadError, AfterNamesAnotherStepOfTheFile) {
  const std::string text = kBase + R"(script:
  - {host: server, call: socket, as: l, id: open}
  - {host: server, call: listen, fd: l, at: 1ms, after: open}
  - {host: server, call: listen, fd: l, after: opn}
  - {host: server, call: listen, fd: l, after: "open + soon"}
  - {host: server, call: listen, fd: l, after: me, id: me}
  - {host: client, call: socket, as: k, after: two, id: one}
  - {host: client, call: socket, as: k2, after: one, id: two}
  - {host: client, call: socket, as: k3, after: "open + 2ms"}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 14, "after"), "after: give at (a time) or after (a step)"));
  EXPECT_TRUE(has_error(r, at(text, 15, "opn"), "no step has id 'opn'; did you mean 'open'?"));
  EXPECT_TRUE(has_error(r, at(text, 16, "soon"), "expected a duration after '+'"));
  EXPECT_TRUE(has_error(r, at(text, 17, "me,"), "a step cannot wait for itself"));
  EXPECT_TRUE(has_error(r, at(text, 18, "two"), "'two' waits, through after:, for this step"));
  EXPECT_TRUE(has_error(r, at(text, 19, "one"), "'one' waits, through after:, for this step"));
  EXPECT_EQ(r.errors.size(), 6u) << all_errors(r);
}

TEST(LoadError, EachStepsBelongToTheirAccept) {
  const std::string text = kBase + R"(script:
  - {host: server, call: socket, as: l}
  - {host: server, call: accept, fd: l, count: 2}
  - {host: server, call: accept, fd: l, each: [{call: close, fd: l}]}
  - host: server
    call: accept
    fd: l
    as: c
    each:
      - {host: client, call: close, fd: c}
      - {call: recv, fd: c, size: 1, at: 5ms}
      - {call: socket, as: mine}
      - {call: close, fd: mine}
  - {host: server, call: close, fd: c}
  - {host: server, call: close, fd: mine}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 14, "count"), "count: says how many connections"));
  EXPECT_TRUE(has_error(r, at(text, 15, "each"), "give the accept an as: label"));
  EXPECT_TRUE(has_error(r, at(text, 21, "client"), "host: steps under each: run on the accept's"));
  EXPECT_TRUE(has_error(r, at(text, 22, "5ms"), "at: steps under each: run on the accept's"));
  // The connection's label and labels made inside are the threads' own.
  EXPECT_TRUE(has_error(r, at(text, 25, "c}"), "fd: no socket labelled 'c' on server yet"));
  EXPECT_TRUE(has_error(r, at(text, 26, "mine}"), "fd: no socket labelled 'mine' on server yet"));
  EXPECT_EQ(r.errors.size(), 6u) << all_errors(r);
}

TEST(LoadError, ASocketOfAnotherThreadMustExistInTime) {
  const std::string text = kBase + R"(script:
  - {host: server, call: socket, as: l}
  - {at: 50ms, host: server, thread: maker, call: socket, as: late}
  - {at: 10ms, host: server, thread: user, call: close, fd: late}
  - {at: 60ms, host: server, thread: other, call: close, fd: late}
  - {at: 50ms, host: server, thread: maker, call: close, fd: late}
)";
  expect_one_error(text, 15, "late}",
                   "fd: socket 'late' is made on thread maker (line 14), whose step starts at "
                   "50ms at the earliest; this step of thread user starts at 10ms, before it "
                   "exists");
}

TEST(LoadError, CrashAndRebootNameAHostAndATime) {
  const std::string text = kBase + R"(faults:
  - {crash: sever, at: 1s}
  - {crash: server}
  - {crash: server, at: 1s, down: 1s}
  - {reboot: server, at: 1s, nth: 2}
  - {reboot: sw1, at: 1s, down: 2s}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 13, "sever"), "crash: no node is named 'sever'"));
  EXPECT_TRUE(has_error(r, at(text, 14, "{"), "at"));
  EXPECT_TRUE(has_error(r, at(text, 15, "down"), "unknown key 'down' in crash fault"));
  EXPECT_TRUE(has_error(r, at(text, 16, "nth"), "unknown key 'nth' in reboot fault"));
  EXPECT_TRUE(has_error(r, at(text, 17, "sw1"), "reboot: 'sw1' is a switch; expected a host"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

TEST(LoadError, LessonItemsAreAttachedOnceAndAnswerable) {
  const std::string text = kBase + R"(script:
  - {host: server, call: socket, as: l, id: open}
expect:
  - counter: {node: server, name: rst_sent, "==": 0}
lesson:
  - {text: nowhere}
  - {at: 1ms, step: open, text: twice}
  - {step: opn, text: typo}
  - {expect: 2, text: past the list}
  - {at: 0, text: t, answers: [a, b]}
  - {at: 0, text: t, question: q, answers: [a], correct: a}
  - {at: 0, text: t, question: q, answers: [a, b], correct: c}
  - {at: 0, question: q, answers: [a, b], correct: a}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 17, "{"), "a lesson item is attached to one of at"));
  EXPECT_TRUE(has_error(r, at(text, 18, "{"), "a lesson item is attached to one of at"));
  EXPECT_TRUE(
      has_error(r, at(text, 19, "opn"), "step: no step has id 'opn'; did you mean 'open'?"));
  EXPECT_TRUE(has_error(r, at(text, 20, "2,"), "expect: expected a whole number from 1 to 1"));
  EXPECT_TRUE(has_error(r, at(text, 21, "answers"), "answers: belongs to a question"));
  EXPECT_TRUE(has_error(r, at(text, 22, "[a]"), "answers: expected a list of 2 to 6 choices"));
  EXPECT_TRUE(has_error(r, at(text, 23, "c}"), "correct: expected one of the answers (a, b)"));
  EXPECT_TRUE(has_error(r, at(text, 24, "{"), "lesson item needs 'text'"));
  EXPECT_EQ(r.errors.size(), 8u) << all_errors(r);
}

TEST(LoadError, PeerGeneratedDataAndReceived) {
  const std::string text = kBase + R"(script:
  - {host: client, call: socket, as: k}
  - {host: client, call: connect, fd: k, to: peer}
  - {host: client, call: send, fd: k, data: {bytes: 0}}
  - {host: client, call: send, fd: k, data: {byts: 3}}
expect:
  - received: {host: client, fd: k}
  - received: {host: client, fd: q, data: x}
  - received: {host: client, fd: k, data: x, bytes: 3}
)";
  const LoadResult r = load(text);
  EXPECT_TRUE(has_error(r, at(text, 14, "peer"), "to: expected"));
  EXPECT_TRUE(has_error(r, at(text, 15, "0}"), "bytes: expected a whole number from 1"));
  EXPECT_TRUE(has_error(r, at(text, 16, "byts"), "unknown key 'byts' in data; did you mean"));
  EXPECT_TRUE(has_error(r, at(text, 16, "{byts"), "data needs 'bytes'"));
  EXPECT_TRUE(has_error(r, at(text, 18, "{"), "received needs data (the text) or bytes"));
  EXPECT_TRUE(has_error(r, at(text, 19, "q,"), "fd: the script makes no socket labelled 'q'"));
  EXPECT_TRUE(has_error(r, at(text, 20, "{"), "received needs data (the text) or bytes"));
  EXPECT_EQ(r.errors.size(), 7u) << all_errors(r);
}

// ---- errors in the user's language -------------------------------------------------------

// Switches the messages to `code` for one test, and back to English however it ends.
class InLanguage {
 public:
  explicit InLanguage(const char* code) {
    lang::init();
    lang::set_language(code);
  }
  ~InLanguage() { lang::set_language("en"); }
  InLanguage(const InLanguage&) = delete;
  InLanguage& operator=(const InLanguage&) = delete;
};

// Needs build/locale to hold the catalogue with the loader's messages.
TEST(LoadErrorLanguage, ChineseMessagesPointAtTheSameSpots) {
  const std::string text = kBase + R"(scirpt: []
script:
  - {at: 10, host: client, call: socket, as: k}
  - {host: server, call: listen, fd: l}
expect:
  - segments: {between: [client, server], list: ["client > server: SYN"]}
)";
  std::vector<LoadError> zh;
  {
    const InLanguage chinese("zh_CN");
    zh = load(text).errors;
  }
  const std::vector<LoadError> en = load(text).errors;
  ASSERT_EQ(zh.size(), 4u) << all_errors(load(text));
  ASSERT_EQ(en.size(), zh.size());
  for (std::size_t i = 0; i < zh.size(); ++i) {
    EXPECT_EQ(zh[i].file, en[i].file);
    EXPECT_EQ(zh[i].line, en[i].line);
    EXPECT_EQ(zh[i].column, en[i].column);
  }
  EXPECT_EQ(zh[0].to_string(),
            at(text, 12, "scirpt") +
                " 场景: 未知的键 'scirpt'；是不是想写 'script'？（可用的键：name, description, "
                "seed, duration, settings, topology, faults, script, expect, lesson）");
  EXPECT_EQ(en[0].to_string(),
            at(text, 12, "scirpt") +
                " unknown key 'scirpt' in scenario; did you mean 'script'? (allowed: name, "
                "description, seed, duration, settings, topology, faults, script, expect, lesson)");
  EXPECT_EQ(
      zh[1].to_string(),
      at(text, 14, "10") + " at: 应为时长，如 200ms 或 2s，实际为 '10'；请写上单位：us、ms 或 s");
  EXPECT_EQ(en[1].to_string(), at(text, 14, "10") +
                                   " at: expected a duration such as 200ms or 2s, got '10'; "
                                   "write the unit: us, ms or s");
  EXPECT_EQ(zh[2].to_string(),
            at(text, 15, "l}") +
                " fd: server 上还没有标签为 'l' 的套接字；带 as: l 的 socket 步骤（或 "
                "accept）必须写在这之前");
  EXPECT_EQ(en[2].to_string(), at(text, 15, "l}") +
                                   " fd: no socket labelled 'l' on server yet; a socket step (or "
                                   "an accept) with as: l must come before");
  EXPECT_EQ(zh[3].to_string(),
            at(text, 17, "SYN") +
                " segment: 标志用 tcpdump 的字母表示：S（SYN）、F（FIN）、R（RST）、P（PSH）、."
                "（ACK）；SYN,ACK 写作 S.");
  EXPECT_EQ(en[3].to_string(), at(text, 17, "SYN") +
                                   " segment: flags are tcpdump's letters: S (SYN), F (FIN), R "
                                   "(RST), P (PSH), . (ACK); SYN,ACK is written S.");
}

}  // namespace
}  // namespace synack::scenario::testing

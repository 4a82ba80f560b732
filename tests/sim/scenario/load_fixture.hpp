// Helpers of the scenario loader's tests: load a text, point at a line and
// column by the words on it, expect one error there; two small bases and one
// full scenario to build files from.
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "sim/scenario/load.hpp"

namespace synack::scenario::testing {

using tcp::kMillis;
using tcp::kSeconds;

inline constexpr const char* kFile = "t.yaml";

inline LoadResult load(const std::string& text) { return load_text(text, kFile); }

// "t.yaml:L:C:" where C is where `needle` starts on line L of `text`, so each
// test names the spot it means instead of counting columns by hand.
inline std::string at(const std::string& text, int line, const std::string& needle) {
  std::istringstream in(text);
  std::string row;
  for (int i = 0; i < line; ++i) std::getline(in, row);
  const std::size_t column = row.find(needle);
  EXPECT_NE(column, std::string::npos) << "'" << needle << "' is not on line " << line;
  return std::string(kFile) + ":" + std::to_string(line) + ":" + std::to_string(column + 1) + ":";
}

inline std::string all_errors(const LoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += e.to_string() + "\n";
  return out;
}

// Some error starts with `position` and contains `words`.
inline ::testing::AssertionResult has_error(const LoadResult& r, const std::string& position,
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
inline void expect_one_error(const std::string& text, int line, const std::string& needle,
                             const std::string& words) {
  const LoadResult r = load(text);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.scenario.has_value());
  EXPECT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_TRUE(has_error(r, at(text, line, needle), words));
}

// Two hosts on a switch, lines 1-11; tests append sections from line 12 on.
inline const std::string kBase = R"(name: t
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
inline std::string with_topology(const std::string& topology) {
  return "name: t\ndescription: d\ntopology:\n" + topology;
}

inline const std::string kFull = R"(name: handshake
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
  - {at: 20ms, host: client, call: close, fd: k, thread: t2}
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

}  // namespace synack::scenario::testing

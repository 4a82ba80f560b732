// The whole pipeline on random well-formed scenarios: a generator draws from a
// seed a topology (one or two LANs, a router between them), link delays and
// losses, faults and a socket script within their documented ranges, writes
// it as YAML, and the loader, the simulator and the JSON export take it. Every
// run ends within its limits, a rerun gives the same JSON byte for byte, and
// every TCP connection's state sequence is a path through the transition
// table: each change starts where the previous one ended, along the table row
// it names.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "core/rng.hpp"
#include "core/tcp_fsm_graph.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/json_export.hpp"
#include "sim/world/run.hpp"

namespace synack::sim::testing {
namespace {

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  std::string scenario() {
    const bool routed = pick(3) == 0;
    const int hosts = 2 + static_cast<int>(pick(3));
    std::string y = fmt::format("name: random{}\ndescription: generated\nseed: {}\n", pick(1000),
                                pick(1'000'000));
    y += fmt::format("settings: {{msl: {}ms, initial_rto: {}ms, delayed_ack: {}, nagle: {}}}\n",
                     50 + pick(500), 100 + pick(900), pick(2) ? "true" : "false",
                     pick(2) ? "true" : "false");
    y += "topology:\n  hosts:\n";
    for (int h = 0; h < hosts; ++h) {
      const int lan = routed && h % 2 == 1 ? 1 : 0;
      y += fmt::format("    - {{name: h{}, ip: 10.0.{}.{}/24{}}}\n", h, lan, 10 + h,
                       routed ? fmt::format(", gateway: 10.0.{}.1", lan) : "");
    }
    if (routed) {
      y += "  routers:\n    - {name: r1, interfaces: [{name: eth0, ip: 10.0.0.1/24}, "
           "{name: eth1, ip: 10.0.1.1/24}]}\n";
    }
    y += "  switches:\n    - {name: sw0}\n";
    if (routed) y += "    - {name: sw1}\n";
    y += "  links:\n";
    for (int h = 0; h < hosts; ++h) {
      const int lan = routed && h % 2 == 1 ? 1 : 0;
      y += fmt::format("    - {{a: h{}, b: sw{}, delay: {}us, loss: {}}}\n", h, lan,
                       10 + pick(5000), pick(4) == 0 ? "0.05" : "0");
    }
    if (routed) y += "    - {a: r1:eth0, b: sw0}\n    - {a: r1:eth1, b: sw1}\n";
    if (pick(2) == 0) {
      y += fmt::format("faults:\n  - {{drop: {{from: h1, to: h0{}}}, nth: {}}}\n",
                       pick(2) ? ", flags: S" : "", 1 + pick(4));
    }
    // h0 serves; the others connect, send, maybe shut down or close.
    y += "script:\n";
    y += "  - {host: h0, call: socket, as: l}\n";
    if (pick(2)) y += "  - {host: h0, call: setsockopt, fd: l, option: SO_REUSEADDR, value: 1}\n";
    y += "  - {host: h0, call: bind, fd: l, port: 80}\n";
    y += fmt::format("  - {{host: h0, call: listen, fd: l, backlog: {}}}\n", 1 + pick(5));
    for (int c = 1; c < hosts; ++c) {
      y += fmt::format("  - {{host: h0, call: accept, fd: l, as: c{}}}\n", c);
      y += fmt::format("  - {{host: h0, call: recv, fd: c{}, size: {}}}\n", c, 1 + pick(3000));
      if (pick(2)) y += fmt::format("  - {{host: h0, call: send, fd: c{}, data: \"ok\"}}\n", c);
      y += fmt::format("  - {{host: h0, call: close, fd: c{}}}\n", c);
    }
    for (int c = 1; c < hosts; ++c) {
      const auto start = 5 + pick(200);
      y += fmt::format("  - {{at: {}ms, host: h{}, call: socket, as: k}}\n", start, c);
      y += fmt::format("  - {{host: h{}, call: connect, fd: k, to: 10.0.0.10:80}}\n", c);
      y += fmt::format("  - {{host: h{}, call: send, fd: k, bytes: {}}}\n", c, 1 + pick(20000));
      if (pick(2)) y += fmt::format("  - {{host: h{}, call: recv, fd: k, size: 10}}\n", c);
      y += fmt::format("  - {{at: {}ms, host: h{}, call: close, fd: k}}\n", start + pick(3000), c);
    }
    return y;
  }

 private:
  std::uint64_t pick(std::uint64_t n) { return rng_.next() % n; }
  synack::SplitMix64 rng_;
};

std::string json_of(const trace::Trace& t) {
  std::ostringstream out;
  trace::write_json(t, out);
  return out.str();
}

TEST(PipelineProperty, RandomScenariosRunDeterministicallyAlongTheTable) {
  const auto& edges = tcp::fsm_edges();
  std::size_t changes = 0, established = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const std::string yaml = Generator(seed).scenario();
    const scenario::LoadResult loaded = scenario::load_text(yaml, "random.yaml");
    ASSERT_TRUE(loaded.ok()) << "seed " << seed << ":\n"
                             << (loaded.errors.empty() ? "" : loaded.errors[0].to_string()) << "\n"
                             << yaml;
    RunOptions options;
    options.time_limit = 120 * tcp::kSeconds;
    const trace::Trace first = run(*loaded.scenario, options);
    EXPECT_EQ(json_of(first), json_of(run(*loaded.scenario, options))) << "seed " << seed;

    std::map<std::pair<trace::NodeId, trace::ConnId>, tcp::State> at;
    for (const trace::Event& e : first.events) {
      const auto* s = std::get_if<trace::StateEvent>(&e.what);
      if (!s) continue;
      ++changes;
      established += s->to == tcp::State::Established;
      const auto key = std::make_pair(s->host, s->conn);
      if (const auto it = at.find(key); it != at.end()) {
        EXPECT_EQ(s->from, it->second) << "seed " << seed << " conn " << s->conn;
      }
      at[key] = s->to;
      ASSERT_LT(s->row, edges.size()) << "seed " << seed << ": a change without its table row";
      EXPECT_EQ(edges[s->row].from, s->from) << "seed " << seed << " row " << s->row;
      EXPECT_EQ(edges[s->row].to, s->to) << "seed " << seed << " row " << s->row;
    }
  }
  // The generator made real connections, not only failures.
  EXPECT_GT(established, 60u);
  EXPECT_GT(changes, 500u);
}

}  // namespace
}  // namespace synack::sim::testing

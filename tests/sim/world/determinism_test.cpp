// Determinism: the same scenario and seed give byte-identical JSON and pcap,
// even with random loss, duplication and reordering on a link; another seed
// draws other losses.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "fixture.hpp"
#include "sim/trace/json_export.hpp"
#include "sim/trace/pcap_export.hpp"

namespace synack::sim::testing {
namespace {

const std::string kLossy = scenario_text(R"(
settings: {initial_rto: 200ms, min_rto: 200ms, msl: 1s, isn: 1000}
topology:
  hosts:
    - {name: client, ip: 10.0.0.1/24}
    - {name: server, ip: 10.0.0.2/24}
  switches:
    - {name: sw1}
  links:
    - {a: client, b: sw1, loss: 0.15, duplicate: 0.1, reorder: 0.2, reorder_delay: 3ms}
    - {a: server, b: sw1}
script:
  - {host: server, call: socket, as: l}
  - {host: server, call: bind, fd: l, port: 80}
  - {host: server, call: listen, fd: l}
  - {host: server, call: accept, fd: l, as: c}
  - {host: server, call: recv, fd: c, size: 30000, id: got}
  - {host: server, call: close, fd: c}
  - {at: 10ms, host: client, call: socket, as: k}
  - {at: 10ms, host: client, call: connect, fd: k, to: server:80}
  - {host: client, call: send, fd: k, bytes: 20000}
  - {host: client, call: close, fd: k}
)");

std::string json_of(const trace::Trace& t) {
  std::ostringstream out;
  trace::write_json(t, out);
  return out.str();
}

std::string pcap_of(const trace::Trace& t, const std::string& name) {
  std::string path = ::testing::TempDir() + name;
  std::string error;
  EXPECT_TRUE(trace::write_pcap(t, path, error)) << error;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::remove(path.c_str());
  return bytes.str();
}

// Times at which frames were lost at random.
std::vector<TimeUs> losses(const Sim& r) {
  std::vector<TimeUs> out;
  for (const auto& d : r.hops(trace::Fate::Dropped)) {
    if (r.reason(d.e) == "loss") out.push_back(d.t);
  }
  return out;
}

TEST(Determinism, SameSeedGivesIdenticalJsonAndPcap) {
  Sim first(kLossy), second(kLossy);
  // The run did meet the randomness it is about.
  EXPECT_FALSE(losses(first).empty());
  std::map<std::pair<FrameId, NodeId>, int> deliveries;
  for (const auto& d : first.hops(trace::Fate::Delivered)) ++deliveries[{d.e.frame, d.e.to}];
  bool duplicated = false;
  for (const auto& [key, n] : deliveries) duplicated = duplicated || n > 1;
  EXPECT_TRUE(duplicated);
  // Some frame on the lossy link was held back by the reordering (3 ms on top of 1 ms).
  bool held_back = false;
  for (const auto& d : first.hops(trace::Fate::Delivered)) {
    if (d.e.link != first.link("client-sw1")) continue;
    for (const auto& s : first.hops(trace::Fate::Sent)) {
      if (s.e.frame == d.e.frame && s.e.link == d.e.link && d.t - s.t >= 4 * kMillis) {
        held_back = true;
      }
    }
  }
  EXPECT_TRUE(held_back);

  std::string json = json_of(first.trace);
  EXPECT_GT(json.size(), 1000u);
  EXPECT_EQ(json, json_of(second.trace));
  std::string pcap = pcap_of(first.trace, "world_determinism_1.pcap");
  EXPECT_GT(pcap.size(), 24u);
  EXPECT_EQ(pcap, pcap_of(second.trace, "world_determinism_2.pcap"));
}

TEST(Determinism, SeedOptionOverridesTheScenarioSeed) {
  RunOptions seven;
  seven.seed = 7;
  Sim a(kLossy, seven);
  Sim b("seed: 7\n" + kLossy);
  EXPECT_EQ(a.trace.seed, 7u);
  EXPECT_EQ(json_of(a.trace), json_of(b.trace));
}

TEST(Determinism, AnotherSeedLosesOtherFrames) {
  RunOptions one, two;
  one.seed = 1;
  two.seed = 2;
  Sim a(kLossy, one), b(kLossy, two);
  EXPECT_NE(losses(a), losses(b));
  EXPECT_NE(json_of(a.trace), json_of(b.trace));
  // Both still deliver the whole stream: TCP repairs what the link did.
  ASSERT_TRUE(a.returned("got") && b.returned("got"));
  EXPECT_GT(a.returned("got")->e.result, 0);
  EXPECT_GT(b.returned("got")->e.result, 0);
}

}  // namespace
}  // namespace synack::sim::testing

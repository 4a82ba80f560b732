// The list of counters: a `counter` expectation names one of them on a node
// that counts it, the schema offers exactly these names, and no scenario of
// the library makes the simulator count anything else.
#include "sim/scenario/counters.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "sim/scenario/load.hpp"
#include "sim/world/run.hpp"

namespace synack::scenario {
namespace {

const std::string kBase = R"(name: t
description: d
topology:
  hosts:
    - {name: client, ip: 10.0.0.1/24}
    - {name: server, ip: 10.0.0.2/24}
  switches: [{name: sw1}]
  links:
    - {a: client, b: sw1}
    - {a: server, b: sw1}
expect:
)";

std::string first_error(const std::string& expectation) {
  const LoadResult r = load_text(kBase + expectation, "t.yaml");
  return r.errors.empty() ? "(no error)" : r.errors[0].to_string();
}

TEST(Counters, NamesAreUniqueSortedAndEachHasAMeaningAndACounter) {
  const std::vector<CounterInfo>& list = counters_list();
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end(),
                             [](const auto& a, const auto& b) { return a.name < b.name; }));
  std::set<std::string_view> names;
  for (const CounterInfo& c : list) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name;
    EXPECT_FALSE(c.meaning.empty()) << c.name;
    EXPECT_TRUE(c.hosts || c.routers || c.switches) << c.name;
    EXPECT_EQ(find_counter(c.name), &c);
  }
  EXPECT_EQ(find_counter("retransmissions"), nullptr);
}

TEST(Counters, CountedByNamesTheKindsOfNode) {
  EXPECT_EQ(counted_by(*find_counter(counter::kRstSent)), "hosts");
  EXPECT_EQ(counted_by(*find_counter(counter::kArpRequests)), "hosts and routers");
  EXPECT_EQ(counted_by(*find_counter(counter::kFramesFlooded)), "switches");
  EXPECT_EQ(counted_by(*find_counter(counter::kFramesDropped)), "every node");
}

TEST(Counters, AnExpectationNamesAKnownCounter) {
  EXPECT_EQ(first_error("  - counter: {node: server, name: syn_droped, \"==\": 0}\n"),
            "t.yaml:12:35: name: no counter is named 'syn_droped'; did you mean 'syn_dropped'?");
  EXPECT_EQ(first_error("  - counter: {node: server, name: zzz, \"==\": 0}\n"),
            "t.yaml:12:35: name: no counter is named 'zzz'; counters are: accept_queue_overflow, "
            "arp_failures, arp_requests, frames_dropped, frames_filtered, frames_flooded, "
            "icmp_rate_limited, icmp_sent, no_route, packets_forwarded, rst_sent, syn_cookies_accepted, syn_cookies_sent, "
            "syn_dropped, syn_flood_sent, ttl_exceeded, udp_no_socket, udp_truncated");
}

TEST(Counters, AnExpectationNamesANodeThatCountsIt) {
  EXPECT_EQ(first_error("  - counter: {node: server, name: frames_flooded, \"==\": 0}\n"),
            "t.yaml:12:35: name: frames_flooded is counted by switches, and server is a host");
  EXPECT_EQ(first_error("  - counter: {node: sw1, name: syn_dropped, \"==\": 0}\n"),
            "t.yaml:12:32: name: syn_dropped is counted by hosts, and sw1 is a switch");
  EXPECT_EQ(first_error("  - counter: {node: sw1, name: frames_dropped, \">=\": 0}\n"),
            "(no error)");
}

TEST(Counters, TheSchemaOffersEveryCounterName) {
  std::ifstream in(SYNACK_SOURCE_DIR "/assets/scenario.schema.json");
  ASSERT_TRUE(in) << "assets/scenario.schema.json";
  const nlohmann::json name =
      nlohmann::json::parse(in).at("$defs").at("expect_counter").at("properties").at("name");
  nlohmann::json expected = nlohmann::json::array();
  for (const CounterInfo& c : counters_list()) expected.push_back(std::string(c.name));
  EXPECT_EQ(name.at("enum"), expected) << "expect_counter's name should be " << expected.dump();
}

bool counts(const CounterInfo& c, trace::NodeKind kind) {
  switch (kind) {
    case trace::NodeKind::Host: return c.hosts;
    case trace::NodeKind::Router: return c.routers;
    case trace::NodeKind::Switch: return c.switches;
  }
  return false;
}

// Whatever the simulator counts in the scenario library is in the list, on a
// kind of node the list says counts it.
TEST(Counters, TheScenariosCountOnlyListedCounters) {
  std::size_t scenarios = 0;
  std::set<std::string> seen;
  for (const auto& entry : std::filesystem::directory_iterator(SYNACK_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++scenarios;
    const LoadResult loaded = load_file(entry.path().string());
    ASSERT_TRUE(loaded.ok()) << entry.path();
    const trace::Trace t = sim::run(*loaded.scenario);
    for (const trace::Event& e : t.events) {
      const auto* c = std::get_if<trace::CounterEvent>(&e.what);
      if (c == nullptr) continue;
      const std::string& name = t.text(c->name);
      seen.insert(name);
      const CounterInfo* info = find_counter(name);
      ASSERT_NE(info, nullptr) << entry.path() << ": '" << name << "' is not in the list";
      EXPECT_TRUE(counts(*info, t.nodes.at(c->node).kind))
          << entry.path() << ": " << t.nodes.at(c->node).name << " counts " << name;
    }
  }
  EXPECT_GT(scenarios, 10u);
  EXPECT_GT(seen.size(), 5u);  // the library does count things
}

}  // namespace
}  // namespace synack::scenario

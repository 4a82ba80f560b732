// The What-if panel's logic: settings changed from the one settings list
// (scenario-wide, following hosts, or one host's own), loss and seed, re-run
// in-process without touching the file, and the diff of two runs.
#include "gui/model/what_if.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/load.hpp"
#include "trace_fixture.hpp"

namespace synack::gui {
namespace {

const std::string kScenarios = std::string(SYNACK_SOURCE_DIR) + "/scenarios/";

scenario::Scenario load(const std::string& name) {
  auto r = scenario::load_file(kScenarios + name);
  EXPECT_TRUE(r.ok()) << name;
  return r.ok() ? *r.scenario : scenario::Scenario{};
}

bool lists(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(WhatIf, OffersItsSettingsFromTheOneSettingsList) {
  for (std::string_view key : what_if_keys()) EXPECT_EQ(setting_info(key).key, key);
  EXPECT_THROW(setting_info("no_such_setting"), std::invalid_argument);
}

TEST(WhatIf, ScenarioWideChangeReachesTheHostsThatFollowIt) {
  WhatIf w(load("sticky_packets.yaml"));
  EXPECT_EQ(w.value("nagle"), 1);
  w.set("nagle", 0);
  EXPECT_EQ(w.value("nagle"), 0);
  EXPECT_EQ(w.value("nagle", "client"), 0);
  EXPECT_EQ(w.value("nagle", "server"), 0);
  EXPECT_EQ(w.changes(), std::vector<std::string>{"nagle: true → false"});
  w.reset();
  EXPECT_TRUE(w.changes().empty());
}

TEST(WhatIf, AHostsOwnValueIsKeptAndChangedAlone) {
  WhatIf w(load("syn_flood.yaml"));
  EXPECT_EQ(w.value("syn_cookies", "server2"), 1);  // its own
  w.set("syn_cookies", 1, "server");
  EXPECT_EQ(w.value("syn_cookies"), 0);
  EXPECT_TRUE(lists(w.changes(), "server: syn_cookies: false → true"));
  w.set("msl", 2 * tcp::kSeconds);
  EXPECT_EQ(w.value("msl", "attacker"), 2 * tcp::kSeconds);
  EXPECT_TRUE(lists(w.changes(), "msl: 30s → 2s")) << w.changes().size();
  w.set("initial_rto", -5);  // held to the setting's range
  EXPECT_EQ(w.value("initial_rto"), 1);
}

TEST(WhatIf, SettingsFromWordsAsTheCommandLineGivesThem) {
  WhatIf w(load("syn_flood.yaml"));
  EXPECT_EQ(w.apply("nagle=false"), "");
  EXPECT_EQ(w.value("nagle"), 0);
  EXPECT_EQ(w.apply("server:syn_cookies=true"), "");
  EXPECT_EQ(w.value("syn_cookies", "server"), 1);
  EXPECT_EQ(w.apply("rst_policy=rfc793"), "");
  EXPECT_EQ(w.value("rst_policy"), 1);
  EXPECT_EQ(w.apply("msl=250ms"), "");
  EXPECT_EQ(w.value("msl"), 250 * tcp::kMillis);
  EXPECT_EQ(w.apply("msl=soon"), "msl: expected a duration such as 200ms, got 'soon'");
  EXPECT_EQ(w.apply("nagle"), "'nagle': expected KEY=VALUE or HOST:KEY=VALUE");
  EXPECT_EQ(w.apply("nobody:nagle=true"), "nobody: no such host");
  EXPECT_EQ(w.apply("mss=100").rfind("mss: not a setting What-if changes", 0), 0u);
}

TEST(WhatIf, LossAndSeedAreChangesToo) {
  WhatIf w(load("handshake.yaml"));
  w.set_loss(0.5);
  w.set_seed(42);
  EXPECT_DOUBLE_EQ(w.loss(), 0.5);
  EXPECT_TRUE(lists(w.changes(), "seed: 1 → 42"));
  EXPECT_TRUE(lists(w.changes(), "client-sw1: loss 0 → 0.5"));
}

TEST(WhatIf, RerunLeavesTheFileAsItWasAndPartsWhereNagleMatters) {
  const std::string path = kScenarios + "sticky_packets.yaml";
  std::stringstream before;
  before << std::ifstream(path).rdbuf();
  const auto modified = std::filesystem::last_write_time(path);

  WhatIf w(load("sticky_packets.yaml"));
  const std::unique_ptr<Document> first = w.run(path);
  w.set("nagle", 0);
  const std::unique_ptr<Document> second = w.run(path);
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(second->is_scenario);
  EXPECT_EQ(second->verdicts.size(), second->verdict_steps.size());
  EXPECT_FALSE(second->scenario->defaults.tcp.nagle);

  const RunDiff d = diff_runs(first->trace, second->trace);
  EXPECT_FALSE(d.same);
  EXPECT_GT(d.first_parting, 0u);  // the handshake is the same
  EXPECT_LT(d.first_parting, second->trace.events.size());
  EXPECT_TRUE(d.only_in_new[d.first_parting] || d.only_in_old[d.first_parting]);
  EXPECT_GT(d.new_count + d.old_count, 0u);
  EXPECT_FALSE(d.approximate);

  std::stringstream after;
  after << std::ifstream(path).rdbuf();
  EXPECT_EQ(after.str(), before.str());
  EXPECT_EQ(std::filesystem::last_write_time(path), modified);
}

TEST(WhatIf, SameRunPartsNowhere) {
  const trace::testing::Lan lan = trace::testing::handshake();
  const RunDiff d = diff_runs(lan.trace, lan.trace);
  EXPECT_TRUE(d.same);
  EXPECT_EQ(d.first_parting, lan.trace.events.size());
  EXPECT_EQ(d.new_count + d.old_count, 0u);
}

TEST(WhatIf, ARecordMoreIsTheOnlyOneMarked) {
  const trace::testing::Lan old_run = trace::testing::handshake();
  trace::testing::Lan new_run = trace::testing::handshake();
  // The same record one more time, in the middle: only the copy parts.
  const std::size_t at = 20;
  new_run.trace.events.insert(
      new_run.trace.events.begin() + at,
      trace::Event{new_run.trace.events[at].t, trace::NoteEvent{0, new_run.trace.intern("extra")}});
  const RunDiff d = diff_runs(old_run.trace, new_run.trace);
  EXPECT_EQ(d.first_parting, at);
  EXPECT_EQ(d.new_count, 1u);
  EXPECT_EQ(d.old_count, 0u);
  EXPECT_TRUE(d.only_in_new[at]);
}

}  // namespace
}  // namespace synack::gui

// Saving a scenario whose settings were changed: the file written loads back
// to the same scenario (the same settings, seed and loss, and the same run,
// byte for byte), and a scenario saved unchanged runs as before.
#include "sim/scenario/save.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/load.hpp"
#include "sim/scenario/settings_list.hpp"
#include "sim/trace/json_export.hpp"
#include "sim/world/run.hpp"

namespace synack::scenario {
namespace {

const std::string kScenarios = std::string(SYNACK_SOURCE_DIR) + "/scenarios/";

std::string read(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

std::string run_json(const Scenario& s) {
  std::ostringstream out;
  trace::write_json(sim::run(s), out);
  return out.str();
}

Scenario load(const std::string& text, const std::string& name) {
  LoadResult r = load_text(text, name);
  std::string errors;
  for (const LoadError& e : r.errors) errors += e.to_string() + "\n";
  EXPECT_TRUE(r.ok()) << errors << text;
  return r.ok() ? *r.scenario : Scenario{};
}

const SettingInfo& info(std::string_view key) {
  for (const SettingInfo& i : settings_list()) {
    if (i.key == key) return i;
  }
  throw std::invalid_argument(std::string(key));
}

TEST(Save, ChangedSettingsLoadBackToTheSameScenario) {
  const std::string path = kScenarios + "handshake.yaml";
  const std::string text = read(path);
  Scenario edited = load(text, path);
  edited.defaults.tcp.nagle = false;
  edited.defaults.tcp.msl = 1500 * tcp::kMillis;
  edited.defaults.tcp.rst_policy = tcp::RstSynPolicy::Rfc793;
  for (HostSpec& h : edited.hosts) {
    h.settings.tcp.nagle = false;
    h.settings.tcp.msl = edited.defaults.tcp.msl;
    h.settings.tcp.rst_policy = tcp::RstSynPolicy::Rfc793;
  }
  edited.hosts[1].settings.syn_cookies = true;  // one host's own
  edited.hosts[0].settings.tcp.delayed_ack = true;
  edited.seed = 9;
  edited.links[0].loss = 0.25;

  const SaveResult saved = rewrite_settings(text, edited);
  ASSERT_TRUE(saved.error.empty()) << saved.error;
  const Scenario back = load(saved.text, "saved.yaml");
  EXPECT_EQ(back.seed, 9u);
  EXPECT_EQ(back.links[0].loss, 0.25);
  EXPECT_FALSE(info("nagle").access.get(back.defaults).value() != 0);
  EXPECT_EQ(trace_settings(back.defaults).size(), trace_settings(edited.defaults).size());
  for (std::size_t i = 0; i < edited.hosts.size(); ++i) {
    for (const SettingInfo& s : settings_list()) {
      EXPECT_EQ(s.access.get(back.hosts[i].settings), s.access.get(edited.hosts[i].settings))
          << edited.hosts[i].name << " " << s.key;
    }
  }
  for (const SettingInfo& s : settings_list()) {
    EXPECT_EQ(s.access.get(back.defaults), s.access.get(edited.defaults)) << s.key;
  }
  EXPECT_EQ(run_json(back), run_json(edited));
  // Per-host values are written only where a host differs.
  EXPECT_NE(saved.text.find("syn_cookies: true"), std::string::npos) << saved.text;
}

TEST(Save, ASettingBackAtItsDefaultLeavesTheHost) {
  const std::string path = kScenarios + "syn_flood.yaml";
  const std::string text = read(path);
  Scenario edited = load(text, path);
  for (HostSpec& h : edited.hosts) h.settings.syn_cookies = false;  // server2 had it on
  const SaveResult saved = rewrite_settings(text, edited);
  ASSERT_TRUE(saved.error.empty()) << saved.error;
  const Scenario back = load(saved.text, "saved.yaml");
  for (const HostSpec& h : back.hosts) EXPECT_FALSE(h.settings.syn_cookies) << h.name;
  EXPECT_EQ(saved.text.find("syn_cookies: true"), std::string::npos) << saved.text;
}

TEST(Save, EveryScenarioSavedUnchangedRunsTheSame) {
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string text = read(entry.path().string());
    const Scenario s = load(text, entry.path().string());
    const SaveResult saved = rewrite_settings(text, s);
    ASSERT_TRUE(saved.error.empty()) << entry.path() << ": " << saved.error;
    EXPECT_EQ(run_json(load(saved.text, entry.path().string())), run_json(s)) << entry.path();
  }
}

TEST(Save, TextThatIsNoScenarioSaysSo) {
  EXPECT_EQ(rewrite_settings("- a\n- b\n", Scenario{}).error, "the file does not hold a scenario");
  EXPECT_FALSE(rewrite_settings("a: [", Scenario{}).error.empty());
}

}  // namespace
}  // namespace synack::scenario

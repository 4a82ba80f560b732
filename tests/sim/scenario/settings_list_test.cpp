// The list of settings: each entry reads and writes its own field, the loader
// reads every one of them from a file.
#include "sim/scenario/settings_list.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "sim/scenario/load.hpp"

namespace synack::scenario {
namespace {

const std::string kBase = R"(name: t
description: d
topology:
  hosts: [{name: client, ip: 10.0.0.1/24}]
)";

// A value of `info` other than its default, as the list holds it.
std::int64_t other_value(const SettingInfo& info) {
  const std::optional<std::int64_t> standard = info.access.get(HostSettings{});
  if (!standard) return info.min;
  if (info.kind == SettingKind::Duration) return *standard + 1000;
  return *standard != info.min ? info.min : info.min + 1;
}

// How a scenario file writes `value` of `info`.
std::string spelling(const SettingInfo& info, std::int64_t value) {
  switch (info.kind) {
    case SettingKind::Duration: return format_duration(value);
    case SettingKind::Flag: return value != 0 ? "true" : "false";
    case SettingKind::Choice: return std::string(info.choices.at(static_cast<std::size_t>(value)));
    default: return std::to_string(value);
  }
}

TEST(SettingsList, KeysAreUniqueAndEachHasAMeaning) {
  std::set<std::string_view> keys;
  for (const SettingInfo& info : settings_list()) {
    EXPECT_TRUE(keys.insert(info.key).second) << info.key;
    EXPECT_FALSE(info.meaning.empty()) << info.key;
    EXPECT_LE(info.min, info.max) << info.key;
    EXPECT_EQ(info.kind == SettingKind::Choice, !info.choices.empty()) << info.key;
    EXPECT_EQ(!info.access.get(HostSettings{}).has_value(), !info.unset.empty()) << info.key;
  }
}

TEST(SettingsList, RoutersTakeTheArpAndIpSettings) {
  const std::vector<std::string_view> keys = setting_keys(true);
  EXPECT_EQ(keys, (std::vector<std::string_view>{"arp_cache_timeout", "arp_retry_interval",
                                                 "arp_retries", "ttl", "icmp_ratelimit",
                                                 "icmp_burst"}));
  EXPECT_EQ(setting_keys(false).size(), settings_list().size());
}

// Each setting written in a file changes its own field and no other (but
// `stack`, which sets its profile's).
TEST(SettingsList, TheLoaderReadsEachSettingIntoItsField) {
  for (const SettingInfo& info : settings_list()) {
    const std::int64_t value = other_value(info);
    const std::string text =
        kBase + "settings: {" + std::string(info.key) + ": " + spelling(info, value) + "}\n";
    const LoadResult r = load_text(text, "t.yaml");
    ASSERT_TRUE(r.ok()) << text << (r.errors.empty() ? "" : r.errors[0].to_string());
    // A profile sets the values of its table (profiles_test.cpp checks them).
    HostSettings profiled;
    if (info.key == "stack") info.access.set(profiled, value);
    for (const SettingInfo& other : settings_list()) {
      const auto expected = &other == &info ? value : other.access.get(profiled);
      EXPECT_EQ(other.access.get(r.scenario->defaults), expected) << info.key << " " << other.key;
      EXPECT_EQ(other.access.get(r.scenario->hosts[0].settings), expected)
          << info.key << " " << other.key;
    }
  }
}

// A choice's index is the policy's value, in the enum's order.
TEST(SettingsList, PolicyWordsNameTheirPolicies) {
  const LoadResult r =
      load_text(kBase + "settings: {rst_policy: rfc793, syn_policy: rfc5961}\n", "t.yaml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.scenario->defaults.tcp.rst_policy, tcp::RstSynPolicy::Rfc793);
  EXPECT_EQ(r.scenario->defaults.tcp.syn_policy, tcp::RstSynPolicy::Rfc5961);
}

TEST(SettingsList, AMisspeltPolicyIsNamed) {
  const LoadResult r = load_text(kBase + "settings: {syn_policy: rfc5691}\n", "t.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].to_string(),
            "t.yaml:5:24: syn_policy: expected one of rfc5961, rfc793, got 'rfc5691'; did you "
            "mean 'rfc5961'?");
}

// ---- the JSON Schema ------------------------------------------------------------------------

// How the schema describes `info`: its type and range, its default and its meaning.
nlohmann::ordered_json schema_of(const SettingInfo& info) {
  nlohmann::ordered_json j;
  const std::optional<std::int64_t> standard = info.access.get(HostSettings{});
  switch (info.kind) {
    case SettingKind::Duration:
      j["$ref"] = info.min > 0 ? "#/$defs/positive_duration" : "#/$defs/duration";
      break;
    case SettingKind::Flag: j["type"] = "boolean"; break;
    case SettingKind::Choice: break;
    default: j["type"] = "integer";
  }
  j["description"] = std::string(info.meaning);
  if (info.kind == SettingKind::Count || info.kind == SettingKind::Integer ||
      info.kind == SettingKind::Bytes) {
    j["minimum"] = info.min;
    j["maximum"] = info.max;
  }
  if (standard) {
    switch (info.kind) {
      case SettingKind::Duration: j["default"] = format_duration(*standard); break;
      case SettingKind::Flag: j["default"] = *standard != 0; break;
      case SettingKind::Choice: j["default"] = spelling(info, *standard); break;
      default: j["default"] = *standard;
    }
  }
  if (info.kind == SettingKind::Choice) {
    for (const std::string_view word : info.choices) j["enum"].push_back(std::string(word));
  }
  return j;
}

// The schema's settings of a host and of a router are the list's, in its order.
TEST(SettingsList, TheSchemaDescribesEachSettingAsTheListDoes) {
  std::ifstream in(SYNACK_SOURCE_DIR "/assets/scenario.schema.json");
  ASSERT_TRUE(in) << "assets/scenario.schema.json";
  const nlohmann::ordered_json defs = nlohmann::ordered_json::parse(in).at("$defs");
  for (const bool router : {false, true}) {
    nlohmann::ordered_json expected = nlohmann::ordered_json::object();
    for (const SettingInfo& info : settings_list()) {
      if (!router || info.routers) expected[std::string(info.key)] = schema_of(info);
    }
    const nlohmann::ordered_json& given =
        defs.at(router ? "router_settings" : "settings").at("properties");
    EXPECT_EQ(given, expected) << (router ? "router_settings" : "settings")
                               << " properties should be:\n"
                               << expected.dump(2);
  }
}

}  // namespace
}  // namespace synack::scenario

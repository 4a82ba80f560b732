// Stack profiles: every value names a setting of the list, within its range,
// with a source; `stack:` applies them and later settings override them; a
// host's profile replaces the scenario's; docs/profiles.md shows the table as
// the code has it.
#include "sim/scenario/profiles.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/scenario/load.hpp"
#include "sim/scenario/settings_list.hpp"

namespace synack::scenario {
namespace {

const std::string kBase = R"(name: t
description: d
topology:
  hosts: [{name: a, ip: 10.0.0.1/24}, {name: b, ip: 10.0.0.2/24, settings: {stack: rfc}},
          {name: c, ip: 10.0.0.3/24, settings: {stack: freebsd, nagle_strict: false}}]
)";

const SettingInfo* find_setting(std::string_view key) {
  const auto it = std::find_if(settings_list().begin(), settings_list().end(),
                               [&](const SettingInfo& i) { return i.key == key; });
  return it == settings_list().end() ? nullptr : &*it;
}

TEST(Profiles, EveryValueIsASettingInItsRangeWithASource) {
  ASSERT_EQ(profiles().size(), 3u);
  EXPECT_EQ(profiles()[0].name, "rfc");
  EXPECT_TRUE(profiles()[0].values.empty()) << "the textbook's profile is the defaults";
  for (const ProfileInfo& p : profiles()) {
    std::set<std::string_view> keys;
    for (const ProfileValue& v : p.values) {
      const SettingInfo* info = find_setting(v.key);
      ASSERT_NE(info, nullptr) << p.name << ": " << v.key;
      EXPECT_NE(v.key, "stack");
      EXPECT_TRUE(keys.insert(v.key).second) << p.name << ": " << v.key << " twice";
      EXPECT_GE(v.value, info->min) << p.name << ": " << v.key;
      EXPECT_LE(v.value, info->kind == SettingKind::Duration ? kMaxDuration : info->max)
          << p.name << ": " << v.key;
      EXPECT_FALSE(v.source.empty()) << p.name << ": " << v.key;
    }
  }
}

TEST(Profiles, LinuxValuesApplied) {
  HostSettings s;
  apply_profile(StackProfile::Linux, s);
  EXPECT_EQ(s.stack, StackProfile::Linux);
  EXPECT_EQ(s.tcp.min_rto, 200 * tcp::kMillis);
  EXPECT_EQ(s.tcp.max_rto, 120 * tcp::kSeconds);
  EXPECT_EQ(s.tcp.delayed_ack_timeout, 40 * tcp::kMillis);
  EXPECT_FALSE(s.tcp.delayed_ack);  // quick-ACK mode at the start
  EXPECT_TRUE(s.syn_cookies);
  EXPECT_TRUE(s.accept_backlog_plus_one);
  EXPECT_TRUE(s.reuse_addr_both);
  EXPECT_FALSE(s.tcp.time_wait_ignores_rst);
  EXPECT_EQ(s.ephemeral_port_first, 32768);
  // Back to the textbook: what Linux set goes back to its default.
  apply_profile(StackProfile::Rfc, s);
  HostSettings standard;
  for (const SettingInfo& info : settings_list()) {
    EXPECT_EQ(info.access.get(s), info.access.get(standard)) << info.key;
  }
}

TEST(Profiles, SettingsGivenWithAProfileOverrideIt) {
  const LoadResult r = load_text(kBase + "settings: {min_rto: 300ms, stack: linux}\n", "t.yaml");
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].to_string());
  const Scenario& sc = *r.scenario;
  EXPECT_EQ(sc.defaults.stack, StackProfile::Linux);
  EXPECT_EQ(sc.defaults.tcp.min_rto, 300 * tcp::kMillis) << "the key after `stack` wins";
  EXPECT_TRUE(sc.defaults.syn_cookies);
  ASSERT_EQ(sc.hosts.size(), 3u);
  EXPECT_TRUE(sc.hosts[0].settings.syn_cookies);             // a: the scenario's profile
  EXPECT_EQ(sc.hosts[1].settings.stack, StackProfile::Rfc);  // b: its own
  EXPECT_FALSE(sc.hosts[1].settings.syn_cookies);
  EXPECT_EQ(sc.hosts[1].settings.tcp.min_rto, tcp::kSeconds);
  EXPECT_EQ(sc.hosts[2].settings.stack, StackProfile::FreeBsd);  // c: FreeBSD, one value its own
  EXPECT_TRUE(sc.hosts[2].settings.tcp.ack_in_old_segment);
  EXPECT_FALSE(sc.hosts[2].settings.tcp.nagle_strict);
}

// A profile put under a host's settings: what the host changed stays.
TEST(Profiles, UnderAProfileTheHostsOwnValuesStay) {
  HostSettings s;
  s.tcp.min_rto = 300 * tcp::kMillis;
  s.tcp.nagle = false;
  const HostSettings out = under_profile(StackProfile::Linux, s);
  EXPECT_EQ(out.stack, StackProfile::Linux);
  EXPECT_EQ(out.tcp.min_rto, 300 * tcp::kMillis);
  EXPECT_FALSE(out.tcp.nagle);
  EXPECT_TRUE(out.syn_cookies);
  EXPECT_EQ(out.tcp.max_rto, 120 * tcp::kSeconds);
}

TEST(Profiles, AnUnknownProfileIsNamed) {
  const LoadResult r = load_text(kBase + "settings: {stack: windows}\n", "t.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].to_string().find("stack: expected one of rfc, linux, freebsd"),
            std::string::npos)
      << r.errors[0].to_string();
}

TEST(Profiles, StackSettingsCarryTheHostsPolicies) {
  HostSettings s;
  apply_profile(StackProfile::Linux, s);
  const sock::StackSettings st = stack_settings(s);
  EXPECT_TRUE(st.accept_backlog_plus_one);
  EXPECT_TRUE(st.reuse_addr_both);
  EXPECT_TRUE(st.syn_cookies);
  EXPECT_EQ(st.synack_retries, 5);
  EXPECT_EQ(st.tcp.min_rto, 200 * tcp::kMillis);
  EXPECT_EQ(st.ephemeral_port_first, 32768);
}

// RFC 9293 §3.7.1: the MSS a host announces is its MTU less the IPv4 and TCP
// headers, unless `mss` says otherwise.
TEST(Profiles, TheMssFollowsTheMtu) {
  HostSettings s;
  EXPECT_EQ(stack_settings(s).tcp.mss, 1460);
  s.mtu = 9000;
  EXPECT_EQ(stack_settings(s).tcp.mss, 8960);
  s.mss = 536;
  EXPECT_EQ(stack_settings(s).tcp.mss, 536);
  const LoadResult r = load_text(kBase + "settings: {mtu: 1280}\n", "t.yaml");
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].to_string());
  EXPECT_EQ(stack_settings(r.scenario->hosts[0].settings).tcp.mss, 1240);
  const LoadResult bad = load_text(kBase + "settings: {mtu: 40}\n", "t.yaml");
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_NE(bad.errors[0].to_string().find("mtu"), std::string::npos) << bad.errors[0].to_string();
}

TEST(Profiles, FreeBsdBacksOffWithSlopAndEndsOpeningsByKeepInit) {
  HostSettings s;
  apply_profile(StackProfile::FreeBsd, s);
  EXPECT_EQ(s.tcp.rto_slop, 200 * tcp::kMillis);
  EXPECT_EQ(s.tcp.max_rto, 64 * tcp::kSeconds);
  EXPECT_EQ(s.tcp.connect_timeout, 75 * tcp::kSeconds);
  EXPECT_EQ(s.tcp.ecn, tcp::Ecn::Accept);
  HostSettings linux_host;
  apply_profile(StackProfile::Linux, linux_host);
  EXPECT_EQ(linux_host.tcp.ecn, tcp::Ecn::Accept);
  EXPECT_EQ(linux_host.tcp.rto_slop, 0);
}

// docs/profiles.md: the tables between the "generated" markers as the code has them.
TEST(Profiles, DocsShowTheTable) {
  std::ifstream in(SYNACK_SOURCE_DIR "/docs/profiles.md");
  ASSERT_TRUE(in) << "docs/profiles.md";
  std::stringstream docs;
  docs << in.rdbuf();
  std::string expected = "| profile | setting | value | source |\n|---|---|---|---|\n";
  for (const ProfileInfo& p : profiles()) {
    if (p.values.empty()) {
      expected += "| `" + std::string(p.name) + "` | every setting | its default | " +
                  std::string(p.meaning) + " |\n";
    }
    for (const ProfileValue& v : p.values) {
      const SettingInfo& info = *find_setting(v.key);
      std::string value = std::to_string(v.value);
      if (info.kind == SettingKind::Duration) value = format_duration(v.value);
      if (info.kind == SettingKind::Flag) value = v.value != 0 ? "true" : "false";
      if (info.kind == SettingKind::Choice) {
        value = std::string(info.choices.at(static_cast<std::size_t>(v.value)));
      }
      expected += "| `" + std::string(p.name) + "` | `" + std::string(v.key) + "` | `" + value +
                  "` | " + std::string(v.source) + " |\n";
    }
  }
  const std::string text = docs.str();
  const std::string begin = "<!-- profiles: generated";
  const std::size_t from = text.find(begin);
  ASSERT_NE(from, std::string::npos);
  const std::size_t start = text.find('\n', from) + 1;
  const std::size_t stop = text.find("<!-- end of profiles -->", start);
  ASSERT_NE(stop, std::string::npos);
  EXPECT_EQ(text.substr(start, stop - start), expected) << "docs/profiles.md should have:\n"
                                                        << expected;
}

}  // namespace
}  // namespace synack::scenario

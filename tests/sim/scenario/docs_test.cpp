// docs/scenarios.md shows the lists of settings and counters as the code has
// them: the sections between its "generated" markers must read exactly as
// these tests write them from the lists (a failure prints what to paste).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sim/scenario/counters.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/settings_list.hpp"

namespace synack::scenario {
namespace {

std::string read_docs() {
  std::ifstream in(SYNACK_SOURCE_DIR "/docs/scenarios.md");
  EXPECT_TRUE(in) << "docs/scenarios.md";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The lines between "<!-- NAME: generated ... -->" and "<!-- end of NAME -->".
std::string generated_section(const std::string& docs, const std::string& name) {
  const std::string begin = "<!-- " + name + ": generated";
  const std::string end = "<!-- end of " + name + " -->";
  const std::size_t from = docs.find(begin);
  if (from == std::string::npos) return "(no '" + begin + "' marker)";
  const std::size_t start = docs.find('\n', from) + 1;
  const std::size_t stop = docs.find(end, start);
  if (stop == std::string::npos) return "(no '" + end + "' marker)";
  return docs.substr(start, stop - start);
}

std::string code(std::string_view text) { return "`" + std::string(text) + "`"; }

// "a, b or c" (or "and" for `last`)
std::string words(const std::vector<std::string>& items, const std::string& last = "or") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " " + last + " " : ", ";
    out += items[i];
  }
  return out;
}

std::string type_of(const SettingInfo& info) {
  switch (info.kind) {
    case SettingKind::Duration: return info.min > 0 ? "duration > 0" : "duration";
    case SettingKind::Flag: return "boolean";
    case SettingKind::Bytes: return "bytes ≥ " + std::to_string(info.min);
    case SettingKind::Choice: {
      std::vector<std::string> choices;
      for (const std::string_view c : info.choices) choices.push_back(code(c));
      return words(choices);
    }
    case SettingKind::Count:
    case SettingKind::Integer: break;
  }
  return std::to_string(info.min) + "–" + std::to_string(info.max);
}

std::string default_of(const SettingInfo& info) {
  const std::optional<std::int64_t> v = info.access.get(HostSettings{});
  if (!v) return std::string(info.unset);
  switch (info.kind) {
    case SettingKind::Duration: return code(format_duration(*v));
    case SettingKind::Flag: return code(*v != 0 ? "true" : "false");
    case SettingKind::Choice: return code(info.choices.at(static_cast<std::size_t>(*v)));
    default: return code(std::to_string(*v));
  }
}

std::string settings_section() {
  std::string out = "| key | type | default | meaning |\n|---|---|---|---|\n";
  std::vector<std::string> router_keys;
  for (const SettingInfo& info : settings_list()) {
    out += "| " + code(info.key) + " | " + type_of(info) + " | " + default_of(info) + " | " +
           std::string(info.meaning) + " |\n";
    if (info.routers) router_keys.push_back(code(info.key));
  }
  return out + "\nA router's `settings:` take only " + words(router_keys, "and") + ".\n";
}

TEST(Docs, ListEverySettingAsTheListHasIt) {
  const std::string expected = settings_section();
  EXPECT_EQ(generated_section(read_docs(), "settings"), expected)
      << "the section of docs/scenarios.md should be:\n"
      << expected;
}

TEST(Docs, ListEveryCounterAsTheListHasIt) {
  std::string expected = "| counter | counted by | meaning |\n|---|---|---|\n";
  for (const CounterInfo& c : counters_list()) {
    expected +=
        "| " + code(c.name) + " | " + counted_by(c) + " | " + std::string(c.meaning) + " |\n";
  }
  EXPECT_EQ(generated_section(read_docs(), "counters"), expected)
      << "the section of docs/scenarios.md should be:\n"
      << expected;
}

}  // namespace
}  // namespace synack::scenario

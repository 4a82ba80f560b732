// The JSON Schema allows what the loader allows; files mangled in a few
// hundred ways, none of which may crash the loader.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "load_fixture.hpp"

namespace synack::scenario::testing {
namespace {

// ---- the JSON Schema -----------------------------------------------------------------------

// The keys an "unknown key" error lists after "(allowed: ".
std::set<std::string> allowed_keys(const std::string& text) {
  const LoadResult r = load(text);
  for (const LoadError& e : r.errors) {
    const std::size_t start = e.message.find("(allowed: ");
    if (e.message.find("unknown key 'zzz'") == std::string::npos || start == std::string::npos) {
      continue;
    }
    std::set<std::string> keys;
    std::istringstream in(e.message.substr(start + 10, e.message.size() - start - 11));
    for (std::string key; std::getline(in, key, ',');) keys.insert(key.substr(key[0] == ' '));
    return keys;
  }
  ADD_FAILURE() << "no unknown-key error for:\n" << text << all_errors(r);
  return {};
}

std::set<std::string> properties(const nlohmann::json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.at("properties").items()) keys.insert(key);
  return keys;
}

// Every map the loader reads allows exactly the keys the schema gives it.
TEST(Schema, AllowsWhatTheLoaderAllows) {
  std::ifstream in(SYNACK_SOURCE_DIR "/assets/scenario.schema.json");
  ASSERT_TRUE(in) << "assets/scenario.schema.json";
  const nlohmann::json schema = nlohmann::json::parse(in);
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  const nlohmann::json& defs = schema.at("$defs");
  const std::string one_host = "  hosts: [{name: a, ip: 10.0.0.1/24}]\n";
  const std::string router = "  routers: [{name: r, interfaces: [{ip: 10.0.1.1/24}, ";

  EXPECT_EQ(allowed_keys(kBase + "zzz: 1\n"), properties(schema));
  EXPECT_EQ(allowed_keys(kBase + "settings: {zzz: 1}\n"), properties(defs.at("settings")));
  EXPECT_EQ(allowed_keys(with_topology("  zzz: 1\n")), properties(defs.at("topology")));
  EXPECT_EQ(allowed_keys(with_topology("  hosts: [{name: a, ip: 10.0.0.1/24, zzz: 1}]\n")),
            properties(defs.at("host")));
  EXPECT_EQ(allowed_keys(with_topology(one_host + "  switches: [{name: s, zzz: 1}]\n")),
            properties(defs.at("switch")));
  EXPECT_EQ(allowed_keys(with_topology(one_host + router + "{ip: 10.0.2.1/24}], zzz: 1}]\n")),
            properties(defs.at("router")));
  EXPECT_EQ(allowed_keys(with_topology(one_host + router + "{ip: 10.0.2.1/24, zzz: 1}]}]\n")),
            properties(defs.at("router_interface")));
  EXPECT_EQ(
      allowed_keys(with_topology(one_host + router + "{ip: 10.0.2.1/24}], routes: [{zzz: 1}]}]\n")),
      properties(defs.at("route")));
  EXPECT_EQ(
      allowed_keys(with_topology(one_host + router + "{ip: 10.0.2.1/24}], settings: {zzz: 1}}]\n")),
      properties(defs.at("router_settings")));
  EXPECT_EQ(allowed_keys(kBase + "    - {a: client, b: server, zzz: 1}\n"),
            properties(defs.at("link")));
  EXPECT_EQ(allowed_keys(kBase + "faults: [{drop: {zzz: 1}}]\n"),
            properties(defs.at("match").at("anyOf").at(0)));

  // A fault's own action; the loader also lists the other actions, to say a
  // fault does one thing.
  for (const auto& branch : defs.at("fault").at("oneOf")) {
    const std::string action = branch.at("required").at(0);
    const std::string value = action == "cut" ? "client-sw1" : "{}";
    std::set<std::string> loader =
        allowed_keys(kBase + "faults: [{" + action + ": " + value + ", zzz: 1}]\n");
    for (const char* other : {"drop", "duplicate", "delay", "cut", "crash", "reboot"}) {
      if (other != action) loader.erase(other);
    }
    EXPECT_EQ(loader, properties(branch)) << action;
  }
  for (const auto& branch : defs.at("step").at("oneOf")) {
    const std::string call = branch.at("properties").at("call").at("const");
    std::set<std::string> keys = properties(defs.at("step"));
    const std::set<std::string> own = properties(branch);
    keys.insert(own.begin(), own.end());
    EXPECT_EQ(allowed_keys(kBase + "script: [{host: client, call: " + call + ", zzz: 1}]\n"), keys)
        << call;
  }
  EXPECT_EQ(
      allowed_keys(kBase + "script: [{host: client, call: socket, as: k, expect: {zzz: 1}}]\n"),
      properties(defs.at("step_expect")));
  std::set<std::string> kinds;
  for (const auto& branch : defs.at("expectation").at("oneOf")) {
    const std::set<std::string> own = properties(branch);
    kinds.insert(own.begin(), own.end());
    const std::string kind = branch.at("required").at(0);
    EXPECT_EQ(allowed_keys(kBase + "expect: [{" + kind + ": {zzz: 1}}]\n"),
              properties(defs.at("expect_" + kind)))
        << kind;
  }
  EXPECT_EQ(allowed_keys(kBase + "expect: [{zzz: 1}]\n"), kinds);
  EXPECT_EQ(allowed_keys(kBase + "lesson: [{at: 0, text: t, zzz: 1}]\n"),
            properties(defs.at("lesson_item")));
}

// ---- robustness --------------------------------------------------------------------------------

// A variant of a file must load or fail with positioned errors; never crash,
// hang or throw.
void load_survives(const std::string& text, const std::string& how) {
  LoadResult r;
  EXPECT_NO_THROW(r = load(text)) << how;
  EXPECT_EQ(r.ok(), r.errors.empty()) << how;
  for (const LoadError& e : r.errors) {
    EXPECT_EQ(e.file, kFile) << how;
    EXPECT_FALSE(e.message.empty()) << how;
  }
}

TEST(LoadRobustness, TruncatedFiles) {
  for (std::size_t n = 0; n < kFull.size(); n += 13) {
    load_survives(kFull.substr(0, n), "first " + std::to_string(n) + " bytes");
  }
}

TEST(LoadRobustness, MutatedFiles) {
  std::mt19937 rng(20240601);
  const std::string alphabet = " \t\n-:{}[],'\"&*!|>#%@`?0123456789abcxyz.\\\xff\xc3";
  for (int i = 0; i < 300; ++i) {
    std::string text = kFull;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at_byte = rng() % text.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: text[at_byte] = c; break;
        case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at_byte), c); break;
        default: text.erase(at_byte, 1 + rng() % 8); break;
      }
    }
    load_survives(text, "mutation " + std::to_string(i));
  }
}

TEST(LoadRobustness, LinesDroppedSwappedAndReindented) {
  std::vector<std::string> lines;
  std::istringstream in(kFull);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& l : v) out += l + "\n";
    return out;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::vector<std::string> dropped = lines;
    dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(i));
    load_survives(joined(dropped), "without line " + std::to_string(i + 1));
    std::vector<std::string> doubled = lines;
    doubled.insert(doubled.begin() + static_cast<std::ptrdiff_t>(i), lines[i]);
    load_survives(joined(doubled), "line " + std::to_string(i + 1) + " twice");
    std::vector<std::string> shifted = lines;
    shifted[i] = "  " + shifted[i];
    load_survives(joined(shifted), "line " + std::to_string(i + 1) + " indented");
    if (i + 1 < lines.size()) {
      std::vector<std::string> swapped = lines;
      std::swap(swapped[i], swapped[i + 1]);
      load_survives(joined(swapped), "lines " + std::to_string(i + 1) + " swapped");
    }
  }
}

TEST(LoadRobustness, WrongTypesEverywhere) {
  // Each value of the full file replaced by a list, a map, nothing and a word.
  for (const char* replacement :
       {"[1, 2]", "{x: 1}", "", "~", "word", "-1", "99999999999999999999"}) {
    std::string text;
    std::istringstream in(kFull);
    int replaced = 0;
    for (std::string line; std::getline(in, line);) {
      const std::size_t colon = line.find(": ");
      std::string mutated = line;
      if (colon != std::string::npos && line.find('{') == std::string::npos) {
        mutated = line.substr(0, colon + 2) + replacement;
        ++replaced;
      }
      const LoadResult r =
          load(text + mutated + "\n" + kFull.substr(text.size() + line.size() + 1));
      EXPECT_EQ(r.ok(), r.errors.empty());
      text += line + "\n";
    }
    EXPECT_GT(replaced, 20);
  }
}

TEST(LoadRobustness, DeepNestingAndAliases) {
  for (const int depth : {100, 5000, 100000}) {
    load_survives(std::string(static_cast<std::size_t>(depth), '[') +
                      std::string(static_cast<std::size_t>(depth), ']'),
                  "nested lists");
    std::string maps;
    for (int i = 0; i < depth; ++i) maps += "{a: ";
    load_survives(maps + "1" + std::string(static_cast<std::size_t>(depth), '}'), "nested maps");
    load_survives("name: " + std::string(static_cast<std::size_t>(depth), '['), "unclosed");
  }
  load_survives("topology: &t {hosts: *t}\nscript: &s [*s]\nname: &n [*n]\n", "alias cycles");
  load_survives("a: &a [x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", "alias fan-out");
  load_survives(kBase + "script: &s\n  - {host: client, call: socket, as: k}\nexpect: *s\n",
                "alias of another section");
}

TEST(LoadRobustness, Garbage) {
  std::mt19937 rng(7);
  for (int i = 0; i < 50; ++i) {
    std::string text(1 + rng() % 400, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 256);
    load_survives(text, "random bytes " + std::to_string(i));
  }
  load_survives(std::string("name: t\0description: d\n", 23), "NUL inside");
  load_survives("\xEF\xBB\xBFname: t\n", "byte order mark");
  load_survives(std::string(100000, '\n'), "only newlines");
  load_survives("\t\tname: t\n", "tabs");
}

TEST(LoadRobustness, StrayCommaIsASyntaxError) {
  // yaml-cpp 0.7 alone would read these as endless empty documents.
  for (const char* text : {",", ", a", ",]", "\n\n  ,", "- !+(.,.)", "name: t\n---\n,"}) {
    const LoadResult r = load(text);
    EXPECT_FALSE(r.ok()) << text;
    ASSERT_FALSE(r.errors.empty()) << text;
  }
  const LoadResult r = load("\n , x\n");
  ASSERT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(r.errors[0].to_string(),
            "t.yaml:2:2: YAML syntax: unexpected ','; a value cannot start with it");
}

}  // namespace
}  // namespace synack::scenario::testing

// The scenarios' lessons: every scenario in scenarios/ tells one, with a
// question, and exists again in Chinese in scenarios/zh/ with the same
// network, script, checks and lesson structure, its words in Chinese.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "sim/scenario/load.hpp"

namespace synack::scenario {
namespace {

namespace fs = std::filesystem;

Scenario load_or_fail(const fs::path& path) {
  LoadResult r = load_file(path.string());
  std::string errors;
  for (const LoadError& e : r.errors) errors += e.to_string() + "\n";
  EXPECT_TRUE(r.ok()) << errors;
  return r.ok() ? std::move(*r.scenario) : Scenario{};
}

// Any character of the CJK Unified Ideographs block.
bool has_chinese(std::string_view text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xE4 && b <= 0xE9) return true;
  }
  return false;
}

std::vector<fs::path> english_scenarios() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(SYNACK_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Lessons, EveryScenarioTellsOneWithAQuestion) {
  const auto files = english_scenarios();
  ASSERT_GE(files.size(), 20u);
  for (const fs::path& file : files) {
    const Scenario s = load_or_fail(file);
    EXPECT_GE(s.lesson.size(), 3u) << file;
    EXPECT_TRUE(std::any_of(s.lesson.begin(), s.lesson.end(),
                            [](const LessonSpec& l) { return !l.question.empty(); }))
        << file << " asks nothing";
  }
}

TEST(Lessons, EachHasAChineseTwinWithTheSameScriptAndChecks) {
  for (const fs::path& file : english_scenarios()) {
    const fs::path zh = file.parent_path() / "zh" / file.filename();
    ASSERT_TRUE(fs::is_regular_file(zh)) << zh;
    const Scenario en = load_or_fail(file);
    const Scenario cn = load_or_fail(zh);
    EXPECT_EQ(cn.hosts.size(), en.hosts.size()) << zh;
    EXPECT_EQ(cn.links.size(), en.links.size()) << zh;
    EXPECT_EQ(cn.faults.size(), en.faults.size()) << zh;
    ASSERT_EQ(cn.steps.size(), en.steps.size()) << zh;
    for (std::size_t i = 0; i < en.steps.size(); ++i) {
      EXPECT_EQ(cn.steps[i].id, en.steps[i].id) << zh;
      EXPECT_EQ(cn.steps[i].call, en.steps[i].call) << zh;
      EXPECT_EQ(cn.steps[i].at, en.steps[i].at) << zh;
      EXPECT_EQ(cn.steps[i].data, en.steps[i].data) << zh;
    }
    EXPECT_EQ(cn.expectations.size(), en.expectations.size()) << zh;
    ASSERT_EQ(cn.lesson.size(), en.lesson.size()) << zh;
    EXPECT_TRUE(has_chinese(cn.name)) << zh;
    EXPECT_TRUE(has_chinese(cn.description)) << zh;
    for (std::size_t i = 0; i < en.lesson.size(); ++i) {
      EXPECT_EQ(cn.lesson[i].at, en.lesson[i].at) << zh << " item " << i;
      EXPECT_EQ(cn.lesson[i].step, en.lesson[i].step) << zh << " item " << i;
      EXPECT_EQ(cn.lesson[i].expect, en.lesson[i].expect) << zh << " item " << i;
      EXPECT_EQ(cn.lesson[i].answers.size(), en.lesson[i].answers.size()) << zh << " item " << i;
      EXPECT_EQ(cn.lesson[i].correct, en.lesson[i].correct) << zh << " item " << i;
      EXPECT_TRUE(has_chinese(cn.lesson[i].text)) << zh << " item " << i;
    }
  }
}

}  // namespace
}  // namespace synack::scenario

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "sim/lang/tr.hpp"

namespace synack::lang {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// msgid -> msgstr of a catalogue whose entries are one line each.
std::map<std::string, std::string> catalogue(const fs::path& po) {
  std::map<std::string, std::string> out;
  std::istringstream in(read(po));
  std::string line, id;
  const std::regex quoted(R"re(^(msgid|msgstr) "(.*)"$)re");
  for (std::smatch m; std::getline(in, line);) {
    if (!std::regex_match(line, m, quoted)) continue;
    if (m[1] == "msgid") {
      id = m[2];
    } else if (!id.empty()) {
      out[id] = m[2];
    }
  }
  return out;
}

// Every literal the sources give tr(), trf() or tr_later(), with the file it is in.
std::map<std::string, std::string> marked() {
  std::map<std::string, std::string> out;
  // The literal may be split into pieces the compiler joins ("a" "b").
  const std::regex call(R"re(\btr(?:_later|f)?\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)[,)])re");
  const std::regex piece(R"re("((?:[^"\\]|\\.)*)")re");
  for (const char* dir : {"/gui", "/sim"}) {
    for (const auto& e : fs::recursive_directory_iterator(SYNACK_SOURCE_DIR + std::string(dir))) {
      if (e.path().extension() != ".cpp" && e.path().extension() != ".hpp") continue;
      const std::string text = read(e.path());
      for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
        const std::string pieces = (*it)[1];
        std::string id;
        for (std::sregex_iterator p(pieces.begin(), pieces.end(), piece), none; p != none; ++p) {
          id += (*p)[1];
        }
        out.emplace(id, e.path().filename().string());
      }
    }
  }
  return out;
}

TEST(Catalogue, EveryMarkedTextHasAChineseTranslation) {
  const auto zh = catalogue(SYNACK_SOURCE_DIR "/po/zh_CN.po");
  const auto ids = marked();
  ASSERT_GT(ids.size(), 50u);
  for (const auto& [id, file] : ids) {
    const auto it = zh.find(id);
    ASSERT_NE(it, zh.end()) << "\"" << id << "\" (" << file << ") is not in po/zh_CN.po";
    EXPECT_FALSE(it->second.empty()) << "\"" << id << "\" has no translation";
  }
  // ... and the catalogue holds nothing the program no longer says.
  for (const auto& [id, text] : zh) {
    EXPECT_EQ(ids.count(id), 1u) << "\"" << id << "\" in po/zh_CN.po is said nowhere";
  }
}

// How many `{...}` fields a format string has (a translation may number
// them, "{1} ... {0}", to change their order).
std::ptrdiff_t fields(const std::string& format) {
  const std::regex field(R"re(\{[0-9]*(:[^{}]*)?\})re");
  return std::distance(std::sregex_iterator(format.begin(), format.end(), field),
                       std::sregex_iterator());
}

TEST(Catalogue, TranslationsKeepTheValuesOfTheirSentence) {
  const auto zh = catalogue(SYNACK_SOURCE_DIR "/po/zh_CN.po");
  for (const auto& [id, text] : zh) {
    EXPECT_EQ(fields(id), fields(text)) << "\"" << id << "\" -> \"" << text << "\"";
  }
}

TEST(Catalogue, ASentenceWithValuesIsTranslated) {
  init();
  set_language("zh_CN");
  EXPECT_EQ(trf("{} of {} expectations hold", 2, 3), "3 条预期中有 2 条成立");
  set_language("en");
  EXPECT_EQ(trf("{} of {} expectations hold", 2, 3), "2 of 3 expectations hold");
}

TEST(Catalogue, TheLanguageCanBeSwitchedWhileRunning) {
  init();
  set_language("zh_CN");
  EXPECT_STREQ(tr("File"), "文件");
  EXPECT_EQ(language(), "zh_CN");
  EXPECT_STREQ(tr("not a message of the program"), "not a message of the program");
  set_language("en");
  EXPECT_STREQ(tr("File"), "File");
  EXPECT_EQ(language(), "en");
  std::size_t count = 0;
  const Language* all = languages(count);
  ASSERT_EQ(count, 2u);
  EXPECT_STREQ(all[1].code, "zh_CN");
}

}  // namespace
}  // namespace synack::lang

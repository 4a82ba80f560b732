// The file dialog's listing and the recent-files list.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gui/model/file_browser.hpp"
#include "gui/model/recent_files.hpp"

namespace synack::gui {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("synack_gui_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(FileBrowser, FoldersFirstThenOpenableFiles) {
  const fs::path dir = fresh_dir("browse");
  fs::create_directories(dir / "sub");
  fs::create_directories(dir / ".hidden");
  for (const char* f : {"b.yaml", "a.json", "notes.txt", "c.yml"}) std::ofstream(dir / f) << "x";
  const DirListing l = list_dir(dir.string());
  EXPECT_TRUE(l.error.empty());
  std::vector<std::string> names;
  for (const DirEntry& e : l.entries) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"..", "sub", "a.json", "b.yaml", "c.yml"}));
}

TEST(FileBrowser, UnreadableDirectorySaysSo) {
  const DirListing l = list_dir("/nonexistent/dir");
  EXPECT_FALSE(l.error.empty());
}

TEST(RecentFiles, NewestFirstWithoutRepeatsAndKeptOnDisk) {
  const fs::path dir = fresh_dir("recent");
  const std::string store = (dir / "cfg" / "recent").string();
  {
    RecentFiles r(store);
    r.add("/tmp/a.yaml");
    r.add("/tmp/b.yaml");
    r.add("/tmp/a.yaml");
    EXPECT_EQ(r.files(), (std::vector<std::string>{"/tmp/a.yaml", "/tmp/b.yaml"}));
  }
  RecentFiles again(store);
  EXPECT_EQ(again.files(), (std::vector<std::string>{"/tmp/a.yaml", "/tmp/b.yaml"}));
  for (int i = 0; i < 20; ++i) again.add("/tmp/" + std::to_string(i) + ".yaml");
  EXPECT_EQ(again.files().size(), RecentFiles::kKept);
}

}  // namespace
}  // namespace synack::gui

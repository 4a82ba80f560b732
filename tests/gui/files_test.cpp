// The file paths of the app: the file dialog's listing and moving through
// folders, dropped files, the recent-files list, and reloading a file that
// changed on disk.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gui/model/file_browser.hpp"
#include "gui/model/file_watch.hpp"
#include "gui/model/recent_files.hpp"
#include "gui/model/session.hpp"

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

TEST(FileBrowser, EntriesLeadIntoFoldersAndUp) {
  const fs::path dir = fresh_dir("walk");
  fs::create_directories(dir / "sub" / "deeper");
  std::ofstream(dir / "sub" / "x.yaml") << "x";
  const DirListing top = list_dir(dir.string());
  ASSERT_EQ(top.entries.size(), 2u);  // "..", "sub"
  const std::string sub = entry_path(top, top.entries[1]);
  EXPECT_EQ(sub, (dir / "sub").string());
  const DirListing inside = list_dir(sub);
  std::vector<std::string> names;
  for (const DirEntry& e : inside.entries) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"..", "deeper", "x.yaml"}));
  EXPECT_EQ(entry_path(inside, inside.entries[2]), (dir / "sub" / "x.yaml").string());
  // ".." goes up a folder, and at the root there is no "..".
  EXPECT_EQ(list_dir(entry_path(inside, inside.entries[0])).dir, dir.string());
  const DirListing root = list_dir("/");
  EXPECT_TRUE(root.entries.empty() || root.entries.front().name != "..");
}

TEST(FileBrowser, OnlyScenariosAndTracesOpen) {
  for (const char* f : {"a.yaml", "b.yml", "c.json", "/x/y/d.yaml"})
    EXPECT_TRUE(is_openable(f)) << f;
  for (const char* f : {"notes.txt", "yaml", "a.yaml.bak", "trace.pcap"}) {
    EXPECT_FALSE(is_openable(f)) << f;
  }
}

TEST(DroppedFiles, TheFirstOpenableOneOpensElseWhyNot) {
  const fs::path dir = fresh_dir("drop");
  fs::create_directories(dir / "folder.yaml");
  std::ofstream(dir / "run.json") << "{}";
  const std::string folder = (dir / "folder.yaml").string(), run = (dir / "run.json").string();
  DropChoice c = choose_dropped({"/tmp/notes.txt", folder, run});
  EXPECT_EQ(c.path, run);
  EXPECT_TRUE(c.error.empty());
  c = choose_dropped({"/tmp/notes.txt", "/tmp/pic.png"});
  EXPECT_TRUE(c.path.empty());
  EXPECT_EQ(c.error, "notes.txt: drop a scenario (.yaml) or a JSON trace (.json)");
  EXPECT_TRUE(choose_dropped({}).error.empty());
}

TEST(RecentFiles, StoredUnderTheConfigFolder) {
  const char* old = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old != nullptr ? old : "";
  setenv("XDG_CONFIG_HOME", "/tmp/cfg", 1);
  EXPECT_EQ(RecentFiles::default_store(), "/tmp/cfg/synack/recent");
  if (old != nullptr) {
    setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  } else {
    unsetenv("XDG_CONFIG_HOME");
  }
  // Relative paths are kept absolute, so they still open from another folder.
  RecentFiles r("");
  r.add("scenarios/../scenarios/close.yaml");
  EXPECT_EQ(r.files().front(), (fs::current_path() / "scenarios" / "close.yaml").string());
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

// Rewrites `path` with `text` and moves its modification time on, as an
// editor saving it would (file times may be coarser than the test is quick).
void rewrite(const fs::path& path, const std::string& text, int seconds_later) {
  const auto before = fs::last_write_time(path);
  std::ofstream(path) << text;
  fs::last_write_time(path, before + std::chrono::seconds(seconds_later));
}

TEST(FileWatch, ReportsEachChangeOnceAfterTheInterval) {
  const fs::path dir = fresh_dir("watch");
  const fs::path file = dir / "s.yaml";
  std::ofstream(file) << "a";
  FileWatch w;
  w.watch(file.string());
  EXPECT_FALSE(w.changed(0));
  rewrite(file, "b", 1);
  EXPECT_FALSE(w.changed(0.1));  // checked too soon after the last look
  EXPECT_TRUE(w.changed(1));
  EXPECT_FALSE(w.changed(2));
  fs::remove(file);  // an editor replacing the file: not a change until it is back
  EXPECT_FALSE(w.changed(3));
  std::ofstream(file) << "c";
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(5));
  EXPECT_TRUE(w.changed(4));
}

TEST(FileWatch, AChangedScenarioReloadsKeepingTheStep) {
  const fs::path dir = fresh_dir("reload");
  const fs::path file = dir / "handshake.yaml";
  fs::copy_file(fs::path(SYNACK_SOURCE_DIR) / "scenarios" / "handshake.yaml", file);
  Session session;
  LoadOutcome first = load_document(file.string());
  ASSERT_TRUE(first.document) << (first.errors.empty() ? "" : first.errors.front());
  session.adopt(std::move(first.document), false);
  FileWatch w;
  w.watch(file.string());
  session.stepper->set(12);
  session.select(11);

  // The teacher edits a comment in: the same run, reloaded at the same step.
  std::string text(fs::file_size(file), '\0');
  std::ifstream(file).read(text.data(), static_cast<std::streamsize>(text.size()));
  rewrite(file, "# edited\n" + text, 1);
  ASSERT_TRUE(w.changed(1));
  LoadOutcome again = load_document(w.path());
  ASSERT_TRUE(again.document);
  const std::size_t events = again.document->trace.events.size();
  session.adopt(std::move(again.document), true);
  EXPECT_EQ(session.step(), 12u);
  EXPECT_EQ(session.selected, 11u);
  EXPECT_EQ(session.document->trace.events.size(), events);

  // A step past the end of the new run ends up at its end.
  session.stepper->set(session.stepper->last());
  const std::size_t end = session.step();
  LoadOutcome shorter = load_document(w.path());
  ASSERT_TRUE(shorter.document);
  shorter.document->trace.events.resize(end / 2);
  session.adopt(std::move(shorter.document), true);
  EXPECT_EQ(session.step(), end / 2);
}

}  // namespace
}  // namespace synack::gui

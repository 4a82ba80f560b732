// File → Open recent: the last files opened, newest first, kept in
// $XDG_CONFIG_HOME/synack/recent (or ~/.config/synack/recent), one path a line.
#pragma once

#include <string>
#include <vector>

namespace synack::gui {

class RecentFiles {
 public:
  static constexpr std::size_t kKept = 10;

  // `store` is the file the list lives in; empty keeps it in memory only.
  explicit RecentFiles(std::string store);

  const std::vector<std::string>& files() const { return files_; }
  // Moves (or adds) `path`, made absolute, to the front and saves the list.
  void add(const std::string& path);

  // Where the list lives by default; empty when there is no home directory.
  static std::string default_store();

 private:
  void save() const;

  std::string store_;
  std::vector<std::string> files_;
};

}  // namespace synack::gui

// The app's own file dialog (ImGui has none): one directory's entries,
// folders first, files narrowed to what the app opens.
#pragma once

#include <string>
#include <vector>

namespace synack::gui {

struct DirEntry {
  std::string name;
  bool is_dir = false;
};

struct DirListing {
  std::string dir;                // absolute, normalised
  std::vector<DirEntry> entries;  // ".." first unless at the root; folders, then files, by name
  std::string error;              // when the directory cannot be read
};

// Scenario files (.yaml, .yml) and JSON traces (.json).
bool is_openable(const std::string& name);

// Hidden entries (".git") are left out.
DirListing list_dir(const std::string& dir);

}  // namespace synack::gui

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

// What a listing keeps: what File → Open opens, or what goes beside the
// simulated run (File → Open capture beside…).
enum class FileKinds { Documents, Beside };

// Documents: scenario files (.yaml, .yml) and JSON traces (.json). Beside:
// captures (.pcap, .pcapng, .cap) and JSON traces.
bool is_openable(const std::string& name, FileKinds kinds = FileKinds::Documents);

// Hidden entries (".git") are left out.
DirListing list_dir(const std::string& dir, FileKinds kinds = FileKinds::Documents);

// Where an entry of `listing` leads: the folder above for "..", else the
// entry's absolute path.
std::string entry_path(const DirListing& listing, const DirEntry& entry);

// Files dropped on the window: the first the app opens, or why there is none.
struct DropChoice {
  std::string path;   // empty when none
  std::string error;  // "notes.txt: drop a scenario (.yaml) or a JSON trace (.json)"
};
DropChoice choose_dropped(const std::vector<std::string>& paths);

}  // namespace synack::gui

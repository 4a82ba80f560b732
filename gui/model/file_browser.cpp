#include "gui/model/file_browser.hpp"

#include <algorithm>
#include <filesystem>

namespace synack::gui {

namespace fs = std::filesystem;

bool is_openable(const std::string& name, FileKinds kinds) {
  const std::string ext = fs::path(name).extension().string();
  if (kinds == FileKinds::Beside) {
    return ext == ".pcap" || ext == ".pcapng" || ext == ".cap" || ext == ".json";
  }
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

DirListing list_dir(const std::string& dir, FileKinds kinds) {
  DirListing out;
  std::error_code ec;
  fs::path path = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  out.dir = path.string();
  if (path.has_parent_path() && path != path.root_path()) out.entries.push_back({"..", true});
  std::vector<DirEntry> found;
  fs::directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.error = out.dir + ": " + ec.message();
    return out;
  }
  for (const fs::directory_entry& e : it) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    const bool is_dir = e.is_directory(ec);
    if (is_dir || is_openable(name, kinds)) found.push_back({name, is_dir});
  }
  std::sort(found.begin(), found.end(), [](const DirEntry& a, const DirEntry& b) {
    return a.is_dir != b.is_dir ? a.is_dir : a.name < b.name;
  });
  out.entries.insert(out.entries.end(), found.begin(), found.end());
  return out;
}

std::string entry_path(const DirListing& listing, const DirEntry& entry) {
  const fs::path dir(listing.dir);
  if (entry.name == "..") return dir.parent_path().string();
  return (dir / entry.name).lexically_normal().string();
}

DropChoice choose_dropped(const std::vector<std::string>& paths) {
  DropChoice out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (is_openable(p) && !fs::is_directory(p, ec)) {
      out.path = p;
      return out;
    }
  }
  if (!paths.empty()) {
    out.error = fs::path(paths.front()).filename().string() +
                ": drop a scenario (.yaml) or a JSON trace (.json)";
  }
  return out;
}

}  // namespace synack::gui

#include "gui/model/recent_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "gui/model/config_dir.hpp"

namespace synack::gui {

namespace fs = std::filesystem;

RecentFiles::RecentFiles(std::string store) : store_(std::move(store)) {
  if (store_.empty()) return;
  std::ifstream in(store_);
  std::string line;
  while (std::getline(in, line) && files_.size() < kKept) {
    if (!line.empty()) files_.push_back(line);
  }
}

void RecentFiles::add(const std::string& path) {
  std::error_code ec;
  const std::string absolute = fs::absolute(path, ec).lexically_normal().string();
  files_.erase(std::remove(files_.begin(), files_.end(), absolute), files_.end());
  files_.insert(files_.begin(), absolute);
  if (files_.size() > kKept) files_.resize(kKept);
  save();
}

void RecentFiles::save() const {
  if (store_.empty()) return;
  std::error_code ec;
  fs::create_directories(fs::path(store_).parent_path(), ec);
  std::ofstream out(store_);
  for (const std::string& f : files_) out << f << "\n";
}

std::string RecentFiles::default_store() { return config_file("recent"); }

}  // namespace synack::gui

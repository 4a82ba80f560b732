#include "gui/model/file_watch.hpp"

#include "gui/model/document.hpp"

namespace synack::gui {

void FileWatch::watch(const std::string& path) {
  path_ = path;
  seen_ = modified_time(path);
  checked_ = -1e9;
}

bool FileWatch::changed(double now) {
  if (path_.empty() || now - checked_ < kInterval) return false;
  checked_ = now;
  const auto t = modified_time(path_);
  // A file being rewritten may be missing for a moment: wait until it is back.
  if (!t || t == seen_) return false;
  seen_ = t;
  return true;
}

}  // namespace synack::gui

// The open file, watched for changes on disk, so that a teacher who edits the
// scenario in an editor sees the app reload it (keeping the step: see
// Session::adopt). Polled, at most every `kInterval` seconds.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace synack::gui {

class FileWatch {
 public:
  static constexpr double kInterval = 0.5;

  // Starts watching `path` as it is now.
  void watch(const std::string& path);
  const std::string& path() const { return path_; }

  // True, once, when the file's modification time has changed since it was
  // watched or last reported; `now` is seconds on any clock, for the interval.
  bool changed(double now);

 private:
  std::string path_;
  std::optional<std::filesystem::file_time_type> seen_;
  double checked_ = -1e9;
};

}  // namespace synack::gui

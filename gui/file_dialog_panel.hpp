// File → Open: a small file dialog of the app's own (ImGui has none) over
// file_browser's listing.
#pragma once

#include <optional>
#include <string>

#include "gui/model/file_browser.hpp"

namespace synack::gui {

class FileDialogPanel {
 public:
  // Lists `kinds` of files; Beside: captures and traces to show beside the simulated run.
  void open(const std::string& start_dir, FileKinds kinds = FileKinds::Documents);
  FileKinds kinds() const { return kinds_; }
  bool visible() const { return visible_; }
  // Draws the dialog; returns the file chosen, once.
  std::optional<std::string> draw_content();

 private:
  void go(const std::string& dir);

  bool visible_ = false;
  bool just_opened_ = false;
  DirListing listing_;
  FileKinds kinds_ = FileKinds::Documents;
  char path_[1024] = {};
};

}  // namespace synack::gui

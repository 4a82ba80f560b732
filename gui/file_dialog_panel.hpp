// File → Open: a small file dialog of the app's own (ImGui has none) over
// file_browser's listing.
#pragma once

#include <optional>
#include <string>

#include "gui/model/file_browser.hpp"

namespace synack::gui {

class FileDialogPanel {
 public:
  void open(const std::string& start_dir);
  bool visible() const { return visible_; }
  // Draws the dialog; returns the file chosen, once.
  std::optional<std::string> draw_content();

 private:
  void go(const std::string& dir);

  bool visible_ = false;
  bool just_opened_ = false;
  DirListing listing_;
  char path_[1024] = {};
};

}  // namespace synack::gui

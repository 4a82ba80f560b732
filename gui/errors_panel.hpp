// The errors of the last file that did not open (file:line:column and the
// loader's own words), over the ladder; the app keeps what it had.
#pragma once

#include <string>
#include <vector>

namespace synack::gui {

class ErrorsPanel {
 public:
  void show(std::string file, std::vector<std::string> errors, bool kept_previous);
  void clear() { errors_.clear(); }
  bool visible() const { return !errors_.empty(); }
  // Draws a window of its own near the top of the canvas.
  void draw_content(float x, float y, float width);

 private:
  std::string file_;
  std::vector<std::string> errors_;
  bool kept_previous_ = false;
};

}  // namespace synack::gui

// File → Export: the ladder as SVG (sim/view/svg_export: the whole run, or
// from the start to the current step, vector text on white for slides and
// handouts) or the window as PNG, to a path the user gives.
#pragma once

#include <string>

#include "gui/model/session.hpp"

namespace synack::gui {

class ExportPanel {
 public:
  enum class Kind { Svg, Png };
  void ask(Kind kind, const Session& session);
  void draw_content(const Session& session);
  // The PNG path chosen, once: the app writes the window there after the frame is drawn.
  std::string take_png() { return std::exchange(png_, std::string()); }
  void done(const std::string& message) { message_ = message; }

 private:
  Kind kind_ = Kind::Svg;
  bool asking_ = false;
  bool up_to_step_ = false;
  char path_[512] = {};
  std::string png_;
  std::string message_;
};

}  // namespace synack::gui

// Differences: what differs between the simulated run and the run beside it
// (a live run or a capture), as `synack compare` lists it, each with its
// explanation (one of Linux's documented choices, or a disagreement); a click
// steps both ladders there. Also where the two are aligned, and what a live
// run said or why it could not run.
#pragma once

#include <string>
#include <vector>

#include "gui/model/session.hpp"

namespace synack::gui {

class DifferencesPanel {
 public:
  void draw_content(Session& session);
  // Lines to show above the list: what a live run said, or why there is none.
  void say(std::vector<std::string> lines, bool trouble) {
    said_ = std::move(lines);
    trouble_ = trouble;
  }

 private:
  std::vector<std::string> said_;
  bool trouble_ = false;  // the lines say why nothing runs beside
};

}  // namespace synack::gui

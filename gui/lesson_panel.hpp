// The scenario's lesson beside the run: the item the step has reached, in
// the teacher's words, with Previous and Next to jump between items, and the
// quiz: a question asked before the step goes past it, then whether the
// student's answer was right.
#pragma once

#include "gui/model/session.hpp"

namespace synack::gui {

class LessonPanel {
 public:
  void draw_content(Session& session);
};

}  // namespace synack::gui

// The scenario's expectations with pass or fail; clicking one steps to where
// it is decided.
#pragma once

#include "gui/model/session.hpp"

namespace synack::gui {

class ExpectationsPanel {
 public:
  void draw_content(Session& session);
};

}  // namespace synack::gui

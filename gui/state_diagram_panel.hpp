// The state diagram (sim/view/state_diagram): the eleven states and the
// table's transitions, the selected connection's state highlighted, the
// transition just taken lit with its event and action, the path so far
// traced. Clicking a state lists the steps the connection spent in it.
#pragma once

#include <cstdint>
#include <vector>

#include "gui/model/conn_cache.hpp"
#include "gui/model/session.hpp"
#include "sim/view/state_diagram.hpp"

namespace synack::gui {

class StateDiagramPanel {
 public:
  void draw_content(Session& session);

 private:
  void draw_visits(Session& session, const std::vector<view::StateVisit>& visits);

  ConnCache<std::vector<view::StateVisit>> visits_;
  int clicked_ = -1;  // a node index, or -1
};

}  // namespace synack::gui

// The sequence graph (Stevens / tcptrace) of the selected connection's sent
// data, up to the current step (sim/view/sequence_graph); "↔" shows the other
// direction, the peer's.
#pragma once

#include "gui/model/conn_cache.hpp"
#include "gui/model/session.hpp"
#include "sim/view/sequence_graph.hpp"

namespace synack::gui {

class SequenceGraphPanel {
 public:
  void draw_content(Session& session);

 private:
  ConnCache<view::SequenceGraph> graph_;
};

}  // namespace synack::gui

// Stepping: buttons for start, previous segment, back, play/pause, forward,
// next segment and end, the playback speed, and a scrub bar with a mark for
// every state change (in its state's colour) and every drop (red). Below,
// the state of each connection at the current step.
#pragma once

#include "gui/model/session.hpp"

namespace synack::gui {

class TransportPanel {
 public:
  void draw_content(Session& session);
};

}  // namespace synack::gui

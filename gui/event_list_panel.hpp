// The event list beside the timeline: time, node and a one-line summary of
// every record, with a text filter and per-type toggles. Selecting a row
// selects the record on the ladder too, and the other way round.
#pragma once

#include <cstdint>
#include <vector>

#include "gui/model/event_filter.hpp"
#include "gui/model/session.hpp"

namespace synack::gui {

class EventListPanel {
 public:
  void draw_content(Session& session);
  // A fresh document: the rows are rebuilt.
  void reset() { built_for_ = nullptr; }

 private:
  EventFilter filter_;
  EventFilter built_filter_;
  const Document* built_for_ = nullptr;
  bool built_absolute_ = false;
  std::vector<std::uint32_t> rows_;
  char text_[128] = {};
};

}  // namespace synack::gui

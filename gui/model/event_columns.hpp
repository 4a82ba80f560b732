// The event list's columns at a given width: time and node as narrow as their
// contents (node names capped, so a long one is cut rather than squeezing the
// summary), the summary taking the rest.
#pragma once

#include "sim/trace/trace.hpp"

namespace synack::gui {

struct EventColumns {
  float time = 0, node = 0, summary = 0;  // pixels
};

// `char_w` is an average character's width, `digit_w` a digit's; `width` the
// table's inner width less its column padding.
EventColumns event_columns(const trace::Trace& trace, float char_w, float digit_w, float width);

}  // namespace synack::gui

// Which records the event list shows: per-category toggles and a text filter
// (case-insensitive, on the node's name and the one-line summary).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/view/event_text.hpp"

namespace synack::gui {

struct EventFilter {
  std::string text;
  std::array<bool, view::kCategoryCount> shown{true, true, true, true, true, true, false};

  bool operator==(const EventFilter& o) const { return text == o.text && shown == o.shown; }
  bool operator!=(const EventFilter& o) const { return !(*this == o); }
};

// Indices of the records that pass, in order.
std::vector<std::uint32_t> filter_events(const trace::Trace& trace,
                                         const std::vector<trace::TcpNumbers>& numbers,
                                         const EventFilter& filter, bool absolute);

// True when `text` contains `needle`, ignoring ASCII case.
bool contains_ignoring_case(const std::string& text, const std::string& needle);

}  // namespace synack::gui

#include "gui/model/event_columns.hpp"

#include <algorithm>

namespace synack::gui {

namespace {

constexpr std::size_t kNodeChars = 10;  // longer names are cut (full text on hover)
constexpr float kSummaryShare = 0.55f;  // the summary keeps at least this much

}  // namespace

EventColumns event_columns(const trace::Trace& trace, float char_w, float digit_w, float width) {
  std::size_t longest = 4;  // "node"
  for (const trace::NodeInfo& n : trace.nodes) longest = std::max(longest, n.name.size());
  // "12345.678": milliseconds to five digits, as long as a run of 100 s.
  trace::TimeUs end = trace.events.empty() ? 0 : trace.events.back().t;
  int digits = 1;
  for (end /= 1000; end >= 10; end /= 10) ++digits;
  EventColumns c;
  c.time = digit_w * static_cast<float>(std::max(digits, 2) + 4);
  c.node = char_w * static_cast<float>(std::min(longest, kNodeChars) + 1);
  const float narrow = std::max(0.0f, width * (1 - kSummaryShare));
  if (c.time + c.node > narrow) c.node = std::max(char_w * 4, narrow - c.time);
  c.summary = std::max(0.0f, width - c.time - c.node);
  return c;
}

}  // namespace synack::gui

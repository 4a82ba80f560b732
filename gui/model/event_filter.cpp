#include "gui/model/event_filter.hpp"

#include <algorithm>
#include <cctype>

namespace synack::gui {

using namespace view;  // the ladder's picture (sim/view)

bool contains_ignoring_case(const std::string& text, const std::string& needle) {
  if (needle.empty()) return true;
  const auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

std::vector<std::uint32_t> filter_events(const Trace& trace,
                                         const std::vector<trace::TcpNumbers>& numbers,
                                         const EventFilter& filter, bool absolute) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (!filter.shown[static_cast<std::size_t>(category_of(e))]) continue;
    if (!filter.text.empty()) {
      const NodeId node = node_of(e);
      const bool by_node =
          node < trace.nodes.size() && contains_ignoring_case(trace.nodes[node].name, filter.text);
      if (!by_node &&
          !contains_ignoring_case(event_summary(trace, numbers, e, absolute), filter.text)) {
        continue;
      }
    }
    out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

}  // namespace synack::gui

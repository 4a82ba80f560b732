#include "sim/trace/lifelines.hpp"

namespace synack::trace {

std::vector<NodeId> lifeline_order(const Trace& trace, SwitchPlacement switches) {
  const std::size_t n = trace.nodes.size();
  std::vector<NodeId> order;
  std::vector<bool> placed(n, false);
  std::vector<std::vector<NodeId>> neighbours(n);
  for (const LinkInfo& l : trace.links) {
    if (l.a >= n || l.b >= n) continue;
    neighbours[l.a].push_back(l.b);
    neighbours[l.b].push_back(l.a);
  }
  const auto is_switch = [&](NodeId id) { return trace.nodes[id].kind == NodeKind::Switch; };
  const bool switches_last = switches == SwitchPlacement::AfterHosts;
  for (NodeId start = 0; start < n; ++start) {
    if (placed[start] || is_switch(start)) continue;
    std::vector<NodeId> queue{start};
    placed[start] = true;
    for (std::size_t i = 0; i < queue.size(); ++i) {
      if (!switches_last || !is_switch(queue[i])) order.push_back(queue[i]);
      for (NodeId next : neighbours[queue[i]]) {
        if (!placed[next]) {
          placed[next] = true;
          queue.push_back(next);
        }
      }
    }
  }
  // Switches last, or (in walk order) those no walk from a host reached.
  for (NodeId id = 0; id < n; ++id) {
    if (is_switch(id) && (switches_last || !placed[id])) order.push_back(id);
  }
  return order;
}

}  // namespace synack::trace

// The order of the lifelines (columns) of a ladder diagram, shared by the
// terminal ladder and the desktop app so both draw the nodes in one order.
#pragma once

#include <vector>

#include "sim/trace/trace.hpp"

namespace synack::trace {

enum class SwitchPlacement {
  AfterHosts,  // switches last: frames end at hosts and routers, whose columns sit together
  InWalk,      // switches where the walk meets them, between the nodes they join
};

// Nodes in the order a walk of the links from the first host meets them
// (breadth first), so a router stands between the networks it joins; nodes no
// link reaches start walks of their own, in node order. Every node appears once.
std::vector<NodeId> lifeline_order(const Trace& trace, SwitchPlacement switches);

}  // namespace synack::trace

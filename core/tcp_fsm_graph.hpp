// The transition table as data: one edge per row, read from the Boost.MSM table
// itself, for `synack fsm` and the GUI's state diagram.
#pragma once

#include <string>
#include <vector>

#include "tcp_types.hpp"

namespace synack::tcp {

struct FsmEdge {
  State from;
  State to;       // equal to `from` for an internal transition
  bool internal;  // no exit/entry: the state stays (e.g. TIME-WAIT restarting 2MSL)
  std::string event;
  std::string action;  // empty when the row has none
  std::string guard;   // empty when the row has none
};

// Every row of the table, in table order.
std::vector<FsmEdge> fsm_edges();

// The state diagram in Graphviz DOT: RFC state names as nodes, "event / action"
// (with "[guard]") on the edges.
std::string fsm_to_dot();

// The table as aligned text, one row per line.
std::string fsm_to_text();

}  // namespace synack::tcp

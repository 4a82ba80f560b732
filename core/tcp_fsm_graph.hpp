// The transition table as data: one edge per row, read from the Boost.MSM table
// itself, for `synack fsm` and the GUI's state diagram.
#pragma once

#include <string>
#include <vector>

#include "tcp_events.hpp"
#include "tcp_types.hpp"

namespace synack::tcp {

struct FsmEdge {
  State from;
  State to;       // equal to `from` for an internal transition
  bool internal;  // no exit/entry: the state stays (e.g. TIME-WAIT restarting 2MSL)
  std::string event;
  std::string action;  // empty when the row has none
  std::string guard;   // empty when the row has none
  Ev kind;             // the event
  std::string rfc;     // where the RFC says so: "RFC 9293 §3.10.7.4, eighth: check the FIN bit"
};

// Every row of the table, in table order (read once, then kept).
const std::vector<FsmEdge>& fsm_edges();

// The row that takes `from` to `to` on event `e` (an index into fsm_edges()),
// or kNoRow. Rows are unique by (from, event, to), which a test checks.
std::uint16_t table_row(State from, Ev e, State to);

// The state diagram in Graphviz DOT: RFC state names as nodes, "event / action"
// (with "[guard]") on the edges.
std::string fsm_to_dot();

// The table as aligned text, one row per line.
std::string fsm_to_text();

}  // namespace synack::tcp

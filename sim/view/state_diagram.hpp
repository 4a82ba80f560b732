// The TCP state diagram as geometry, generated from the transition table
// (tcp::fsm_edges(), the walk `synack fsm --dot` makes) and laid out like
// RFC 9293's Figure 5: CLOSED and LISTEN on top, the opening states beside
// each other, ESTABLISHED in the middle, the active closer's states on the
// left, the passive closer's on the right, TIME-WAIT below, and CLOSED again
// at the bottom right where the closes end. Rows between the same two states
// share one edge. The edges of Figure 5 are its main edges; resets, aborts,
// timeouts and SYN cookies are the others, drawn fainter.
//
// And a connection's walk through it up to a step: where it is, the
// transition just taken, the rows taken so far, and when it was in each state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/tcp_types.hpp"
#include "sim/trace/trace.hpp"
#include "sim/view/conn_index.hpp"

namespace synack::view {

struct DiagramNode {
  tcp::State state;
  float x = 0, y = 0;  // centre, in grid units (columns 0..2, rows 0..7)
};

struct DiagramEdge {
  std::uint8_t from = 0, to = 0;    // node indices
  std::vector<std::uint16_t> rows;  // fsm_edges() rows drawn by this edge
  bool main = false;                // one of Figure 5's edges
  bool internal = false;            // the state stays (drawn as a loop)
  float cx = 0, cy = 0;             // the control point of its quadratic curve
  std::string label;                // "rcv SYN / snd SYN,ACK": its first main row
};

struct StateDiagram {
  static constexpr float kWidth = 3.0f, kHeight = 8.0f;  // the grid, with margins
  static constexpr float kBoxWidth = 0.94f, kBoxHeight = 0.5f;
  static constexpr std::uint8_t kClosedExit = tcp::kStateCount;  // the bottom CLOSED

  std::vector<DiagramNode> nodes;  // one per state (by State), then CLOSED again
  std::vector<DiagramEdge> edges;
  std::vector<std::uint16_t> edge_of_row;  // by fsm_edges() row
};

// Built once from the table.
const StateDiagram& state_diagram();

// A state change's table row, or kNoRow when the record has none or one that
// is not a row from its `from` to its `to` (a trace written by another table).
std::uint16_t row_of(const trace::StateEvent& s);

// The node a state is drawn at after `row` took the connection there: CLOSED
// at the bottom after a close, reset or timeout, at the top otherwise.
std::uint8_t node_after_row(const StateDiagram& d, std::uint16_t row);

// An edge as a polyline in grid units: its curve sampled, starting and
// ending where it leaves and enters the boxes of its states (a loop for an
// internal edge). At least two points.
struct GridPoint {
  float x = 0, y = 0;
};
std::vector<GridPoint> edge_polyline(const StateDiagram& d, const DiagramEdge& e);
// Where the centre of an edge's label of `width` x `height` (grid units)
// goes: on its curve, the middle if that covers no state, else the nearest
// place along it that covers none.
GridPoint label_spot(const StateDiagram& d, const DiagramEdge& e, float width, float height);

// One stay in one state: from the step its record was applied until the
// step the next change was (end == kNone: still there at the end).
struct StateVisit {
  tcp::State state;
  std::size_t begin = 0, end = 0;
  std::uint8_t node = 0;
};
inline constexpr std::size_t kStillThere = static_cast<std::size_t>(-1);

// Every stay of the connection, in order, whole (not cut at a step).
std::vector<StateVisit> state_visits(const trace::Trace& trace, const ConnRecords& records);

struct DiagramWalk {
  std::uint8_t node = 0;  // where the connection is at the step
  tcp::State state = tcp::State::Closed;
  std::uint16_t last_row = tcp::kNoRow;  // the transition just taken
  std::uint32_t last_record = trace::kNone;
  std::vector<std::uint16_t> taken;  // rows taken up to the step, in order (repeats kept)
  bool exists = false;               // the connection had a record by the step
};
DiagramWalk walk_at(const trace::Trace& trace, const ConnRecords& records, std::size_t step);

}  // namespace synack::view

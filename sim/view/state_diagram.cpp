#include "sim/view/state_diagram.hpp"

#include <algorithm>
#include <cmath>

#include "core/tcp_fsm_graph.hpp"

namespace synack::view {

using tcp::Ev;
using tcp::State;
using namespace synack::trace;

namespace {

struct Place {
  State state;
  float x, y;
};
// Figure 5's arrangement.
constexpr Place kPlaces[] = {
    {State::Closed, 1, 0.5f},      {State::Listen, 1, 1.5f},      {State::SynSent, 2, 2.5f},
    {State::SynReceived, 0, 2.5f}, {State::Established, 1, 3.5f}, {State::FinWait1, 0, 4.5f},
    {State::FinWait2, 0, 5.7f},    {State::CloseWait, 2, 4.5f},   {State::Closing, 1, 5.1f},
    {State::LastAck, 2, 5.7f},     {State::TimeWait, 1, 6.6f},
};
constexpr float kExitX = 2, kExitY = 7.5f;

// The transitions Figure 5 draws: opening, the close, and the ACKs between.
bool in_figure_5(const tcp::FsmEdge& e) {
  switch (e.kind) {
    case Ev::PassiveOpen:
    case Ev::ActiveOpen:
    case Ev::Send:
    case Ev::RcvSyn:
    case Ev::RcvSynAck:
    case Ev::RcvAckOfSyn:
    case Ev::Close:
    case Ev::RcvFin:
    case Ev::RcvAckOfFin:
    case Ev::TimeWaitTimeout: return !e.internal;
    case Ev::RcvRst: return e.from == State::SynReceived && e.to == State::Listen;
    default: return false;
  }
}

std::string edge_label(const tcp::FsmEdge& e) {
  return e.action.empty() ? e.event : e.event + " / " + e.action;
}

}  // namespace

std::uint16_t row_of(const StateEvent& s) {
  const auto& rows = tcp::fsm_edges();
  if (s.row >= rows.size() || rows[s.row].from != s.from || rows[s.row].to != s.to) {
    return tcp::kNoRow;
  }
  return s.row;
}

std::uint8_t node_after_row(const StateDiagram& d, std::uint16_t row) {
  const auto& rows = tcp::fsm_edges();
  if (row >= rows.size()) return static_cast<std::uint8_t>(State::Closed);
  return d.edges[d.edge_of_row[row]].to;
}

const StateDiagram& state_diagram() {
  static const StateDiagram diagram = [] {
    StateDiagram d;
    d.nodes.resize(tcp::kStateCount + 1);
    for (const Place& p : kPlaces) d.nodes[static_cast<int>(p.state)] = {p.state, p.x, p.y};
    d.nodes[StateDiagram::kClosedExit] = {State::Closed, kExitX, kExitY};

    const auto& rows = tcp::fsm_edges();
    d.edge_of_row.resize(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const tcp::FsmEdge& e = rows[r];
      const auto from = static_cast<std::uint8_t>(e.from);
      auto to = static_cast<std::uint8_t>(e.to);
      // Closes end at the bottom; giving up an open returns to the top.
      const bool opening = e.from == State::Listen || e.from == State::SynSent;
      if (e.to == State::Closed && !opening) to = StateDiagram::kClosedExit;
      auto it = std::find_if(d.edges.begin(), d.edges.end(), [&](const DiagramEdge& x) {
        return x.from == from && x.to == to && x.internal == e.internal;
      });
      if (it == d.edges.end()) {
        d.edges.push_back({from, to, {}, false, e.internal, 0, 0, ""});
        it = d.edges.end() - 1;
      }
      it->rows.push_back(static_cast<std::uint16_t>(r));
      if (in_figure_5(e) && !it->main) {
        it->main = true;
        it->label = edge_label(e);
      }
      d.edge_of_row[r] = static_cast<std::uint16_t>(it - d.edges.begin());
    }
    for (DiagramEdge& edge : d.edges) {
      if (edge.label.empty()) edge.label = edge_label(rows[edge.rows.front()]);
      const DiagramNode& a = d.nodes[edge.from];
      const DiagramNode& b = d.nodes[edge.to];
      if (edge.internal) {  // a loop above the box's right end
        edge.cx = a.x + StateDiagram::kBoxWidth * 0.5f;
        edge.cy = a.y - StateDiagram::kBoxHeight * 1.3f;
        continue;
      }
      // Bend to the right of the way it goes, so the two ways between a
      // pair of states (LISTEN ⇄ SYN-RECEIVED) do not lie on each other;
      // the faint edges bend further, out of the main ones' way.
      const float dx = b.x - a.x, dy = b.y - a.y;
      const float len = std::max(std::sqrt(dx * dx + dy * dy), 0.001f);
      const float bend = edge.main ? 0.12f : 0.35f;
      edge.cx = (a.x + b.x) / 2 - dy / len * bend * std::min(len, 2.0f);
      edge.cy = (a.y + b.y) / 2 + dx / len * bend * std::min(len, 2.0f);
    }
    return d;
  }();
  return diagram;
}

namespace {

bool in_box(const DiagramNode& n, GridPoint p) {
  return std::abs(p.x - n.x) < StateDiagram::kBoxWidth / 2 &&
         std::abs(p.y - n.y) < StateDiagram::kBoxHeight / 2;
}

GridPoint bezier(GridPoint a, GridPoint c, GridPoint b, float t) {
  const float u = 1 - t;
  return {u * u * a.x + 2 * u * t * c.x + t * t * b.x, u * u * a.y + 2 * u * t * c.y + t * t * b.y};
}

}  // namespace

std::vector<GridPoint> edge_polyline(const StateDiagram& d, const DiagramEdge& e) {
  const DiagramNode& a = d.nodes[e.from];
  const DiagramNode& b = d.nodes[e.to];
  GridPoint start{a.x, a.y}, end{b.x, b.y};
  if (e.internal) {  // out of the box's top edge and back in beside it
    start = {a.x + StateDiagram::kBoxWidth * 0.25f, a.y - StateDiagram::kBoxHeight / 2};
    end = {a.x + StateDiagram::kBoxWidth * 0.45f, a.y - StateDiagram::kBoxHeight / 2};
  }
  constexpr int kSamples = 24;
  std::vector<GridPoint> out;
  for (int i = 0; i <= kSamples; ++i) {
    const GridPoint p = bezier(start, {e.cx, e.cy}, end, static_cast<float>(i) / kSamples);
    if (!e.internal && (in_box(a, p) || in_box(b, p))) continue;
    out.push_back(p);
  }
  if (out.size() < 2) out = {start, end};
  return out;
}

GridPoint label_spot(const StateDiagram& d, const DiagramEdge& e, float width, float height) {
  const DiagramNode& a = d.nodes[e.from];
  const DiagramNode& b = d.nodes[e.to];
  if (e.internal) return {e.cx, e.cy};
  const auto covers_a_state = [&](GridPoint c) {
    for (const DiagramNode& n : d.nodes) {
      if (std::abs(c.x - n.x) < (width + StateDiagram::kBoxWidth) / 2 &&
          std::abs(c.y - n.y) < (height + StateDiagram::kBoxHeight) / 2) {
        return true;
      }
    }
    return false;
  };
  for (const float t : {0.5f, 0.4f, 0.6f, 0.3f, 0.7f, 0.2f, 0.8f}) {
    const GridPoint c = bezier({a.x, a.y}, {e.cx, e.cy}, {b.x, b.y}, t);
    if (!covers_a_state(c)) return c;
  }
  return bezier({a.x, a.y}, {e.cx, e.cy}, {b.x, b.y}, 0.5f);
}

std::vector<StateVisit> state_visits(const Trace& trace, const ConnRecords& records) {
  std::vector<StateVisit> out;
  const StateDiagram& d = state_diagram();
  if (records.states.empty()) return out;
  const auto& first = std::get<StateEvent>(trace.events[records.states.front()].what);
  const std::size_t born = records.first == kNone ? 0 : records.first + 1;
  const std::size_t first_step = records.states.front() + 1;
  if (born < first_step) {
    out.push_back({first.from, born, first_step, static_cast<std::uint8_t>(first.from)});
  }
  for (std::size_t k = 0; k < records.states.size(); ++k) {
    const std::uint32_t i = records.states[k];
    const auto& s = std::get<StateEvent>(trace.events[i].what);
    const std::size_t end = k + 1 < records.states.size() ? records.states[k + 1] + 1 : kStillThere;
    const std::uint16_t row = row_of(s);
    const std::uint8_t node =
        row != tcp::kNoRow ? node_after_row(d, row) : static_cast<std::uint8_t>(s.to);
    out.push_back({s.to, static_cast<std::size_t>(i) + 1, end, node});
  }
  return out;
}

DiagramWalk walk_at(const Trace& trace, const ConnRecords& records, std::size_t step) {
  DiagramWalk w;
  w.exists = records.first != kNone && records.first < step;
  const auto end = std::lower_bound(records.states.begin(), records.states.end(), step);
  const StateDiagram& d = state_diagram();
  if (end == records.states.begin()) {
    if (!records.states.empty()) {
      w.state = std::get<StateEvent>(trace.events[records.states.front()].what).from;
    }
    w.node = static_cast<std::uint8_t>(w.state);
    return w;
  }
  for (auto it = records.states.begin(); it != end; ++it) {
    const std::uint16_t row = row_of(std::get<StateEvent>(trace.events[*it].what));
    if (row != tcp::kNoRow) w.taken.push_back(row);
  }
  w.last_record = *(end - 1);
  const auto& last = std::get<StateEvent>(trace.events[w.last_record].what);
  w.state = last.to;
  w.last_row = row_of(last);
  w.node = w.last_row != tcp::kNoRow ? node_after_row(d, w.last_row)
                                     : static_cast<std::uint8_t>(last.to);
  return w;
}

}  // namespace synack::view

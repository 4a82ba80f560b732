// The state diagram from the transition table, laid out like RFC 9293's
// Figure 5, and a connection's walk through it.
#include "sim/view/state_diagram.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/tcp_fsm_graph.hpp"
#include "scenario_trace.hpp"

namespace synack::view {
namespace {

using namespace trace;
using tcp::Ev;
using tcp::State;

const DiagramNode& node(State s) { return state_diagram().nodes[static_cast<int>(s)]; }

TEST(StateDiagram, EveryRowOfTheTableIsOnExactlyOneEdge) {
  const StateDiagram& d = state_diagram();
  const auto& rows = tcp::fsm_edges();
  ASSERT_EQ(d.edge_of_row.size(), rows.size());
  std::vector<int> seen(rows.size(), 0);
  for (const DiagramEdge& e : d.edges) {
    for (const std::uint16_t r : e.rows) ++seen[r];
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    EXPECT_EQ(seen[r], 1) << r;
    const DiagramEdge& e = d.edges[d.edge_of_row[r]];
    EXPECT_EQ(d.nodes[e.from].state, rows[r].from);
    EXPECT_EQ(d.nodes[e.to].state, rows[r].to);
  }
}

TEST(StateDiagram, LaidOutLikeFigure5) {
  EXPECT_LT(node(State::Closed).y, node(State::Listen).y);
  EXPECT_LT(node(State::Listen).y, node(State::Established).y);
  EXPECT_LT(node(State::SynReceived).x, node(State::SynSent).x);
  EXPECT_EQ(node(State::SynReceived).y, node(State::SynSent).y);
  EXPECT_LT(node(State::FinWait1).x, node(State::Established).x);   // the active closer, left
  EXPECT_GT(node(State::CloseWait).x, node(State::Established).x);  // the passive closer, right
  EXPECT_LT(node(State::FinWait1).y, node(State::FinWait2).y);
  EXPECT_LT(node(State::CloseWait).y, node(State::LastAck).y);
  EXPECT_GT(node(State::TimeWait).y, node(State::Closing).y);
  const DiagramNode& exit = state_diagram().nodes[StateDiagram::kClosedExit];
  EXPECT_EQ(exit.state, State::Closed);
  EXPECT_GT(exit.y, node(State::TimeWait).y);
}

TEST(StateDiagram, NoTwoStatesOverlap) {
  const auto& nodes = state_diagram().nodes;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_GE(nodes[i].x - StateDiagram::kBoxWidth / 2, -0.5f);
    EXPECT_LE(nodes[i].y + StateDiagram::kBoxHeight / 2, StateDiagram::kHeight);
    for (std::size_t j = i + 1; j < nodes.size(); ++j) {
      const bool apart = std::abs(nodes[i].x - nodes[j].x) >= StateDiagram::kBoxWidth ||
                         std::abs(nodes[i].y - nodes[j].y) >= StateDiagram::kBoxHeight;
      EXPECT_TRUE(apart) << i << " " << j;
    }
  }
}

TEST(StateDiagram, ClosesEndAtTheBottomClosedOpensFailBackToTheTop) {
  const StateDiagram& d = state_diagram();
  const auto to_node = [&](State from, Ev e, State to) {
    return d.edges[d.edge_of_row[tcp::table_row(from, e, to)]].to;
  };
  EXPECT_EQ(to_node(State::LastAck, Ev::RcvAckOfFin, State::Closed), StateDiagram::kClosedExit);
  EXPECT_EQ(to_node(State::TimeWait, Ev::TimeWaitTimeout, State::Closed),
            StateDiagram::kClosedExit);
  EXPECT_EQ(to_node(State::Listen, Ev::Close, State::Closed), static_cast<int>(State::Closed));
  EXPECT_EQ(to_node(State::SynSent, Ev::Close, State::Closed), static_cast<int>(State::Closed));
}

TEST(StateDiagram, Figure5sEdgesAreMainWithEventAndAction) {
  const StateDiagram& d = state_diagram();
  const DiagramEdge& fin =
      d.edges[d.edge_of_row[tcp::table_row(State::Established, Ev::RcvFin, State::CloseWait)]];
  EXPECT_TRUE(fin.main);
  EXPECT_EQ(fin.label, "rcv FIN / snd ACK");
  const DiagramEdge& rst =
      d.edges[d.edge_of_row[tcp::table_row(State::Established, Ev::RcvRst, State::Closed)]];
  EXPECT_FALSE(rst.main);
}

TEST(StateDiagram, EdgesLeaveAndEnterOutsideTheBoxes) {
  const StateDiagram& d = state_diagram();
  for (const DiagramEdge& e : d.edges) {
    const std::vector<GridPoint> line = edge_polyline(d, e);
    ASSERT_GE(line.size(), 2u);
    if (e.internal) continue;
    for (const GridPoint& p : {line.front(), line.back()}) {
      for (const std::uint8_t n : {e.from, e.to}) {
        const bool inside = std::abs(p.x - d.nodes[n].x) < StateDiagram::kBoxWidth / 2 &&
                            std::abs(p.y - d.nodes[n].y) < StateDiagram::kBoxHeight / 2;
        EXPECT_FALSE(inside);
      }
    }
  }
}

TEST(StateDiagram, ALabelCoversNoStateWhereItCanAvoidIt) {
  const StateDiagram& d = state_diagram();
  // CLOSED to SYN-SENT passes LISTEN: its label moves along the curve off it.
  const DiagramEdge& open =
      d.edges[d.edge_of_row[tcp::table_row(State::Closed, Ev::ActiveOpen, State::SynSent)]];
  const float w = 1.0f, h = 0.3f;
  const GridPoint c = label_spot(d, open, w, h);
  for (const DiagramNode& n : d.nodes) {
    const bool covers = std::abs(c.x - n.x) < (w + StateDiagram::kBoxWidth) / 2 &&
                        std::abs(c.y - n.y) < (h + StateDiagram::kBoxHeight) / 2;
    EXPECT_FALSE(covers) << tcp::state_name(n.state);
  }
}

// A trace written by another table: rows that are not this table's are not lit.
TEST(StateDiagram, ARowThatIsNotTheTablesIsIgnored) {
  Trace t;
  t.nodes.push_back({"h", NodeKind::Host, {}, {}});
  const ConnId c = t.add_conn(0, {1, 2, 3, 4});
  const std::uint16_t fin = tcp::table_row(State::Established, Ev::RcvFin, State::CloseWait);
  t.add(1, StateEvent{0, c, State::Closed, State::SynSent, kNone, 999});
  t.add(2, StateEvent{0, c, State::SynSent, State::Established, kNone, fin});  // not its row
  const ConnIndex index(t, number_tcp_frames(t));
  const DiagramWalk w = walk_at(t, index.of(c), t.events.size());
  EXPECT_EQ(w.state, State::Established);
  EXPECT_EQ(w.last_row, tcp::kNoRow);
  EXPECT_TRUE(w.taken.empty());
  EXPECT_EQ(w.node, static_cast<int>(State::Established));
  EXPECT_EQ(row_of(std::get<StateEvent>(t.events[1].what)), tcp::kNoRow);
  // Its first record is its first change: no stay in CLOSED before it.
  const std::vector<StateVisit> visits = state_visits(t, index.of(c));
  ASSERT_EQ(visits.size(), 2u);
  EXPECT_EQ(visits[1].node, static_cast<int>(State::Established));
}

class ClientWalk : public ::testing::Test {
 protected:
  Trace trace = testing::run_scenario("close.yaml");
  ConnIndex index{trace, number_tcp_frames(trace)};
  ConnId client = testing::connected_conn(trace, "client");
  const ConnRecords& records = index.of(client);
  // The step just after the client's record of `s`.
  std::size_t step_after(State s) const {
    for (const std::uint32_t i : records.states) {
      if (std::get<StateEvent>(trace.events[i].what).to == s) return i + 1;
    }
    return 0;
  }
};

TEST_F(ClientWalk, MidCloseInFinWait2) {
  const std::size_t step = step_after(State::FinWait2);
  ASSERT_GT(step, 0u);
  const DiagramWalk w = walk_at(trace, records, step);
  EXPECT_TRUE(w.exists);
  EXPECT_EQ(w.state, State::FinWait2);
  EXPECT_EQ(w.node, static_cast<int>(State::FinWait2));
  EXPECT_EQ(w.last_row, tcp::table_row(State::FinWait1, Ev::RcvAckOfFin, State::FinWait2));
  // active OPEN, rcv SYN,ACK, CLOSE, rcv ACK of FIN.
  EXPECT_EQ(w.taken.size(), 4u);
  EXPECT_EQ(w.taken.front(), tcp::table_row(State::Closed, Ev::ActiveOpen, State::SynSent));
  // One step earlier the change had not happened.
  EXPECT_EQ(walk_at(trace, records, step - 1).state, State::FinWait1);
}

TEST_F(ClientWalk, BeforeItsFirstRecordItDoesNotExistAndAtTheEndItIsClosedAtTheBottom) {
  EXPECT_FALSE(walk_at(trace, records, 0).exists);
  const DiagramWalk end = walk_at(trace, records, trace.events.size());
  EXPECT_EQ(end.state, State::Closed);
  EXPECT_EQ(end.node, StateDiagram::kClosedExit);
}

TEST_F(ClientWalk, VisitsFollowEachOtherAndCoverTheSteps) {
  const std::vector<StateVisit> visits = state_visits(trace, records);
  ASSERT_EQ(visits.size(), 7u);  // CLOSED, then the six changes
  EXPECT_EQ(visits.front().state, State::Closed);
  EXPECT_EQ(visits.front().node, static_cast<int>(State::Closed));
  for (std::size_t i = 1; i < visits.size(); ++i) {
    EXPECT_EQ(visits[i].begin, visits[i - 1].end);
  }
  EXPECT_EQ(visits.back().end, kStillThere);
  EXPECT_EQ(visits.back().node, StateDiagram::kClosedExit);
  const std::size_t in_fw2 = step_after(State::FinWait2) + 1;
  const auto fw2 = std::find_if(visits.begin(), visits.end(),
                                [](const StateVisit& v) { return v.state == State::FinWait2; });
  ASSERT_NE(fw2, visits.end());
  EXPECT_LE(fw2->begin, in_fw2);
  EXPECT_GT(fw2->end, in_fw2);
}

}  // namespace
}  // namespace synack::view

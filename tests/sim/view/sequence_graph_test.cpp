// The sequence graph of the retransmission scenario: segments, the lost one,
// its retransmission, the ACK and window lines, and the cut at a step.
#include "sim/view/sequence_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "scenario_trace.hpp"

namespace synack::view {
namespace {

using namespace trace;

class RetransmissionGraph : public ::testing::Test {
 protected:
  Trace trace = testing::run_scenario("retransmission.yaml");
  LadderModel ladder{trace};
  ConnIndex index{trace, ladder.numbers()};
  ConnId client = testing::connected_conn(trace, "client");
  SequenceGraph g = sequence_graph(ladder, index.of(client));
};

TEST_F(RetransmissionGraph, ALostSegmentAndItsRetransmission) {
  ASSERT_NE(client, kNone);
  ASSERT_FALSE(g.segments.empty());
  const auto lost = std::find_if(g.segments.begin(), g.segments.end(),
                                 [](const GraphSegment& s) { return s.lost; });
  ASSERT_NE(lost, g.segments.end());
  const auto again = std::find_if(lost + 1, g.segments.end(), [&](const GraphSegment& s) {
    return s.retransmission && s.seq0 == lost->seq0;
  });
  ASSERT_NE(again, g.segments.end());
  EXPECT_GT(again->t, lost->t);
  EXPECT_FALSE(again->lost);
}

TEST_F(RetransmissionGraph, SegmentsInTimeOrderTheSynTakingOneNumber) {
  EXPECT_TRUE(
      std::is_sorted(g.segments.begin(), g.segments.end(),
                     [](const GraphSegment& a, const GraphSegment& b) { return a.t < b.t; }));
  EXPECT_EQ(g.segments.front().seq0, 0);
  EXPECT_EQ(g.segments.front().seq1, 1);  // the SYN
  for (const GraphSegment& s : g.segments) EXPECT_LE(s.seq1, g.seq_max);
}

TEST_F(RetransmissionGraph, TheAckLineNeverFallsAndTheWindowIsAboveIt) {
  ASSERT_FALSE(g.acks.empty());
  for (std::size_t i = 1; i < g.acks.size(); ++i) EXPECT_GE(g.acks[i].ack, g.acks[i - 1].ack);
  for (const GraphAck& a : g.acks) {
    EXPECT_GE(a.window_edge, a.ack);
    EXPECT_LE(a.window_edge, g.window_max);
  }
  EXPECT_EQ(g.acks.back().ack, g.seq_max);  // everything sent was acknowledged
  EXPECT_LE(g.t0, g.segments.front().t);
  EXPECT_GE(g.t1, g.acks.back().t);
}

TEST_F(RetransmissionGraph, TheCutFollowsTheStep) {
  EXPECT_EQ(graph_cut(g, 0).segments, 0u);
  EXPECT_EQ(graph_cut(g, 0).acks, 0u);
  const GraphCut all = graph_cut(g, trace.events.size());
  EXPECT_EQ(all.segments, g.segments.size());
  EXPECT_EQ(all.acks, g.acks.size());
  const std::uint32_t lost_event =
      std::find_if(g.segments.begin(), g.segments.end(), [](const GraphSegment& s) {
        return s.lost;
      })->event;
  const GraphCut at_loss = graph_cut(g, lost_event + 1);
  EXPECT_TRUE(g.segments[at_loss.segments - 1].lost);
  EXPECT_FALSE(g.segments[at_loss.segments - 1].retransmission);
}

}  // namespace
}  // namespace synack::view

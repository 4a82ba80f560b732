// The ladder model of the hand-built handshake (trace_fixture): lanes, hops,
// drops, retransmissions, state bands and timer bars.
#include "sim/view/ladder_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "trace_fixture.hpp"

namespace synack::view {
namespace {

using trace::testing::Lan;

class LadderModelTest : public ::testing::Test {
 protected:
  Lan lan = trace::testing::handshake();
  LadderModel model{lan.trace};

  std::uint16_t lane(trace::NodeId n) const { return model.lane_of_node[n]; }
};

TEST_F(LadderModelTest, LanesInLinkOrderWithTheSwitchBetween) {
  ASSERT_EQ(model.lanes.size(), 4u);
  EXPECT_EQ(model.lanes[0].node, lan.client);
  EXPECT_EQ(model.lanes[1].node, lan.sw);
  EXPECT_EQ(model.lanes[2].node, lan.server);
  EXPECT_EQ(model.lanes[3].node, lan.other);
}

TEST_F(LadderModelTest, EveryLinkCrossedIsAHopSlopedByTheLinkDelay) {
  const Hop& first = model.hops.front();  // the ARP request, client to sw1
  EXPECT_EQ(first.from_lane, lane(lan.client));
  EXPECT_EQ(first.to_lane, lane(lan.sw));
  EXPECT_EQ(first.t1 - first.t0, 10);
  EXPECT_EQ(first.kind, FrameKind::Arp);
  EXPECT_TRUE(first.labelled);
  // The flood: sw1 to server and to other, unlabelled, marked flooded.
  EXPECT_TRUE(model.hops[1].flooded);
  EXPECT_TRUE(model.hops[2].flooded);
  EXPECT_FALSE(model.hops[1].labelled);
  // A flood ends the label's path at the switch.
  EXPECT_EQ(first.path_end, 0u);
}

TEST_F(LadderModelTest, ForwardedFrameIsLabelledOnceAcrossTheSwitch) {
  const auto syn = std::find_if(model.hops.begin(), model.hops.end(),
                                [](const Hop& h) { return h.kind == FrameKind::Syn; });
  ASSERT_NE(syn, model.hops.end());
  ASSERT_NE(syn->path_end, kNone);
  const Hop& last = model.hops[syn->path_end];
  EXPECT_EQ(last.to_lane, lane(lan.server));
  EXPECT_FALSE(last.labelled);
  EXPECT_EQ(model.hop_label(*syn, false), "SYN Seq=0 Win=65535 Len=0");
  EXPECT_EQ(model.hop_label(*syn, true), "SYN Seq=1000 Win=65535 Len=0");
}

TEST_F(LadderModelTest, LostFrameEndsHalfWayAndItsResendIsARetransmission) {
  std::vector<const Hop*> data;
  for (const Hop& h : model.hops) {
    if (h.kind == FrameKind::Data && h.labelled) data.push_back(&h);
  }
  ASSERT_EQ(data.size(), 2u);
  EXPECT_FALSE(data[0]->retransmission);
  EXPECT_TRUE(data[1]->retransmission);
  const Hop& lost = model.hops[data[0]->path_end];
  EXPECT_TRUE(lost.dropped);
  EXPECT_TRUE(lost.lost_on_link);
  EXPECT_EQ(lost.t1 - lost.t0, 5);  // half of the link's 10 us
  EXPECT_EQ(model.hop_label(*data[1], false),
            "[Retransmission] PSH, ACK Seq=1 Ack=1 Win=65535 Len=5");
}

TEST_F(LadderModelTest, StateBandsChangeExactlyAtTheirCause) {
  // The client's connection: SYN-SENT from 0, ESTABLISHED from 80 to the end.
  const Track* client = nullptr;
  for (const Track& t : model.bands) {
    if (t.lane == lane(lan.client)) client = &t;
  }
  ASSERT_NE(client, nullptr);
  ASSERT_EQ(client->spans.size(), 2u);
  EXPECT_EQ(client->spans[0].value, static_cast<std::uint8_t>(tcp::State::SynSent));
  EXPECT_EQ(client->spans[0].t1, 80);
  EXPECT_EQ(client->spans[1].value, static_cast<std::uint8_t>(tcp::State::Established));
  EXPECT_EQ(client->spans[1].t1, lan.trace.events.back().t);
}

TEST_F(LadderModelTest, ConnectionsLivingAtOnceGetTheirOwnBands) {
  // The server's listener and its accepted connection overlap.
  EXPECT_EQ(model.lanes[lane(lan.server)].band_slots, 2);
  EXPECT_EQ(model.lanes[lane(lan.client)].band_slots, 1);
}

TEST_F(LadderModelTest, TimerBarRunsFromSetToFired) {
  ASSERT_EQ(model.timers.size(), 1u);
  const Track& t = model.timers[0];
  ASSERT_EQ(t.spans.size(), 1u);
  EXPECT_EQ(t.spans[0].t0, 200);
  EXPECT_EQ(t.spans[0].t1, 1200);
  EXPECT_EQ(t.spans[0].end_op, static_cast<std::uint8_t>(tcp::TimerOp::Fired));
}

TEST_F(LadderModelTest, TimerCancelledOrSetAgainEndsItsBar) {
  trace::Trace& tr = lan.trace;
  const trace::TextId rto = tr.intern("retransmission");
  tr.add(1400, trace::TimerEvent{lan.client, 0, rto, tcp::TimerOp::Set, 2400});
  tr.add(1500, trace::TimerEvent{lan.client, 0, rto, tcp::TimerOp::Set, 2500});
  tr.add(1600, trace::TimerEvent{lan.client, 0, rto, tcp::TimerOp::Cancelled, 2500});
  const LadderModel again(tr);
  const auto& spans = again.timers[0].spans;
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[1].t1, 1500);
  EXPECT_EQ(spans[1].end_op, static_cast<std::uint8_t>(tcp::TimerOp::Set));
  EXPECT_EQ(spans[2].t1, 1600);
  EXPECT_EQ(spans[2].end_op, static_cast<std::uint8_t>(tcp::TimerOp::Cancelled));
}

TEST_F(LadderModelTest, CallsAreMarksWhereMadeAndWhereTheyReturn) {
  std::size_t issued = 0, returned = 0, failed = 0;
  for (const Mark& m : model.marks) {
    issued += m.kind == MarkKind::CallIssued;
    returned += m.kind == MarkKind::CallReturned;
    failed += m.kind == MarkKind::CallFailed;
  }
  EXPECT_EQ(issued, 1u);
  EXPECT_EQ(returned, 3u);  // connect, accept, recv
  EXPECT_EQ(failed, 1u);    // bind: EADDRINUSE
}

}  // namespace
}  // namespace synack::view

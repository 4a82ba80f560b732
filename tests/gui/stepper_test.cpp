// Stepping through the hand-built handshake.
#include "gui/model/stepper.hpp"

#include <gtest/gtest.h>

#include "trace_fixture.hpp"

namespace synack::gui {
namespace {

class StepperTest : public ::testing::Test {
 protected:
  trace::testing::Lan lan = trace::testing::handshake();
  Stepper s{lan.trace};
};

TEST_F(StepperTest, StaysWithinTheRun) {
  s.back();
  EXPECT_EQ(s.step(), 0u);
  s.to_end();
  EXPECT_EQ(s.step(), lan.trace.events.size());
  s.forward();
  EXPECT_EQ(s.step(), lan.trace.events.size());
}

TEST_F(StepperTest, NextSegmentLandsJustAfterAHostSentOne) {
  s.next_segment();
  ASSERT_GT(s.step(), 0u);
  const auto& f = std::get<trace::FrameEvent>(lan.trace.events[s.step() - 1].what);
  EXPECT_EQ(f.fate, trace::Fate::Sent);
  EXPECT_EQ(f.from, lan.client);  // the ARP request
  const std::size_t first = s.step();
  s.next_segment();
  const auto& g = std::get<trace::FrameEvent>(lan.trace.events[s.step() - 1].what);
  EXPECT_EQ(g.from, lan.server);  // the ARP reply; the switch's forwarding is skipped
  s.previous_segment();
  EXPECT_EQ(s.step(), first);
  s.previous_segment();
  EXPECT_EQ(s.step(), first);  // nothing before the first
}

TEST_F(StepperTest, StatesFoldUpToTheStep) {
  EXPECT_EQ(s.states_at(0)[0], tcp::State::Closed);
  std::size_t after_synack = 0;
  while (lan.trace.events[after_synack].t < 80) ++after_synack;
  EXPECT_EQ(s.states_at(after_synack)[0], tcp::State::SynSent);
  EXPECT_EQ(s.states_at(lan.trace.events.size())[0], tcp::State::Established);
  EXPECT_EQ(s.states_at(lan.trace.events.size())[1], tcp::State::Listen);
}

TEST_F(StepperTest, CheckpointsGiveTheSameStatesAsFoldingFromTheStart) {
  trace::Trace& tr = lan.trace;
  // Enough records for several checkpoints, with state changes between them.
  for (int i = 0; i < 3 * static_cast<int>(Stepper::kCheckpointEvery); ++i) {
    tr.add(2000 + i, trace::StateEvent{lan.client, 0, tcp::State::Established,
                                       i % 2 ? tcp::State::Established : tcp::State::CloseWait,
                                       trace::kNone, tcp::kNoRow});
  }
  const Stepper big(tr);
  for (std::size_t step : {Stepper::kCheckpointEvery, Stepper::kCheckpointEvery + 1,
                           2 * Stepper::kCheckpointEvery + 7}) {
    const auto& e = std::get<trace::StateEvent>(tr.events[step - 1].what);
    EXPECT_EQ(big.states_at(step)[0], e.to) << step;
  }
}

TEST_F(StepperTest, PlaybackAdvancesBySpeedAndStopsAtTheEnd) {
  s.playing = true;
  s.speed = 10;
  s.tick(0.25);
  EXPECT_EQ(s.step(), 2u);
  s.tick(0.05);  // half a record carried over
  EXPECT_EQ(s.step(), 3u);
  s.tick(1000);
  EXPECT_EQ(s.step(), s.last());
  EXPECT_FALSE(s.playing);
}

TEST_F(StepperTest, ScrubMarksForStateChangesAndDrops) {
  EXPECT_EQ(s.state_changes().size(), 5u);
  ASSERT_EQ(s.drops().size(), 1u);
  EXPECT_EQ(std::get<trace::FrameEvent>(lan.trace.events[s.drops()[0]].what).fate,
            trace::Fate::Dropped);
}

}  // namespace
}  // namespace synack::gui

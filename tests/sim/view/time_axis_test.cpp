// Idle stretches squeezed into short breaks, and back.
#include "sim/view/time_axis.hpp"

#include <gtest/gtest.h>

namespace synack::view {
namespace {

constexpr TimeUs kMs = tcp::kMillis;

TEST(TimeAxis, WithoutGapsVirtualIsRealFromTheStart) {
  TimeAxis axis({100, 200, 300}, {100, 200, 300}, 50 * kMs);
  EXPECT_TRUE(axis.breaks().empty());
  EXPECT_DOUBLE_EQ(axis.to_virtual(100), 0);
  EXPECT_DOUBLE_EQ(axis.to_virtual(250), 150);
  EXPECT_EQ(axis.to_real(150), 250);
}

TEST(TimeAxis, LongIdleGapBecomesABreak) {
  // 2 s of TIME-WAIT between 10 ms and 2010 ms.
  TimeAxis axis({0, 10 * kMs, 2010 * kMs}, {0, 10 * kMs, 10 * kMs}, 50 * kMs);
  ASSERT_EQ(axis.breaks().size(), 1u);
  EXPECT_EQ(axis.breaks()[0].t0, 10 * kMs);
  EXPECT_EQ(axis.breaks()[0].t1, 2010 * kMs);
  EXPECT_DOUBLE_EQ(axis.virtual_end(), 10 * kMs + TimeAxis::kBreakLength);
  // Inside the break time is squeezed linearly; after it, it runs at full speed.
  EXPECT_DOUBLE_EQ(axis.to_virtual(1010 * kMs), 10 * kMs + TimeAxis::kBreakLength / 2.0);
  EXPECT_DOUBLE_EQ(axis.to_virtual(2011 * kMs), 11 * kMs + TimeAxis::kBreakLength);
  EXPECT_EQ(axis.to_real(axis.to_virtual(1500 * kMs)), 1500 * kMs);
  EXPECT_EQ(axis.to_real(axis.to_virtual(2011 * kMs)), 2011 * kMs);
}

TEST(TimeAxis, AFrameInFlightIsNotIdle) {
  // A frame sent at 0 arrives at 100 ms: the gap is busy, no break.
  TimeAxis axis({0, 100 * kMs}, {100 * kMs, 100 * kMs}, 50 * kMs);
  EXPECT_TRUE(axis.breaks().empty());
}

TEST(TimeAxis, TurnedOffIsLinear) {
  TimeAxis axis({0, 10 * kMs, 2010 * kMs}, {0, 10 * kMs, 10 * kMs}, 50 * kMs);
  axis.set_compressed(false);
  EXPECT_TRUE(axis.breaks().empty());
  EXPECT_DOUBLE_EQ(axis.virtual_end(), 2010 * kMs);
}

}  // namespace
}  // namespace synack::view

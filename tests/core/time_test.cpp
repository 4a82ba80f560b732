// Time arithmetic saturates rather than overflowing, and the endpoint's
// deadlines built from enormous durations stay "never" instead of wrapping
// into the past.
#include "core/time.hpp"

#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

TEST(Time, LaterAddsAndSaturates) {
  EXPECT_EQ(later(5, 7), 12);
  EXPECT_EQ(later(-5, 3), -2);
  EXPECT_EQ(later(kForever - 5, 10), kForever);
  EXPECT_EQ(later(kForever, kForever), kForever);
  EXPECT_EQ(later(kTimeMin + 5, -10), kTimeMin);
  static_assert(later(kForever, 1) == kForever);
}

TEST(Time, ScaledMultipliesAndSaturates) {
  EXPECT_EQ(scaled(3, 4), 12);
  EXPECT_EQ(scaled(kForever / 2 + 1, 2), kForever);
  EXPECT_EQ(scaled(kForever, -2), kTimeMin);
  EXPECT_EQ(scaled(-(kForever / 2) - 5, 2), kTimeMin);
  EXPECT_EQ(scaled(kTimeMin, -1), kForever);
}

// An MSL near the largest time: 2MSL does not wrap, so TIME-WAIT is not over
// in the microsecond it began; it lasts "forever".
TEST(Time, EnormousMslKeepsTimeWaitForever) {
  Settings s;
  s.msl = kForever / 2 + 10;
  Endpoint ep = time_wait(s);
  ASSERT_TRUE(ep.poll_at());
  EXPECT_EQ(*ep.poll_at(), kForever);
  ep.on_timer(kStep4 + 1);
  EXPECT_EQ(ep.state(), State::TimeWait);
}

// Backing off an enormous RTO saturates at the maximum instead of going negative.
TEST(Time, EnormousRtoBackoffStaysInTheFuture) {
  Settings s;
  s.initial_rto = kForever / 2 + 10;
  s.max_rto = kForever;
  Endpoint ep = syn_sent(s);
  ASSERT_TRUE(ep.poll_at());
  EXPECT_GT(*ep.poll_at(), 0);
  EXPECT_EQ(*ep.poll_at(), later(0, s.initial_rto));
}

}  // namespace
}  // namespace synack::tcp::test

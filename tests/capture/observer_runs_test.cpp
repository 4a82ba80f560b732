// The observer against the simulator: watching the frames of a simulated run,
// it infers for every endpoint the state sequence the endpoint recorded.
#include <gtest/gtest.h>

#include "sequences.hpp"

namespace synack::capture {
namespace {

class ObserverOnARun : public ::testing::TestWithParam<const char*> {};

TEST_P(ObserverOnARun, InfersEachEndpointsRecordedStates) {
  const trace::Trace trace = testing::run_scenario(GetParam());
  const testing::Sequences recorded = testing::recorded_sequences(trace);
  ASSERT_FALSE(recorded.empty());
  const std::vector<ObservedChange> changes = observe(trace);
  EXPECT_EQ(testing::observed_sequences(changes), recorded);
  for (const ObservedChange& c : changes) {
    EXPECT_EQ(c.basis, trace::StateBasis::Inferred) << c.cause;
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ObserverOnARun,
                         ::testing::Values("handshake", "close", "half_close", "rst_on_close",
                                           "rst_refused", "retransmission", "simultaneous_close",
                                           "simultaneous_open", "time_wait_reuse",
                                           "congestion_control", "flow_control", "sticky_packets",
                                           "arp_via_gateway"));
// Not here: keepalive and syn_flood end connections by timers alone (a keep-
// alive or SYN,ACK give-up sends nothing), and syn_flood's SYNs come from
// spoofed addresses with no endpoint behind them; no segment shows either.

}  // namespace
}  // namespace synack::capture

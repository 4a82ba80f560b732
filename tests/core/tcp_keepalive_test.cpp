// Keep-alives (RFC 1122 §4.2.3.6): probes on an idle connection, a dead peer
// detected after the probes run out, an answer that restarts the idle time.
#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

Settings keepalive() {
  Settings s;
  s.keepalive = true;
  s.keepalive_idle = 10 * kSeconds;
  s.keepalive_interval = 2 * kSeconds;
  s.keepalive_probes = 3;
  return s;
}

TEST(Keepalive, OffByDefault_NoTimerOnAnIdleConnection) {
  Endpoint ep = established();
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// After the idle time a probe <SEQ=SND.NXT-1><ACK=RCV.NXT> with no data, then
// one every interval; when the last goes unanswered the connection times out.
TEST(Keepalive, UnansweredProbes_ConnectionTimesOut) {
  Endpoint ep = established(keepalive());
  const TimeUs idle_end = kStep1 + 10 * kSeconds;
  EXPECT_EQ(ep.poll_at(), idle_end);
  ep.on_timer(idle_end);
  EXPECT_EQ(sent(ep), Sent{". seq=1000 ack=5001 len=0"});
  ep.on_timer(idle_end + 2 * kSeconds);
  ep.on_timer(idle_end + 4 * kSeconds);
  EXPECT_EQ(sent(ep), (Sent{". seq=1000 ack=5001 len=0", ". seq=1000 ack=5001 len=0"}));
  EXPECT_EQ(ep.state(), State::Established);
  ep.on_timer(idle_end + 6 * kSeconds);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::TimedOut);
  EXPECT_EQ(last_change(ep).cause, "keepalive timeout");
  EXPECT_EQ(sent(ep), Sent{});
}

// The peer's answer (an ACK) shows it is alive: the idle time starts again.
TEST(Keepalive, AnsweredProbe_IdleTimeStartsAgain) {
  Endpoint ep = established(keepalive());
  const TimeUs idle_end = kStep1 + 10 * kSeconds;
  ep.on_timer(idle_end);
  sent(ep);
  ep.on_segment(idle_end + kMillis, seg(".", 5001, 1001));
  EXPECT_EQ(ep.poll_at(), idle_end + kMillis + 10 * kSeconds);
  EXPECT_EQ(ep.state(), State::Established);
}

// A rebooted peer answers the probe with a RST: the connection is reset.
TEST(Keepalive, RebootedPeerAnswersWithRst_ConnectionReset) {
  Endpoint ep = established(keepalive());
  ep.on_timer(kStep1 + 10 * kSeconds);
  sent(ep);
  // Its reply to the probe, as §3.10.7.1 makes it: <SEQ=SEG.ACK><CTL=RST>.
  ep.on_segment(kStep1 + 10 * kSeconds + kMillis, seg("R", 5001));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionReset);
}

// With data unacknowledged the retransmission timer watches the peer; no probe.
TEST(Keepalive, DataInFlight_NoProbe) {
  Settings s = keepalive();
  s.data_retries = 50;
  s.max_rto = 60 * kSeconds;
  Endpoint ep = established(s);
  send_text(ep, kStep2, "x");
  sent(ep);
  ep.on_timer(kStep1 + 10 * kSeconds);
  for (const std::string& line : sent(ep)) EXPECT_NE(line, ". seq=1000 ack=5001 len=0");
}

// Switching it on later (SO_KEEPALIVE on an open socket) arms the timer at once.
TEST(Keepalive, TurnedOnLater_TimerArmed) {
  Endpoint ep = established();
  ep.settings().keepalive = true;
  ep.settings().keepalive_idle = 5 * kSeconds;
  ep.apply_settings(kStep2);
  EXPECT_EQ(ep.poll_at(), kStep2 + 5 * kSeconds);
  ep.settings().keepalive = false;
  ep.apply_settings(kStep3);
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

}  // namespace
}  // namespace synack::tcp::test

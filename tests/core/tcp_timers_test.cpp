// Timers (RFC 9293 §3.10.8): retransmission with an RFC 6298 RTO and backoff,
// giving up, TIME-WAIT's 2MSL, delayed ACK, and poll_at().
#include <gtest/gtest.h>

#include <vector>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// RFC 6298 §2.1: the first RTO is the configured initial RTO.
TEST(Timers, SynRetransmission_InitialRtoFromSettings) {
  Settings s;
  s.initial_rto = 3 * kSeconds;
  Endpoint ep = syn_sent(s);
  EXPECT_EQ(ep.poll_at(), 3 * kSeconds);
  ep.on_timer(3 * kSeconds - 1);
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_timer(3 * kSeconds);
  EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"});
  EXPECT_EQ(ep.status().retransmissions, 1);
  EXPECT_EQ(ep.state(), State::SynSent);
}

// RFC 6298 §5.5: the RTO doubles on each expiry: SYNs at 0, 1, 3, 7, 15, 31 s.
TEST(Timers, SynRetransmission_ExponentialBackoff) {
  Endpoint ep = syn_sent();
  const std::vector<TimeUs> expected = {1 * kSeconds, 3 * kSeconds, 7 * kSeconds, 15 * kSeconds,
                                        31 * kSeconds};
  for (TimeUs at : expected) {
    ASSERT_EQ(ep.poll_at(), at);
    ep.on_timer(at - 1);
    EXPECT_EQ(sent(ep), Sent{}) << "before " << at;
    ep.on_timer(at);
    const auto out = ep.take_segments();
    ASSERT_EQ(out.size(), 1u) << "at " << at;
    EXPECT_EQ(brief(out[0]), "S seq=1000 len=0");
    EXPECT_EQ(out[0].mss, 1460);
  }
  EXPECT_EQ(ep.status().rto, 32 * kSeconds);
  EXPECT_EQ(ep.poll_at(), 63 * kSeconds);
}

// RFC 6298 §2.5: the backed-off RTO stops at the maximum.
TEST(Timers, Backoff_CappedAtMaxRto) {
  Settings s;
  s.max_rto = 4 * kSeconds;
  Endpoint ep = syn_sent(s);
  for (TimeUs at : {1 * kSeconds, 3 * kSeconds, 7 * kSeconds}) {
    ep.on_timer(at);
    EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"});
  }
  EXPECT_EQ(ep.poll_at(), 11 * kSeconds);  // 7 s + 4 s, not 7 s + 8 s
}

// rto_slop (FreeBSD's rexmit_slop) is added to each backed-off RTO, not to the
// first, and max_rto bounds the sum: SYNs at 0, 1, 3.2 s, then 4 s apart.
TEST(Timers, RtoSlop_AddedAfterEachBackoffWithinMaxRto) {
  Settings s;
  s.rto_slop = 200 * kMillis;
  s.max_rto = 4 * kSeconds;
  Endpoint ep = syn_sent(s);
  for (TimeUs at : {1000 * kMillis, 3200 * kMillis, 7200 * kMillis, 11200 * kMillis}) {
    ASSERT_EQ(ep.poll_at(), at);
    ep.on_timer(at);
    EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"}) << "at " << at;
  }
}

// connect_timeout (FreeBSD's keepinit): an opening not done by then fails with
// ETIMEDOUT, whatever SYN retries are left.
TEST(Timers, ConnectTimeout_EndsTheOpeningBeforeTheRetries) {
  Settings s;
  s.connect_timeout = 5 * kSeconds;
  Endpoint ep = syn_sent(s);
  for (TimeUs at : {1 * kSeconds, 3 * kSeconds}) {
    ep.on_timer(at);
    EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"});
  }
  ep.on_timer(5 * kSeconds - 1);
  EXPECT_EQ(ep.state(), State::SynSent);
  ep.on_timer(5 * kSeconds);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::TimedOut);
  EXPECT_EQ(last_change(ep).cause, "connection-establishment timeout");
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// Once established the connection-establishment timer is gone.
TEST(Timers, ConnectTimeout_StopsAtEstablished) {
  Settings s;
  s.connect_timeout = 5 * kSeconds;
  Endpoint ep = established(s);
  ep.on_timer(6 * kSeconds);
  EXPECT_EQ(ep.state(), State::Established);
}

// §3.10.8: SYN retransmissions exhausted → CLOSED, ETIMEDOUT (row SYN-SENT, Reset).
TEST(Timers, SynRetriesExhausted_ConnectionTimedOut) {
  Settings s;
  s.syn_retries = 3;
  Endpoint ep = syn_sent(s);
  for (TimeUs at : {1 * kSeconds, 3 * kSeconds, 7 * kSeconds}) {
    ep.on_timer(at);
    EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"});
  }
  EXPECT_EQ(ep.state(), State::SynSent);
  ep.on_timer(15 * kSeconds);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::TimedOut);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_TRUE(contains(notices(ep), Notice::Error));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).time, 15 * kSeconds);
  EXPECT_EQ(last_change(ep).cause, "retransmission timeout");
}

TEST(Timers, SynAckRetransmission_SynReceived) {
  Endpoint ep = syn_received_passive();
  EXPECT_EQ(ep.poll_at(), kStep1 + kSeconds);
  ep.on_timer(kStep1 + kSeconds);
  EXPECT_EQ(sent(ep), Sent{"S. seq=1000 ack=5001 len=0"});
  EXPECT_EQ(ep.poll_at(), kStep1 + 3 * kSeconds);
}

// A passive SYN-RECEIVED that gives up is closed (§3.10.8, RFC 1122 §4.2.3.5):
// only a RST sends it back to LISTEN (§3.10.7.4).
TEST(Timers, SynAckRetriesExhaustedPassive_Closed) {
  Settings s;
  s.syn_retries = 1;
  Endpoint ep = syn_received_passive(s);
  ep.on_timer(kStep1 + kSeconds);
  EXPECT_EQ(sent(ep), Sent{"S. seq=1000 ack=5001 len=0"});
  ep.on_timer(kStep1 + 3 * kSeconds);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::TimedOut);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// RFC 6298 §2.2: the first sample R gives SRTT = R, RTTVAR = R/2,
// RTO = SRTT + max(G, 4*RTTVAR).
TEST(Timers, FirstRttSample_SetsRto) {
  Settings s;
  s.min_rto = 1 * kMillis;
  Endpoint ep = syn_sent(s);
  // The SYN is retransmitted, so the handshake gives no sample (Karn, RFC 6298 §3).
  ep.on_timer(kSeconds);
  ep.on_segment(kSeconds + kStep1, seg("S.", kIrs, kIss + 1));
  ASSERT_EQ(ep.state(), State::Established);
  const TimeUs t = 2 * kSeconds;
  send_text(ep, t, "ping");
  ep.take_segments();
  ep.on_segment(t + 40 * kMillis, seg(".", 5001, 1005));  // R = 40 ms
  EXPECT_EQ(ep.status().rto, 40 * kMillis + 4 * 20 * kMillis);
}

// RFC 6298 §2.4: the RTO is at least the configured minimum.
TEST(Timers, RttSample_RtoAtLeastMinimum) {
  Settings s;
  s.min_rto = 500 * kMillis;
  Endpoint ep = established(s);
  send_text(ep, kNow, "ping");
  ep.take_segments();
  ep.on_segment(kNow + 10 * kMillis, seg(".", 5001, 1005));  // R = 10 ms
  EXPECT_EQ(ep.status().rto, 500 * kMillis);
}

// RFC 6298 §5.7: after a SYN timed out with an RTO under 3 s, "the RTO MUST be
// re-initialized to 3 seconds when data transmission begins" (no RTT sample
// exists: the retransmitted SYN gives none).
TEST(Timers, SynTimedOut_DataRtoReinitializedToThreeSeconds) {
  Endpoint ep = syn_sent();
  ep.on_timer(kSeconds);
  EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"});
  ep.on_segment(kSeconds + kStep1, seg("S.", kIrs, kIss + 1));
  ASSERT_EQ(ep.state(), State::Established);
  ep.take_segments();
  const TimeUs t = 2 * kSeconds;
  send_text(ep, t, "data");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=4"});
  EXPECT_EQ(ep.poll_at(), t + 3 * kSeconds);
  ep.on_timer(t + 3 * kSeconds - 1);
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_timer(t + 3 * kSeconds);
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=4"});
}

TEST(Timers, DataRetransmission_SameSegmentWithBackoff) {
  Endpoint ep = established();
  send_text(ep, kNow, "hello");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=5"});
  EXPECT_EQ(ep.poll_at(), kNow + kSeconds);
  ep.on_timer(kNow + kSeconds);
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=5"});
  EXPECT_EQ(ep.poll_at(), kNow + 3 * kSeconds);
  ep.on_timer(kNow + 3 * kSeconds);
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=5"});
  // The ACK stops the timer.
  ep.on_segment(kNow + 4 * kSeconds, seg(".", 5001, 1006));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(ep.status().retransmissions, 0);
}

// §3.10.8 / RFC 1122 R2: data retransmissions exhausted → ETIMEDOUT (row
// ESTABLISHED, Reset).
TEST(Timers, DataRetriesExhausted_ConnectionTimedOut) {
  Settings s;
  s.data_retries = 2;
  Endpoint ep = established(s);
  send_text(ep, kNow, "hello");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=5"});
  ep.on_timer(kNow + 1 * kSeconds);
  ep.on_timer(kNow + 3 * kSeconds);
  EXPECT_EQ(sent(ep), (Sent{"P. seq=1001 ack=5001 len=5", "P. seq=1001 ack=5001 len=5"}));
  EXPECT_EQ(ep.state(), State::Established);
  ep.on_timer(kNow + 7 * kSeconds);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::TimedOut);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_TRUE(contains(notices(ep), Notice::Error));
  EXPECT_EQ(last_change(ep).from, State::Established);
  EXPECT_EQ(last_change(ep).cause, "retransmission timeout");
}

TEST(Timers, FinRetransmission_FinWait1) {
  Endpoint ep = fin_wait_1();
  EXPECT_EQ(ep.poll_at(), kStep2 + kSeconds);
  ep.on_timer(kStep2 + kSeconds);
  EXPECT_EQ(sent(ep), Sent{"F. seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::FinWait1);
}

// §3.10.8: TIME-WAIT lasts exactly 2×MSL, then CLOSED.
TEST(Timers, TimeWait_LastsExactlyTwoMsl) {
  Settings s;
  s.msl = 5 * kSeconds;
  Endpoint ep = time_wait(s);
  const TimeUs end = kStep4 + 10 * kSeconds;
  EXPECT_EQ(ep.poll_at(), end);
  ep.on_timer(end - 1);
  EXPECT_EQ(ep.state(), State::TimeWait);
  ep.on_timer(end);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.error(), SocketError::None);
  EXPECT_TRUE(contains(notices(ep), Notice::Closed));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).time, end);
  EXPECT_EQ(last_change(ep).from, State::TimeWait);
  EXPECT_EQ(last_change(ep).cause, "timeout=2MSL");
}

// §3.10.7.4 eighth, TIME-WAIT: a retransmitted FIN is ACKed and restarts 2MSL, so
// CLOSED comes 2MSL after the retransmission, not before.
TEST(Timers, TimeWait_RetransmittedFinRestartsTwoMsl) {
  Settings s;
  s.msl = 5 * kSeconds;
  Endpoint ep = time_wait(s);
  const TimeUs again = kStep4 + 4 * kSeconds;
  ep.on_segment(again, seg("F.", 5001, 1002));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  EXPECT_EQ(ep.poll_at(), again + 10 * kSeconds);
  ep.on_timer(kStep4 + 10 * kSeconds);  // the first deadline no longer counts
  EXPECT_EQ(ep.state(), State::TimeWait);
  ep.on_timer(again + 10 * kSeconds - 1);
  EXPECT_EQ(ep.state(), State::TimeWait);
  ep.on_timer(again + 10 * kSeconds);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
}

// The FIN-WAIT-1 → TIME-WAIT shortcut starts the same 2MSL timer.
TEST(Timers, TimeWaitFromFinWait1_TwoMsl) {
  Settings s;
  s.msl = 5 * kSeconds;
  Endpoint ep = fin_wait_1(s);
  ep.on_segment(kStep3, seg("F.", 5001, 1002));
  ASSERT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(ep.poll_at(), kStep3 + 10 * kSeconds);
  ep.on_timer(kStep3 + 10 * kSeconds);
  EXPECT_EQ(ep.state(), State::Closed);
}

// poll_at() is the earliest pending deadline, and none when nothing waits.
TEST(Timers, PollAt_ReportsNextDeadline) {
  EXPECT_EQ(closed().poll_at(), std::nullopt);
  EXPECT_EQ(listen().poll_at(), std::nullopt);
  EXPECT_EQ(syn_sent().poll_at(), kOpenAt + kSeconds);
  EXPECT_EQ(close_wait().poll_at(), std::nullopt);
  EXPECT_EQ(fin_wait_2().poll_at(), std::nullopt);
  EXPECT_EQ(last_ack().poll_at(), kStep3 + kSeconds);
  EXPECT_EQ(closing().poll_at(), kStep2 + kSeconds);  // our FIN still unacked
  EXPECT_EQ(time_wait().poll_at(), kStep4 + 2 * Settings{}.msl);

  Endpoint ep = established();
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  send_text(ep, kNow, "x");
  EXPECT_EQ(ep.poll_at(), kNow + kSeconds);
  ep.on_segment(kNow + kStep1, seg(".", 5001, 1002));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// A timer call before any deadline changes nothing.
TEST(Timers, OnTimerBeforeDeadline_NoEffect) {
  Endpoint ep = fin_wait_1();
  ep.on_timer(kNow);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::FinWait1);
  EXPECT_EQ(ep.poll_at(), kStep2 + kSeconds);
}

// RFC 9293 §3.8.6.3 / RFC 1122 §4.2.3.2: a delayed ACK waits at most the delay;
// RFC 5681 §4.2: every second full-sized segment is ACKed at once.
TEST(Timers, DelayedAck_AckAfterDelayOrSecondFullSegment) {
  Settings s;
  s.delayed_ack = true;
  Endpoint ep = established(s);
  ep.on_segment(kNow, seg("P.", 5001, 1001, "one"));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), kNow + s.delayed_ack_timeout);
  ep.on_timer(kNow + s.delayed_ack_timeout);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5004 len=0"});
  EXPECT_EQ(ep.poll_at(), std::nullopt);

  // Two small segments are not two full-sized ones: the timer still decides.
  const TimeUs later = kNow + kSeconds;
  ep.on_segment(later, seg("P.", 5004, 1001, "two"));
  ep.on_segment(later, seg("P.", 5007, 1001, "three"));
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_timer(later + s.delayed_ack_timeout);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5012 len=0"});

  // The second full-sized (kPeerMss) segment is ACKed at once.
  const TimeUs then = later + kSeconds;
  ep.on_segment(then, seg(".", 5012, 1001, std::string(kPeerMss, 'a')));
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_segment(then, seg(".", 5012 + kPeerMss, 1001, std::string(kPeerMss, 'b')));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=7012 len=0"});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// RFC 5681 §4.2: a segment that fills a hole is ACKed at once, delayed ACK or not.
TEST(Timers, DelayedAck_SegmentFillingAHoleAckedAtOnce) {
  Settings s;
  s.delayed_ack = true;
  Endpoint ep = established(s);
  ep.on_segment(kNow, seg("P.", 5004, 1001, "def"));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});  // out of order: at once
  ep.on_segment(kNow + 1, seg("P.", 5001, 1001, "abc"));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5007 len=0"});
  EXPECT_EQ(receive_all(ep, kNow + 2), "abcdef");
}

}  // namespace
}  // namespace synack::tcp::test

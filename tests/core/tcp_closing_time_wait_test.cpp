// CLOSING (simultaneous close) and TIME-WAIT. The 2MSL timing itself is in
// tcp_timers_test.cpp.
#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// ---------------------------------------------------------------- CLOSING

// §3.10.7.4 fifth, CLOSING: our FIN acknowledged → TIME-WAIT, start 2MSL.
TEST(Closing, AckOfFin_TimeWait) {
  Endpoint ep = closing();
  ep.on_segment(kNow, seg(".", 5002, 1002));
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), kNow + 2 * Settings{}.msl);
  EXPECT_EQ(last_change(ep).cause, "rcv ACK of FIN");
}

// Simultaneous close: FIN-WAIT-1 → CLOSING → TIME-WAIT, each change recorded.
TEST(Closing, SimultaneousClose_FinWait1ClosingTimeWait) {
  Endpoint ep = established();
  EXPECT_EQ(ep.close(kStep2), CallResult::Ok);
  EXPECT_EQ(sent(ep), Sent{"F. seq=1001 ack=5001 len=0"});
  ep.on_segment(kStep3, seg("F.", 5001, 1001));  // the FINs cross
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  ep.on_segment(kStep4, seg(".", 5002, 1002));  // the peer's ACK of our FIN
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::TimeWait);
  const auto& h = ep.history();
  ASSERT_EQ(h.size(), 5u);
  EXPECT_EQ(h[2].from, State::Established);
  EXPECT_EQ(h[2].to, State::FinWait1);
  EXPECT_EQ(h[3].from, State::FinWait1);
  EXPECT_EQ(h[3].to, State::Closing);
  EXPECT_EQ(h[3].time, kStep3);
  EXPECT_EQ(h[4].from, State::Closing);
  EXPECT_EQ(h[4].to, State::TimeWait);
  EXPECT_EQ(h[4].time, kStep4);
}

TEST(Closing, AckNotCoveringFin_Stays) {
  Endpoint ep = closing();
  ep.on_segment(kNow, seg(".", 5002, 1001));
  EXPECT_EQ(ep.state(), State::Closing);
  EXPECT_EQ(sent(ep), Sent{});
}

// §3.10.7.4 second, CLOSING: RST → CLOSED.
TEST(Closing, Rst_Closed) {
  Endpoint ep = closing();
  ep.on_segment(kNow, seg("R", 5002));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// §3.10.5 CLOSING: "ok", delete the TCB; nothing is sent.
TEST(Closing, Abort_NothingSent) {
  Endpoint ep = closing();
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

TEST(Closing, Close_ConnectionClosing_Ignored) {
  Endpoint ep = closing();
  EXPECT_EQ(ep.close(kNow), CallResult::ConnectionClosing);
  EXPECT_EQ(ep.state(), State::Closing);
  EXPECT_EQ(sent(ep), Sent{});
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].state, State::Closing);
}

// ---------------------------------------------------------------- TIME-WAIT

// §3.10.7.4 eighth, TIME-WAIT: a retransmitted FIN is acknowledged; the state
// stays (no new change is recorded) and 2MSL restarts.
TEST(TimeWait, RetransmittedFin_AckedStays) {
  Endpoint ep = time_wait();
  const std::size_t before = ep.history().size();
  ep.on_segment(kNow, seg("F.", 5001, 1002));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(ep.history().size(), before);
  EXPECT_EQ(ep.poll_at(), kNow + 2 * Settings{}.msl);
}

// §3.10.7.4 second, TIME-WAIT: RST at RCV.NXT → CLOSED (with RFC 1337's
// protection turned off).
TEST(TimeWait, Rst_Closed) {
  Settings s;
  s.time_wait_ignores_rst = false;
  Endpoint ep = time_wait(s);
  ep.on_segment(kNow, seg("R", 5002));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).cause, "rcv RST");
}

// RFC 1337 F1 (the default): a RST cannot cut TIME-WAIT short.
TEST(TimeWait, RstByDefault_IgnoredRfc1337) {
  Endpoint ep = time_wait();
  ep.on_segment(kNow, seg("R", 5002));
  ep.on_segment(kNow, seg("R", 5010));
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), kStep4 + 2 * Settings{}.msl);
}

TEST(TimeWait, RstInWindowNotExact_ChallengeAck) {
  Settings s;
  s.time_wait_ignores_rst = false;
  Endpoint ep = time_wait(s);
  ep.on_segment(kNow, seg("R", 5010));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  EXPECT_EQ(ep.state(), State::TimeWait);
}

// RFC 5961 §4.2: a SYN in TIME-WAIT draws a challenge ACK.
TEST(TimeWait, Syn_ChallengeAck) {
  Endpoint ep = time_wait();
  ep.on_segment(kNow, seg("S", 9000));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  EXPECT_EQ(ep.state(), State::TimeWait);
}

// §3.10.7.4 fifth, TIME-WAIT: only a retransmitted FIN should arrive; an
// acceptable FIN,ACK past RCV.NXT is acknowledged all the same.
TEST(TimeWait, FinAboveRcvNxt_Acked) {
  Endpoint ep = time_wait();
  ep.on_segment(kNow, seg("F.", 5003, 1002));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  EXPECT_EQ(ep.state(), State::TimeWait);
}

// §3.10.7.4 fourth (RFC 793 rules): a SYN before RCV.NXT is not "in the window"
// even when the segment's FIN is; it gets an ACK, not a reset.
TEST(TimeWait, OldSynWithFinRfc793_AckedNotReset) {
  Endpoint ep = time_wait(rfc793());
  ep.on_segment(kNow, seg("SF", 5001));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  EXPECT_EQ(ep.state(), State::TimeWait);
}

// §3.10.5 TIME-WAIT: "ok", delete the TCB; nothing is sent.
TEST(TimeWait, Abort_NothingSent) {
  Endpoint ep = time_wait();
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// No row for CLOSE in TIME-WAIT: "connection closing", the state stays, nothing
// is sent, and the event is kept in ignored().
TEST(TimeWait, Close_ConnectionClosing_Ignored) {
  Endpoint ep = time_wait();
  const std::size_t changes = ep.history().size();
  EXPECT_EQ(ep.close(kNow), CallResult::ConnectionClosing);
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.history().size(), changes);
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].time, kNow);
  EXPECT_EQ(ep.ignored()[0].state, State::TimeWait);
  EXPECT_EQ(ep.ignored()[0].event, "CLOSE");
  EXPECT_EQ(ep.poll_at(), kStep4 + 2 * Settings{}.msl);  // the 2MSL timer runs on
}

TEST(TimeWait, Send_ConnectionClosing) {
  Endpoint ep = time_wait();
  const auto data = bytes("x");
  EXPECT_EQ(ep.send(kNow, data.data(), data.size()), CallResult::ConnectionClosing);
  EXPECT_EQ(sent(ep), Sent{});
}

}  // namespace
}  // namespace synack::tcp::test

// CLOSE-WAIT and LAST-ACK: the peer closed first.
#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// ---------------------------------------------------------------- CLOSE-WAIT

// §3.10.4 CLOSE-WAIT: queue the FIN after pending data, LAST-ACK.
TEST(CloseWait, Close_LastAck_SendsFin) {
  Endpoint ep = close_wait();
  EXPECT_EQ(ep.close(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::LastAck);
  EXPECT_EQ(sent(ep), Sent{"F. seq=1001 ack=5002 len=0"});
  EXPECT_EQ(ep.poll_at(), kNow + kSeconds);
  EXPECT_EQ(last_change(ep).cause, "CLOSE");
}

// Half-close: after the peer's FIN we can still send; our FIN follows the data.
TEST(CloseWait, HalfClose_SendStillWorks) {
  Endpoint ep = close_wait();
  send_text(ep, kNow, "reply");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5002 len=5"});
  ep.on_segment(kNow + kStep1, seg(".", 5002, 1006));
  EXPECT_EQ(ep.status().snd_una, SeqNum(1006));
  EXPECT_EQ(ep.close(kNow + kStep2), CallResult::Ok);
  EXPECT_EQ(sent(ep), Sent{"F. seq=1006 ack=5002 len=0"});
  EXPECT_EQ(ep.state(), State::LastAck);
}

// A retransmission of the peer's FIN is old: ACK it, stay.
TEST(CloseWait, RetransmittedFin_Acked) {
  Endpoint ep = close_wait();
  ep.on_segment(kNow, seg("F.", 5001, 1001));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5002 len=0"});
  EXPECT_EQ(ep.state(), State::CloseWait);
}

// §3.10.7.4 seventh, CLOSE-WAIT: text after the FIN is ignored.
TEST(CloseWait, DataAfterFin_Ignored) {
  Endpoint ep = close_wait();
  ep.on_segment(kNow, seg("P.", 5002, 1001, "x"));
  EXPECT_EQ(ep.readable(), 0u);
  EXPECT_EQ(ep.status().rcv_nxt, SeqNum(5002));
  EXPECT_EQ(ep.state(), State::CloseWait);
}

TEST(CloseWait, Rst_ConnectionReset) {
  Endpoint ep = close_wait();
  ep.on_segment(kNow, seg("R", 5002));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionReset);
  EXPECT_EQ(sent(ep), Sent{});
}

TEST(CloseWait, Syn_ChallengeAck) {
  Endpoint ep = close_wait();
  ep.on_segment(kNow, seg("S", 5100));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5002 len=0"});
  EXPECT_EQ(ep.state(), State::CloseWait);
}

// §3.10.5 CLOSE-WAIT: <SEQ=SND.NXT><CTL=RST>.
TEST(CloseWait, Abort_SendsRst) {
  Endpoint ep = close_wait();
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{"R seq=1001 len=0"});
}

// ---------------------------------------------------------------- LAST-ACK

// §3.10.7.4 fifth, LAST-ACK: our FIN acknowledged → delete the TCB, CLOSED.
TEST(LastAck, AckOfFin_Closed) {
  Endpoint ep = last_ack();
  ep.on_segment(kNow, seg(".", 5002, 1002));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.error(), SocketError::None);
  EXPECT_TRUE(contains(notices(ep), Notice::Closed));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).cause, "rcv ACK of FIN");
}

TEST(LastAck, AckNotCoveringFin_Stays) {
  Endpoint ep = last_ack();
  ep.on_segment(kNow, seg(".", 5002, 1001));
  EXPECT_EQ(ep.state(), State::LastAck);
  EXPECT_EQ(sent(ep), Sent{});
}

// §3.10.7.4 second, LAST-ACK: RST → CLOSED, delete the TCB.
TEST(LastAck, Rst_Closed) {
  Endpoint ep = last_ack();
  ep.on_segment(kNow, seg("R", 5002));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).cause, "rcv RST");
}

// §3.10.5 LAST-ACK: respond "ok", delete the TCB; nothing is sent.
TEST(LastAck, Abort_NothingSent) {
  Endpoint ep = last_ack();
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

TEST(LastAck, Close_ConnectionClosing_Ignored) {
  Endpoint ep = last_ack();
  EXPECT_EQ(ep.close(kNow), CallResult::ConnectionClosing);
  EXPECT_EQ(ep.state(), State::LastAck);
  EXPECT_EQ(sent(ep), Sent{});
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].state, State::LastAck);
}

}  // namespace
}  // namespace synack::tcp::test

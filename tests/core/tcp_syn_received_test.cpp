// SYN-RECEIVED, reached passively (LISTEN + SYN) or actively (simultaneous open).
#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// §3.10.7.4 fifth: SND.UNA < SEG.ACK =< SND.NXT → ESTABLISHED, SND.WND from the segment.
TEST(SynReceived, AckOfSyn_Established) {
  Endpoint ep = syn_received_passive();
  ep.on_segment(kStep2, seg(".", 5001, kIss + 1, {}, 3000));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(sent(ep), Sent{});
  const Status st = ep.status();
  EXPECT_EQ(st.snd_una, SeqNum(kIss + 1));
  EXPECT_EQ(st.snd_wnd, 3000u);
  EXPECT_TRUE(contains(notices(ep), Notice::Connected));
  EXPECT_EQ(ep.poll_at(), std::nullopt);  // the SYN,ACK needs no retransmission
  EXPECT_EQ(last_change(ep).cause, "rcv ACK of SYN");
}

// The ACK that completes the handshake may carry data: it is accepted in ESTABLISHED.
TEST(SynReceived, AckWithData_EstablishedAndReadable) {
  Endpoint ep = syn_received_passive();
  ep.on_segment(kStep2, seg("P.", 5001, kIss + 1, "hi"));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5003 len=0"});
  EXPECT_EQ(receive_all(ep, kNow), "hi");
}

// §3.10.7.4 fifth: an unacceptable ACK → <SEQ=SEG.ACK><CTL=RST>, state unchanged.
TEST(SynReceived, AckTooLow_SendsRst) {
  Endpoint ep = syn_received_passive();
  ep.on_segment(kStep2, seg(".", 5001, kIss));
  EXPECT_EQ(sent(ep), Sent{"R seq=1000 len=0"});
  EXPECT_EQ(ep.state(), State::SynReceived);
  EXPECT_EQ(ep.status().snd_una, SeqNum(kIss));
}

TEST(SynReceived, AckTooHigh_SendsRst) {
  Endpoint ep = syn_received_passive();
  ep.on_segment(kStep2, seg(".", 5001, kIss + 2));
  EXPECT_EQ(sent(ep), Sent{"R seq=1002 len=0"});
  EXPECT_EQ(ep.state(), State::SynReceived);
}

// §3.10.7.4 fifth: "if the ACK bit is off, drop the segment and return".
TEST(SynReceived, SegmentWithoutAck_Dropped) {
  Endpoint ep = syn_received_passive();
  ep.on_segment(kStep2, seg("P", 5001, 0, "x"));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::SynReceived);
  EXPECT_EQ(ep.readable(), 0u);
}

// §3.10.7.4 second: a RST on a passive SYN-RECEIVED returns it to LISTEN, which
// then accepts a new SYN.
TEST(SynReceived, RstPassive_BackToListen) {
  Endpoint ep = syn_received_passive();
  ep.on_segment(kStep2, seg("R", 5001));
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.error(), SocketError::None);
  EXPECT_EQ(ep.poll_at(), std::nullopt);  // no SYN,ACK retransmission
  EXPECT_EQ(last_change(ep).cause, "rcv RST");

  ep.on_segment(kStep3, seg("S", 7000));
  EXPECT_EQ(ep.state(), State::SynReceived);
  EXPECT_EQ(sent(ep), Sent{"S. seq=1000 ack=7001 len=0"});
}

// §3.10.7.4 second: a RST on an active SYN-RECEIVED: "connection refused", CLOSED.
TEST(SynReceived, RstActive_ConnectionRefused) {
  Endpoint ep = syn_received_active();
  ep.on_segment(kStep2, seg("R", 5001));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionRefused);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_TRUE(contains(notices(ep), Notice::Error));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// RFC 5961 §3.2: in the window but not RCV.NXT → challenge ACK.
TEST(SynReceived, RstInWindowNotExact_ChallengeAck) {
  Endpoint ep = syn_received_passive();
  ep.on_segment(kStep2, seg("R", 5100));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::SynReceived);
}

// §3.10.7.4 fourth, SYN-RECEIVED: "If the connection was initiated with a passive
// OPEN, then return this connection to the LISTEN state and return" — before and
// apart from the RFC 5961 rule for the synchronized states.
TEST(SynReceived, SynPassive_BackToListen) {
  Endpoint ep = syn_received_passive();
  ep.on_segment(kStep2, seg("S", 5100));
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(sent(ep), Sent{});
}

TEST(SynReceived, SynPassiveRfc793_BackToListen) {
  Endpoint ep = syn_received_passive(rfc793());
  ep.on_segment(kStep2, seg("S", 5100));
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.error(), SocketError::None);
}

// An active SYN-RECEIVED handles a SYN as the synchronized states do (RFC 5961 §4.2).
TEST(SynReceived, SynActive_ChallengeAck) {
  Endpoint ep = syn_received_active();
  ep.on_segment(kStep2, seg("S", 5100));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::SynReceived);
}

// §3.10.4 SYN-RECEIVED: no data queued → FIN, FIN-WAIT-1.
TEST(SynReceived, Close_FinWait1_SendsFin) {
  Endpoint ep = syn_received_passive();
  EXPECT_EQ(ep.close(kStep2), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::FinWait1);
  EXPECT_EQ(sent(ep), Sent{"F. seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.status().snd_nxt, SeqNum(1002));
  // One ACK for SYN and FIN.
  ep.on_segment(kStep3, seg(".", 5001, 1002));
  EXPECT_EQ(ep.state(), State::FinWait2);
  EXPECT_EQ(sent(ep), Sent{});
}

// §3.10.5 SYN-RECEIVED: <SEQ=SND.NXT><CTL=RST>, CLOSED.
TEST(SynReceived, Abort_SendsRst) {
  Endpoint ep = syn_received_passive();
  EXPECT_EQ(ep.abort(kStep2), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{"R seq=1001 len=0"});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// The listening socket closed: a half-open entry is dropped without a RST.
TEST(SynReceived, ListenerClosed_DroppedWithoutRst) {
  Endpoint ep = syn_received_passive();
  ep.listener_closed(kNow);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).cause, "listener closed");
}

// The ACK of our SYN completes the open; a bad ACK, a RST or a SYN does not.
TEST(SynReceived, CompletesOpen_OnlyTheAckOfOurSyn) {
  Endpoint ep = syn_received_passive();
  EXPECT_TRUE(ep.completes_open(seg(".", 5001, 1001)));
  EXPECT_FALSE(ep.completes_open(seg(".", 5001, 1000)));
  EXPECT_FALSE(ep.completes_open(seg("R.", 5001, 1001)));
  EXPECT_FALSE(ep.completes_open(seg("S.", 5000, 1001)));
  EXPECT_FALSE(established().completes_open(seg(".", 5001, 1001)));
}

}  // namespace
}  // namespace synack::tcp::test

// ESTABLISHED: the transitions out of it, and RFC 9293 §3.10.7.4 segment
// processing — sequence acceptability (first), RST (second), SYN (fourth), ACK
// (fifth) — with RFC 5961 and RFC 793 policies.
#include <gtest/gtest.h>

#include <string>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// ---------------------------------------------------------------- transitions

// §3.10.4 ESTABLISHED: FIN after the queued data, FIN-WAIT-1.
TEST(Established, Close_FinWait1_SendsFin) {
  Endpoint ep = established();
  EXPECT_EQ(ep.close(kStep2), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::FinWait1);
  EXPECT_EQ(sent(ep), Sent{"F. seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.status().snd_nxt, SeqNum(1002));
  EXPECT_EQ(ep.poll_at(), kStep2 + kSeconds);  // the FIN is retransmitted if unacked
}

// §3.10.7.4 eighth: FIN → CLOSE-WAIT, ACK it, tell the user.
TEST(Established, Fin_CloseWait_AcksFin) {
  Endpoint ep = established();
  ep.on_segment(kStep2, seg("F.", 5001, 1001));
  EXPECT_EQ(ep.state(), State::CloseWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5002 len=0"});
  EXPECT_TRUE(ep.peer_closed());
  EXPECT_TRUE(contains(notices(ep), Notice::PeerClosed));
  EXPECT_EQ(last_change(ep).cause, "rcv FIN");
}

TEST(Established, FinWithData_DataReadableThenCloseWait) {
  Endpoint ep = established();
  ep.on_segment(kStep2, seg("FP.", 5001, 1001, "bye"));
  EXPECT_EQ(ep.state(), State::CloseWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5005 len=0"});
  EXPECT_EQ(receive_all(ep, kNow), "bye");
}

// §3.10.7.4 second: RST at exactly RCV.NXT → CLOSED, "connection reset".
TEST(Established, RstExact_ConnectionReset) {
  Endpoint ep = established();
  send_text(ep, kStep2, "unacked");
  ep.take_segments();
  ep.on_segment(kNow, seg("R", 5001));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionReset);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_TRUE(contains(notices(ep), Notice::Error));
  EXPECT_EQ(ep.poll_at(), std::nullopt);  // no retransmission of the unacked data
  EXPECT_EQ(last_change(ep).cause, "rcv RST");
}

// §3.10.5 ESTABLISHED: <SEQ=SND.NXT><CTL=RST>; SND.NXT counts data in flight.
TEST(Established, Abort_SendsRstAtSndNxt) {
  Endpoint ep = established();
  send_text(ep, kStep2, "abc");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=3"});
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{"R seq=1004 len=0"});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

TEST(Established, Data_ReadableAndAcked) {
  Endpoint ep = established();
  ep.on_segment(kStep2, seg("P.", 5001, 1001, "hello"));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5006 len=0"});
  EXPECT_TRUE(contains(notices(ep), Notice::Readable));
  EXPECT_EQ(receive_all(ep, kNow), "hello");
  EXPECT_EQ(ep.state(), State::Established);
}

// ---------------------------------------------------------------- RST (RFC 5961 default)

// RFC 5961 §3.2 / §3.10.7.4 second: in the window but not RCV.NXT → challenge ACK
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, connection unchanged.
TEST(Established, RstInWindowNotExact_ChallengeAck) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg("R", 5002));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  ep.on_segment(kNow, seg("R.", 5001 + 60000, 1001));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(ep.error(), SocketError::None);
}

// §3.10.7.4 first: an unacceptable RST is dropped without a reply.
TEST(Established, RstOutsideWindow_Ignored) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg("R", 5000));           // left of RCV.NXT
  ep.on_segment(kNow, seg("R", 5001 + 65535));   // RCV.NXT+RCV.WND
  ep.on_segment(kNow, seg("R", 5001 + 100000));  // far right
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::Established);
}

// ---------------------------------------------------------------- RST (RFC 793)

TEST(Established, Rfc793_RstInWindow_ConnectionReset) {
  Endpoint ep = established(rfc793());
  ep.on_segment(kNow, seg("R", 5100));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionReset);
  EXPECT_EQ(sent(ep), Sent{});
}

TEST(Established, Rfc793_RstOutsideWindow_Ignored) {
  Endpoint ep = established(rfc793());
  ep.on_segment(kNow, seg("R", 5000));
  ep.on_segment(kNow, seg("R", 5001 + 65535));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::Established);
}

// ---------------------------------------------------------------- SYN

// RFC 5961 §4.2 / §3.10.7.4 fourth: a SYN, whatever its sequence number, draws a
// challenge ACK and is dropped.
TEST(Established, SynInWindow_ChallengeAck) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg("S", 5100));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  ep.on_segment(kNow, seg("S", 5001));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(ep.error(), SocketError::None);
}

TEST(Established, SynOutsideWindow_Acked) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg("S", 4000));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::Established);
}

// RFC 793 (§3.10.7.4 fourth, last paragraphs): an in-window SYN is an error:
// send a reset, "connection reset", CLOSED.
TEST(Established, Rfc793_SynInWindow_RstAndConnectionReset) {
  Endpoint ep = established(rfc793());
  ep.on_segment(kNow, seg("S", 5100));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionReset);
  const auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].has(flag::RST)) << brief(out[0]);
  EXPECT_EQ(out[0].seq, SeqNum(1001));
  EXPECT_TRUE(out[0].payload.empty());
}

TEST(Established, Rfc793_SynOutsideWindow_Acked) {
  Endpoint ep = established(rfc793());
  ep.on_segment(kNow, seg("S", 4000));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::Established);
}

// ---------------------------------------------------------------- ACK

// §3.10.7.4 fifth: SEG.ACK < SND.UNA is a duplicate and is ignored; the rest of
// the segment is still processed.
TEST(Established, OldDuplicateAck_IgnoredDataAccepted) {
  Endpoint ep = established();
  send_text(ep, kStep2, "0123456789");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=10"});
  ep.on_segment(kStep3, seg(".", 5001, 1011));
  EXPECT_EQ(ep.status().snd_una, SeqNum(1011));

  ep.on_segment(kNow, seg("P.", 5001, 1001, "hello"));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(ep.status().snd_una, SeqNum(1011));
  EXPECT_EQ(sent(ep), Sent{". seq=1011 ack=5006 len=0"});
  EXPECT_EQ(receive_all(ep, kNow), "hello");
}

// §3.10.7.4 fifth: SEG.ACK > SND.NXT → send an ACK, drop the segment.
TEST(Established, AckOfUnsentData_AckSentSegmentDropped) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg("P.", 5001, 2000, "hello"));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.readable(), 0u);
  EXPECT_EQ(ep.status().snd_una, SeqNum(1001));
  EXPECT_EQ(ep.status().rcv_nxt, SeqNum(5001));
  EXPECT_EQ(ep.state(), State::Established);
}

// RFC 5961 §5.2 / §3.10.7.4 fifth: SEG.ACK < SND.UNA - MAX.SND.WND → ACK, drop.
TEST(Established, AckOlderThanMaxWindow_ChallengeAckSegmentDropped) {
  Settings s;
  s.nagle = false;
  Endpoint ep = syn_sent(s);
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 1, {}, 100));  // MAX.SND.WND = 100
  ep.take_segments();
  send_text(ep, kStep2, std::string(200, 'x'));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=100"});
  ep.on_segment(kStep3, seg(".", 5001, 1101, {}, 100));
  EXPECT_EQ(sent(ep), Sent{"P. seq=1101 ack=5001 len=100"});
  ep.on_segment(kStep4, seg(".", 5001, 1201, {}, 100));
  ASSERT_EQ(ep.status().snd_una, SeqNum(1201));

  ep.on_segment(kNow, seg("P.", 5001, 1050, "late"));  // 1050 < 1201 - 100
  EXPECT_EQ(sent(ep), Sent{". seq=1201 ack=5001 len=0"});
  EXPECT_EQ(ep.readable(), 0u);
  EXPECT_EQ(ep.state(), State::Established);
}

// ---------------------------------------------------------------- acceptability
//
// §3.10.7.4 first, the four cases of SEG.LEN x RCV.WND. The receive buffer is 10
// bytes; our own "abc" is in flight so that processing of an ACK field shows in
// SND.UNA.

Endpoint small_window() {
  Settings s;
  s.receive_buffer = 10;
  Endpoint ep = established(s);
  send_text(ep, kStep2, "abc");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=3"});
  EXPECT_EQ(ep.status().rcv_wnd, 10u);
  return ep;
}

// The peer fills the window and we do not read: RCV.WND = 0 at RCV.NXT = 5011.
Endpoint zero_window() {
  Endpoint ep = small_window();
  ep.on_segment(kStep3, seg("P.", 5001, 1001, "0123456789"));
  const auto out = ep.take_segments();
  EXPECT_EQ(out.size(), 1u);
  if (!out.empty()) {
    EXPECT_EQ(brief(out[0]), ". seq=1004 ack=5011 len=0");
    EXPECT_EQ(out[0].window, 0);
  }
  EXPECT_EQ(ep.status().rcv_wnd, 0u);
  return ep;
}

// SEG.LEN = 0, RCV.WND = 0: acceptable only if SEG.SEQ = RCV.NXT.
TEST(Acceptability, EmptySegmentZeroWindow_OnlyAtRcvNxt) {
  Endpoint ep = zero_window();
  ep.on_segment(kNow, seg(".", 5012, 1004));
  EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5011 len=0"});
  EXPECT_EQ(ep.status().snd_una, SeqNum(1001));
  ep.on_segment(kNow, seg(".", 5010, 1004));
  EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5011 len=0"});
  EXPECT_EQ(ep.status().snd_una, SeqNum(1001));

  ep.on_segment(kNow, seg(".", 5011, 1004));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.status().snd_una, SeqNum(1004));
}

// SEG.LEN = 0, RCV.WND > 0: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND.
TEST(Acceptability, EmptySegmentOpenWindow_InsideWindow) {
  {
    Endpoint ep = small_window();
    ep.on_segment(kNow, seg(".", 5000, 1004));  // left of the window
    EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5001 len=0"});
    EXPECT_EQ(ep.status().snd_una, SeqNum(1001));
    ep.on_segment(kNow, seg(".", 5011, 1004));  // RCV.NXT+RCV.WND: just outside
    EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5001 len=0"});
    EXPECT_EQ(ep.status().snd_una, SeqNum(1001));
  }
  {
    Endpoint ep = small_window();
    ep.on_segment(kNow, seg(".", 5010, 1002));  // last sequence number in the window
    EXPECT_EQ(sent(ep), Sent{});
    EXPECT_EQ(ep.status().snd_una, SeqNum(1002));
    ep.on_segment(kNow, seg(".", 5001, 1004));  // RCV.NXT
    EXPECT_EQ(sent(ep), Sent{});
    EXPECT_EQ(ep.status().snd_una, SeqNum(1004));
  }
}

// SEG.LEN > 0, RCV.WND = 0: not acceptable; the text is dropped and an ACK sent,
// but a valid ACK at RCV.NXT is still processed (the RFC's special allowance).
TEST(Acceptability, DataZeroWindow_NotAcceptedAckProcessed) {
  Endpoint ep = zero_window();
  ep.on_segment(kNow, seg("P.", 5011, 1004, "x"));
  const auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(brief(out[0]), ". seq=1004 ack=5011 len=0");
  EXPECT_EQ(out[0].window, 0);
  EXPECT_EQ(ep.readable(), 10u);
  EXPECT_EQ(ep.status().rcv_nxt, SeqNum(5011));
  EXPECT_EQ(ep.status().snd_una, SeqNum(1004));

  ep.on_segment(kNow, seg("P.", 5012, 1004, "y"));
  EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5011 len=0"});
  EXPECT_EQ(ep.readable(), 10u);
}

// SEG.LEN > 0, RCV.WND > 0: the first or the last octet inside the window.
TEST(Acceptability, DataOpenWindow_FirstOrLastOctetInside) {
  Endpoint ep = small_window();
  ep.on_segment(kNow, seg("P.", 5001, 1001, "abc"));  // first octet at RCV.NXT
  EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5004 len=0"});
  ep.on_segment(kNow, seg("P.", 5002, 1001, "bcdef"));  // starts old, ends inside
  EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5007 len=0"});
  EXPECT_EQ(receive_all(ep, kNow), "abcdef");
}

TEST(Acceptability, DataOpenWindow_EntirelyOutside_AckedAndDropped) {
  Endpoint ep = small_window();
  ep.on_segment(kNow, seg("P.", 4990, 1001, "0123456789"));  // 4990..4999: old
  EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5001 len=0"});
  ep.on_segment(kNow, seg("P.", 5011, 1001, "z"));  // right of the window
  EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5001 len=0"});
  EXPECT_EQ(ep.readable(), 0u);
  EXPECT_EQ(ep.status().rcv_nxt, SeqNum(5001));
}

// Only what fits in the window is taken (§3.10.7.4: trim to the window).
TEST(Acceptability, DataOverhangingWindow_TrimmedToWindow) {
  Endpoint ep = small_window();
  ep.on_segment(kNow, seg("P.", 5001, 1001, "0123456789AB"));
  EXPECT_EQ(sent(ep), Sent{". seq=1004 ack=5011 len=0"});
  EXPECT_EQ(receive_all(ep, kNow), "0123456789");
}

}  // namespace
}  // namespace synack::tcp::test

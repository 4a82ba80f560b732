// SYN-SENT (RFC 9293 §3.10.7.3) and simultaneous open (§3.5 Figure 8).
#include <gtest/gtest.h>

#include <algorithm>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// §3.10.7.3 fourth: our SYN acked → ESTABLISHED, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
TEST(SynSent, SynAck_Established_SendsAck) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 1));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  const Status st = ep.status();
  EXPECT_EQ(st.snd_una, SeqNum(1001));
  EXPECT_EQ(st.snd_nxt, SeqNum(1001));
  EXPECT_EQ(st.irs, SeqNum(kIrs));
  EXPECT_EQ(st.rcv_nxt, SeqNum(5001));
  EXPECT_EQ(st.snd_wnd, kPeerWindow);
  EXPECT_TRUE(contains(notices(ep), Notice::Connected));
  EXPECT_EQ(ep.poll_at(), std::nullopt);  // nothing left to retransmit
  EXPECT_EQ(last_change(ep).cause, "rcv SYN,ACK");
  EXPECT_EQ(last_change(ep).time, kStep1);
}

// §3.10.7.3 fourth: text on the SYN,ACK continues at step six.
TEST(SynSent, SynAckWithData_DataReadable) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 1, "hello"));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5006 len=0"});
  EXPECT_EQ(receive_all(ep, kNow), "hello");
}

// §3.10.2 SYN-SENT: data queued by SEND goes out once ESTABLISHED.
TEST(SynSent, Send_QueuedUntilEstablished) {
  Endpoint ep = syn_sent();
  send_text(ep, kOpenAt + 1, "abc");
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 1));
  const Sent out = sent(ep);
  EXPECT_NE(std::find(out.begin(), out.end(), "P. seq=1001 ack=5001 len=3"), out.end())
      << ::testing::PrintToString(out);
}

// §3.10.7.3 fourth: a SYN without ACK → SYN-RECEIVED, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
TEST(SynSent, Syn_SynReceived_SendsSynAck) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg("S", kIrs));
  EXPECT_EQ(ep.state(), State::SynReceived);
  EXPECT_FALSE(ep.passive());
  const auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(brief(out[0]), "S. seq=1000 ack=5001 len=0");
  EXPECT_EQ(out[0].mss, 1460);
  EXPECT_EQ(ep.status().rcv_nxt, SeqNum(5001));
  EXPECT_EQ(last_change(ep).from, State::SynSent);
}

// §3.10.7.3 first: SEG.ACK =< ISS → <SEQ=SEG.ACK><CTL=RST>, state unchanged.
TEST(SynSent, AckTooLow_SendsRst) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg(".", 5001, kIss));
  EXPECT_EQ(sent(ep), Sent{"R seq=1000 len=0"});
  ep.on_segment(kStep1, seg("S.", kIrs, 900));
  EXPECT_EQ(sent(ep), Sent{"R seq=900 len=0"});
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_EQ(ep.status().snd_una, SeqNum(kIss));
}

// §3.10.7.3 first: SEG.ACK > SND.NXT → <SEQ=SEG.ACK><CTL=RST>, state unchanged.
TEST(SynSent, AckTooHigh_SendsRst) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 2));
  EXPECT_EQ(sent(ep), Sent{"R seq=1002 len=0"});
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_TRUE(ep.history().size() == 1u);  // only CLOSED → SYN-SENT
}

// §3.10.7.3 first: an unacceptable ACK on a RST: drop it, send nothing.
TEST(SynSent, RstWithUnacceptableAck_Dropped) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg("R.", 5001, kIss + 2));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::SynSent);
}

// §3.10.7.3 second: a RST whose ACK acknowledges our SYN refuses the connection.
TEST(SynSent, RstWithAcceptableAck_ConnectionRefused) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg("R.", 0, kIss + 1));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionRefused);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_TRUE(contains(notices(ep), Notice::Error));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).cause, "rcv RST");
}

// §3.10.7.3 second: a RST without ACK is dropped (RFC 5961 §3: it cannot be
// checked against our SYN).
TEST(SynSent, RstWithoutAck_Dropped) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg("R", 5001));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_EQ(ep.error(), SocketError::None);
}

// §3.10.7.3 fifth: neither SYN nor RST → drop.
TEST(SynSent, AcceptableAckWithoutSyn_Dropped) {
  Endpoint ep = syn_sent();
  ep.on_segment(kStep1, seg(".", 5001, kIss + 1));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::SynSent);
}

// §3.10.4 SYN-SENT: CLOSE deletes the TCB; nothing goes on the wire.
TEST(SynSent, Close_Closed_NothingSent) {
  Endpoint ep = syn_sent();
  EXPECT_EQ(ep.close(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);  // no SYN retransmission after CLOSE
  ep.on_timer(kNow + 10 * kSeconds);
  EXPECT_EQ(sent(ep), Sent{});
  // A late SYN,ACK now meets a CLOSED endpoint (§3.10.7.1).
  ep.on_segment(kNow, seg("S.", kIrs, kIss + 1));
  EXPECT_EQ(sent(ep), Sent{"R seq=1001 len=0"});
}

// §3.10.5 SYN-SENT: ABORT deletes the TCB; nothing goes on the wire.
TEST(SynSent, Abort_Closed_NothingSent) {
  Endpoint ep = syn_sent();
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).cause, "ABORT");
}

// ---------------------------------------------------------------- simultaneous open

// The peer completes our simultaneous open with a plain ACK of our SYN.
TEST(SimultaneousOpen, AckOfSyn_SynSentSynReceivedEstablished) {
  Endpoint ep = syn_received_active();
  ep.on_segment(kStep2, seg(".", 5001, kIss + 1));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_TRUE(contains(notices(ep), Notice::Connected));
  ASSERT_EQ(ep.history().size(), 3u);
  EXPECT_EQ(ep.history()[0].to, State::SynSent);
  EXPECT_EQ(ep.history()[1].to, State::SynReceived);
  EXPECT_EQ(ep.history()[2].to, State::Established);
}

// RFC 9293 §3.5 Figure 8, line 6: in SYN-RECEIVED the peer's SYN,ACK
// <SEQ=IRS><ACK=ISS+1> moves us to ESTABLISHED. Its SYN lies before RCV.NXT and
// is trimmed off (§3.10.7.4: "trimming off any portions that lie outside the
// window (including SYN and FIN)"), leaving an acceptable ACK of our SYN.
TEST(SimultaneousOpen, PeersSynAck_Figure8_Established) {
  Endpoint ep = syn_received_active();
  ep.on_segment(kStep2, seg("S.", kIrs, kIss + 1));
  EXPECT_EQ(ep.state(), State::Established);
  for (const std::string& line : sent(ep)) EXPECT_EQ(line.find('R'), std::string::npos) << line;
  EXPECT_EQ(ep.status().snd_una, SeqNum(kIss + 1));
}

// Two endpoints that open at once end up ESTABLISHED with each other.
TEST(SimultaneousOpen, TwoEndpoints_BothEstablished) {
  FixedIsn isn_a(kIss), isn_b(kIrs);
  Endpoint a(Settings{}, &isn_a), b(Settings{}, &isn_b);
  a.set_id(full_id());
  b.set_id(ConnectionId{kRemoteIp, kRemotePort, kLocalIp, kLocalPort});
  ASSERT_EQ(a.open_active(0), CallResult::Ok);
  ASSERT_EQ(b.open_active(0), CallResult::Ok);
  // The SYNs cross; then each side's replies are delivered until both are quiet.
  TimeUs now = kStep1;
  auto to_a = b.take_segments();
  auto to_b = a.take_segments();
  for (int round = 0; round < 8 && !(to_a.empty() && to_b.empty()); ++round, now += kStep1) {
    for (const Segment& s : to_a) a.on_segment(now, s);
    for (const Segment& s : to_b) b.on_segment(now, s);
    to_a = b.take_segments();
    to_b = a.take_segments();
  }
  EXPECT_EQ(a.state(), State::Established);
  EXPECT_EQ(b.state(), State::Established);
  EXPECT_EQ(a.status().snd_una, SeqNum(kIss + 1));
  EXPECT_EQ(b.status().snd_una, SeqNum(kIrs + 1));
  EXPECT_EQ(a.status().rcv_nxt, SeqNum(kIrs + 1));
  EXPECT_EQ(b.status().rcv_nxt, SeqNum(kIss + 1));
}

}  // namespace
}  // namespace synack::tcp::test

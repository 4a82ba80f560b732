// CLOSED and LISTEN (RFC 9293 §3.10.1–3.10.5 user calls, §3.10.7.1–3.10.7.2 arrivals).
#include <gtest/gtest.h>

#include <algorithm>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// ---------------------------------------------------------------- CLOSED

TEST(Closed, PassiveOpen_Listen_NothingSent) {
  Endpoint ep = closed();
  EXPECT_EQ(ep.open_passive(kOpenAt), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_TRUE(ep.passive());
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  ASSERT_EQ(ep.history().size(), 1u);
  EXPECT_EQ(ep.history()[0].from, State::Closed);
  EXPECT_EQ(ep.history()[0].to, State::Listen);
}

TEST(Closed, ActiveOpen_SynSent_SendsSynWithMss) {
  Settings s;
  s.mss = 1400;
  Endpoint ep = closed(s);
  EXPECT_EQ(ep.open_active(kOpenAt), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_FALSE(ep.passive());
  const auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(brief(out[0]), "S seq=1000 len=0");  // <SEQ=ISS><CTL=SYN>
  EXPECT_EQ(out[0].mss, 1400);
  EXPECT_EQ(out[0].window, 65535);
  const Status st = ep.status();
  EXPECT_EQ(st.iss, SeqNum(kIss));
  EXPECT_EQ(st.snd_una, SeqNum(kIss));
  EXPECT_EQ(st.snd_nxt, SeqNum(kIss + 1));
}

// §3.10.1 CLOSED STATE: "If active and the remote socket is unspecified, return
// 'error: remote socket unspecified'".
TEST(Closed, ActiveOpenWithoutForeignSocket_ForeignUnspecified) {
  Endpoint ep = closed();
  ep.set_id(ConnectionId{kLocalIp, kLocalPort, 0, 0});
  EXPECT_EQ(ep.open_active(kOpenAt), CallResult::ForeignUnspecified);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
}

TEST(Closed, OpenOnAnOpenConnection_ConnectionExists) {
  Endpoint ep = syn_sent();
  EXPECT_EQ(ep.open_active(kNow), CallResult::ConnectionExists);
  EXPECT_EQ(ep.open_passive(kNow), CallResult::ConnectionExists);
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_EQ(sent(ep), Sent{});
}

// §3.10.7.1: if the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>.
TEST(Closed, SegmentWithAck_RepliesRstAtSegAck) {
  Endpoint ep = closed();
  ep.on_segment(kNow, seg("P.", 5001, 4242, "abc"));
  EXPECT_EQ(sent(ep), Sent{"R seq=4242 len=0"});
  EXPECT_EQ(ep.state(), State::Closed);
}

// §3.10.7.1: if the ACK bit is off, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
TEST(Closed, SegmentWithoutAck_RepliesRstAckPastTheSegment) {
  Endpoint ep = closed();
  ep.on_segment(kNow, seg("S", 5000));
  EXPECT_EQ(sent(ep), Sent{"R. seq=0 ack=5001 len=0"});
  ep.on_segment(kNow, seg("FP", 7000, 0, "abc"));  // SEG.LEN = 3 + FIN
  EXPECT_EQ(sent(ep), Sent{"R. seq=0 ack=7004 len=0"});
  EXPECT_EQ(ep.state(), State::Closed);
}

// §3.10.7.1: an incoming segment containing a RST is discarded.
TEST(Closed, Rst_NothingSent) {
  Endpoint ep = closed();
  ep.on_segment(kNow, seg("R", 5001));
  ep.on_segment(kNow, seg("R.", 5001, 1001));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::Closed);
}

TEST(Closed, ResetForUnknown_AllThreeForms) {
  const auto with_ack = reset_for_unknown(seg(".", 5001, 1234));
  ASSERT_TRUE(with_ack.has_value());
  EXPECT_EQ(brief(*with_ack), "R seq=1234 len=0");

  const auto without_ack = reset_for_unknown(seg("S", 5000, 0, "hello"));  // SEG.LEN = 1 + 5
  ASSERT_TRUE(without_ack.has_value());
  EXPECT_EQ(brief(*without_ack), "R. seq=0 ack=5006 len=0");

  EXPECT_FALSE(reset_for_unknown(seg("R", 5001)).has_value());
  EXPECT_FALSE(reset_for_unknown(seg("R.", 5001, 1001)).has_value());
}

// No row for ABORT in CLOSED: the state stays, nothing is sent, a record is kept.
TEST(Closed, Abort_ConnectionNotExist_Ignored) {
  Endpoint ep = closed();
  EXPECT_EQ(ep.abort(kNow), CallResult::ConnectionNotExist);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_TRUE(ep.history().empty());
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].time, kNow);
  EXPECT_EQ(ep.ignored()[0].state, State::Closed);
  EXPECT_EQ(ep.ignored()[0].event, "ABORT");
}

TEST(Closed, Close_ConnectionNotExist_Ignored) {
  Endpoint ep = closed();
  EXPECT_EQ(ep.close(kNow), CallResult::ConnectionNotExist);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].event, "CLOSE");
}

TEST(Closed, Send_ConnectionNotExist) {
  Endpoint ep = closed();
  const auto data = bytes("hi");
  EXPECT_EQ(ep.send(kNow, data.data(), data.size()), CallResult::ConnectionNotExist);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
}

// ---------------------------------------------------------------- LISTEN

// §3.10.7.2 third: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, RCV.NXT = SEG.SEQ+1.
TEST(Listen, Syn_SynReceived_SendsSynAck) {
  Endpoint ep = listen();
  ep.on_segment(kStep1, seg("S", kIrs));
  EXPECT_EQ(ep.state(), State::SynReceived);
  const auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(brief(out[0]), "S. seq=1000 ack=5001 len=0");
  EXPECT_EQ(out[0].mss, 1460);
  const Status st = ep.status();
  EXPECT_EQ(st.irs, SeqNum(kIrs));
  EXPECT_EQ(st.rcv_nxt, SeqNum(kIrs + 1));
  EXPECT_EQ(st.snd_nxt, SeqNum(kIss + 1));
  EXPECT_EQ(st.snd_wnd, kPeerWindow);
  EXPECT_EQ(last_change(ep).cause, "rcv SYN");
}

// §3.10.7.2 second: an ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>.
TEST(Listen, Ack_SendsRstAtSegAck) {
  Endpoint ep = listen();
  ep.on_segment(kNow, seg(".", 5001, 4242));
  EXPECT_EQ(sent(ep), Sent{"R seq=4242 len=0"});
  EXPECT_EQ(ep.state(), State::Listen);
}

// §3.10.7.2 first: an incoming RST is ignored.
TEST(Listen, Rst_Ignored) {
  Endpoint ep = listen();
  ep.on_segment(kNow, seg("R", 5001));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::Listen);
}

// §3.10.7.2 fourth: any other control or text-bearing segment is dropped.
TEST(Listen, NeitherSynNorAckNorRst_Dropped) {
  Endpoint ep = listen();
  ep.on_segment(kNow, seg("P", 5001, 0, "data"));
  ep.on_segment(kNow, seg("F", 5001));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(ep.readable(), 0u);
}

// §3.10.1 LISTEN: an active OPEN with a foreign socket changes the connection to active.
TEST(Listen, ActiveOpenWithPeer_SynSent) {
  Endpoint ep = listen_with_peer();
  EXPECT_EQ(ep.open_active(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_FALSE(ep.passive());
  EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"});
  EXPECT_EQ(ep.poll_at(), kNow + kSeconds);
}

TEST(Listen, ActiveOpenWithoutPeer_ForeignUnspecified) {
  Endpoint ep = listen();
  EXPECT_EQ(ep.open_active(kNow), CallResult::ForeignUnspecified);
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(sent(ep), Sent{});
}

// §3.10.2 LISTEN: "If the remote socket is specified, then change the connection
// from passive to active, select an ISS. Send a SYN segment"; the data waits.
TEST(Listen, SendWithPeer_BecomesActiveOpen) {
  Endpoint ep = listen_with_peer();
  send_text(ep, kNow, "hi");
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_FALSE(ep.passive());
  EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"});
  EXPECT_EQ(last_change(ep).cause, "SEND");

  // The queued data goes out once the connection is established.
  ep.on_segment(kNow + kStep1, seg("S.", kIrs, kIss + 1));
  EXPECT_EQ(ep.state(), State::Established);
  const Sent out = sent(ep);
  EXPECT_NE(std::find(out.begin(), out.end(), "P. seq=1001 ack=5001 len=2"), out.end())
      << ::testing::PrintToString(out);
}

TEST(Listen, SendWithoutPeer_ForeignUnspecified) {
  Endpoint ep = listen();
  const auto data = bytes("hi");
  EXPECT_EQ(ep.send(kNow, data.data(), data.size()), CallResult::ForeignUnspecified);
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(sent(ep), Sent{});
}

// §3.10.4 LISTEN: CLOSE deletes the TCB; nothing goes on the wire.
TEST(Listen, Close_Closed_NothingSent) {
  Endpoint ep = listen();
  EXPECT_EQ(ep.close(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.error(), SocketError::None);
  EXPECT_EQ(last_change(ep).cause, "CLOSE");
}

// §3.10.5 LISTEN: ABORT deletes the TCB; nothing goes on the wire.
TEST(Listen, Abort_Closed_NothingSent) {
  Endpoint ep = listen();
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// Settings::drop_syn_fin: a SYN that also carries FIN is discarded in LISTEN
// (and SYN-SENT); by default it is answered like any SYN.
TEST(Listen, SynFin_DroppedWhenSet_AnsweredByDefault) {
  Settings drop;
  drop.drop_syn_fin = true;
  Endpoint dropping = listen(drop);
  dropping.on_segment(kNow, seg("SF", kIrs));
  EXPECT_EQ(sent(dropping), Sent{});
  EXPECT_EQ(dropping.state(), State::Listen);

  Endpoint answering = listen();
  answering.on_segment(kNow, seg("SF", kIrs));
  EXPECT_EQ(sent(answering), Sent{"S. seq=1000 ack=5001 len=0"});
  EXPECT_EQ(answering.state(), State::SynReceived);
}

// RFC 4987 §3.6: with no room for a half-open connection the listener answers
// with a SYN cookie as its ISS and keeps nothing: it stays in LISTEN with no timer.
TEST(Listen, SynQueueFull_CookieSynAckKeepsNothing) {
  Endpoint ep = listen();
  ep.answer_with_cookie(kStep1, seg("S", kIrs), SeqNum(7777));
  EXPECT_EQ(sent(ep), Sent{"S. seq=7777 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(ep.history().size(), 1u);  // only CLOSED -> LISTEN
}

// The ACK that returns the cookie rebuilds the connection: ISS = SEG.ACK - 1,
// IRS = SEG.SEQ - 1, straight to ESTABLISHED; data on the ACK is taken.
TEST(Listen, CookieAck_EstablishedFromTheAckAlone) {
  Endpoint listener = listen();
  Endpoint ep = Endpoint::fork(listener, full_id());
  EXPECT_EQ(ep.state(), State::Listen);
  ep.open_from_cookie(kStep2, seg("P.", 5001, 7778, "hi"), 1440);
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(last_change(ep).from, State::Listen);
  EXPECT_EQ(last_change(ep).cause, "rcv ACK of SYN cookie");
  EXPECT_EQ(ep.history().size(), 1u);  // a forked endpoint starts in LISTEN
  const Status st = ep.status();
  EXPECT_EQ(st.iss, SeqNum(7777));
  EXPECT_EQ(st.snd_una, SeqNum(7778));
  EXPECT_EQ(st.irs, SeqNum(5000));
  EXPECT_EQ(st.rcv_nxt, SeqNum(5003));
  EXPECT_EQ(receive_all(ep, kStep2), "hi");
  EXPECT_TRUE(contains(notices(ep), Notice::Connected));
  EXPECT_EQ(listener.state(), State::Listen);  // the listener is untouched
}

}  // namespace
}  // namespace synack::tcp::test

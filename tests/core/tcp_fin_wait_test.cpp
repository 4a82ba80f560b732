// FIN-WAIT-1 and FIN-WAIT-2: our FIN is out; the peer may still send (half-close).
#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// ---------------------------------------------------------------- FIN-WAIT-1

// §3.10.7.4 fifth, FIN-WAIT-1: our FIN acknowledged → FIN-WAIT-2.
TEST(FinWait1, AckOfFin_FinWait2) {
  Endpoint ep = fin_wait_1();
  ep.on_segment(kStep3, seg(".", 5001, 1002));
  EXPECT_EQ(ep.state(), State::FinWait2);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.status().snd_una, SeqNum(1002));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
  EXPECT_EQ(last_change(ep).cause, "rcv ACK of FIN");
}

TEST(FinWait1, AckNotCoveringFin_Stays) {
  Endpoint ep = fin_wait_1();
  ep.on_segment(kStep3, seg(".", 5001, 1001));
  EXPECT_EQ(ep.state(), State::FinWait1);
  EXPECT_EQ(sent(ep), Sent{});
}

// §3.10.7.4 eighth, FIN-WAIT-1: a FIN whose ACK covers our FIN goes straight to
// TIME-WAIT — one recorded change, no stop in FIN-WAIT-2.
TEST(FinWait1, FinAckingOurFin_TimeWaitInOneChange) {
  Endpoint ep = fin_wait_1();
  const std::size_t before = ep.history().size();
  ep.on_segment(kStep3, seg("F.", 5001, 1002));
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  ASSERT_EQ(ep.history().size(), before + 1);
  EXPECT_EQ(last_change(ep).from, State::FinWait1);
  EXPECT_EQ(last_change(ep).to, State::TimeWait);
  EXPECT_EQ(last_change(ep).time, kStep3);
  EXPECT_EQ(ep.poll_at(), kStep3 + 2 * Settings{}.msl);
}

// §3.10.7.4 eighth, FIN-WAIT-1: a FIN while ours is unacknowledged → CLOSING
// (simultaneous close).
TEST(FinWait1, FinNotAckingOurFin_Closing) {
  Endpoint ep = fin_wait_1();
  ep.on_segment(kStep3, seg("F.", 5001, 1001));
  EXPECT_EQ(ep.state(), State::Closing);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  EXPECT_TRUE(ep.peer_closed());
  EXPECT_TRUE(contains(notices(ep), Notice::PeerClosed));
}

// §3.10.7.4 seventh: FIN-WAIT-1 still takes text.
TEST(FinWait1, PeerData_Readable) {
  Endpoint ep = fin_wait_1();
  ep.on_segment(kStep3, seg("P.", 5001, 1001, "more"));
  EXPECT_EQ(ep.state(), State::FinWait1);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5005 len=0"});
  EXPECT_EQ(receive_all(ep, kNow), "more");
}

// §3.10.7.4 second: RST at RCV.NXT → CLOSED, "connection reset".
TEST(FinWait1, Rst_ConnectionReset) {
  Endpoint ep = fin_wait_1();
  ep.on_segment(kNow, seg("R", 5001));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionReset);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

TEST(FinWait1, RstInWindowNotExact_ChallengeAck) {
  Endpoint ep = fin_wait_1();
  ep.on_segment(kNow, seg("R", 5010));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::FinWait1);
}

// §3.10.5 FIN-WAIT-1: <SEQ=SND.NXT><CTL=RST> (SND.NXT is past our FIN).
TEST(FinWait1, Abort_SendsRst) {
  Endpoint ep = fin_wait_1();
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{"R seq=1002 len=0"});
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// §3.10.4 FIN-WAIT-1: "error: connection closing"; no row, so a record in ignored().
TEST(FinWait1, Close_ConnectionClosing_Ignored) {
  Endpoint ep = fin_wait_1();
  EXPECT_EQ(ep.close(kNow), CallResult::ConnectionClosing);
  EXPECT_EQ(ep.state(), State::FinWait1);
  EXPECT_EQ(sent(ep), Sent{});
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].state, State::FinWait1);
  EXPECT_EQ(ep.ignored()[0].event, "CLOSE");
}

// §3.10.2 FIN-WAIT-1: "error: connection closing".
TEST(FinWait1, Send_ConnectionClosing) {
  Endpoint ep = fin_wait_1();
  const auto data = bytes("x");
  EXPECT_EQ(ep.send(kNow, data.data(), data.size()), CallResult::ConnectionClosing);
  EXPECT_EQ(sent(ep), Sent{});
}

// ---------------------------------------------------------------- FIN-WAIT-2

// §3.10.7.4 eighth, FIN-WAIT-2: FIN → TIME-WAIT, ACK it, start the 2MSL timer.
TEST(FinWait2, Fin_TimeWait_AcksFin) {
  Endpoint ep = fin_wait_2();
  ep.on_segment(kNow, seg("F.", 5001, 1002));
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  EXPECT_TRUE(contains(notices(ep), Notice::PeerClosed));
  EXPECT_EQ(ep.poll_at(), kNow + 2 * Settings{}.msl);
  EXPECT_EQ(last_change(ep).cause, "rcv FIN");
}

// Half-close: after our CLOSE the peer's data still arrives and is readable.
TEST(FinWait2, HalfClose_PeerDataStillReadable) {
  Endpoint ep = fin_wait_2();
  ep.on_segment(kNow, seg("P.", 5001, 1002, "late data"));
  EXPECT_EQ(ep.state(), State::FinWait2);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5010 len=0"});
  EXPECT_TRUE(contains(notices(ep), Notice::Readable));
  ep.on_segment(kNow + kStep1, seg("F.", 5010, 1002));
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5011 len=0"});
  EXPECT_EQ(receive_all(ep, kNow + kStep2), "late data");
  EXPECT_TRUE(ep.peer_closed());
}

TEST(FinWait2, Rst_ConnectionReset) {
  Endpoint ep = fin_wait_2();
  ep.on_segment(kNow, seg("R", 5001));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionReset);
  EXPECT_EQ(sent(ep), Sent{});
}

TEST(FinWait2, Syn_ChallengeAck) {
  Endpoint ep = fin_wait_2();
  ep.on_segment(kNow, seg("S", 5100));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::FinWait2);
}

// §3.10.5 FIN-WAIT-2: <SEQ=SND.NXT><CTL=RST>.
TEST(FinWait2, Abort_SendsRst) {
  Endpoint ep = fin_wait_2();
  EXPECT_EQ(ep.abort(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{"R seq=1002 len=0"});
}

TEST(FinWait2, Close_ConnectionClosing_Ignored) {
  Endpoint ep = fin_wait_2();
  EXPECT_EQ(ep.close(kNow), CallResult::ConnectionClosing);
  EXPECT_EQ(ep.state(), State::FinWait2);
  EXPECT_EQ(sent(ep), Sent{});
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].event, "CLOSE");
}

// RFC 9293 §3.6.1: once the application has closed its socket, new data is
// answered with <SEQ=SEG.ACK><CTL=RST> and the connection ends; after a
// SHUT_WR alone (no release) the data is taken as usual.
TEST(FinWait1, DataAfterClose_RstAndClosed) {
  Endpoint ep = fin_wait_1();
  ep.release();
  ep.on_segment(kNow, seg("P.", 5001, 1001, "late"));
  EXPECT_EQ(sent(ep), Sent{"R seq=1001 len=0"});
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(last_change(ep).cause, "rcv data after close");
}

TEST(FinWait2, DataAfterClose_RstAndClosed) {
  Endpoint ep = fin_wait_2();
  ep.release();
  ep.on_segment(kNow, seg("P.", 5001, 1002, "late"));
  EXPECT_EQ(sent(ep), Sent{"R seq=1002 len=0"});
  EXPECT_EQ(ep.state(), State::Closed);
}

TEST(FinWait2, DataAfterShutdownOnly_Taken) {
  Endpoint ep = fin_wait_2();
  ep.on_segment(kNow, seg("P.", 5001, 1002, "late"));
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5005 len=0"});
  EXPECT_EQ(ep.state(), State::FinWait2);
  EXPECT_EQ(receive_all(ep, kNow), "late");
}

TEST(FinWait2, DataAfterClose_TakenWhenTheSettingIsOff) {
  Settings s;
  s.rst_on_data_after_close = false;
  Endpoint ep = fin_wait_2(s);
  ep.release();
  ep.on_segment(kNow, seg("P.", 5001, 1002, "late"));
  EXPECT_EQ(ep.state(), State::FinWait2);
}

}  // namespace
}  // namespace synack::tcp::test

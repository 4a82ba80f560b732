// The ways a synchronized connection ends without a FIN exchange, state by
// state: a SYN in the window under RFC 793 rules (§3.10.7.4 fourth) and
// retransmissions exhausted (§3.10.8 USER TIMEOUT). Each test drives one row.
#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// RFC 793: <SEQ=SND.NXT><CTL=RST> (with an ACK), "connection reset", CLOSED.
void expect_reset_by_syn(Endpoint ep, std::uint32_t syn_seq, State from) {
  ep.on_segment(kNow, seg("S", syn_seq));
  EXPECT_EQ(ep.state(), State::Closed);
  const auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].has(flag::RST)) << brief(out[0]);
  EXPECT_EQ(last_change(ep).from, from);
  EXPECT_EQ(last_change(ep).cause, "rcv SYN in window");
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

TEST(Rfc793Syn, SynReceivedActive_ResetAndRefused) {
  expect_reset_by_syn(syn_received_active(rfc793()), 5100, State::SynReceived);
}
TEST(Rfc793Syn, FinWait1_Reset) {
  expect_reset_by_syn(fin_wait_1(rfc793()), 5100, State::FinWait1);
}
TEST(Rfc793Syn, FinWait2_Reset) {
  expect_reset_by_syn(fin_wait_2(rfc793()), 5100, State::FinWait2);
}
TEST(Rfc793Syn, CloseWait_Reset) {
  expect_reset_by_syn(close_wait(rfc793()), 5100, State::CloseWait);
}
TEST(Rfc793Syn, Closing_Reset) { expect_reset_by_syn(closing(rfc793()), 5100, State::Closing); }
TEST(Rfc793Syn, LastAck_Reset) { expect_reset_by_syn(last_ack(rfc793()), 5100, State::LastAck); }
TEST(Rfc793Syn, TimeWait_Reset) { expect_reset_by_syn(time_wait(rfc793()), 5100, State::TimeWait); }

// Retransmissions of what `ep` has outstanding run out: ETIMEDOUT, CLOSED.
void expect_user_timeout(Endpoint ep, State from) {
  for (int i = 0; i < 10 && ep.state() != State::Closed; ++i) {
    const auto at = ep.poll_at();
    ASSERT_TRUE(at.has_value());
    ep.on_timer(*at);
  }
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::TimedOut);
  EXPECT_EQ(last_change(ep).from, from);
  EXPECT_EQ(last_change(ep).cause, "retransmission timeout");
  EXPECT_TRUE(contains(notices(ep), Notice::Error));
}

Settings few_retries() {
  Settings s;
  s.data_retries = 2;
  return s;
}

TEST(UserTimeout, FinWait1_FinNeverAcked) {
  expect_user_timeout(fin_wait_1(few_retries()), State::FinWait1);
}
TEST(UserTimeout, CloseWait_DataNeverAcked) {
  Endpoint ep = close_wait(few_retries());
  send_text(ep, kNow, "late");
  expect_user_timeout(std::move(ep), State::CloseWait);
}
TEST(UserTimeout, Closing_FinNeverAcked) {
  expect_user_timeout(closing(few_retries()), State::Closing);
}
TEST(UserTimeout, LastAck_FinNeverAcked) {
  expect_user_timeout(last_ack(few_retries()), State::LastAck);
}

}  // namespace
}  // namespace synack::tcp::test

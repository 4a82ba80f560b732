// Congestion control (RFC 5681) and loss recovery (RFC 6298 §5, RFC 6582) as a
// sender: the initial window, slow start, the timeout that resends from
// SND.UNA under a one-segment window, fast retransmit and NewReno recovery,
// SACK-based recovery (RFC 6675).
// The peer announces kPeerMss (1000): RFC 5681's initial window is 4 segments.
#include <gtest/gtest.h>

#include <algorithm>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

// The sequence numbers (relative to ISS+1) of the data segments sent.
std::vector<std::uint32_t> data_offsets(Endpoint& ep) {
  std::vector<std::uint32_t> out;
  for (const Segment& s : ep.take_segments()) {
    if (!s.payload.empty()) out.push_back(s.seq.raw() - (kIss + 1));
  }
  return out;
}

Endpoint sender(Settings s = {}) {
  s.nagle = false;
  Endpoint ep = established(s);
  send_text(ep, kNow, std::string(20000, 'x'));
  return ep;
}

TEST(Congestion, InitialWindow_FourSegmentsByRfc5681) {
  Endpoint ep = sender();
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{0, 1000, 2000, 3000}));
}

TEST(Congestion, InitialWindow_SettingGivesSegments) {
  Settings s;
  s.initial_window = 10;
  Endpoint ep = sender(s);
  EXPECT_EQ(data_offsets(ep).size(), 10u);
}

// Slow start: each ACK of a full segment opens the window by one segment, so
// an ACK for two segments lets four more go (two to refill, two new).
TEST(Congestion, SlowStart_AckOfTwoSegmentsReleasesFour) {
  Endpoint ep = sender();
  ep.take_segments();
  ep.on_segment(kNow + kStep1, seg(".", 5001, kIss + 1 + 1000));
  ep.on_segment(kNow + kStep1, seg(".", 5001, kIss + 1 + 2000));
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{4000, 5000, 6000, 7000}));
}

// RFC 6298 §5.4–5.6 and RFC 5681 §3.1: the timeout resends the first segment
// alone; its ACK releases the next ones at once, without waiting for a second,
// doubled timeout.
TEST(Congestion, Timeout_AckOfResentSegmentReleasesTheNextAtOnce) {
  Endpoint ep = sender();
  ep.take_segments();
  const TimeUs rto_at = *ep.poll_at();
  ep.on_timer(rto_at);
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{0}));
  ep.on_segment(rto_at + kStep1, seg(".", 5001, kIss + 1 + 1000));
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{1000, 2000}));
}

// Three duplicate ACKs: the missing segment goes again at once (RFC 5681
// §3.2); later duplicates let new data out; the ACK that covers everything
// sent before recovery ends it (RFC 6582).
TEST(Congestion, ThreeDuplicateAcks_FastRetransmitAndRecovery) {
  Endpoint ep = sender();
  ep.take_segments();
  const auto dup = [&] { ep.on_segment(kNow + kStep1, seg(".", 5001, kIss + 1 + 1000)); };
  ep.on_segment(kNow + kStep1, seg(".", 5001, kIss + 1 + 1000));  // segment 0 arrived
  ep.take_segments();
  dup();
  dup();
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{}));
  dup();  // the third: the hole first, then new data as far as cwnd allows
  const auto sent_now = data_offsets(ep);
  ASSERT_FALSE(sent_now.empty());
  EXPECT_EQ(sent_now[0], 1000u);
  dup();  // inflating: one more segment of new data
  const auto inflated = data_offsets(ep);
  ASSERT_EQ(inflated.size(), 1u);
  EXPECT_GE(inflated[0], 6000u);
  ep.on_segment(kNow + kStep2, seg(".", 5001, kIss + 1 + 5000));  // a full ACK
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(ep.status().snd_una, SeqNum(kIss + 1 + 5000));
}

// A sender of ten segments in flight (initial window 10) that agreed SACK, or
// not, with the peer.
Endpoint ten_in_flight(bool sack) {
  Settings s;
  s.nagle = false;
  s.sack = sack;
  s.initial_window = 10;
  Endpoint ep = syn_sent(s);
  Segment syn_ack = seg("S.", kIrs, kIss + 1);
  syn_ack.sack_permitted = true;
  ep.on_segment(kStep1, syn_ack);
  EXPECT_EQ(ep.state(), State::Established);
  ep.take_segments();
  send_text(ep, kNow, std::string(20000, 'x'));
  EXPECT_EQ(data_offsets(ep).size(), 10u);
  return ep;
}

// The peer's ACK of segment 0 with SACK blocks (offsets from ISS+1).
void ack_with_sack(Endpoint& ep, std::vector<std::pair<std::uint32_t, std::uint32_t>> blocks) {
  Segment a = seg(".", 5001, kIss + 1 + 1000);
  for (auto [left, right] : blocks)
    a.sack.push_back({SeqNum(kIss + 1 + left), SeqNum(kIss + 1 + right)});
  ep.on_segment(kNow + kStep1, a);
}

// RFC 6675: segments 1 and 4 of ten are lost; the ACK of segment 0 lets two
// new ones go (10 and 11). The third duplicate ACK resends segment 1; once the
// scoreboard shows segment 4 lost too (more than two segments SACKed above
// it) and the pipe leaves room in cwnd, it goes at once: every hole within one
// round trip, no timeout.
TEST(Congestion, Sack_EveryLostSegmentResentInOneRoundTrip) {
  Endpoint ep = ten_in_flight(true);
  ack_with_sack(ep, {});  // segment 0
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{10000, 11000}));
  ack_with_sack(ep, {{2000, 3000}});
  ack_with_sack(ep, {{2000, 4000}});
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{}));
  ack_with_sack(ep, {{5000, 6000}, {2000, 4000}});  // the third duplicate
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{1000}));
  ack_with_sack(ep, {{5000, 7000}, {2000, 4000}});  // the pipe (7000) fills cwnd (5500)
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{}));
  ack_with_sack(ep, {{5000, 9000}, {2000, 4000}});  // segment 4 lost, the pipe 4000
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{4000}));
  ep.on_segment(kNow + kStep2, seg(".", 5001, kIss + 1 + 12000));  // covers the recovery point
  EXPECT_EQ(ep.status().snd_una, SeqNum(kIss + 1 + 12000));
}

// Without SACK, NewReno learns of the second hole only from a partial ACK.
TEST(Congestion, NoSack_SecondHoleWaitsForAPartialAck) {
  Endpoint ep = ten_in_flight(false);
  ack_with_sack(ep, {});
  ep.take_segments();
  for (int i = 0; i < 5; ++i) ack_with_sack(ep, {});
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{1000}));
  ep.on_segment(kNow + kStep2, seg(".", 5001, kIss + 1 + 4000));  // partial: up to the hole
  EXPECT_EQ(data_offsets(ep).at(0), 4000u);
}

// RFC 2018 §8: after a timeout the scoreboard is forgotten and everything
// from SND.UNA goes again.
TEST(Congestion, Sack_TimeoutResendsFromSndUna) {
  Endpoint ep = ten_in_flight(true);
  ack_with_sack(ep, {{2000, 3000}});
  ep.take_segments();
  ep.on_timer(*ep.poll_at());
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{1000}));
}

// RFC 5681 §3.1: a lost SYN leaves a one-segment initial window.
TEST(Congestion, RetransmittedSyn_OneSegmentWindow) {
  Settings s;
  s.nagle = false;
  Endpoint ep = syn_sent(s);
  ep.on_timer(kOpenAt + s.initial_rto);
  ep.take_segments();
  ep.on_segment(kStep4, seg("S.", kIrs, kIss + 1));
  ep.take_segments();
  send_text(ep, kStep4, std::string(5000, 'x'));
  EXPECT_EQ(data_offsets(ep), (std::vector<std::uint32_t>{0}));
}

// cwnd and ssthresh are TCB variables of the trace.
TEST(Congestion, CwndAndSsthreshAreRecorded) {
  Endpoint ep = sender();
  bool cwnd = false, ssthresh = false;
  for (const Record& r : ep.take_records()) {
    if (const auto* c = std::get_if<TcbChange>(&r)) {
      cwnd = cwnd || (c->changed & (1u << static_cast<int>(TcbVar::Cwnd)));
      ssthresh = ssthresh || (c->changed & (1u << static_cast<int>(TcbVar::Ssthresh)));
    }
  }
  EXPECT_TRUE(cwnd);
  EXPECT_TRUE(ssthresh);
  EXPECT_STREQ(tcb_var_name(TcbVar::Cwnd), "cwnd");
}

}  // namespace
}  // namespace synack::tcp::test

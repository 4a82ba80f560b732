// Data transfer in ESTABLISHED: segmentation, PSH, Nagle, the peer's window and
// zero-window probing, reassembly, our receive window, the send buffer.
#include <gtest/gtest.h>

#include <string>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

Settings no_delay() {
  Settings s;
  s.nagle = false;
  return s;
}

// Segments are at most the peer's MSS (kPeerMss = 1000); PSH marks the last one.
TEST(Data, MssSegmentation_PshOnLast) {
  Endpoint ep = established(no_delay());
  send_text(ep, kNow, std::string(2500, 'x'));
  EXPECT_EQ(sent(ep), (Sent{". seq=1001 ack=5001 len=1000", ". seq=2001 ack=5001 len=1000",
                            "P. seq=3001 ack=5001 len=500"}));
  EXPECT_EQ(ep.status().snd_nxt, SeqNum(3501));
}

// RFC 9293 §3.7.4: with data unacknowledged, a segment smaller than the MSS waits.
TEST(Data, Nagle_HoldsSmallSegmentWhileDataInFlight) {
  Endpoint ep = established();
  send_text(ep, kNow, "a");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=1"});  // nothing in flight: goes
  send_text(ep, kNow + 1, "b");
  EXPECT_EQ(sent(ep), Sent{});  // "a" unacked: "b" waits
  send_text(ep, kNow + 2, "c");
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_segment(kNow + kStep1, seg(".", 5001, 1002));
  EXPECT_EQ(sent(ep), Sent{"P. seq=1002 ack=5001 len=2"});
}

// Nagle as Linux runs it (Minshall's variant): one large write goes out whole,
// its short tail included, since no earlier small segment is unacknowledged.
TEST(Data, Nagle_LargeWriteGoesWholeTailIncluded) {
  Endpoint ep = established();
  send_text(ep, kNow, std::string(2500, 'x'));
  EXPECT_EQ(sent(ep), (Sent{". seq=1001 ack=5001 len=1000", ". seq=2001 ack=5001 len=1000",
                            "P. seq=3001 ack=5001 len=500"}));
  send_text(ep, kNow + 1, "y");  // the tail is small and unacknowledged: this waits
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_segment(kNow + kStep1, seg(".", 5001, 3501));
  EXPECT_EQ(sent(ep), Sent{"P. seq=3501 ack=5001 len=1"});
}

// RFC 1122 §4.2.3.4's strict form holds the tail while any data is unacknowledged.
TEST(Data, NagleStrict_FullSegmentsGoTailWaitsForAck) {
  Settings s;
  s.nagle_strict = true;
  Endpoint ep = established(s);
  send_text(ep, kNow, std::string(2500, 'x'));
  EXPECT_EQ(sent(ep), (Sent{". seq=1001 ack=5001 len=1000", ". seq=2001 ack=5001 len=1000"}));
  ep.on_segment(kNow + kStep1, seg(".", 5001, 3001));
  EXPECT_EQ(sent(ep), Sent{"P. seq=3001 ack=5001 len=500"});
}

// TCP_NODELAY: settings().nagle = false sends small segments at once.
TEST(Data, NoDelay_SmallSegmentsGoAtOnce) {
  Endpoint ep = established();
  ep.settings().nagle = false;
  send_text(ep, kNow, "a");
  send_text(ep, kNow + 1, "b");
  EXPECT_EQ(sent(ep), (Sent{"P. seq=1001 ack=5001 len=1", "P. seq=1002 ack=5001 len=1"}));
}

// Never more than SND.UNA + SND.WND.
TEST(Data, PeerWindowLimitsSending) {
  Endpoint ep = established(no_delay());
  ep.on_segment(kStep2, seg(".", 5001, 1001, {}, 1500));
  send_text(ep, kNow, std::string(3000, 'x'));
  EXPECT_EQ(sent(ep), (Sent{". seq=1001 ack=5001 len=1000", ". seq=2001 ack=5001 len=500"}));
  ep.on_segment(kNow + kStep1, seg(".", 5001, 2501, {}, 1500));
  EXPECT_EQ(sent(ep), (Sent{". seq=2501 ack=5001 len=1000", "P. seq=3501 ack=5001 len=500"}));
}

// A zero window stops sending; an opened window resumes it.
TEST(Data, ZeroWindow_StopsSendingUntilWindowUpdate) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg(".", 5001, 1001, {}, 0));
  EXPECT_EQ(ep.status().snd_wnd, 0u);
  send_text(ep, kNow, "hello");
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_segment(kNow + kStep1, seg(".", 5001, 1001, {}, 1000));
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=5"});
}

// RFC 9293 §3.8.6.1: with a zero window and data waiting, a probe goes out after
// the RTO; "the sending TCP peer must regularly transmit at least one octet of
// new data (if available)" — the probe is the next octet at SND.NXT.
TEST(Data, ZeroWindow_PersistProbeAfterRto) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg(".", 5001, 1001, {}, 0));
  send_text(ep, kNow, "hello");
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.poll_at(), kNow + kSeconds);
  ep.on_timer(kNow + kSeconds - 1);
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_timer(kNow + kSeconds);
  const auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].has(flag::ACK));
  EXPECT_EQ(out[0].seq, SeqNum(1001)) << brief(out[0]);
  EXPECT_EQ(text(out[0].payload), "h") << brief(out[0]);
  EXPECT_TRUE(ep.poll_at().has_value());  // probing goes on while the window is shut
  EXPECT_EQ(ep.state(), State::Established);
}

// The receiver refused the probe octet (ACK still at SND.UNA) and then opens its
// window: sending resumes at SND.UNA, the refused octet first, leaving no hole;
// the zero-window answers to probes are not duplicate ACKs.
TEST(Data, ZeroWindow_RefusedProbeOctetIsSentAgainWhenWindowOpens) {
  Endpoint ep = established(no_delay());
  ep.on_segment(kNow, seg(".", 5001, 1001, {}, 0));
  send_text(ep, kNow, "hello");
  for (TimeUs t : {kNow + kSeconds, kNow + 3 * kSeconds, kNow + 7 * kSeconds}) {
    ep.on_timer(t);
    EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=1"});
    ep.on_segment(t + kStep1, seg(".", 5001, 1001, {}, 0));  // window still shut
    EXPECT_EQ(sent(ep), Sent{});
  }
  ep.on_segment(kNow + 8 * kSeconds, seg(".", 5001, 1001, {}, 1000));
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=5"});
  EXPECT_EQ(ep.status().snd_nxt, SeqNum(1006));
}

// RFC 5681 §3.2: the third duplicate ACK retransmits the first unacknowledged segment
// before the retransmission timer would.
TEST(Data, ThirdDuplicateAck_FastRetransmit) {
  Endpoint ep = established(no_delay());
  send_text(ep, kNow, std::string(3000, 'x'));
  EXPECT_EQ(sent(ep).size(), 3u);
  ep.on_segment(kNow + kStep1, seg(".", 5001, 1001));
  ep.on_segment(kNow + kStep1, seg(".", 5001, 1001));
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_segment(kNow + kStep1, seg(".", 5001, 1001));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=1000"});
  EXPECT_EQ(ep.state(), State::Established);
}

// Out-of-order data is held (with an immediate duplicate ACK) and delivered when
// the gap fills.
TEST(Data, OutOfOrder_HeldAndDeliveredWhenGapFills) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg("P.", 5006, 1001, "world"));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.readable(), 0u);
  ep.on_segment(kNow + 1, seg("P.", 5001, 1001, "hello"));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5011 len=0"});
  EXPECT_EQ(receive_all(ep, kNow + 2), "helloworld");
}

TEST(Data, OutOfOrderFin_ProcessedWhenGapFills) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg("FP.", 5006, 1001, "world"));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(ep.state(), State::Established);
  ep.on_segment(kNow + 1, seg("P.", 5001, 1001, "hello"));
  EXPECT_EQ(ep.state(), State::CloseWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5012 len=0"});
  EXPECT_EQ(receive_all(ep, kNow + 2), "helloworld");
  EXPECT_TRUE(ep.peer_closed());
}

// RFC 9293 §3.8.6.2.2: a RECEIVE that reopens a closed window sends a window
// update; a read too small to matter does not (receiver silly window avoidance).
// A buffer smaller than one MSS: the update comes once half the buffer is free.
TEST(Data, ReceiveBufferBelowMss_WindowUpdateAtHalfTheBuffer) {
  Settings s;
  s.receive_buffer = 1000;
  Endpoint ep = established(s);
  ep.on_segment(kNow, seg("P.", 5001, 1001, std::string(1000, 'd')));
  auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].window, 0);
  std::uint8_t buf[1000];
  EXPECT_EQ(ep.receive(kNow + 1, buf, 400), 400u);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.receive(kNow + 2, buf, 100), 100u);
  out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].window, 500);
}

TEST(Data, ReceiveReopeningWindow_SendsWindowUpdate) {
  Settings s;
  s.receive_buffer = 200;
  s.mss = 100;
  Endpoint ep = established(s);
  ep.on_segment(kNow, seg("P.", 5001, 1001, std::string(200, 'd')));
  auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(brief(out[0]), ". seq=1001 ack=5201 len=0");
  EXPECT_EQ(out[0].window, 0);

  std::uint8_t buf[200];
  EXPECT_EQ(ep.receive(kNow + 1, buf, 10), 10u);
  EXPECT_EQ(sent(ep), Sent{});

  EXPECT_EQ(ep.receive(kNow + 2, buf, sizeof buf), 190u);
  out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(brief(out[0]), ". seq=1001 ack=5201 len=0");
  EXPECT_EQ(out[0].window, 200);
}

// §3.10.4: CLOSE enters FIN-WAIT-1 at once, but the FIN follows all queued data.
TEST(Data, Close_FinFollowsQueuedData) {
  Endpoint ep = established(no_delay());
  ep.on_segment(kStep2, seg(".", 5001, 1001, {}, 1000));
  send_text(ep, kNow, std::string(2500, 'x'));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=1000"});
  EXPECT_EQ(ep.close(kNow), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::FinWait1);
  EXPECT_EQ(sent(ep), Sent{});
  ep.on_segment(kNow + kStep1, seg(".", 5001, 2001, {}, 1000));
  EXPECT_EQ(sent(ep), Sent{". seq=2001 ack=5001 len=1000"});
  ep.on_segment(kNow + kStep2, seg(".", 5001, 3001, {}, 1000));
  EXPECT_EQ(sent(ep), Sent{"FP. seq=3001 ack=5001 len=500"});
  EXPECT_EQ(ep.status().snd_nxt, SeqNum(3502));
  ep.on_segment(kNow + kStep3, seg(".", 5001, 3502, {}, 1000));
  EXPECT_EQ(ep.state(), State::FinWait2);
}

TEST(Data, SendBufferFull_InsufficientResources) {
  Settings s;
  s.send_buffer = 10;
  Endpoint ep = established(s);
  const auto data = bytes("0123456789ABCDE");
  std::size_t accepted = 0;
  EXPECT_EQ(ep.send(kNow, data.data(), data.size(), &accepted), CallResult::Ok);
  EXPECT_EQ(accepted, 10u);
  EXPECT_EQ(ep.send_space(), 0u);
  EXPECT_EQ(ep.send(kNow, data.data(), 1, &accepted), CallResult::InsufficientResources);
  EXPECT_EQ(accepted, 0u);
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=10"});

  // The ACK frees the buffer.
  ep.on_segment(kNow + kStep1, seg(".", 5001, 1011));
  EXPECT_TRUE(contains(notices(ep), Notice::Writable));
  EXPECT_EQ(ep.send_space(), 10u);
  EXPECT_EQ(ep.status().send_queued, 0u);
}

}  // namespace
}  // namespace synack::tcp::test

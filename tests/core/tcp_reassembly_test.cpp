// Out-of-order reassembly in the receive buffer (RFC 9293 §3.10.7.4 seventh,
// RFC 5681 §4.2): segments held past RCV.NXT until the hole before them fills,
// overlapping retransmissions, a FIN held out of order, data beyond the window
// trimmed, and a duplicate ACK for each segment out of order. The reader must
// get exactly the stream, in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

constexpr std::uint32_t kFirst = kIrs + 1;  // RCV.NXT after the handshake

// The peer's data at stream offset `off` (0 = the first byte after its SYN).
Segment data_at(std::uint32_t off, std::string_view payload, std::string_view flags = "P.") {
  return seg(flags, kFirst + off, kIss + 1, payload);
}

std::string ack_line(std::uint32_t rcv_nxt) {
  return ". seq=1001 ack=" + std::to_string(rcv_nxt) + " len=0";
}

TEST(Reassembly, ThirdThenSecondThenFirst_StreamInOrder) {
  Endpoint ep = established();
  ep.on_segment(kStep2, data_at(8, "cccc"));
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst)});  // a duplicate ACK at once
  EXPECT_EQ(ep.readable(), 0u);
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst);
  ep.on_segment(kStep2, data_at(4, "bbbb"));
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst)});
  EXPECT_EQ(ep.readable(), 0u);
  ep.on_segment(kStep2, data_at(0, "aaaa"));
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst + 12)});  // RCV.NXT over both held stretches
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 12);
  EXPECT_EQ(receive_all(ep, kStep3), "aaaabbbbcccc");
}

TEST(Reassembly, OutOfOrder_OneDuplicateAckEach) {
  Endpoint ep = established();
  for (std::uint32_t off : {10u, 20u, 30u}) ep.on_segment(kStep2, data_at(off, "xxxxx"));
  EXPECT_EQ(sent(ep), (Sent{ack_line(kFirst), ack_line(kFirst), ack_line(kFirst)}));
}

TEST(Reassembly, TwoGaps_RcvNxtStopsAtTheFirstHoleLeft) {
  Endpoint ep = established();
  ep.on_segment(kStep2, data_at(0, "AAAA"));   // in order
  ep.on_segment(kStep2, data_at(8, "CCCC"));   // gap at 4
  ep.on_segment(kStep2, data_at(16, "EEEE"));  // gap at 12
  EXPECT_EQ(sent(ep), (Sent{ack_line(kFirst + 4), ack_line(kFirst + 4), ack_line(kFirst + 4)}));
  ep.on_segment(kStep2, data_at(12, "DDDD"));  // fills the second hole: still one before it
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst + 4)});
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 4);
  EXPECT_EQ(receive_all(ep, kStep3), "AAAA");
  ep.on_segment(kStep3, data_at(4, "BBBB"));  // the first hole: everything joins
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst + 20)});
  EXPECT_EQ(receive_all(ep, kStep3), "BBBBCCCCDDDDEEEE");
}

TEST(Reassembly, HoleFilledByTwoSegments_EachAdvancesRcvNxt) {
  Endpoint ep = established();
  ep.on_segment(kStep2, data_at(8, "cccc"));
  ep.on_segment(kStep2, data_at(0, "aa"));
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 2);
  ep.on_segment(kStep2, data_at(2, "aabbbb"));
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 12);
  sent(ep);
  EXPECT_EQ(receive_all(ep, kStep3), "aaaabbbbcccc");
}

TEST(Reassembly, OverlappingRetransmissions_EachByteOnce) {
  Endpoint ep = established();
  ep.on_segment(kStep2, data_at(8, "cccc"));         // held 8..12
  ep.on_segment(kStep2, data_at(6, "bbcccc"));       // overlaps the held one
  ep.on_segment(kStep2, data_at(10, "ccdddd"));      // overlaps its end, goes past
  ep.on_segment(kStep2, data_at(0, "aaaa"));         // in order: 0..4
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 4);  // the hole at 4..6 is left
  ep.on_segment(kStep2, data_at(2, "aabbbb"));       // starts before RCV.NXT: trimmed
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 16);
  EXPECT_EQ(sent(ep), (Sent{ack_line(kFirst), ack_line(kFirst), ack_line(kFirst),
                            ack_line(kFirst + 4), ack_line(kFirst + 16)}));
  EXPECT_EQ(receive_all(ep, kStep3), "aaaabbbbccccdddd");
}

TEST(Reassembly, SegmentCoveringHeldOnes_SwallowsThem) {
  Endpoint ep = established();
  ep.on_segment(kStep2, data_at(4, "bb"));
  ep.on_segment(kStep2, data_at(8, "dd"));
  ep.on_segment(kStep2, data_at(0, "aaaabbccddee"));  // all of it at once
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 12);
  EXPECT_EQ(receive_all(ep, kStep3), "aaaabbccddee");
  // Nothing is left held: the next in-order byte is simply appended.
  ep.on_segment(kStep3, data_at(12, "f"));
  EXPECT_EQ(receive_all(ep, kStep3), "f");
}

TEST(Reassembly, FinHeldOutOfOrder_ProcessedWhenTheGapFills) {
  Endpoint ep = established();
  ep.on_segment(kStep2, data_at(8, "cccc", "F."));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_FALSE(ep.peer_closed());
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst)});
  ep.on_segment(kStep2, data_at(4, "bbbb"));
  EXPECT_EQ(ep.state(), State::Established);
  ep.on_segment(kStep2, data_at(0, "aaaa"));
  EXPECT_EQ(ep.state(), State::CloseWait);
  EXPECT_TRUE(ep.peer_closed());
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 13);  // the FIN counts one
  EXPECT_EQ(sent(ep), (Sent{ack_line(kFirst), ack_line(kFirst + 13)}));
  EXPECT_EQ(receive_all(ep, kStep3), "aaaabbbbcccc");
}

TEST(Reassembly, BareFinOutOfOrder_HeldToo) {
  Endpoint ep = established();
  ep.on_segment(kStep2, data_at(4, "", "F."));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst)});
  ep.on_segment(kStep2, data_at(0, "abcd"));
  EXPECT_EQ(ep.state(), State::CloseWait);
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 5);
  EXPECT_EQ(receive_all(ep, kStep3), "abcd");
}

TEST(Reassembly, FinOutOfOrderInFinWait2_TimeWaitWhenTheGapFills) {
  Endpoint ep = fin_wait_2();
  ep.on_segment(kNow, seg("F.", kFirst + 3, 1002, "def"));
  EXPECT_EQ(ep.state(), State::FinWait2);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5001 len=0"});
  ep.on_segment(kNow, seg("P.", kFirst, 1002, "abc"));
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5008 len=0"});
  EXPECT_EQ(receive_all(ep, kNow), "abcdef");
}

TEST(Reassembly, InOrderBeyondTheWindow_Trimmed) {
  Settings s;
  s.receive_buffer = 10;
  Endpoint ep = established(s);
  ep.on_segment(kStep2, data_at(0, "0123456789ABCDEF"));
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst + 10)});
  EXPECT_EQ(receive_all(ep, kStep3), "0123456789");
}

TEST(Reassembly, OutOfOrderBeyondTheWindow_TrimmedAtTheRightEdge) {
  Settings s;
  s.receive_buffer = 10;
  Endpoint ep = established(s);
  ep.on_segment(kStep2, data_at(8, "89ABCD", "F."));  // 8..14: only 8..10 fit; the FIN does not
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst)});
  ep.on_segment(kStep2, data_at(0, "01234567"));
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 10);
  EXPECT_EQ(ep.state(), State::Established);  // the FIN was past the window
  EXPECT_EQ(receive_all(ep, kStep3), "0123456789");
  // The peer resends what did not fit; it goes in after the rest.
  sent(ep);
  ep.on_segment(kStep3, data_at(10, "ABCD", "F."));
  EXPECT_EQ(ep.state(), State::CloseWait);
  EXPECT_EQ(receive_all(ep, kStep3), "ABCD");
}

TEST(Reassembly, WhollyBeyondTheWindow_NotHeld) {
  Settings s;
  s.receive_buffer = 10;
  Endpoint ep = established(s);
  ep.on_segment(kStep2, data_at(20, "zz"));
  EXPECT_EQ(sent(ep), Sent{ack_line(kFirst)});
  EXPECT_EQ(ep.ignored().size(), 1u);  // not acceptable: the first check
  ep.on_segment(kStep2, data_at(0, "0123456789"));
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 10);
  EXPECT_EQ(receive_all(ep, kStep3), "0123456789");
}

TEST(Reassembly, HeldDataAfterReading_StillInPlace) {
  Endpoint ep = established();
  ep.on_segment(kStep2, data_at(0, "aaaa"));
  ep.on_segment(kStep2, data_at(8, "cccc"));
  EXPECT_EQ(receive_all(ep, kStep2), "aaaa");  // reading moves the ring under the held part
  ep.on_segment(kStep2, data_at(12, "dddd"));
  EXPECT_EQ(receive_all(ep, kStep2), "");
  ep.on_segment(kStep2, data_at(4, "bbbb"));
  EXPECT_EQ(receive_all(ep, kStep3), "bbbbccccdddd");
}

// ---- property: any order, any duplicates, the same stream ----

struct Piece {
  std::uint32_t off;
  std::string data;
  bool fin;
};

std::string make_stream(std::size_t n, std::mt19937& rng) {
  std::string s(n, '\0');
  std::uniform_int_distribution<int> byte(0, 255);
  for (char& c : s) c = static_cast<char>(byte(rng));
  return s;
}

// The stream cut at random into pieces of 1..max bytes, some overlapping the
// piece before, the last carrying FIN when asked.
std::vector<Piece> cut(const std::string& stream, std::size_t max, bool fin, std::mt19937& rng) {
  std::vector<Piece> pieces;
  std::uniform_int_distribution<std::size_t> len(1, max);
  std::uniform_int_distribution<int> overlap(0, 3);
  std::size_t at = 0;
  while (at < stream.size()) {
    std::size_t start = at;
    if (overlap(rng) == 0 && at > 0) start -= std::min<std::size_t>(at, len(rng) / 2);
    const std::size_t n = std::min(len(rng), stream.size() - start);
    pieces.push_back({static_cast<std::uint32_t>(start), stream.substr(start, n), false});
    at = std::max(at, start + n);
  }
  if (fin) pieces.back().fin = pieces.back().off + pieces.back().data.size() == stream.size();
  return pieces;
}

// Every delivered segment gets exactly one ACK, carrying RCV.NXT.
void deliver(Endpoint& ep, const Piece& p, TimeUs now) {
  ep.on_segment(now, data_at(p.off, p.data, p.fin ? "F." : "P."));
  const auto out = ep.take_segments();
  ASSERT_EQ(out.size(), 1u) << "offset " << p.off;
  EXPECT_EQ(out[0].ack, ep.status().rcv_nxt) << "offset " << p.off;
}

TEST(ReassemblyProperty, RandomCutsShuffledWithDuplicates_ByteExact) {
  std::mt19937 rng(20240611);
  const std::string stream = make_stream(20000, rng);
  std::vector<Piece> pieces = cut(stream, 1000, true, rng);
  // Duplicates: about a third of the pieces again.
  const std::size_t originals = pieces.size();
  std::uniform_int_distribution<std::size_t> any(0, originals - 1);
  for (std::size_t i = 0; i < originals / 3; ++i) pieces.push_back(pieces[any(rng)]);
  std::shuffle(pieces.begin(), pieces.end(), rng);

  Endpoint ep = established();
  std::string read;
  std::uniform_int_distribution<int> coin(0, 4);
  TimeUs now = kStep2;
  for (const Piece& p : pieces) {
    deliver(ep, p, now);
    now += kMillis;
    if (coin(rng) == 0) read += receive_all(ep, now);  // the reader keeps up, now and then
  }
  read += receive_all(ep, now);
  EXPECT_EQ(ep.status().rcv_nxt.raw(), kFirst + 20000 + 1);
  EXPECT_EQ(ep.state(), State::CloseWait);
  ASSERT_EQ(read.size(), stream.size());
  EXPECT_TRUE(read == stream) << "first difference at "
                              << std::mismatch(read.begin(), read.end(), stream.begin()).first -
                                     read.begin();
}

// A receive buffer much smaller than the stream: what falls past the window is
// trimmed or refused, and the peer keeps sending everything not yet
// acknowledged, shuffled, until it is all in.
TEST(ReassemblyProperty, SmallWindowRoundsOfRetransmission_ByteExact) {
  std::mt19937 rng(7);
  const std::string stream = make_stream(20000, rng);
  const std::vector<Piece> pieces = cut(stream, 700, false, rng);
  Settings s;
  s.receive_buffer = 4096;
  Endpoint ep = established(s);
  std::string read;
  TimeUs now = kStep2;
  int rounds = 0;
  while (ep.status().rcv_nxt.raw() != kFirst + 20000 && rounds < 200) {
    ++rounds;
    const std::uint32_t acked = ep.status().rcv_nxt.raw() - kFirst;
    std::vector<Piece> round;
    for (const Piece& p : pieces) {
      if (p.off + p.data.size() > acked) round.push_back(p);
    }
    std::shuffle(round.begin(), round.end(), rng);
    round.resize(std::min<std::size_t>(round.size(), 12));  // a window's worth or so
    for (const Piece& p : round) {
      deliver(ep, p, now);
      now += kMillis;
    }
    read += receive_all(ep, now);
    sent(ep);  // window updates
  }
  EXPECT_LT(rounds, 200);
  ASSERT_EQ(read.size(), stream.size());
  EXPECT_TRUE(read == stream);
}

}  // namespace
}  // namespace synack::tcp::test

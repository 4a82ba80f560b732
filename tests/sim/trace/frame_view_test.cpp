#include "sim/trace/frame_view.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/tcp_segment.hpp"
#include "core/wire/frame.hpp"
#include "trace_fixture.hpp"

namespace synack::trace {
namespace {

using testing::kClientIsn;
using testing::kServerIsn;
using testing::Lan;
namespace flag = tcp::flag;

// The frames of the trace in order of first appearance.
std::vector<FrameId> frames_in_order(const Trace& trace) {
  std::vector<FrameId> order;
  std::vector<bool> seen(trace.frame_count(), false);
  for (const Event& e : trace.events) {
    if (const auto* fe = std::get_if<FrameEvent>(&e.what); fe && !seen[fe->frame]) {
      seen[fe->frame] = true;
      order.push_back(fe->frame);
    }
  }
  return order;
}

TEST(FrameView, HandshakeCountsFromEachDirectionsIsn) {
  const Lan lan = testing::handshake();
  const std::vector<TcpNumbers> n = number_tcp_frames(lan.trace);
  ASSERT_EQ(n.size(), lan.trace.frame_count());
  const std::vector<FrameId> order = frames_in_order(lan.trace);
  // ARP request, ARP reply, SYN, SYN-ACK, ACK, data, retransmitted data, ACK.
  ASSERT_EQ(order.size(), 8u);
  EXPECT_FALSE(n[order[0]].is_tcp);
  EXPECT_FALSE(n[order[1]].is_tcp);

  const TcpNumbers& syn = n[order[2]];
  ASSERT_TRUE(syn.is_tcp);
  EXPECT_EQ(syn.flags, flag::SYN);
  EXPECT_EQ(syn.seq, kClientIsn);
  EXPECT_EQ(syn.rel_seq, 0u);
  EXPECT_EQ(syn.rel_ack, 0u);
  EXPECT_EQ(syn.src_port, testing::kClientPort);
  EXPECT_EQ(syn.dst_ip, testing::kServerIp.value());

  const TcpNumbers& syn_ack = n[order[3]];
  EXPECT_EQ(syn_ack.seq, kServerIsn);
  EXPECT_EQ(syn_ack.ack, kClientIsn + 1);
  EXPECT_EQ(syn_ack.rel_seq, 0u);
  EXPECT_EQ(syn_ack.rel_ack, 1u);
  EXPECT_EQ(syn_ack.win, 65535);

  const TcpNumbers& ack = n[order[4]];
  EXPECT_EQ(ack.rel_seq, 1u);
  EXPECT_EQ(ack.rel_ack, 1u);

  const TcpNumbers& data = n[order[5]];
  EXPECT_EQ(data.rel_seq, 1u);
  EXPECT_EQ(data.len, 5u);

  const TcpNumbers& last_ack = n[order[7]];
  EXPECT_EQ(last_ack.rel_ack, 6u);
}

TEST(FrameView, RetransmittedSynKeepsTheNumbering) {
  Lan lan;
  lan.cross(0, lan.tcp(true, flag::SYN, 1000, 0), lan.client, lan.server);
  const FrameId again = lan.tcp(true, flag::SYN, 1000, 0);
  lan.cross(1000, again, lan.client, lan.server);
  const FrameId syn_ack = lan.tcp(false, flag::SYN | flag::ACK, 7000, 1001);
  lan.cross(1020, syn_ack, lan.server, lan.client);
  const auto n = number_tcp_frames(lan.trace);
  EXPECT_EQ(n[again].rel_seq, 0u);
  EXPECT_EQ(n[syn_ack].rel_ack, 1u);
}

TEST(FrameView, NewSynOnAReusedPortStartsNewNumbering) {
  Lan lan;
  lan.cross(0, lan.tcp(true, flag::SYN, 1000, 0), lan.client, lan.server);
  lan.cross(20, lan.tcp(false, flag::SYN | flag::ACK, 7000, 1001), lan.server, lan.client);
  lan.cross(40, lan.tcp(true, flag::FIN | flag::ACK, 1001, 7001), lan.client, lan.server);
  // Same four-tuple after TIME-WAIT, new ISNs on both sides.
  const FrameId syn = lan.tcp(true, flag::SYN, 90000, 0);
  lan.cross(100, syn, lan.client, lan.server);
  const FrameId syn_ack = lan.tcp(false, flag::SYN | flag::ACK, 123, 90001);
  lan.cross(120, syn_ack, lan.server, lan.client);
  const FrameId ack = lan.tcp(true, flag::ACK, 90001, 124);
  lan.cross(140, ack, lan.client, lan.server);
  const auto n = number_tcp_frames(lan.trace);
  EXPECT_EQ(n[syn].rel_seq, 0u);
  EXPECT_EQ(n[syn_ack].rel_seq, 0u);
  EXPECT_EQ(n[syn_ack].rel_ack, 1u);
  EXPECT_EQ(n[ack].rel_seq, 1u);
  EXPECT_EQ(n[ack].rel_ack, 1u);
}

TEST(FrameView, WithoutASynTheFirstSeqIsTheBase) {
  Lan lan;
  const FrameId first = lan.tcp(true, flag::ACK, 40000, 9000, 10);
  lan.cross(0, first, lan.client, lan.server);
  const FrameId reply = lan.tcp(false, flag::ACK, 9000, 40010);
  lan.cross(20, reply, lan.server, lan.client);
  const FrameId next = lan.tcp(true, flag::ACK, 40010, 9000, 10);
  lan.cross(40, next, lan.client, lan.server);
  const auto n = number_tcp_frames(lan.trace);
  EXPECT_EQ(n[first].rel_seq, 0u);
  EXPECT_EQ(n[reply].rel_ack, 10u);
  EXPECT_EQ(n[next].rel_seq, 10u);
  // The server's direction was first heard of through the client's ack.
  EXPECT_EQ(n[first].rel_ack, 0u);
  EXPECT_EQ(n[reply].rel_seq, 0u);
}

TEST(FrameView, FramesAreNumberedInEventOrderNotFrameOrder) {
  Lan lan;
  // The SYN-ACK's bytes are stored first but appear second.
  const FrameId syn_ack = lan.tcp(false, flag::SYN | flag::ACK, 7000, 1001);
  const FrameId syn = lan.tcp(true, flag::SYN, 1000, 0);
  lan.cross(0, syn, lan.client, lan.server);
  lan.cross(20, syn_ack, lan.server, lan.client);
  const auto n = number_tcp_frames(lan.trace);
  EXPECT_EQ(n[syn_ack].rel_ack, 1u);
}

TEST(FrameView, SummariesUseRelativeNumbersWhenGiven) {
  const Lan lan = testing::handshake();
  const auto n = number_tcp_frames(lan.trace);
  const FrameId syn_ack = frames_in_order(lan.trace)[3];
  EXPECT_EQ(summarize_frame(lan.trace, syn_ack, &n[syn_ack]),
            "10.0.0.2:80 > 10.0.0.1:49152 S. seq 0 ack 1 win 65535 len 0");
  EXPECT_EQ(summarize_frame(lan.trace, syn_ack),
            "10.0.0.2:80 > 10.0.0.1:49152 S. seq 5000 ack 1001 win 65535 len 0");
  const FrameId syn = frames_in_order(lan.trace)[2];
  EXPECT_EQ(summarize_frame(lan.trace, syn, &n[syn]),
            "10.0.0.1:49152 > 10.0.0.2:80 S seq 0 win 65535 len 0");
}

TEST(FrameView, SummariesOfArpAndUdp) {
  Lan lan;
  const FrameId request = lan.arp_request(true);
  const FrameId reply = lan.arp_reply(false);
  const FrameId udp = lan.udp(12);
  lan.cross(0, request, lan.client, lan.server, true);
  lan.cross(20, reply, lan.server, lan.client);
  lan.cross(40, udp, lan.client, lan.server);
  const auto n = number_tcp_frames(lan.trace);
  EXPECT_FALSE(n[udp].is_tcp);
  EXPECT_EQ(summarize_frame(lan.trace, request), "ARP who-has 10.0.0.2 tell 10.0.0.1");
  EXPECT_EQ(summarize_frame(lan.trace, reply), "ARP reply 10.0.0.2 is-at 02:00:00:00:00:02");
  EXPECT_EQ(summarize_frame(lan.trace, udp, &n[udp]), "10.0.0.1:5000 > 10.0.0.2:6000 UDP len 12");
}

TEST(FrameView, AFrameThatDoesNotDecodeNamesTheError) {
  Lan lan;
  const FrameId good = lan.tcp(true, flag::SYN, 1000, 0);
  std::vector<std::uint8_t> bytes = lan.trace.frame(good).to_vector();
  bytes.back() ^= 0xFF;  // the TCP checksum no longer matches
  const FrameId bad = lan.trace.add_frame(bytes);
  const std::vector<std::uint8_t> two_bytes{0x02, 0x00};
  const FrameId stub = lan.trace.add_frame(two_bytes);
  lan.cross(0, bad, lan.client, lan.server);
  lan.cross(10, stub, lan.client, lan.server);
  const auto n = number_tcp_frames(lan.trace);
  EXPECT_FALSE(n[bad].is_tcp);
  const std::string summary = summarize_frame(lan.trace, bad, &n[bad]);
  EXPECT_NE(summary.find("10.0.0.1 > 10.0.0.2 malformed: TCP checksum"), std::string::npos)
      << summary;
  EXPECT_NE(summarize_frame(lan.trace, stub).find("malformed: Ethernet"), std::string::npos);
  EXPECT_EQ(summarize_frame(lan.trace, 999), "no frame 999");
}

// A SYN's offer is shown whole; SACK blocks count from the ISN of the data
// they report, like the ACK beside them.
TEST(FrameView, OptionsAreShownWithSackBlocksRelative) {
  Lan lan;
  wire::Ipv4Repr ip;
  ip.src = testing::kClientIp;
  ip.dst = testing::kServerIp;
  wire::TcpRepr syn;
  syn.src_port = testing::kClientPort;
  syn.dst_port = testing::kServerPort;
  syn.seg.seq = SeqNum(kClientIsn);
  syn.seg.flags = flag::SYN;
  syn.seg.mss = 1460;
  syn.seg.sack_permitted = true;
  const auto syn_bytes = wire::build_tcp_frame(testing::kClientMac, testing::kServerMac, ip, syn);
  const FrameId syn_frame = lan.trace.add_frame(syn_bytes);
  lan.cross(0, syn_frame, lan.client, lan.server);
  const FrameId syn_ack = lan.tcp(false, flag::SYN | flag::ACK, kServerIsn, kClientIsn + 1);
  lan.cross(100, syn_ack, lan.server, lan.client);
  wire::TcpRepr ack = syn;
  ack.seg.flags = flag::ACK;
  ack.seg.seq = SeqNum(kClientIsn + 1);
  ack.seg.ack = SeqNum(kServerIsn + 1);
  ack.seg.mss = 0;
  ack.seg.sack_permitted = false;
  ack.seg.sack = {{SeqNum(kServerIsn + 11), SeqNum(kServerIsn + 21)}};
  const auto ack_bytes = wire::build_tcp_frame(testing::kClientMac, testing::kServerMac, ip, ack);
  const FrameId ack_frame = lan.trace.add_frame(ack_bytes);
  lan.cross(200, ack_frame, lan.client, lan.server);

  const std::vector<TcpNumbers> n = number_tcp_frames(lan.trace);
  EXPECT_EQ(n[syn_frame].options, "mss 1460,sackOK");
  EXPECT_EQ(n[syn_ack].options, "");
  EXPECT_EQ(n[ack_frame].options, "sack 11:21");
  EXPECT_NE(summarize_frame(lan.trace, ack_frame, &n[ack_frame]).find("<sack 11:21>"),
            std::string::npos);
}

}  // namespace
}  // namespace synack::trace

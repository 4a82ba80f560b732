// Frames written by the Linux kernel (6.18), not by our encoder. They were
// captured with an AF_PACKET socket on a veth pair between two network
// namespaces (10.9.0.1 connecting to a closed port on 10.9.0.2, then sending
// one UDP datagram), with transmit checksum offload switched off so the kernel
// filled in every checksum itself. The IPv4, TCP and UDP checksums were checked
// separately with a few lines of Python (struct + RFC 1071 sum), which give
// 0xfb2c/0xafba (SYN), 0x26bc/0x2994 (RST) and 0x4792/0xf54d (UDP).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/wire/checksum.hpp"
#include "core/wire/frame.hpp"

namespace synack::wire {
namespace {

// Twelve bytes a line, as a hex dump reads.
// clang-format off
// "Who has 10.9.0.2? Tell 10.9.0.1", broadcast; 42 bytes, unpadded as captured.
const std::vector<std::uint8_t> kArpRequest = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf6, 0x8b, 0x62, 0x11, 0x19, 0x77,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0xf6, 0x8b,
    0x62, 0x11, 0x19, 0x77, 0x0a, 0x09, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x0a, 0x09, 0x00, 0x02,
};
const std::vector<std::uint8_t> kArpReply = {
    0xf6, 0x8b, 0x62, 0x11, 0x19, 0x77, 0x5a, 0x2f, 0xec, 0xbe, 0xa7, 0xc2,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x5a, 0x2f,
    0xec, 0xbe, 0xa7, 0xc2, 0x0a, 0x09, 0x00, 0x02, 0xf6, 0x8b, 0x62, 0x11,
    0x19, 0x77, 0x0a, 0x09, 0x00, 0x01,
};
// SYN with MSS 1460, SACK permitted, timestamps, NOP, window scale 10.
const std::vector<std::uint8_t> kTcpSyn = {
    0x5a, 0x2f, 0xec, 0xbe, 0xa7, 0xc2, 0xf6, 0x8b, 0x62, 0x11, 0x19, 0x77,
    0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x2b, 0x7b, 0x40, 0x00, 0x40, 0x06,
    0xfb, 0x2c, 0x0a, 0x09, 0x00, 0x01, 0x0a, 0x09, 0x00, 0x02, 0xd5, 0x14,
    0xbb, 0x7f, 0x16, 0x45, 0xcb, 0x4d, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
    0xfa, 0xf0, 0xaf, 0xba, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02,
    0x08, 0x0a, 0x96, 0x77, 0x80, 0x9e, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03,
    0x03, 0x0a,
};
// The closed port's answer: RST|ACK acknowledging the SYN.
const std::vector<std::uint8_t> kTcpRstAck = {
    0xf6, 0x8b, 0x62, 0x11, 0x19, 0x77, 0x5a, 0x2f, 0xec, 0xbe, 0xa7, 0xc2,
    0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06,
    0x26, 0xbc, 0x0a, 0x09, 0x00, 0x02, 0x0a, 0x09, 0x00, 0x01, 0xbb, 0x7f,
    0xd5, 0x14, 0x00, 0x00, 0x00, 0x00, 0x16, 0x45, 0xcb, 0x4e, 0x50, 0x14,
    0x00, 0x00, 0x29, 0x94, 0x00, 0x00,
};
// 10.9.0.1:40000 -> 10.9.0.2:5353, payload "synack".
const std::vector<std::uint8_t> kUdp = {
    0x5a, 0x2f, 0xec, 0xbe, 0xa7, 0xc2, 0xf6, 0x8b, 0x62, 0x11, 0x19, 0x77,
    0x08, 0x00, 0x45, 0x00, 0x00, 0x22, 0xdf, 0x24, 0x40, 0x00, 0x40, 0x11,
    0x47, 0x92, 0x0a, 0x09, 0x00, 0x01, 0x0a, 0x09, 0x00, 0x02, 0x9c, 0x40,
    0x14, 0xe9, 0x00, 0x0e, 0xf5, 0x4d, 0x73, 0x79, 0x6e, 0x61, 0x63, 0x6b,
};
// ICMP port unreachable for that datagram, quoting all of it after 8 bytes.
const std::vector<std::uint8_t> kIcmpPortUnreachable = {
    0xf6, 0x8b, 0x62, 0x11, 0x19, 0x77, 0x5a, 0x2f, 0xec, 0xbe, 0xa7, 0xc2,
    0x08, 0x00, 0x45, 0xc0, 0x00, 0x3e, 0xf2, 0xdc, 0x00, 0x00, 0x40, 0x01,
    0x73, 0x0e, 0x0a, 0x09, 0x00, 0x02, 0x0a, 0x09, 0x00, 0x01, 0x03, 0x03,
    0x11, 0x31, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x22, 0xdf, 0x24,
    0x40, 0x00, 0x40, 0x11, 0x47, 0x92, 0x0a, 0x09, 0x00, 0x01, 0x0a, 0x09,
    0x00, 0x02, 0x9c, 0x40, 0x14, 0xe9, 0x00, 0x0e, 0xf5, 0x4d, 0x73, 0x79,
    0x6e, 0x61, 0x63, 0x6b,
};
// A SYN captured on `lo`, where the TCP checksum is left to "hardware": the
// field holds just the pseudo-header sum (0xfe30) for a NIC to finish, while
// the real checksum (Python again) is 0xd57f. The IPv4 checksum is complete:
// the kernel always computes that one itself.
const std::vector<std::uint8_t> kLoopbackSyn = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x05, 0x87, 0x40, 0x00, 0x40, 0x06,
    0x37, 0x33, 0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01, 0xa0, 0x94,
    0xbb, 0x7f, 0xa2, 0xbb, 0x34, 0xb1, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
    0xff, 0xd7, 0xfe, 0x30, 0x00, 0x00, 0x02, 0x04, 0xff, 0xd7, 0x04, 0x02,
    0x08, 0x0a, 0x4f, 0xfa, 0xf7, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03,
    0x03, 0x0a,
};
// clang-format on

const MacAddress kMac1({0xf6, 0x8b, 0x62, 0x11, 0x19, 0x77});  // 10.9.0.1
const MacAddress kMac2({0x5a, 0x2f, 0xec, 0xbe, 0xa7, 0xc2});  // 10.9.0.2
const Ipv4Address kIp1(10, 9, 0, 1);
const Ipv4Address kIp2(10, 9, 0, 2);

TEST(LinuxCapture, ArpRequestAndReply) {
  const DecodedFrame request = decode_frame(kArpRequest);
  ASSERT_TRUE(request.ok()) << request.error->message;
  ASSERT_TRUE(request.arp);
  EXPECT_TRUE(request.ethernet->dst.is_broadcast());
  EXPECT_EQ(request.ethernet->src, kMac1);
  EXPECT_EQ(request.arp->operation, ArpOperation::request);
  EXPECT_EQ(request.arp->sender_mac, kMac1);
  EXPECT_EQ(request.arp->sender_ip, kIp1);
  EXPECT_EQ(request.arp->target_mac, MacAddress());
  EXPECT_EQ(request.arp->target_ip, kIp2);
  EXPECT_EQ(build_arp_frame(kMac1, MacAddress::broadcast(), *request.arp), kArpRequest);

  const DecodedFrame reply = decode_frame(kArpReply);
  ASSERT_TRUE(reply.ok()) << reply.error->message;
  ASSERT_TRUE(reply.arp);
  EXPECT_EQ(reply.arp->operation, ArpOperation::reply);
  EXPECT_EQ(reply.arp->sender_mac, kMac2);
  EXPECT_EQ(reply.arp->sender_ip, kIp2);
  EXPECT_EQ(reply.arp->target_mac, kMac1);
  EXPECT_EQ(reply.arp->target_ip, kIp1);
  EXPECT_EQ(build_arp_frame(kMac2, kMac1, *reply.arp), kArpReply);
}

TEST(LinuxCapture, SynWithLinuxOptions) {
  const DecodedFrame syn = decode_frame(kTcpSyn);
  ASSERT_TRUE(syn.ok()) << syn.error->message;
  ASSERT_TRUE(syn.ethernet && syn.ipv4 && syn.tcp);
  EXPECT_EQ(syn.ethernet->dst, kMac2);
  EXPECT_EQ(syn.ethernet->src, kMac1);

  const Ipv4Repr& ip = *syn.ipv4;
  EXPECT_EQ(ip.src, kIp1);
  EXPECT_EQ(ip.dst, kIp2);
  EXPECT_EQ(ip.protocol, ip_protocol::TCP);
  EXPECT_EQ(ip.ttl, 64);
  EXPECT_EQ(ip.identification, 0x2b7b);
  EXPECT_TRUE(ip.dont_fragment);
  EXPECT_FALSE(ip.is_fragment());
  EXPECT_EQ(ip.dscp_ecn, 0);
  EXPECT_TRUE(ip.checksum_ok);

  const TcpRepr& tcp = *syn.tcp;
  EXPECT_EQ(tcp.src_port, 54548);
  EXPECT_EQ(tcp.dst_port, 47999);
  EXPECT_EQ(tcp.seg.seq, SeqNum(0x1645cb4d));
  EXPECT_EQ(tcp.seg.ack, SeqNum(0));
  EXPECT_EQ(tcp.seg.flags, tcp::flag::SYN);
  EXPECT_EQ(tcp.seg.window, 64240);
  EXPECT_EQ(tcp.seg.mss, 1460);
  EXPECT_TRUE(tcp.seg.payload.empty());
  EXPECT_EQ(tcp.urgent_pointer, 0);
  EXPECT_TRUE(tcp.checksum_ok);
  // Linux's <mss 1460,sackOK,TS val 2524414110 ecr 0,nop,wscale 10>, read into the segment.
  EXPECT_EQ(tcp.seg.window_scale, std::optional<std::uint8_t>(10));
  EXPECT_TRUE(tcp.seg.sack_permitted);
  EXPECT_EQ(tcp.seg.timestamps, (tcp::Timestamps{2524414110u, 0}));
  EXPECT_TRUE(tcp.options.empty());
  EXPECT_EQ(options_text(tcp), "mss 1460,wscale 10,sackOK,TS val 2524414110 ecr 0");
  EXPECT_EQ(tcp_header_length(tcp), 40u);

  // Our checksums agree with the kernel's. Re-encoding lays the options out
  // as FreeBSD does, in the same 20 bytes, and reads back the same.
  const ByteView frame(kTcpSyn);
  EXPECT_EQ(internet_checksum(frame.sub(14, 20)), 0);
  EXPECT_EQ(transport_checksum(kIp1, kIp2, ip_protocol::TCP, frame.from(34), 16), 0xafba);
  const std::vector<std::uint8_t> again = build_tcp_frame(kMac1, kMac2, ip, tcp);
  ASSERT_EQ(again.size(), kTcpSyn.size());
  const DecodedFrame back = decode_frame(again);
  ASSERT_TRUE(back.ok()) << back.error->message;
  EXPECT_EQ(options_text(*back.tcp), options_text(tcp));
}

TEST(LinuxCapture, RstAckFromClosedPort) {
  const DecodedFrame rst = decode_frame(kTcpRstAck);
  ASSERT_TRUE(rst.ok()) << rst.error->message;
  ASSERT_TRUE(rst.tcp);
  EXPECT_EQ(rst.ipv4->src, kIp2);
  EXPECT_EQ(rst.ipv4->identification, 0);
  EXPECT_EQ(rst.tcp->src_port, 47999);
  EXPECT_EQ(rst.tcp->dst_port, 54548);
  EXPECT_EQ(rst.tcp->seg.seq, SeqNum(0));
  EXPECT_EQ(rst.tcp->seg.ack, SeqNum(0x1645cb4d) + 1);  // the SYN counts as one
  EXPECT_EQ(rst.tcp->seg.flags, tcp::flag::RST | tcp::flag::ACK);
  EXPECT_EQ(rst.tcp->seg.window, 0);
  EXPECT_EQ(rst.tcp->seg.mss, 0);
  EXPECT_TRUE(rst.tcp->options.empty());
  EXPECT_EQ(build_tcp_frame(kMac2, kMac1, *rst.ipv4, *rst.tcp), kTcpRstAck);
}

TEST(LinuxCapture, UdpDatagram) {
  const DecodedFrame frame = decode_frame(kUdp);
  ASSERT_TRUE(frame.ok()) << frame.error->message;
  ASSERT_TRUE(frame.udp);
  EXPECT_EQ(frame.ipv4->identification, 0xdf24);
  EXPECT_EQ(frame.ipv4->protocol, ip_protocol::UDP);
  EXPECT_EQ(frame.udp->src_port, 40000);
  EXPECT_EQ(frame.udp->dst_port, 5353);
  EXPECT_EQ(std::string(frame.udp->payload.begin(), frame.udp->payload.end()), "synack");
  EXPECT_TRUE(frame.udp->checksum_present);
  EXPECT_TRUE(frame.udp->checksum_ok);
  EXPECT_EQ(build_udp_frame(kMac1, kMac2, *frame.ipv4, *frame.udp), kUdp);
}

TEST(LinuxCapture, IcmpErrorQuotesTheDatagram) {
  const DecodedFrame frame = decode_frame(kIcmpPortUnreachable);
  ASSERT_TRUE(frame.ok()) << frame.error->message;
  ASSERT_TRUE(frame.ipv4);
  EXPECT_EQ(frame.ipv4->protocol, ip_protocol::ICMP);
  EXPECT_EQ(frame.ipv4->dscp_ecn, 0xc0);  // Linux sends ICMP errors as CS6
  EXPECT_FALSE(frame.ipv4->dont_fragment);
  EXPECT_FALSE(frame.tcp || frame.udp);
  ASSERT_TRUE(frame.icmp);
  EXPECT_EQ(describe(*frame.icmp), "ICMP destination unreachable (port unreachable)");
  const auto quote = decode_icmp_quote(frame.icmp->data);
  ASSERT_TRUE(quote) << quote.error().message;
  EXPECT_EQ(quote.value().protocol, ip_protocol::UDP);
  EXPECT_EQ(quote.value().dst_port, 5353);

  // After the 8-byte ICMP header comes the original packet, whole.
  const auto quoted = decode_ipv4(ByteView(kIcmpPortUnreachable).from(14 + 20 + 8));
  ASSERT_TRUE(quoted) << quoted.error().message;
  const auto udp = decode_udp(quoted.value().payload, kIp1, kIp2);
  ASSERT_TRUE(udp) << udp.error().message;
  EXPECT_EQ(udp.value().dst_port, 5353);
}

TEST(LinuxCapture, LoopbackSynHasAnOffloadedChecksum) {
  const DecodedFrame strict = decode_frame(kLoopbackSyn);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error->code, DecodeErrc::bad_checksum);
  EXPECT_EQ(strict.error->message, "TCP checksum 0xfe30 does not match computed 0xd57f");
  EXPECT_TRUE(strict.ipv4);

  const DecodedFrame lenient = decode_frame(kLoopbackSyn, ChecksumPolicy::lenient);
  ASSERT_TRUE(lenient.ok()) << lenient.error->message;
  EXPECT_TRUE(lenient.ipv4->checksum_ok);
  EXPECT_FALSE(lenient.tcp->checksum_ok);
  EXPECT_EQ(lenient.ipv4->src, Ipv4Address(127, 0, 0, 1));
  EXPECT_EQ(lenient.tcp->seg.mss, 65495);  // the largest IPv4 packet, 65535, minus 40
  EXPECT_EQ(lenient.tcp->seg.window, 65495);

  // Re-encoding fills in the full checksum: the frame then decodes strictly.
  const std::vector<std::uint8_t> bytes =
      build_tcp_frame(MacAddress(), MacAddress(), *lenient.ipv4, *lenient.tcp);
  const DecodedFrame again = decode_frame(bytes);
  ASSERT_TRUE(again.ok()) << again.error->message;
  EXPECT_EQ(options_text(*again.tcp), options_text(*lenient.tcp));
  EXPECT_EQ(again.tcp->seg.seq, lenient.tcp->seg.seq);
}

}  // namespace
}  // namespace synack::wire

#include "core/wire/frame.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace synack::wire {
namespace {

const MacAddress kMacA({0x02, 0, 0, 0, 0, 0x0a});
const MacAddress kMacB({0x02, 0, 0, 0, 0, 0x0b});

Ipv4Repr ip_a_to_b() {
  Ipv4Repr ip;
  ip.src = Ipv4Address(10, 0, 0, 1);
  ip.dst = Ipv4Address(10, 0, 0, 2);
  ip.protocol = 0;  // the builders fill it in
  return ip;
}

TcpRepr data_segment() {
  TcpRepr tcp;
  tcp.src_port = 40000;
  tcp.dst_port = 80;
  tcp.seg.seq = SeqNum(1001);
  tcp.seg.ack = SeqNum(5001);
  tcp.seg.flags = tcp::flag::PSH | tcp::flag::ACK;
  tcp.seg.window = 29200;
  tcp.seg.payload = {'G', 'E', 'T'};
  return tcp;
}

TEST(Frame, TcpFrameDecodesIntoLayers) {
  const auto frame = build_tcp_frame(kMacA, kMacB, ip_a_to_b(), data_segment());
  ASSERT_EQ(frame.size(), 14u + 20 + 20 + 3);
  const DecodedFrame layers = decode_frame(frame);
  ASSERT_TRUE(layers.ok()) << layers.error->message;
  ASSERT_TRUE(layers.ethernet && layers.ipv4 && layers.tcp);
  EXPECT_FALSE(layers.arp || layers.udp);
  EXPECT_EQ(layers.ethernet->src, kMacA);
  EXPECT_EQ(layers.ethernet->dst, kMacB);
  EXPECT_EQ(layers.ethernet->ethertype, ethertype::IPV4);
  EXPECT_EQ(layers.ipv4->protocol, ip_protocol::TCP);
  EXPECT_EQ(layers.ipv4->src, Ipv4Address(10, 0, 0, 1));
  EXPECT_EQ(layers.ipv4_header_length, 20u);
  EXPECT_EQ(layers.tcp->seg.seq, SeqNum(1001));
  EXPECT_EQ(layers.tcp->seg.seg_len(), 3u);
  EXPECT_EQ(layers.tcp->seg.payload, data_segment().seg.payload);
  EXPECT_EQ(build_tcp_frame(kMacA, kMacB, *layers.ipv4, *layers.tcp), frame);
}

TEST(Frame, UdpFrameDecodesIntoLayers) {
  UdpRepr udp;
  udp.src_port = 1234;
  udp.dst_port = 5678;
  udp.payload = {1, 2, 3, 4};
  const auto frame = build_udp_frame(kMacA, kMacB, ip_a_to_b(), udp);
  const DecodedFrame layers = decode_frame(frame);
  ASSERT_TRUE(layers.ok()) << layers.error->message;
  ASSERT_TRUE(layers.udp);
  EXPECT_FALSE(layers.tcp);
  EXPECT_EQ(layers.ipv4->protocol, ip_protocol::UDP);
  EXPECT_EQ(layers.udp->dst_port, 5678);
  EXPECT_EQ(layers.udp->payload, udp.payload);
}

TEST(Frame, ArpFrameDecodesIntoLayers) {
  ArpRepr arp;
  arp.operation = ArpOperation::request;
  arp.sender_mac = kMacA;
  arp.sender_ip = Ipv4Address(10, 0, 0, 1);
  arp.target_ip = Ipv4Address(10, 0, 0, 2);
  const auto frame = build_arp_frame(kMacA, MacAddress::broadcast(), arp);
  ASSERT_EQ(frame.size(), 42u);
  const DecodedFrame layers = decode_frame(frame);
  ASSERT_TRUE(layers.ok()) << layers.error->message;
  ASSERT_TRUE(layers.arp);
  EXPECT_FALSE(layers.ipv4);
  EXPECT_TRUE(layers.ethernet->dst.is_broadcast());
  EXPECT_EQ(*layers.arp, arp);
}

TEST(Frame, OtherEthertypeStopsWithoutError) {
  std::vector<std::uint8_t> frame;
  const std::vector<std::uint8_t> payload(40, 0x60);
  encode_ethernet(EthernetRepr{kMacB, kMacA, 0x86dd}, payload, frame);
  const DecodedFrame layers = decode_frame(frame);
  EXPECT_TRUE(layers.ok());
  ASSERT_TRUE(layers.ethernet);
  EXPECT_EQ(layers.ethernet->ethertype, 0x86dd);
  EXPECT_FALSE(layers.arp || layers.ipv4);
}

TEST(Frame, OtherIpProtocolStopsWithoutError) {
  std::vector<std::uint8_t> packet;
  Ipv4Repr ip = ip_a_to_b();
  ip.protocol = 47;  // GRE
  const std::vector<std::uint8_t> gre = {0, 0, 0x08, 0};
  encode_ipv4(ip, gre, packet);
  std::vector<std::uint8_t> frame;
  encode_ethernet(EthernetRepr{kMacB, kMacA, ethertype::IPV4}, packet, frame);
  const DecodedFrame layers = decode_frame(frame);
  EXPECT_TRUE(layers.ok());
  ASSERT_TRUE(layers.ipv4);
  EXPECT_EQ(layers.ipv4->protocol, 47);
  EXPECT_FALSE(layers.tcp || layers.udp || layers.icmp);
}

TEST(Frame, IcmpEchoRequestDecodes) {
  std::vector<std::uint8_t> packet;
  Ipv4Repr ip = ip_a_to_b();
  ip.protocol = ip_protocol::ICMP;
  const std::vector<std::uint8_t> echo = {8, 0, 0xf7, 0xff, 0, 0, 0, 0};
  encode_ipv4(ip, echo, packet);
  std::vector<std::uint8_t> frame;
  encode_ethernet(EthernetRepr{kMacB, kMacA, ethertype::IPV4}, packet, frame);
  const DecodedFrame layers = decode_frame(frame);
  ASSERT_TRUE(layers.ok()) << layers.error->message;
  ASSERT_TRUE(layers.icmp);
  EXPECT_EQ(layers.icmp->type, icmp_type::EchoRequest);
  EXPECT_FALSE(layers.tcp || layers.udp);
}

TEST(Frame, IcmpErrorRoundTripsAndQuotesTheSegment) {
  Ipv4Repr ip = ip_a_to_b();
  const auto offending = build_tcp_frame(kMacA, kMacB, ip, data_segment());
  const ByteView ip_packet = ByteView(offending).from(EthernetRepr::kHeaderLength);
  const IcmpRepr error =
      icmp_error(icmp_type::DestinationUnreachable, unreachable_code::Port, ip_packet);
  EXPECT_EQ(error.data.size(), 20u + 8u);
  std::swap(ip.src, ip.dst);
  const auto frame = build_icmp_frame(kMacB, kMacA, ip, error);
  const DecodedFrame layers = decode_frame(frame);
  ASSERT_TRUE(layers.ok()) << layers.error->message;
  ASSERT_TRUE(layers.icmp);
  EXPECT_EQ(layers.ipv4->protocol, ip_protocol::ICMP);
  EXPECT_EQ(layers.icmp->code, unreachable_code::Port);
  EXPECT_EQ(layers.icmp->data, error.data);
  const auto quote = decode_icmp_quote(layers.icmp->data);
  ASSERT_TRUE(quote) << quote.error().message;
  EXPECT_EQ(quote.value().protocol, ip_protocol::TCP);
  EXPECT_EQ(quote.value().src, Ipv4Address(10, 0, 0, 1));
  EXPECT_EQ(quote.value().src_port, 40000);
  EXPECT_EQ(quote.value().dst_port, 80);
  EXPECT_EQ(quote.value().tcp_seq, 1001u);
}

TEST(Frame, BadIcmpChecksumIsAnErrorOnlyWhenStrict) {
  Ipv4Repr ip = ip_a_to_b();
  IcmpRepr echo;
  auto frame = build_icmp_frame(kMacA, kMacB, ip, echo);
  frame.back() ^= 0x01;
  const DecodedFrame strict = decode_frame(frame);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error->code, DecodeErrc::bad_checksum);
  const DecodedFrame lenient = decode_frame(frame, ChecksumPolicy::lenient);
  ASSERT_TRUE(lenient.icmp);
  EXPECT_FALSE(lenient.icmp->checksum_ok);
}

TEST(Frame, FragmentIsNotDecodedAsTcp) {
  Ipv4Repr ip = ip_a_to_b();
  ip.dont_fragment = false;
  ip.more_fragments = true;
  const auto frame = build_tcp_frame(kMacA, kMacB, ip, data_segment());
  const DecodedFrame layers = decode_frame(frame);
  EXPECT_TRUE(layers.ok());
  ASSERT_TRUE(layers.ipv4);
  EXPECT_TRUE(layers.ipv4->is_fragment());
  EXPECT_FALSE(layers.tcp);
}

TEST(Frame, ErrorKeepsTheOuterLayers) {
  auto frame = build_tcp_frame(kMacA, kMacB, ip_a_to_b(), data_segment());
  frame[14 + 20 + 12] = 0x30;  // TCP data offset 3
  const DecodedFrame layers = decode_frame(frame);
  ASSERT_FALSE(layers.ok());
  EXPECT_EQ(layers.error->code, DecodeErrc::bad_value);
  EXPECT_EQ(layers.error->message, "TCP data offset 3 is below the minimum 5");
  EXPECT_TRUE(layers.ethernet && layers.ipv4);
  EXPECT_FALSE(layers.tcp);
}

TEST(Frame, ChecksumPolicyReachesEveryLayer) {
  auto frame = build_tcp_frame(kMacA, kMacB, ip_a_to_b(), data_segment());
  frame[14 + 10] ^= 0x5a;       // IPv4 header checksum
  frame[14 + 20 + 16] ^= 0x5a;  // TCP checksum
  const DecodedFrame strict = decode_frame(frame);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error->code, DecodeErrc::bad_checksum);
  EXPECT_FALSE(strict.ipv4);

  const DecodedFrame lenient = decode_frame(frame, ChecksumPolicy::lenient);
  ASSERT_TRUE(lenient.ok()) << lenient.error->message;
  EXPECT_FALSE(lenient.ipv4->checksum_ok);
  EXPECT_FALSE(lenient.tcp->checksum_ok);
}

// Every prefix of a frame, and every single-byte corruption of it, must decode
// to layers or to an error without reading outside the buffer (run under
// AddressSanitizer to make the reads visible).
TEST(Frame, AnyTruncationOrCorruptionDecodesSafely) {
  TcpRepr tcp = data_segment();
  tcp.seg.mss = 1460;
  tcp.options = {{tcp_option_kind::SACK_PERMITTED, {}},
                 {tcp_option_kind::NOP, {}},
                 {tcp_option_kind::WINDOW_SCALE, {7}}};
  const auto frame = build_tcp_frame(kMacA, kMacB, ip_a_to_b(), tcp);
  for (std::size_t length = 0; length < frame.size(); ++length) {
    const std::vector<std::uint8_t> prefix(frame.data(), frame.data() + length);
    // Too short for Ethernet, or shorter than IPv4's total length says.
    EXPECT_FALSE(decode_frame(prefix, ChecksumPolicy::lenient).ok()) << length;
  }
  for (std::size_t at = 0; at < frame.size(); ++at) {
    for (const int value : {0x00, 0x01, 0x0f, 0x7f, 0xff}) {
      auto corrupt = frame;
      corrupt[at] = static_cast<std::uint8_t>(value);
      const DecodedFrame layers = decode_frame(corrupt, ChecksumPolicy::lenient);
      EXPECT_TRUE(layers.ok() || !layers.error->message.empty()) << at;
    }
  }
}

TEST(Frame, TruncatedEthernetHasNoLayers) {
  const std::vector<std::uint8_t> frame = {0xff, 0xff};
  const DecodedFrame layers = decode_frame(frame);
  ASSERT_FALSE(layers.ok());
  EXPECT_EQ(layers.error->code, DecodeErrc::truncated);
  EXPECT_FALSE(layers.ethernet);
}

}  // namespace
}  // namespace synack::wire

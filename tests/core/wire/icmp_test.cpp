#include "core/wire/icmp.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/wire/ipv4_packet.hpp"

namespace synack::wire {
namespace {

std::vector<std::uint8_t> encoded(const IcmpRepr& icmp) {
  std::vector<std::uint8_t> out;
  encode_icmp(icmp, out);
  return out;
}

// A UDP datagram 10.0.0.1:5000 -> 10.0.0.2:53 with 12 bytes of payload.
std::vector<std::uint8_t> udp_packet() {
  Ipv4Repr ip;
  ip.src = Ipv4Address(10, 0, 0, 1);
  ip.dst = Ipv4Address(10, 0, 0, 2);
  ip.protocol = ip_protocol::UDP;
  const std::vector<std::uint8_t> udp = {0x13, 0x88, 0, 53, 0, 20, 0, 0, 'h', 'e', 'l', 'l',
                                         'o', ' ',  'w', 'o', 'r', 'l', 'd', '!'};
  std::vector<std::uint8_t> packet;
  encode_ipv4(ip, udp, packet);
  return packet;
}

TEST(Icmp, EchoRequestRoundTrip) {
  IcmpRepr echo;
  echo.type = icmp_type::EchoRequest;
  echo.rest = (std::uint32_t{0x1234} << 16) | 7;
  echo.data = {'p', 'i', 'n', 'g'};
  const auto bytes = encoded(echo);
  ASSERT_EQ(bytes.size(), 12u);
  EXPECT_EQ(bytes[0], 8);
  const auto decoded = decode_icmp(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().identifier(), 0x1234);
  EXPECT_EQ(decoded.value().sequence(), 7);
  EXPECT_EQ(decoded.value().data, echo.data);
  EXPECT_FALSE(decoded.value().is_error());
  EXPECT_EQ(describe(decoded.value()), "ICMP echo request id 4660 seq 7");
}

TEST(Icmp, EchoReplyOfRfc792Example) {
  // Type 0, code 0, id 1, seq 1, no data: checksum 0xfffd (RFC 1071 sum).
  const std::vector<std::uint8_t> reply = {0, 0, 0xff, 0xfd, 0, 1, 0, 1};
  const auto decoded = decode_icmp(reply);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().type, icmp_type::EchoReply);
  EXPECT_EQ(encoded(decoded.value()), reply);
}

TEST(Icmp, ErrorQuotesIpHeaderAndEightBytes) {
  const auto packet = udp_packet();
  const IcmpRepr error =
      icmp_error(icmp_type::DestinationUnreachable, unreachable_code::Port, packet);
  ASSERT_EQ(error.data.size(), 28u);
  EXPECT_TRUE(std::equal(error.data.begin(), error.data.end(), packet.begin()));
  EXPECT_TRUE(error.is_error());
  const auto bytes = encoded(error);
  const auto decoded = decode_icmp(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  const auto quote = decode_icmp_quote(decoded.value().data);
  ASSERT_TRUE(quote) << quote.error().message;
  EXPECT_EQ(quote.value().protocol, ip_protocol::UDP);
  EXPECT_EQ(quote.value().src, Ipv4Address(10, 0, 0, 1));
  EXPECT_EQ(quote.value().dst, Ipv4Address(10, 0, 0, 2));
  EXPECT_EQ(quote.value().src_port, 5000);
  EXPECT_EQ(quote.value().dst_port, 53);
}

TEST(Icmp, FragmentationNeededCarriesTheMtu) {
  const auto packet = udp_packet();
  IcmpRepr ptb =
      icmp_error(icmp_type::DestinationUnreachable, unreachable_code::FragmentationNeeded, packet);
  ptb.rest = 1234;
  const auto bytes = encoded(ptb);
  const auto decoded = decode_icmp(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded.value().next_hop_mtu(), 1234);
  EXPECT_EQ(describe(decoded.value()),
            "ICMP destination unreachable (fragmentation needed) mtu 1234");
}

TEST(Icmp, NamesOfTypesAndCodes) {
  EXPECT_EQ(icmp_code_name(icmp_type::DestinationUnreachable, unreachable_code::Net),
            "net unreachable");
  EXPECT_EQ(icmp_code_name(icmp_type::DestinationUnreachable, unreachable_code::CommProhibited),
            "communication administratively prohibited");
  EXPECT_EQ(icmp_code_name(icmp_type::DestinationUnreachable, 16), "code 16");
  EXPECT_EQ(icmp_code_name(icmp_type::TimeExceeded, time_exceeded_code::InTransit),
            "TTL exceeded in transit");
  EXPECT_EQ(icmp_type_name(42), "type 42");
  IcmpRepr te;
  te.type = icmp_type::TimeExceeded;
  EXPECT_EQ(describe(te), "ICMP time exceeded (TTL exceeded in transit)");
}

TEST(Icmp, TruncatedHeaderIsAnError) {
  const std::vector<std::uint8_t> short_message = {3, 3, 0, 0};
  const auto decoded = decode_icmp(short_message);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::truncated);
  EXPECT_EQ(decoded.error().message, "ICMP header needs 8 bytes, buffer has 4");
}

TEST(Icmp, BadChecksumIsAnErrorOnlyWhenStrict) {
  auto bytes = encoded(IcmpRepr{});
  bytes[2] ^= 0xFF;
  const auto strict = decode_icmp(bytes);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, DecodeErrc::bad_checksum);
  const auto lenient = decode_icmp(bytes, ChecksumPolicy::lenient);
  ASSERT_TRUE(lenient);
  EXPECT_FALSE(lenient.value().checksum_ok);
}

TEST(Icmp, ShortOrForeignQuotesAreErrors) {
  const auto packet = udp_packet();
  const auto too_short = decode_icmp_quote(ByteView(packet).sub(0, 24));
  ASSERT_FALSE(too_short);
  EXPECT_EQ(too_short.error().message, "ICMP quote needs the IP header and 8 bytes (28), has 24");
  auto v6 = packet;
  v6[0] = 0x60;
  const auto foreign = decode_icmp_quote(v6);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, DecodeErrc::bad_value);
  EXPECT_FALSE(decode_icmp_quote(ByteView(packet).sub(0, 10)));
}

}  // namespace
}  // namespace synack::wire

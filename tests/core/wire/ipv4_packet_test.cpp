#include "core/wire/ipv4_packet.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/wire/checksum.hpp"

namespace synack::wire {
namespace {

Ipv4Repr sample() {
  Ipv4Repr ip;
  ip.src = Ipv4Address(192, 168, 1, 10);
  ip.dst = Ipv4Address(192, 168, 1, 20);
  ip.protocol = ip_protocol::UDP;
  ip.ttl = 17;
  ip.identification = 0x1234;
  ip.dscp_ecn = 0xb8;
  return ip;
}

std::vector<std::uint8_t> encoded(const Ipv4Repr& ip, const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> out;
  encode_ipv4(ip, payload, out);
  return out;
}

void set_u16(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint16_t v) {
  bytes[at] = static_cast<std::uint8_t>(v >> 8);
  bytes[at + 1] = static_cast<std::uint8_t>(v);
}

// Rewrites the header checksum so a test can change a field and see only the
// error it aimed for.
void fix_checksum(std::vector<std::uint8_t>& bytes, std::size_t header_length) {
  set_u16(bytes, 10, 0);
  set_u16(bytes, 10, internet_checksum(ByteView(bytes.data(), header_length)));
}

TEST(Ipv4, RoundTrip) {
  const std::vector<std::uint8_t> payload = {0xde, 0xad, 0xbe, 0xef, 0x01};
  const auto bytes = encoded(sample(), payload);
  ASSERT_EQ(bytes.size(), 25u);
  EXPECT_EQ(bytes[0], 0x45);
  EXPECT_EQ(internet_checksum(ByteView(bytes.data(), 20)), 0);

  const auto decoded = decode_ipv4(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  const Ipv4Repr& ip = decoded.value().repr;
  EXPECT_EQ(ip.src, sample().src);
  EXPECT_EQ(ip.dst, sample().dst);
  EXPECT_EQ(ip.protocol, ip_protocol::UDP);
  EXPECT_EQ(ip.ttl, 17);
  EXPECT_EQ(ip.identification, 0x1234);
  EXPECT_EQ(ip.dscp_ecn, 0xb8);
  EXPECT_TRUE(ip.dont_fragment);
  EXPECT_FALSE(ip.is_fragment());
  EXPECT_TRUE(ip.checksum_ok);
  EXPECT_EQ(decoded.value().header_length, 20u);
  EXPECT_EQ(decoded.value().payload.to_vector(), payload);

  std::vector<std::uint8_t> again;
  encode_ipv4(ip, decoded.value().payload, again);
  EXPECT_EQ(again, bytes);
}

TEST(Ipv4, FragmentFieldsRoundTrip) {
  Ipv4Repr ip = sample();
  ip.dont_fragment = false;
  ip.more_fragments = true;
  ip.fragment_offset = 1480;
  const auto bytes = encoded(ip, {});
  EXPECT_EQ(bytes[6], 0x20);  // MF, offset 185 * 8
  EXPECT_EQ(bytes[7], 185);
  const auto decoded = decode_ipv4(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_FALSE(decoded.value().repr.dont_fragment);
  EXPECT_TRUE(decoded.value().repr.more_fragments);
  EXPECT_EQ(decoded.value().repr.fragment_offset, 1480);
  EXPECT_TRUE(decoded.value().repr.is_fragment());
}

TEST(Ipv4, PayloadEndsAtTotalLengthNotAtBufferEnd) {
  auto bytes = encoded(sample(), {7, 8});
  bytes.resize(46, 0);  // Ethernet padding after a short packet
  const auto decoded = decode_ipv4(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().payload.to_vector(), (std::vector<std::uint8_t>{7, 8}));
}

TEST(Ipv4, OptionsAreSkippedButCounted) {
  // IHL 6: one 4-byte option word (here NOPs, then EOL) before the payload.
  auto bytes = encoded(sample(), {9, 9});
  bytes.insert(bytes.begin() + 20, {0x01, 0x01, 0x01, 0x00});
  bytes[0] = 0x46;
  set_u16(bytes, 2, static_cast<std::uint16_t>(bytes.size()));
  fix_checksum(bytes, 24);
  const auto decoded = decode_ipv4(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().header_length, 24u);
  EXPECT_EQ(decoded.value().payload.to_vector(), (std::vector<std::uint8_t>{9, 9}));
}

TEST(Ipv4, TruncatedHeader) {
  auto bytes = encoded(sample(), {});
  bytes.resize(19);
  const auto decoded = decode_ipv4(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::truncated);
  EXPECT_EQ(decoded.error().message, "IPv4 header needs 20 bytes, buffer has 19");
}

TEST(Ipv4, WrongVersion) {
  auto bytes = encoded(sample(), {});
  bytes[0] = 0x65;
  const auto decoded = decode_ipv4(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().message, "IPv4 version 6 is not 4");
}

TEST(Ipv4, IhlBelowFive) {
  auto bytes = encoded(sample(), {});
  bytes[0] = 0x44;
  const auto decoded = decode_ipv4(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::bad_value);
  EXPECT_EQ(decoded.error().message, "IPv4 IHL 4 is below the minimum 5");
}

TEST(Ipv4, HeaderLengthPastBuffer) {
  auto bytes = encoded(sample(), {1, 2, 3, 4});
  bytes[0] = 0x4f;  // 60-byte header in a 24-byte buffer
  const auto decoded = decode_ipv4(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::truncated);
  EXPECT_EQ(decoded.error().message, "IPv4 header length 60 (IHL 15) exceeds buffer of 24 bytes");
}

TEST(Ipv4, TotalLengthLargerThanBuffer) {
  auto bytes = encoded(sample(), std::vector<std::uint8_t>(20, 0));
  set_u16(bytes, 2, 60);
  fix_checksum(bytes, 20);
  const auto decoded = decode_ipv4(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::bad_length);
  EXPECT_EQ(decoded.error().message, "IPv4 total length 60 exceeds buffer of 40 bytes");
}

TEST(Ipv4, TotalLengthShorterThanHeader) {
  auto bytes = encoded(sample(), {});
  set_u16(bytes, 2, 16);
  fix_checksum(bytes, 20);
  const auto decoded = decode_ipv4(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().message, "IPv4 total length 16 is below the header length 20");
}

TEST(Ipv4, BadChecksumIsAnErrorWhenStrict) {
  auto bytes = encoded(sample(), {});
  const std::uint16_t good = static_cast<std::uint16_t>((bytes[10] << 8) | bytes[11]);
  set_u16(bytes, 10, 0x1234);
  const auto decoded = decode_ipv4(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::bad_checksum);
  EXPECT_EQ(decoded.error().message,
            "IPv4 header checksum 0x1234 does not match computed " + to_hex(good, 4));
}

TEST(Ipv4, BadChecksumIsRecordedWhenLenient) {
  auto bytes = encoded(sample(), {});
  bytes[11] ^= 0xff;
  const auto decoded = decode_ipv4(bytes, ChecksumPolicy::lenient);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_FALSE(decoded.value().repr.checksum_ok);
  EXPECT_EQ(decoded.value().repr.src, sample().src);
}

}  // namespace
}  // namespace synack::wire

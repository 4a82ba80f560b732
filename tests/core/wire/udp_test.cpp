#include "core/wire/udp.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/wire/checksum.hpp"
#include "core/wire/ipv4_packet.hpp"

namespace synack::wire {
namespace {

const Ipv4Address kSrc(172, 16, 0, 1);
const Ipv4Address kDst(172, 16, 0, 2);

UdpRepr sample() {
  UdpRepr udp;
  udp.src_port = 5353;
  udp.dst_port = 53;
  udp.payload = {'q', 'u', 'e', 'r', 'y'};
  return udp;
}

std::vector<std::uint8_t> encoded(const UdpRepr& udp) {
  std::vector<std::uint8_t> out;
  encode_udp(udp, kSrc, kDst, out);
  return out;
}

TEST(Udp, RoundTrip) {
  const auto bytes = encoded(sample());
  ASSERT_EQ(bytes.size(), 13u);
  EXPECT_EQ(bytes[4], 0);
  EXPECT_EQ(bytes[5], 13);
  const auto decoded = decode_udp(bytes, kSrc, kDst);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().src_port, 5353);
  EXPECT_EQ(decoded.value().dst_port, 53);
  EXPECT_EQ(decoded.value().payload, sample().payload);
  EXPECT_TRUE(decoded.value().checksum_present);
  EXPECT_TRUE(decoded.value().checksum_ok);
  EXPECT_EQ(encoded(decoded.value()), bytes);
}

TEST(Udp, ZeroChecksumMeansNone) {
  auto bytes = encoded(sample());
  bytes[6] = 0;
  bytes[7] = 0;
  const auto decoded = decode_udp(bytes, kSrc, kDst);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_FALSE(decoded.value().checksum_present);
  EXPECT_TRUE(decoded.value().checksum_ok);
}

TEST(Udp, ComputedZeroIsSentAsAllOnes) {
  // Choose the payload word so that the whole sum is 0xffff, whose complement
  // is zero: the encoder must then write 0xffff instead.
  UdpRepr udp = sample();
  udp.payload = {0, 0};
  const auto zero_payload = encoded(udp);
  const std::uint16_t without = transport_checksum(kSrc, kDst, ip_protocol::UDP, zero_payload, 6);
  udp.payload = {static_cast<std::uint8_t>(without >> 8), static_cast<std::uint8_t>(without)};
  const auto bytes = encoded(udp);
  EXPECT_EQ(bytes[6], 0xff);
  EXPECT_EQ(bytes[7], 0xff);
  const auto decoded = decode_udp(bytes, kSrc, kDst);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_TRUE(decoded.value().checksum_ok);
}

TEST(Udp, BytesPastTheLengthFieldAreNotPayload) {
  auto bytes = encoded(sample());
  bytes.push_back(0xee);
  const auto decoded = decode_udp(bytes, kSrc, kDst);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().payload, sample().payload);
}

TEST(Udp, TruncatedHeader) {
  auto bytes = encoded(sample());
  bytes.resize(7);
  const auto decoded = decode_udp(bytes, kSrc, kDst);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::truncated);
  EXPECT_EQ(decoded.error().message, "UDP header needs 8 bytes, buffer has 7");
}

TEST(Udp, LengthBelowEight) {
  auto bytes = encoded(sample());
  bytes[5] = 7;
  const auto decoded = decode_udp(bytes, kSrc, kDst);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::bad_length);
  EXPECT_EQ(decoded.error().message, "UDP length 7 is below the header's 8 bytes");
}

TEST(Udp, LengthPastBuffer) {
  auto bytes = encoded(sample());
  bytes[5] = 20;
  const auto decoded = decode_udp(bytes, kSrc, kDst);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::bad_length);
  EXPECT_EQ(decoded.error().message, "UDP length 20 exceeds buffer of 13 bytes");
}

TEST(Udp, BadChecksumStrictAndLenient) {
  auto bytes = encoded(sample());
  bytes.back() ^= 0x01;
  const auto strict = decode_udp(bytes, kSrc, kDst);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, DecodeErrc::bad_checksum);
  EXPECT_EQ(strict.error().message.rfind("UDP checksum ", 0), 0u);

  const auto lenient = decode_udp(bytes, kSrc, kDst, ChecksumPolicy::lenient);
  ASSERT_TRUE(lenient) << lenient.error().message;
  EXPECT_TRUE(lenient.value().checksum_present);
  EXPECT_FALSE(lenient.value().checksum_ok);
}

}  // namespace
}  // namespace synack::wire

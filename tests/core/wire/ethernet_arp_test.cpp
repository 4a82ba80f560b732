#include <gtest/gtest.h>

#include <vector>

#include "core/wire/arp.hpp"
#include "core/wire/ethernet.hpp"

namespace synack::wire {
namespace {

MacAddress mac(const char* text) {
  return MacAddress::parse(text).value();
}

TEST(MacAddress, ParsesAndFormats) {
  const auto parsed = MacAddress::parse("AA:bb:0c:dd:ee:0F");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed.value().octets(),
            (std::array<std::uint8_t, 6>{0xaa, 0xbb, 0x0c, 0xdd, 0xee, 0x0f}));
  EXPECT_EQ(parsed.value().to_string(), "aa:bb:0c:dd:ee:0f");
}

TEST(MacAddress, RejectsMalformedText) {
  for (const char* bad : {"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aa-bb-cc-dd-ee-ff",
                          "aa:bb:cc:dd:ee:fg", "aabbccddeeff"}) {
    const auto parsed = MacAddress::parse(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, DecodeErrc::bad_value);
    EXPECT_NE(parsed.error().message.find("is not a MAC address"), std::string::npos);
  }
}

TEST(MacAddress, BroadcastAndMulticast) {
  EXPECT_TRUE(MacAddress::broadcast().is_broadcast());
  EXPECT_EQ(MacAddress::broadcast().to_string(), "ff:ff:ff:ff:ff:ff");
  EXPECT_TRUE(mac("01:00:5e:00:00:01").is_multicast());
  EXPECT_FALSE(mac("02:00:00:00:00:01").is_multicast());
  EXPECT_TRUE(mac("02:00:00:00:00:01") < mac("02:00:00:00:00:02"));
}

TEST(Ethernet, RoundTrip) {
  const EthernetRepr repr{mac("02:00:00:00:00:02"), mac("02:00:00:00:00:01"), ethertype::IPV4};
  const std::vector<std::uint8_t> payload = {1, 2, 3};
  std::vector<std::uint8_t> frame;
  encode_ethernet(repr, payload, frame);
  EXPECT_EQ(frame,
            (std::vector<std::uint8_t>{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, 1, 2, 3}));
  const auto decoded = decode_ethernet(frame);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().repr.dst, repr.dst);
  EXPECT_EQ(decoded.value().repr.src, repr.src);
  EXPECT_EQ(decoded.value().repr.ethertype, ethertype::IPV4);
  EXPECT_EQ(decoded.value().payload.to_vector(), payload);
}

TEST(Ethernet, TruncatedHeader) {
  const std::vector<std::uint8_t> frame(13, 0xff);
  const auto decoded = decode_ethernet(frame);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::truncated);
  EXPECT_EQ(decoded.error().message, "Ethernet header needs 14 bytes, buffer has 13");
}

ArpRepr request() {
  ArpRepr arp;
  arp.operation = ArpOperation::request;
  arp.sender_mac = mac("02:00:00:00:00:01");
  arp.sender_ip = Ipv4Address(10, 0, 0, 1);
  arp.target_ip = Ipv4Address(10, 0, 0, 2);
  return arp;
}

TEST(Arp, RoundTrip) {
  for (const ArpOperation op : {ArpOperation::request, ArpOperation::reply}) {
    ArpRepr arp = request();
    arp.operation = op;
    std::vector<std::uint8_t> bytes;
    encode_arp(arp, bytes);
    ASSERT_EQ(bytes.size(), ArpRepr::kLength);
    const auto decoded = decode_arp(bytes);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded.value(), arp);
  }
}

TEST(Arp, IgnoresTrailingPadding) {
  std::vector<std::uint8_t> bytes;
  encode_arp(request(), bytes);
  bytes.resize(46, 0);  // padded to Ethernet's 60-byte minimum frame
  const auto decoded = decode_arp(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value(), request());
}

TEST(Arp, Truncated) {
  std::vector<std::uint8_t> bytes;
  encode_arp(request(), bytes);
  bytes.pop_back();
  const auto decoded = decode_arp(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::truncated);
  EXPECT_EQ(decoded.error().message, "ARP packet needs 28 bytes, buffer has 27");
}

struct ArpCorruption {
  std::size_t offset;
  std::uint8_t value;
  DecodeErrc code;
  const char* message;
};

TEST(Arp, RejectsOtherTypesAndLengths) {
  const ArpCorruption cases[] = {
      {1, 6, DecodeErrc::unsupported, "ARP hardware type 6 is not Ethernet (1)"},
      {2, 0x86, DecodeErrc::unsupported, "ARP protocol type 0x8600 is not IPv4 (0x0800)"},
      {4, 8, DecodeErrc::bad_value, "ARP hardware address length 8 does not match Ethernet's 6"},
      {5, 16, DecodeErrc::bad_value, "ARP protocol address length 16 does not match IPv4's 4"},
      {7, 3, DecodeErrc::unsupported, "ARP operation 3 is neither request (1) nor reply (2)"},
  };
  for (const auto& c : cases) {
    std::vector<std::uint8_t> bytes;
    encode_arp(request(), bytes);
    bytes[c.offset] = c.value;
    const auto decoded = decode_arp(bytes);
    ASSERT_FALSE(decoded) << c.message;
    EXPECT_EQ(decoded.error().code, c.code);
    EXPECT_EQ(decoded.error().message, c.message);
  }
}

}  // namespace
}  // namespace synack::wire

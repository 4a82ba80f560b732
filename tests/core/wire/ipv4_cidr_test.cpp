#include "core/wire/ipv4_cidr.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace synack::wire {
namespace {

Ipv4Address ip(const char* text) {
  return Ipv4Address::parse(text).value();
}
Ipv4Cidr cidr(const char* text) {
  return Ipv4Cidr::parse(text).value();
}

TEST(Ipv4Mask, FromPrefixLengthAndBack) {
  EXPECT_EQ(mask_from_prefix_length(0), ip("0.0.0.0"));
  EXPECT_EQ(mask_from_prefix_length(1), ip("128.0.0.0"));
  EXPECT_EQ(mask_from_prefix_length(20), ip("255.255.240.0"));
  EXPECT_EQ(mask_from_prefix_length(24), ip("255.255.255.0"));
  EXPECT_EQ(mask_from_prefix_length(32), ip("255.255.255.255"));
  for (std::uint8_t length = 0; length <= 32; ++length) {
    const auto back = prefix_length_from_mask(mask_from_prefix_length(length));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back.value(), length);
  }
}

TEST(Ipv4Mask, RejectsNonContiguousMasks) {
  for (const char* mask : {"255.0.255.0", "0.255.255.255", "255.255.255.253", "128.0.0.1"}) {
    const auto length = prefix_length_from_mask(ip(mask));
    ASSERT_FALSE(length) << mask;
    EXPECT_EQ(length.error().message,
              "mask " + std::string(mask) +
                  " is not contiguous: all its one bits must come before its zero bits");
  }
}

TEST(Ipv4Cidr, ParsesLengthOrDottedMask) {
  const auto by_length = Ipv4Cidr::parse("192.168.1.0/24");
  ASSERT_TRUE(by_length) << by_length.error().message;
  EXPECT_EQ(by_length.value().address(), ip("192.168.1.0"));
  EXPECT_EQ(by_length.value().prefix_length(), 24);
  EXPECT_EQ(by_length.value().to_string(), "192.168.1.0/24");

  const auto by_mask = Ipv4Cidr::parse("192.168.1.0/255.255.255.0");
  ASSERT_TRUE(by_mask) << by_mask.error().message;
  EXPECT_EQ(by_mask.value(), by_length.value());

  const auto from_mask = Ipv4Cidr::from_mask(ip("10.1.2.3"), ip("255.255.0.0"));
  ASSERT_TRUE(from_mask) << from_mask.error().message;
  EXPECT_EQ(from_mask.value(), cidr("10.1.2.3/16"));
  EXPECT_EQ(cidr("0.0.0.0/0").prefix_length(), 0);
  EXPECT_EQ(Ipv4Cidr(), cidr("0.0.0.0/0"));
}

TEST(Ipv4Cidr, RejectsMalformedText) {
  const std::pair<const char*, const char*> cases[] = {
      {"192.168.1.0", "\"192.168.1.0\" is not a prefix: expected address/length or address/mask"},
      {"192.168.1.0/33", "\"192.168.1.0/33\": prefix length 33 is above 32"},
      {"192.168.1.0/", "\"192.168.1.0/\": prefix length must be a number from 0 to 32"},
      {"192.168.1.0/2a", "\"192.168.1.0/2a\": prefix length must be a number from 0 to 32"},
      {"192.168.1.0/100", "\"192.168.1.0/100\": prefix length must be a number from 0 to 32"},
      {"192.168.1.0/255.0.255.0",
       "mask 255.0.255.0 is not contiguous: all its one bits must come before its zero bits"},
      {"192.168.1.0/255.255.256.0",
       "\"255.255.256.0\" is not an IPv4 address: octet 3 is 256, above 255"},
      {"192.168.1/24",
       "\"192.168.1\" is not an IPv4 address: expected 4 dot-separated octets, "
       "found 3"},
  };
  for (const auto& [text, message] : cases) {
    const auto parsed = Ipv4Cidr::parse(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().message, message);
  }
}

TEST(Ipv4Cidr, NetworkAndBroadcast) {
  const Ipv4Cidr host = cidr("172.16.5.77/20");
  EXPECT_EQ(host.mask(), ip("255.255.240.0"));
  EXPECT_EQ(host.network_address(), ip("172.16.0.0"));
  EXPECT_EQ(host.broadcast_address(), ip("172.16.15.255"));
  EXPECT_EQ(host.network(), cidr("172.16.0.0/20"));
  EXPECT_EQ(cidr("10.0.0.7/32").network_address(), ip("10.0.0.7"));
  EXPECT_EQ(cidr("10.0.0.7/32").broadcast_address(), ip("10.0.0.7"));
  EXPECT_EQ(cidr("10.0.0.7/0").network_address(), ip("0.0.0.0"));
  EXPECT_EQ(cidr("10.0.0.7/0").broadcast_address(), ip("255.255.255.255"));
}

TEST(Ipv4Cidr, HostCounts) {
  EXPECT_EQ(cidr("192.168.1.0/24").address_count(), 256u);
  EXPECT_EQ(cidr("192.168.1.0/24").host_count(), 254u);
  EXPECT_EQ(cidr("192.168.1.0/30").host_count(), 2u);
  EXPECT_EQ(cidr("192.168.1.0/31").host_count(), 2u);  // RFC 3021 point-to-point
  EXPECT_EQ(cidr("192.168.1.1/32").host_count(), 1u);
  EXPECT_EQ(cidr("0.0.0.0/0").address_count(), 4294967296u);
  EXPECT_EQ(cidr("0.0.0.0/0").host_count(), 4294967294u);
}

TEST(Ipv4Cidr, SameSubnetAndContains) {
  EXPECT_TRUE(same_subnet(ip("192.168.1.10"), ip("192.168.1.200"), 24));
  EXPECT_FALSE(same_subnet(ip("192.168.1.10"), ip("192.168.1.200"), 25));
  EXPECT_TRUE(same_subnet(ip("1.2.3.4"), ip("200.2.3.4"), 0));
  EXPECT_FALSE(same_subnet(ip("10.0.0.1"), ip("10.0.0.2"), 32));

  const Ipv4Cidr lan = cidr("10.1.0.0/16");
  EXPECT_TRUE(lan.contains(ip("10.1.255.255")));
  EXPECT_FALSE(lan.contains(ip("10.2.0.0")));
  EXPECT_TRUE(lan.contains(cidr("10.1.4.0/24")));
  EXPECT_TRUE(lan.contains(lan));
  EXPECT_FALSE(lan.contains(cidr("10.0.0.0/8")));
  EXPECT_FALSE(lan.contains(cidr("10.2.0.0/24")));
}

TEST(Ipv4Cidr, Overlaps) {
  EXPECT_TRUE(cidr("10.0.0.0/8").overlaps(cidr("10.20.0.0/16")));
  EXPECT_TRUE(cidr("10.20.0.0/16").overlaps(cidr("10.0.0.0/8")));
  EXPECT_TRUE(cidr("192.168.1.0/24").overlaps(cidr("192.168.1.128/25")));
  EXPECT_FALSE(cidr("192.168.1.0/25").overlaps(cidr("192.168.1.128/25")));
  EXPECT_FALSE(cidr("192.168.1.0/24").overlaps(cidr("192.168.2.0/24")));
  // Host bits do not matter: both name the network 192.168.1.0/24.
  EXPECT_TRUE(cidr("192.168.1.5/24").overlaps(cidr("192.168.1.200/24")));
  EXPECT_TRUE(cidr("0.0.0.0/0").overlaps(cidr("8.8.8.8/32")));
}

std::vector<std::string> texts(const std::vector<Ipv4Cidr>& prefixes) {
  std::vector<std::string> out;
  for (const auto& p : prefixes) out.push_back(p.to_string());
  return out;
}

TEST(Ipv4Cidr, SplitBorrowsHostBits) {
  const auto four = cidr("192.168.1.0/24").split(2);
  ASSERT_TRUE(four) << four.error().message;
  EXPECT_EQ(texts(four.value()),
            (std::vector<std::string>{"192.168.1.0/26", "192.168.1.64/26", "192.168.1.128/26",
                                      "192.168.1.192/26"}));
  // Host bits of the original are cleared first.
  const auto two = cidr("10.0.0.99/30").split(1);
  ASSERT_TRUE(two) << two.error().message;
  EXPECT_EQ(texts(two.value()), (std::vector<std::string>{"10.0.0.96/31", "10.0.0.98/31"}));

  const auto same = cidr("10.0.0.0/8").split(0);
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ(texts(same.value()), (std::vector<std::string>{"10.0.0.0/8"}));

  const auto last = cidr("0.0.0.0/16").split(16);
  ASSERT_TRUE(last) << last.error().message;
  ASSERT_EQ(last.value().size(), 65536u);
  EXPECT_EQ(last.value().back(), cidr("0.0.255.255/32"));
}

TEST(Ipv4Cidr, SplitRejectsBorrowingTooMuch) {
  const auto too_many = cidr("192.168.1.0/30").split(3);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, DecodeErrc::bad_value);
  EXPECT_EQ(too_many.error().message,
            "cannot borrow 3 bits from 192.168.1.0/30: only 2 host bits remain");

  const auto too_large = cidr("10.0.0.0/8").split(17);
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code, DecodeErrc::unsupported);
  EXPECT_EQ(too_large.error().message,
            "borrowing 17 bits would make 131072 subnets; at most 16 bits are borrowed at once");
}

}  // namespace
}  // namespace synack::wire

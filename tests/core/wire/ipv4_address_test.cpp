#include "core/wire/ipv4_address.hpp"

#include <gtest/gtest.h>

namespace synack::wire {
namespace {

TEST(Ipv4Address, ParsesAndFormats) {
  const auto parsed = Ipv4Address::parse("10.0.0.1");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed.value().value(), 0x0a000001u);
  EXPECT_EQ(parsed.value(), Ipv4Address(10, 0, 0, 1));
  EXPECT_EQ(parsed.value().to_string(), "10.0.0.1");
  EXPECT_EQ(parsed.value().octets(), (std::array<std::uint8_t, 4>{10, 0, 0, 1}));
  EXPECT_EQ(Ipv4Address::parse("255.255.255.255").value(), Ipv4Address::broadcast());
  EXPECT_EQ(Ipv4Address::parse("0.0.0.0").value(), Ipv4Address::unspecified());
  EXPECT_EQ(Ipv4Address(0xc0a80101u).to_string(), "192.168.1.1");
}

TEST(Ipv4Address, OrdersNumerically) {
  EXPECT_TRUE(Ipv4Address(9, 255, 255, 255) < Ipv4Address(10, 0, 0, 0));
  EXPECT_FALSE(Ipv4Address(10, 0, 0, 2) < Ipv4Address(10, 0, 0, 1));
}

struct BadAddress {
  const char* text;
  const char* message;
};

TEST(Ipv4Address, RejectsMalformedText) {
  const BadAddress cases[] = {
      {"10.0.0.256", "\"10.0.0.256\" is not an IPv4 address: octet 4 is 256, above 255"},
      {"1.2.3", "\"1.2.3\" is not an IPv4 address: expected 4 dot-separated octets, found 3"},
      {"1.2.3.4.5",
       "\"1.2.3.4.5\" is not an IPv4 address: expected 4 dot-separated octets, "
       "found more"},
      {"a.b.c.d", "\"a.b.c.d\" is not an IPv4 address: octet 1 \"a\" is not a decimal number"},
      {"1..2.3", "\"1..2.3\" is not an IPv4 address: octet 2 is empty"},
      {"1.2.3.", "\"1.2.3.\" is not an IPv4 address: octet 4 is empty"},
      {"", "\"\" is not an IPv4 address: octet 1 is empty"},
      {"010.0.0.1", "\"010.0.0.1\" is not an IPv4 address: octet 1 \"010\" has a leading zero"},
      {"1.2.3.1000", "\"1.2.3.1000\" is not an IPv4 address: octet 4 has more than 3 digits"},
      {" 1.2.3.4", "\" 1.2.3.4\" is not an IPv4 address: octet 1 \" 1\" is not a decimal number"},
      {"1.2.3.-4", "\"1.2.3.-4\" is not an IPv4 address: octet 4 \"-4\" is not a decimal number"},
  };
  for (const auto& c : cases) {
    const auto parsed = Ipv4Address::parse(c.text);
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_EQ(parsed.error().code, DecodeErrc::bad_value);
    EXPECT_EQ(parsed.error().message, c.message);
  }
}

}  // namespace
}  // namespace synack::wire

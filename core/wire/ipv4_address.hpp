// An IPv4 address as one 32-bit number in host order (RFC 791 §3.2), with the
// dotted-quad text form used in scenario files and on screen.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "decode.hpp"

namespace synack::wire {

class Ipv4Address {
 public:
  constexpr Ipv4Address() = default;
  constexpr explicit Ipv4Address(std::uint32_t value) : value_(value) {}
  constexpr Ipv4Address(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d)
      : value_((std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) |
               std::uint32_t{d}) {}

  static constexpr Ipv4Address unspecified() { return Ipv4Address(0); }
  static constexpr Ipv4Address broadcast() { return Ipv4Address(0xFFFFFFFFu); }

  // Strict dotted decimal: four octets 0..255, no leading zeros (inet_aton
  // would read "010" as octal 8, so such text is ambiguous and refused).
  static DecodeResult<Ipv4Address> parse(std::string_view text);

  constexpr std::uint32_t value() const { return value_; }
  // 127.0.0.0/8, the host's own loopback network (RFC 1122 §3.2.1.3).
  constexpr bool is_loopback() const { return (value_ >> 24) == 127; }
  std::array<std::uint8_t, 4> octets() const;
  std::string to_string() const;

  friend constexpr bool operator==(Ipv4Address a, Ipv4Address b) { return a.value_ == b.value_; }
  friend constexpr bool operator!=(Ipv4Address a, Ipv4Address b) { return a.value_ != b.value_; }
  // Numeric order, so addresses can key ordered maps (ARP caches, routes).
  friend constexpr bool operator<(Ipv4Address a, Ipv4Address b) { return a.value_ < b.value_; }

 private:
  std::uint32_t value_ = 0;
};

}  // namespace synack::wire

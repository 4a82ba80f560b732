// Ethernet II framing (IEEE 802.3 with a type field, as carried by RFC 894):
// destination and source MAC, ethertype, payload. Frames here carry no FCS and
// no padding to 60 bytes, like what Linux hands to a packet capture.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bytes.hpp"
#include "decode.hpp"

namespace synack::wire {

class MacAddress {
 public:
  constexpr MacAddress() = default;
  constexpr explicit MacAddress(const std::array<std::uint8_t, 6>& octets) : octets_(octets) {}

  static constexpr MacAddress broadcast() {
    return MacAddress({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});
  }

  // "aa:bb:cc:dd:ee:ff": six two-digit hex octets, either case, colon separated.
  static DecodeResult<MacAddress> parse(std::string_view text);
  // Lower case, colon separated, as `ip link` prints it.
  std::string to_string() const;

  const std::array<std::uint8_t, 6>& octets() const { return octets_; }
  bool is_broadcast() const { return *this == broadcast(); }
  // The I/G bit: the lowest bit of the first octet marks group addresses.
  bool is_multicast() const { return (octets_[0] & 0x01) != 0; }

  friend constexpr bool operator==(const MacAddress& a, const MacAddress& b) {
    for (std::size_t i = 0; i < 6; ++i) {
      if (a.octets_[i] != b.octets_[i]) return false;
    }
    return true;
  }
  friend constexpr bool operator!=(const MacAddress& a, const MacAddress& b) { return !(a == b); }
  // Byte order, so addresses can key ordered maps (switch MAC tables).
  friend bool operator<(const MacAddress& a, const MacAddress& b) { return a.octets_ < b.octets_; }

 private:
  std::array<std::uint8_t, 6> octets_{};
};

// Six octets at `offset`, and their counterpart for writers; ARP uses these too.
// Inline: switches read two per frame.
inline MacAddress read_mac(ByteView bytes, std::size_t offset) {
  std::array<std::uint8_t, 6> octets{};
  for (std::size_t i = 0; i < 6; ++i) octets[i] = bytes.u8(offset + i);
  return MacAddress(octets);
}
void write_mac(ByteWriter& w, const MacAddress& mac);

namespace ethertype {
inline constexpr std::uint16_t IPV4 = 0x0800;
inline constexpr std::uint16_t ARP = 0x0806;
}  // namespace ethertype

struct EthernetRepr {
  MacAddress dst;
  MacAddress src;
  std::uint16_t ethertype = 0;

  static constexpr std::size_t kHeaderLength = 14;
};

struct EthernetFrame {
  EthernetRepr repr;
  ByteView payload;  // points into the decoded buffer
};

DecodeResult<EthernetFrame> decode_ethernet(ByteView frame);
// Appends the 14-byte header and then the payload.
void encode_ethernet(const EthernetRepr& repr, ByteView payload, std::vector<std::uint8_t>& out);

}  // namespace synack::wire

// UDP (RFC 768): ports, a length, and a checksum over a pseudo-header that is
// optional in IPv4 (zero means the sender did not compute one).
#pragma once

#include <cstdint>
#include <vector>

#include "bytes.hpp"
#include "decode.hpp"
#include "ipv4_address.hpp"

namespace synack::wire {

struct UdpRepr {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::vector<std::uint8_t> payload{};
  // Set by decode. A zero checksum field means "not computed": then
  // checksum_present is false and checksum_ok is true, as there is nothing to fail.
  bool checksum_present = true;
  bool checksum_ok = true;

  static constexpr std::size_t kHeaderLength = 8;
};

// Bytes past the UDP length field (padding) are not part of the datagram.
DecodeResult<UdpRepr> decode_udp(ByteView datagram, Ipv4Address src, Ipv4Address dst,
                                 ChecksumPolicy policy = ChecksumPolicy::strict);
// Always computes the checksum; a computed zero is sent as 0xFFFF, its
// one's complement twin, since zero on the wire would mean "none".
void encode_udp(const UdpRepr& repr, Ipv4Address src, Ipv4Address dst,
                std::vector<std::uint8_t>& out);

}  // namespace synack::wire

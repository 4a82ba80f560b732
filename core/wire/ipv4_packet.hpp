// The IPv4 header (RFC 791 §3.1). Options are length-checked and skipped on
// decode and never written on encode; the simulator has no use for them.
#pragma once

#include <cstdint>
#include <vector>

#include "bytes.hpp"
#include "decode.hpp"
#include "ipv4_address.hpp"

namespace synack::wire {

namespace ip_protocol {
inline constexpr std::uint8_t ICMP = 1;
inline constexpr std::uint8_t TCP = 6;
inline constexpr std::uint8_t UDP = 17;
}  // namespace ip_protocol

struct Ipv4Repr {
  Ipv4Address src;
  Ipv4Address dst;
  std::uint8_t protocol = 0;
  std::uint8_t ttl = 64;  // Linux's default
  std::uint16_t identification = 0;
  bool dont_fragment = true;  // Linux sets DF for path MTU discovery
  bool more_fragments = false;
  std::uint16_t fragment_offset = 0;  // in bytes; always a multiple of 8
  std::uint8_t dscp_ecn = 0;          // the byte once called type of service
  // Set by decode; under ChecksumPolicy::lenient it may be false.
  bool checksum_ok = true;

  static constexpr std::size_t kMinHeaderLength = 20;

  bool is_fragment() const { return more_fragments || fragment_offset != 0; }
};

struct Ipv4Packet {
  Ipv4Repr repr;
  std::size_t header_length = Ipv4Repr::kMinHeaderLength;  // IHL * 4, options included
  // Exactly total length minus header length; trailing bytes such as Ethernet
  // padding are not part of it. Points into the decoded buffer.
  ByteView payload;
};

DecodeResult<Ipv4Packet> decode_ipv4(ByteView packet,
                                     ChecksumPolicy policy = ChecksumPolicy::strict);

// Appends a 20-byte header for a payload of `payload_length` bytes, checksum
// included, so an upper layer can then append its bytes straight after it.
void encode_ipv4_header(const Ipv4Repr& repr, std::size_t payload_length,
                        std::vector<std::uint8_t>& out);
// Header and payload; `payload` must not point into `out`.
void encode_ipv4(const Ipv4Repr& repr, ByteView payload, std::vector<std::uint8_t>& out);

}  // namespace synack::wire

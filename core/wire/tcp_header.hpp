// The TCP header (RFC 9293 §3.1) around a tcp::Segment: ports, the fields the
// state machine reads, and options. The options the endpoint knows (MSS, window
// scale, SACK-permitted, timestamps, SACK) are read into the segment and laid
// out again on encoding the way FreeBSD's tcp_addoptions() does; any other
// option is kept as bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bytes.hpp"
#include "core/tcp_segment.hpp"
#include "decode.hpp"
#include "ipv4_address.hpp"

namespace synack::wire {

namespace tcp_option_kind {
inline constexpr std::uint8_t EOL = 0;  // end of option list
inline constexpr std::uint8_t NOP = 1;
inline constexpr std::uint8_t MSS = 2;
inline constexpr std::uint8_t WINDOW_SCALE = 3;    // RFC 7323
inline constexpr std::uint8_t SACK_PERMITTED = 4;  // RFC 2018
inline constexpr std::uint8_t SACK = 5;            // RFC 2018
inline constexpr std::uint8_t TIMESTAMPS = 8;      // RFC 7323
}  // namespace tcp_option_kind

// One option as on the wire: EOL and NOP are a lone kind byte; any other kind
// is followed by a length byte (counting kind and length) and `data`.
struct TcpOption {
  std::uint8_t kind = tcp_option_kind::NOP;
  std::vector<std::uint8_t> data;

  std::size_t wire_length() const;
  friend bool operator==(const TcpOption& a, const TcpOption& b) {
    return a.kind == b.kind && a.data == b.data;
  }
};

// tcpdump's spelling: "nop", "mss 1460", "wscale 7", "sackOK", "TS val 1 ecr 0",
// "sack 1000:2000", "eol", or "opt-30 len 4" for kinds it does not know.
std::string describe(const TcpOption& option);

// Every member has an initializer, so `TcpRepr{src_port, dst_port, segment}`
// wraps an endpoint's segment without -Wmissing-field-initializers noise.
struct TcpRepr {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  tcp::Segment seg{};  // seq, ack, flags, window, the known options and payload
  std::uint16_t urgent_pointer = 0;
  // Options of kinds the segment does not hold, in wire order; encoded after
  // the known ones. NOP and EOL are padding and are not kept. An MSS option of
  // value 0 reads as "no MSS".
  std::vector<TcpOption> options{};
  // Set by decode; under ChecksumPolicy::lenient it may be false.
  bool checksum_ok = true;

  static constexpr std::size_t kMinHeaderLength = 20;
  static constexpr std::size_t kMaxHeaderLength = 60;
};

// The option list as encode_tcp() writes it, padding included: MSS; NOP and
// window scale; SACK-permitted; NOPs to align timestamps; NOPs and SACK blocks
// (as many as fit); the other options; EOLs to a multiple of four bytes.
std::vector<TcpOption> wire_options(const TcpRepr& repr);

// The options in tcpdump's words without padding ("mss 1460,sackOK"); empty
// when there are none. SACK blocks are shown less `sack_base`.
std::string options_text(const TcpRepr& repr, std::uint32_t sack_base = 0);

// Header length including options and padding: the data offset times four.
std::size_t tcp_header_length(const TcpRepr& repr);

// `segment` is the whole IPv4 payload; `src` and `dst` are needed for the
// pseudo-header checksum.
DecodeResult<TcpRepr> decode_tcp(ByteView segment, Ipv4Address src, Ipv4Address dst,
                                 ChecksumPolicy policy = ChecksumPolicy::strict);

// Appends header, options (zero padded to a multiple of 4) and payload, with
// the checksum over the pseudo-header. Options must fit in 40 bytes.
void encode_tcp(const TcpRepr& repr, Ipv4Address src, Ipv4Address dst,
                std::vector<std::uint8_t>& out);

}  // namespace synack::wire

// ICMPv4 (RFC 792): the 8-byte header with its checksum over the whole message,
// echo request and reply, and the error messages (destination unreachable,
// time exceeded, ...), which quote the offending datagram's IP header and at
// least its first 8 bytes (RFC 792; RFC 1812 §4.3.2.3 allows more).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bytes.hpp"
#include "decode.hpp"
#include "ipv4_address.hpp"
#include "ipv4_packet.hpp"

namespace synack::wire {

namespace icmp_type {
inline constexpr std::uint8_t EchoReply = 0;
inline constexpr std::uint8_t DestinationUnreachable = 3;
inline constexpr std::uint8_t SourceQuench = 4;
inline constexpr std::uint8_t Redirect = 5;
inline constexpr std::uint8_t EchoRequest = 8;
inline constexpr std::uint8_t TimeExceeded = 11;
inline constexpr std::uint8_t ParameterProblem = 12;
}  // namespace icmp_type

// Destination unreachable codes (RFC 792, RFC 1122 §3.2.2.1, RFC 1812 §5.2.7.1).
namespace unreachable_code {
inline constexpr std::uint8_t Net = 0;
inline constexpr std::uint8_t Host = 1;
inline constexpr std::uint8_t Protocol = 2;
inline constexpr std::uint8_t Port = 3;
inline constexpr std::uint8_t FragmentationNeeded = 4;
inline constexpr std::uint8_t SourceRouteFailed = 5;
inline constexpr std::uint8_t NetUnknown = 6;
inline constexpr std::uint8_t HostUnknown = 7;
inline constexpr std::uint8_t SourceHostIsolated = 8;
inline constexpr std::uint8_t NetProhibited = 9;
inline constexpr std::uint8_t HostProhibited = 10;
inline constexpr std::uint8_t NetTos = 11;
inline constexpr std::uint8_t HostTos = 12;
inline constexpr std::uint8_t CommProhibited = 13;
inline constexpr std::uint8_t PrecedenceViolation = 14;
inline constexpr std::uint8_t PrecedenceCutoff = 15;
}  // namespace unreachable_code

namespace time_exceeded_code {
inline constexpr std::uint8_t InTransit = 0;   // TTL reached zero at a router
inline constexpr std::uint8_t Reassembly = 1;  // fragments did not all arrive
}  // namespace time_exceeded_code

struct IcmpRepr {
  std::uint8_t type = icmp_type::EchoRequest;
  std::uint8_t code = 0;
  // The header's second word: identifier and sequence number of an echo, the
  // next-hop MTU of "fragmentation needed" (RFC 1191) in its low half, the
  // pointer of a parameter problem in its top byte, a redirect's gateway.
  std::uint32_t rest = 0;
  // An echo's data, or an error's quoted datagram.
  std::vector<std::uint8_t> data{};
  bool checksum_ok = true;  // set by decode; false only under ChecksumPolicy::lenient

  static constexpr std::size_t kHeaderLength = 8;
  // An error quotes the IP header and this many bytes of what followed it.
  static constexpr std::size_t kQuotedPayload = 8;

  bool is_error() const;
  std::uint16_t identifier() const { return static_cast<std::uint16_t>(rest >> 16); }
  std::uint16_t sequence() const { return static_cast<std::uint16_t>(rest & 0xFFFF); }
  std::uint16_t next_hop_mtu() const { return static_cast<std::uint16_t>(rest & 0xFFFF); }
};

DecodeResult<IcmpRepr> decode_icmp(ByteView message,
                                   ChecksumPolicy policy = ChecksumPolicy::strict);
void encode_icmp(const IcmpRepr& repr, std::vector<std::uint8_t>& out);

// An error about `offending` (a whole IPv4 packet): its header and first 8
// bytes of payload quoted, as RFC 792 asks.
IcmpRepr icmp_error(std::uint8_t type, std::uint8_t code, ByteView offending);

// The offending datagram an error quotes: enough of its IP header to find the
// socket (RFC 1122 §3.2.2, RFC 5927 §4.1) and the transport header's start.
struct IcmpQuote {
  Ipv4Address src, dst;
  std::uint8_t protocol = 0;
  std::uint16_t src_port = 0, dst_port = 0;  // TCP and UDP alike: the first 4 bytes
  std::uint32_t tcp_seq = 0;                 // bytes 4-7: TCP's sequence number
};
// Reads the quote of an error message; the quoted header's total length and
// checksum are not checked, as a router may have quoted fewer bytes.
DecodeResult<IcmpQuote> decode_icmp_quote(ByteView quoted);

// "destination unreachable", "time exceeded", "type 42".
std::string icmp_type_name(std::uint8_t type);
// The code's name: "port unreachable", "TTL exceeded in transit"; empty for a
// type whose codes have no names (an echo's code is 0).
std::string icmp_code_name(std::uint8_t type, std::uint8_t code);
// "ICMP destination unreachable (port unreachable)", "ICMP echo request id 1 seq 2".
std::string describe(const IcmpRepr& repr);

}  // namespace synack::wire

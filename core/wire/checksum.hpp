// The Internet checksum (RFC 1071): the one's complement of the one's
// complement sum of 16-bit words, shared by IPv4, TCP and UDP.
#pragma once

#include <cstdint>

#include "bytes.hpp"
#include "ipv4_address.hpp"

namespace synack::wire {

// Sums data fed in pieces, so a header can be summed around its own checksum
// field and TCP/UDP can add the pseudo-header without copying it in front.
class ChecksumAccumulator {
 public:
  void add(ByteView bytes);
  void add_u16(std::uint16_t word);
  void add_u32(std::uint32_t word);
  // The value to store in a checksum field.
  std::uint16_t finish() const;

 private:
  // 64 bits hold 2^48 words before overflow, so carries are folded only once.
  std::uint64_t sum_ = 0;
  bool odd_ = false;  // the previous piece ended in the high byte of a word
};

std::uint16_t internet_checksum(ByteView bytes);

// Starts an accumulator with the TCP/UDP pseudo-header (RFC 9293 §3.1, RFC 768):
// source and destination address, zero, protocol, and the segment length.
ChecksumAccumulator pseudo_header_sum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                      std::uint16_t length);

// Checksum of a TCP segment or UDP datagram whose checksum field sits at
// `checksum_offset`; the field's current contents are left out of the sum, so
// this gives the value it should hold whether it was filled in or not.
std::uint16_t transport_checksum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                 ByteView segment, std::size_t checksum_offset);

}  // namespace synack::wire

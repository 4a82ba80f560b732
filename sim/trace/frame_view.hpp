// What a frame in a Trace says, in the words people read: TCP numbers relative
// to each connection's ISN (as tcpdump -S off and Wireshark show them) and a
// one-line summary. The exports, the expectation checker and the GUI all read
// frames through here, so they agree on the numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/wire/frame.hpp"
#include "sim/trace/trace.hpp"

namespace synack::trace {

// One TCP frame's numbers, absolute and relative. Relative numbers count from
// each direction's ISN: the seq of the first SYN seen in that direction
// (src ip:port -> dst ip:port); a later SYN in the same direction with another
// seq starts a new connection's numbering (a port reused after TIME-WAIT).
// Without any SYN seen, the first seq seen in that direction is the base.
// rel_ack counts from the reverse direction's ISN (+0: ack of the SYN is 1).
// A direction first heard of through the other side's ACK (its SYN and
// segments not seen yet) takes that ack as its base; rel_ack is 0 without ACK.
struct TcpNumbers {
  bool is_tcp = false;
  std::uint32_t src_ip = 0, dst_ip = 0;
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint8_t flags = 0;
  std::uint32_t seq = 0, ack = 0;          // absolute
  std::uint32_t rel_seq = 0, rel_ack = 0;  // relative
  std::uint32_t len = 0;                   // payload bytes
  std::uint16_t win = 0;
  // The options in tcpdump's words ("mss 1460,sackOK", "TS val 5 ecr 3,sack
  // 1001:2001"), SACK blocks relative like the ACK; empty when there are none.
  std::string options;
};

// Indexed by FrameId: one pass over trace.events in order, numbering each frame
// at its first appearance. Non-TCP frames have is_tcp = false.
std::vector<TcpNumbers> number_tcp_frames(const Trace& trace);

// One line for a frame, tcpdump-like but with relative numbers when given:
//   "10.0.0.1:49152 > 10.0.0.2:80 S. seq 0 ack 1 win 65535 len 0"
//   "ARP who-has 10.0.0.2 tell 10.0.0.1"   "ARP reply 10.0.0.2 is-at 02:00:00:00:00:02"
//   "10.0.0.1:5000 > 10.0.0.2:6000 UDP len 12"
//   "10.0.0.2 > 10.0.0.1 ICMP destination unreachable (port unreachable) for UDP
//    10.0.0.1:5000 > 10.0.0.2:6000"
// A frame that does not decode names the error. With TCP `numbers` the frame
// is not decoded again.
std::string summarize_frame(const Trace& trace, FrameId id, const TcpNumbers* numbers = nullptr);

// "ICMP time exceeded (TTL exceeded in transit) for TCP 10.0.0.1:49152 > 10.0.1.2:80":
// the message and, for an error, the datagram it quotes.
std::string icmp_text(const wire::IcmpRepr& icmp);

// The same line for a frame already decoded (strict checksums).
std::string summarize_decoded(const wire::DecodedFrame& frame, const TcpNumbers* numbers = nullptr);

}  // namespace synack::trace

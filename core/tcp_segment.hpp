// A TCP segment as the endpoint sees it: header fields that matter to the state
// machine plus the payload. Ports and addresses belong to the layers around it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "seq.hpp"

namespace synack::tcp {

namespace flag {
inline constexpr std::uint8_t FIN = 0x01;
inline constexpr std::uint8_t SYN = 0x02;
inline constexpr std::uint8_t RST = 0x04;
inline constexpr std::uint8_t PSH = 0x08;
inline constexpr std::uint8_t ACK = 0x10;
inline constexpr std::uint8_t URG = 0x20;
inline constexpr std::uint8_t ECE = 0x40;
inline constexpr std::uint8_t CWR = 0x80;
}  // namespace flag

// The timestamps option (RFC 7323 §3): the sender's clock and the echo of the
// peer's.
struct Timestamps {
  std::uint32_t val = 0;  // TSval
  std::uint32_t ecr = 0;  // TSecr
  friend bool operator==(const Timestamps& a, const Timestamps& b) {
    return a.val == b.val && a.ecr == b.ecr;
  }
};

// A SACK block (RFC 2018 §3): received bytes from `left` up to, not including,
// `right`.
struct SackBlock {
  SeqNum left;
  SeqNum right;
  friend bool operator==(const SackBlock& a, const SackBlock& b) {
    return a.left == b.left && a.right == b.right;
  }
};

// The most SACK blocks an option can hold (RFC 2018 §3: 40 option bytes), and
// beside timestamps.
inline constexpr std::size_t kMaxSackBlocks = 4;
inline constexpr std::size_t kMaxSackBlocksWithTimestamps = 3;

struct Segment {
  SeqNum seq;
  SeqNum ack;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  // Options the endpoint reads and writes. Window scale and SACK-permitted
  // appear only on a SYN (RFC 7323 §2.2, RFC 2018 §2).
  std::uint16_t mss = 0;                     // MSS value; 0 when the option is absent
  std::optional<std::uint8_t> window_scale;  // the sender's shift count (RFC 7323 §2)
  bool sack_permitted = false;               // RFC 2018 §2
  std::optional<Timestamps> timestamps;      // RFC 7323 §3
  std::vector<SackBlock> sack;               // RFC 2018 §3, most recent first
  std::vector<std::uint8_t> payload;

  bool has(std::uint8_t f) const { return (flags & f) != 0; }
  // SEG.LEN: payload plus one for each of SYN and FIN (RFC 9293 §3.4).
  std::uint32_t seg_len() const {
    return static_cast<std::uint32_t>(payload.size()) + (has(flag::SYN) ? 1 : 0) +
           (has(flag::FIN) ? 1 : 0);
  }
};

// The letters tcpdump and packetdrill use for the flags, in their printing order
// ("S.", "F.", "SEW"); "-" stands for no flags at all.
struct FlagLetter {
  char letter;
  std::uint8_t bit;
};
inline constexpr FlagLetter kFlagLetters[] = {{'S', flag::SYN}, {'F', flag::FIN}, {'R', flag::RST},
                                              {'P', flag::PSH}, {'U', flag::URG}, {'E', flag::ECE},
                                              {'W', flag::CWR}, {'.', flag::ACK}};

// Flags in that spelling: "S", "S.", "F.", "R", "P." ...
std::string flags_to_string(std::uint8_t flags);

// One line such as "S. 1000:1000(0) ack 5001 win 65535 <mss 1460>", with
// absolute numbers.
std::string describe(const Segment& s);

// The options in tcpdump's words, without the padding: "mss 1460,wscale 7,
// sackOK,TS val 1 ecr 0", "sack 1001:2001"; empty when there are none. SACK
// blocks are shown less `sack_base` (the ISN of the side they acknowledge, for
// relative numbers).
std::string options_text(const Segment& s, std::uint32_t sack_base = 0);

}  // namespace synack::tcp

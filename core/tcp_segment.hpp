// A TCP segment as the endpoint sees it: header fields that matter to the state
// machine plus the payload. Ports and addresses belong to the layers around it.
#pragma once

#include <cstdint>
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

struct Segment {
  SeqNum seq;
  SeqNum ack;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  std::uint16_t mss = 0;  // MSS option value; 0 when the option is absent
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

// One line such as "S. 1000:1000(0) ack 5001 win 65535", with absolute numbers.
std::string describe(const Segment& s);

}  // namespace synack::tcp

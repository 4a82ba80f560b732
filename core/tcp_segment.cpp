#include "tcp_segment.hpp"

#include <string>

namespace synack::tcp {

std::string flags_to_string(std::uint8_t flags) {
  std::string s;
  for (const FlagLetter& f : kFlagLetters) {
    if (flags & f.bit) s += f.letter;
  }
  return s.empty() ? "-" : s;
}

std::string describe(const Segment& s) {
  const auto n = static_cast<std::uint32_t>(s.payload.size());
  std::string text = flags_to_string(s.flags) + " " + std::to_string(s.seq.raw()) + ":" +
                     std::to_string((s.seq + n).raw()) + "(" + std::to_string(n) + ")";
  if (s.has(flag::ACK)) text += " ack " + std::to_string(s.ack.raw());
  text += " win " + std::to_string(s.window);
  if (s.mss) text += " <mss " + std::to_string(s.mss) + ">";
  return text;
}

}  // namespace synack::tcp

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
  if (const std::string options = options_text(s); !options.empty()) text += " <" + options + ">";
  return text;
}

std::string options_text(const Segment& s, std::uint32_t sack_base) {
  std::string text;
  const auto add = [&](const std::string& option) { text += (text.empty() ? "" : ",") + option; };
  if (s.mss) add("mss " + std::to_string(s.mss));
  if (s.window_scale) add("wscale " + std::to_string(*s.window_scale));
  if (s.sack_permitted) add("sackOK");
  if (s.timestamps) {
    add("TS val " + std::to_string(s.timestamps->val) + " ecr " +
        std::to_string(s.timestamps->ecr));
  }
  if (!s.sack.empty()) {
    std::string blocks = "sack";
    for (const SackBlock& b : s.sack) {
      blocks += " " + std::to_string((b.left - sack_base).raw()) + ":" +
                std::to_string((b.right - sack_base).raw());
    }
    add(blocks);
  }
  return text;
}

}  // namespace synack::tcp

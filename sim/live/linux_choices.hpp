// Where Linux chooses what RFC 9293 leaves open (or fixes what the model
// makes a setting): each choice in one line with its source, so a difference
// between the simulation and the kernel can be named for what it is.
#pragma once

#include <string_view>
#include <vector>

namespace synack::live {

struct LinuxChoice {
  std::string_view key;     // "delayed_ack"
  std::string_view choice;  // one line: what Linux does
  std::string_view source;  // where that is documented
};

const std::vector<LinuxChoice>& linux_choices();
// The choice named `key`; a key not in the table is a programming error.
const LinuxChoice& linux_choice(std::string_view key);

}  // namespace synack::live

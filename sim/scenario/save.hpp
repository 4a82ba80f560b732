// Writing a scenario back after its settings were changed in the desktop app's
// what-if panel: the file's own text with the settings (scenario-wide and per
// node), the seed and the links' loss of the changed scenario in place of its
// own, so loading the result gives that scenario. Everything else is kept as
// the file has it, though not its comments.
#pragma once

#include <string>

#include "sim/scenario/scenario.hpp"

namespace synack::scenario {

struct SaveResult {
  std::string text;   // the new file
  std::string error;  // "" on success
};

// `text` is the file `edited` was loaded from.
SaveResult rewrite_settings(const std::string& text, const Scenario& edited);

}  // namespace synack::scenario

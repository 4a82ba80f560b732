// Where the app keeps what it remembers between runs (recent files, the
// window layout): $XDG_CONFIG_HOME/synack, else ~/.config/synack.
#pragma once

#include <string>

namespace synack::gui {

// The path of `name` in that folder, or "" when neither variable is set.
std::string config_file(const std::string& name);

}  // namespace synack::gui

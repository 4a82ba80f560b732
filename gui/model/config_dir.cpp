#include "gui/model/config_dir.hpp"

#include <cstdlib>

namespace synack::gui {

std::string config_file(const std::string& name) {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/synack/" + name;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.config/synack/" + name;
  }
  return "";
}

}  // namespace synack::gui

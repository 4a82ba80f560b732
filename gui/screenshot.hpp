// The window's pixels as a PNG, read back with glReadPixels.
#pragma once

#include <string>

namespace synack::gui {

// Reads the back buffer (width x height) and writes it; false with `error` set on failure.
bool write_screenshot(const std::string& path, int width, int height, std::string& error);

}  // namespace synack::gui

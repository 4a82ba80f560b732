#include "gui/screenshot.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <vector>

namespace synack::gui {

bool write_screenshot(const std::string& path, int width, int height, std::string& error) {
  if (width <= 0 || height <= 0) {
    error = "the window has no size";
    return false;
  }
  const auto stride = static_cast<std::size_t>(width) * 4;
  std::vector<unsigned char> pixels(stride * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows start at the bottom; PNG's at the top.
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < height; ++y) {
    const auto from = static_cast<std::size_t>(height - 1 - y) * stride;
    std::copy(pixels.begin() + static_cast<std::ptrdiff_t>(from),
              pixels.begin() + static_cast<std::ptrdiff_t>(from + stride),
              flipped.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(y) * stride));
  }
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;  // opaque
  if (stbi_write_png(path.c_str(), width, height, 4, flipped.data(), static_cast<int>(stride)) ==
      0) {
    error = path + ": cannot write the PNG";
    return false;
  }
  return true;
}

}  // namespace synack::gui

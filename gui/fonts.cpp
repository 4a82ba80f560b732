#include "gui/fonts.hpp"

#include <imgui.h>

#include <filesystem>
#include <iostream>

namespace synack::gui {

std::string find_font(bool mono) {
  static const char* kSans[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                "/usr/share/fonts/TTF/DejaVuSans.ttf",
                                "/usr/share/fonts/dejavu/DejaVuSans.ttf"};
  static const char* kMono[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                                "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
                                "/usr/share/fonts/dejavu/DejaVuSansMono.ttf"};
  std::error_code ec;
  for (const char* path : mono ? kMono : kSans) {
    if (std::filesystem::is_regular_file(path, ec)) return path;
  }
  return "";
}

void load_fonts(float pixels) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  // Latin, Greek (µ), and the arrows, ticks, shapes and signs the app draws with.
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    builder.AddText(u8"µ↔→←↑↓▶◀▸▾▼▲✓✗✕×●■▮❚…⋯↻│≡≠∞–§");
    builder.BuildRanges(&ranges);
  }
  const std::string sans = find_font(false);
  if (sans.empty()) {
    static bool warned = false;
    if (!warned) {
      std::cerr << "synack-gui: DejaVu Sans not found (install fonts-dejavu-core); using ImGui's "
                   "small font\n";
      warned = true;
    }
    ImFontConfig config;
    config.SizePixels = pixels;
    io.Fonts->AddFontDefault(&config);
    return;
  }
  io.Fonts->AddFontFromFileTTF(sans.c_str(), pixels, nullptr, ranges.Data);
  const std::string mono = find_font(true);
  if (!mono.empty()) io.Fonts->AddFontFromFileTTF(mono.c_str(), pixels, nullptr, ranges.Data);
}

}  // namespace synack::gui

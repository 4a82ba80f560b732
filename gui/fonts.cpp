#include "gui/fonts.hpp"

#include <imgui.h>

#include <filesystem>
#include <iostream>

namespace synack::gui {

namespace {

// The first of `paths` that is a file, or "".
template <std::size_t N>
std::string first_file(const char* const (&paths)[N]) {
  std::error_code ec;
  for (const char* path : paths) {
    if (std::filesystem::is_regular_file(path, ec)) return path;
  }
  return "";
}

}  // namespace

std::string find_font(bool mono) {
  static const char* const kSans[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                      "/usr/share/fonts/TTF/DejaVuSans.ttf",
                                      "/usr/share/fonts/dejavu/DejaVuSans.ttf"};
  static const char* const kMono[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                                      "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
                                      "/usr/share/fonts/dejavu/DejaVuSansMono.ttf"};
  return mono ? first_file(kMono) : first_file(kSans);
}

std::string find_cjk_font() {
  static const char* const kCjk[] = {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                                     "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                     "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                                     "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"};
  return first_file(kCjk);
}

namespace {

// Chinese glyphs merged into the UI font: every CJK ideograph with the
// punctuation (the common 2500 miss words of the translation and of lessons,
// such as 帧; the whole set costs about half a second at start), and every
// character of the text the app was asked to cover.
void merge_cjk(float pixels) {
  ImGuiIO& io = ImGui::GetIO();
  const std::string path = find_cjk_font();
  if (path.empty()) {
    static bool warned = false;
    if (!warned) {
      std::cerr << "synack-gui: no Chinese font found (install fonts-wqy-microhei or "
                   "fonts-noto-cjk); Chinese text shows as '?'\n";
      warned = true;
    }
    return;
  }
  static ImVector<ImWchar> ranges;
  ranges.clear();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesChineseFull());
  builder.AddText(covered_text().c_str());
  builder.BuildRanges(&ranges);
  ImFontConfig config;
  config.MergeMode = true;
  config.OversampleH = 1;  // thousands of glyphs: keep the atlas small
  io.Fonts->AddFontFromFileTTF(path.c_str(), pixels, &config, ranges.Data);
}

}  // namespace

std::string& covered_text() {
  static std::string text;
  return text;
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
  merge_cjk(pixels);
  const std::string mono = find_font(true);
  if (!mono.empty()) io.Fonts->AddFontFromFileTTF(mono.c_str(), pixels, nullptr, ranges.Data);
}

}  // namespace synack::gui

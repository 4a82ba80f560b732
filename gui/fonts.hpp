// The UI font: DejaVu Sans from Debian's fonts-dejavu-core (ImGui's built-in
// bitmap font is too small for a projector), with Chinese glyphs merged in
// from fonts-wqy-microhei (or fonts-noto-cjk) for lessons in Chinese, rebuilt
// at the size the UI zoom asks for.
#pragma once

#include <string>

namespace synack::gui {

// Where the font files are looked for, first found wins.
std::string find_font(bool mono);
// A font with Chinese glyphs (fonts-wqy-microhei, fonts-noto-cjk), or "".
std::string find_cjk_font();
// Text whose every character the next load_fonts() must be able to draw
// (the open document's lesson and description), beyond the common ones.
std::string& covered_text();

// Replaces the font atlas with the UI font at `pixels` (and a monospaced one
// for numbers); falls back to ImGui's own font, with a message on stderr,
// when no font file is installed; without a Chinese font the app still
// starts, saying so once. Call before NewFrame, then let the renderer
// rebuild its texture.
void load_fonts(float pixels);

}  // namespace synack::gui

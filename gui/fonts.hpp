// The UI font: DejaVu Sans from Debian's fonts-dejavu-core (ImGui's built-in
// bitmap font is too small for a projector), rebuilt at the size the UI zoom
// asks for.
#pragma once

#include <string>

namespace synack::gui {

// Where the font files are looked for, first found wins.
std::string find_font(bool mono);

// Replaces the font atlas with the UI font at `pixels` (and a monospaced one
// for numbers); falls back to ImGui's own font, with a message on stderr,
// when no font file is installed. Call before NewFrame, then let the renderer
// rebuild its texture.
void load_fonts(float pixels);

}  // namespace synack::gui

// Small drawing helpers the panels share.
#pragma once

#include <string>

#include "gui/model/session.hpp"

namespace synack::gui {

// `text` cut with "…" to fit `max_width` pixels in the current font.
std::string fit_text(const std::string& text, float max_width);

// A hint centred in the remaining space of the current window.
void centered_hint(const char* text);

// A combo of the document's TCP connections that sets `session.conn`; false
// (and a hint) when there is none to pick.
bool connection_picker(Session& session);

}  // namespace synack::gui

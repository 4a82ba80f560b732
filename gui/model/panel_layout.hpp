// The default layout of the panels, worked out before any window exists: the
// timeline in the middle, columns of panels left and right of it, a strip
// under it and the step controls along the bottom. Each panel asks for a
// slot and a share of it; the panels in one slot split it in the order they
// were registered (stacked in the side columns, side by side under the
// timeline). An empty column or strip gives its room to the timeline.
// The app places each window there on first use only, so what the user moves
// or resizes stays where it was put.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace synack::gui {

enum class PanelSlot { Left, Center, UnderCenter, Right, Bottom };

struct PanelRequest {
  PanelSlot slot = PanelSlot::Center;
  float share = 1;  // of its slot, relative to the other panels there
  bool visible = true;
};

struct PanelRect {
  float x = 0, y = 0, width = 0, height = 0;
};

struct LayoutArea {
  float width = 1280, height = 800;  // the window
  float top = 0;                     // below the menu bar
  float line = 24;                   // a line of text with its spacing
  float bottom_height = 100;         // the step controls
};

// One rectangle per request, in the same order; a hidden panel gets the
// rectangle it would have had were it the only one shown in its slot.
std::vector<PanelRect> default_layout(const std::vector<PanelRequest>& panels,
                                      const LayoutArea& area);

// Which panels are shown, as lines of ImGui's ini file: "Title=1" or "Title=0".
std::string shown_line(const std::string& title, bool visible);
struct ShownLine {
  std::string title;
  bool visible = false;
};
// nullopt for a line that is not one of those.
std::optional<ShownLine> parse_shown_line(std::string_view line);

}  // namespace synack::gui

#include "gui/model/panel_layout.hpp"

#include <algorithm>
#include <array>

namespace synack::gui {

namespace {

constexpr int kSlots = 5;

int index(PanelSlot s) { return static_cast<int>(s); }

// Splits `whole` along one axis among the visible requests of one slot.
void split(const std::vector<PanelRequest>& panels, PanelSlot slot, PanelRect whole,
           PanelRect alone, bool across, std::vector<PanelRect>& out) {
  float total = 0;
  for (const PanelRequest& p : panels) {
    if (p.slot == slot && p.visible) total += std::max(p.share, 0.01f);
  }
  float at = 0;
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const PanelRequest& p = panels[i];
    if (p.slot != slot) continue;
    if (!p.visible) {
      out[i] = alone;
      continue;
    }
    const float part = std::max(p.share, 0.01f) / total;
    PanelRect r = whole;
    if (across) {
      r.x = whole.x + at * whole.width;
      r.width = part * whole.width;
    } else {
      r.y = whole.y + at * whole.height;
      r.height = part * whole.height;
    }
    out[i] = r;
    at += part;
  }
}

using Slots = std::array<PanelRect, kSlots>;

// The rectangle of each slot when the slots marked in `used` hold a panel.
Slots slot_rects(const bool (&used)[kSlots], const LayoutArea& area) {
  const float bottom_h = used[index(PanelSlot::Bottom)] ? area.bottom_height : 0;
  const float body_h = std::max(area.height - area.top - bottom_h, area.line * 4);
  const float left_w = used[index(PanelSlot::Left)]
                           ? std::clamp(area.width * 0.25f, area.line * 12, area.line * 26)
                           : 0;
  const float right_w = used[index(PanelSlot::Right)]
                            ? std::clamp(area.width * 0.26f, area.line * 14, area.line * 28)
                            : 0;
  const float center_w = std::max(area.width - left_w - right_w, area.line * 8);
  const float under_h = used[index(PanelSlot::UnderCenter)] ? body_h * 0.34f : 0;
  const float top = area.top;
  Slots r;
  r[index(PanelSlot::Left)] = {0, top, left_w, body_h};
  r[index(PanelSlot::Right)] = {left_w + center_w, top, right_w, body_h};
  r[index(PanelSlot::Center)] = {left_w, top, center_w, body_h - under_h};
  r[index(PanelSlot::UnderCenter)] = {left_w, top + body_h - under_h, center_w, under_h};
  r[index(PanelSlot::Bottom)] = {0, top + body_h, area.width, bottom_h};
  return r;
}

}  // namespace

std::vector<PanelRect> default_layout(const std::vector<PanelRequest>& panels,
                                      const LayoutArea& area) {
  bool used[kSlots] = {};
  for (const PanelRequest& p : panels) used[index(p.slot)] |= p.visible;
  const bool all[kSlots] = {true, true, true, true, true};
  const Slots shown = slot_rects(used, area);
  const Slots alone = slot_rects(all, area);

  std::vector<PanelRect> out(panels.size());
  for (int s = 0; s < kSlots; ++s) {
    const auto slot = static_cast<PanelSlot>(s);
    const bool across = slot == PanelSlot::UnderCenter || slot == PanelSlot::Bottom;
    split(panels, slot, shown[s], alone[s], across, out);
  }
  return out;
}

std::string shown_line(const std::string& title, bool visible) {
  return title + (visible ? "=1" : "=0");
}

std::optional<ShownLine> parse_shown_line(std::string_view line) {
  const std::size_t eq = line.rfind('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  const std::string_view value = line.substr(eq + 1);
  if (value != "0" && value != "1") return std::nullopt;
  return ShownLine{std::string(line.substr(0, eq)), value == "1"};
}

}  // namespace synack::gui

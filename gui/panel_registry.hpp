// The panels of the window. A panel is any class with
// `void draw_content(Session&)`; registering it gives it a title (its window
// name and its View menu entry), a place in the default layout and a visible
// flag. The registry draws every visible panel in its own window, placed by
// the default layout on first use (ImGui's ini file remembers where the user
// moved it), lists them in the View menu, and keeps which are shown in the
// same ini file.
#pragma once

#include <imgui.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gui/model/panel_layout.hpp"
#include "gui/model/session.hpp"

namespace synack::gui {

struct PanelInfo {
  std::string title;
  PanelSlot slot = PanelSlot::Center;
  float share = 1;  // of its slot
  ImGuiWindowFlags flags = 0;
  bool padded = true;   // false: the content reaches the window's edges
  bool visible = true;  // when the app first starts
};

class PanelRegistry {
 public:
  PanelRegistry() = default;
  PanelRegistry(const PanelRegistry&) = delete;
  PanelRegistry& operator=(const PanelRegistry&) = delete;

  template <class P, class... Args>
  P& add(PanelInfo info, Args&&... args) {
    auto panel = std::make_shared<P>(std::forward<Args>(args)...);
    P& ref = *panel;
    const bool visible = info.visible;
    entries_.push_back(
        {std::move(info), visible, [&ref](Session& s) { ref.draw_content(s); }, panel});
    return ref;
  }

  // Draws the visible panels in windows of their own; `reset` puts every
  // window back where the default layout has it.
  void draw(Session& session, const LayoutArea& area, bool reset);
  // One checkable item per panel.
  void view_menu_items();
  // Every panel shown, as the default layout has them (View → Reset layout).
  void reset_visibility();
  void show_all();
  // Shows the panel titled `title` (any case); false when there is none.
  bool show(const std::string& title);
  std::vector<std::string> titles() const;
  // The default layout's rectangle of the panel titled `title`.
  PanelRect default_rect(const std::string& title, const LayoutArea& area) const;

  // Keeps the visible flags in ImGui's ini file; call after ImGui::CreateContext.
  void keep_in_ini();

 private:
  struct Entry {
    PanelInfo info;
    bool visible;
    std::function<void(Session&)> draw;
    std::shared_ptr<void> owner;
  };
  std::vector<PanelRect> layout(const LayoutArea& area) const;

  std::vector<Entry> entries_;
};

}  // namespace synack::gui

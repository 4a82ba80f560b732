#include "gui/panel_registry.hpp"

#include <imgui_internal.h>  // ImGuiSettingsHandler: 1.86 has no public call to add one

#include <cctype>
#include <cstring>

#include "sim/lang/tr.hpp"

namespace synack::gui {

std::vector<PanelRect> PanelRegistry::layout(const LayoutArea& area) const {
  std::vector<PanelRequest> requests;
  requests.reserve(entries_.size());
  for (const Entry& e : entries_) requests.push_back({e.info.slot, e.info.share, e.info.visible});
  return default_layout(requests, area);
}

void PanelRegistry::draw(Session& session, const LayoutArea& area, bool reset) {
  const std::vector<PanelRect> rects = layout(area);
  const ImGuiCond when = reset ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    Entry& e = entries_[i];
    if (!e.visible) continue;
    ImGui::SetNextWindowPos(ImVec2(rects[i].x, rects[i].y), when);
    ImGui::SetNextWindowSize(ImVec2(rects[i].width, rects[i].height), when);
    if (!e.info.padded) ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    const bool was_visible = e.visible;
    // The title in the user's language; the window's name (and its place in
    // the ini file) stays the English one.
    const std::string name = std::string(lang::tr(e.info.title.c_str())) + "###" + e.info.title;
    const bool open = ImGui::Begin(name.c_str(), &e.visible, e.info.flags);
    if (!e.info.padded) ImGui::PopStyleVar();
    if (open) e.draw(session);
    ImGui::End();
    if (e.visible != was_visible) ImGui::MarkIniSettingsDirty();
  }
}

void PanelRegistry::view_menu_items() {
  for (Entry& e : entries_) {
    if (ImGui::MenuItem(lang::tr(e.info.title.c_str()), nullptr, &e.visible)) {
      ImGui::MarkIniSettingsDirty();
    }
  }
}

void PanelRegistry::reset_visibility() {
  for (Entry& e : entries_) e.visible = e.info.visible;
  ImGui::MarkIniSettingsDirty();
}

void PanelRegistry::show_all() {
  for (Entry& e : entries_) e.visible = true;
}

bool PanelRegistry::show(const std::string& title) {
  const auto lower = [](std::string t) {
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t;
  };
  for (Entry& e : entries_) {
    if (lower(e.info.title) == lower(title)) {
      e.visible = true;
      return true;
    }
  }
  return false;
}

std::vector<std::string> PanelRegistry::titles() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.info.title);
  return out;
}

PanelRect PanelRegistry::default_rect(const std::string& title, const LayoutArea& area) const {
  const std::vector<PanelRect> rects = layout(area);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].info.title == title) return rects[i];
  }
  return {0, area.top, area.width, area.height - area.top};
}

void PanelRegistry::keep_in_ini() {
  ImGuiSettingsHandler handler;
  handler.TypeName = "synack";
  handler.TypeHash = ImHashStr("synack");
  handler.UserData = this;
  handler.ReadOpenFn = [](ImGuiContext*, ImGuiSettingsHandler* h, const char* name) -> void* {
    return std::strcmp(name, "Panels") == 0 ? h->UserData : nullptr;
  };
  handler.ReadLineFn = [](ImGuiContext*, ImGuiSettingsHandler*, void* entry, const char* line) {
    const std::optional<ShownLine> shown = parse_shown_line(line);
    if (!shown) return;
    for (Entry& e : static_cast<PanelRegistry*>(entry)->entries_) {
      if (e.info.title == shown->title) e.visible = shown->visible;
    }
  };
  handler.WriteAllFn = [](ImGuiContext*, ImGuiSettingsHandler* h, ImGuiTextBuffer* out) {
    out->append("[synack][Panels]\n");
    for (const Entry& e : static_cast<PanelRegistry*>(h->UserData)->entries_) {
      out->appendf("%s\n", shown_line(e.info.title, e.visible).c_str());
    }
    out->append("\n");
  };
  ImGui::GetCurrentContext()->SettingsHandlers.push_back(handler);
}

}  // namespace synack::gui

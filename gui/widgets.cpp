#include "gui/widgets.hpp"

#include <imgui.h>

#include "sim/view/event_text.hpp"

namespace synack::gui {

std::string fit_text(const std::string& text, float max_width) {
  return view::fit_text(text, max_width,
                        [](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x; });
}

void centered_hint(const char* text) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size = ImGui::CalcTextSize(text, nullptr, false, avail.x * 0.8f);
  const ImVec2 cursor = ImGui::GetCursorPos();
  ImGui::SetCursorPos(ImVec2(cursor.x + (avail.x - size.x) / 2, cursor.y + (avail.y - size.y) / 2));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + avail.x * 0.8f);
  ImGui::TextDisabled("%s", text);
  ImGui::PopTextWrapPos();
}

}  // namespace synack::gui

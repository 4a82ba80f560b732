#include "gui/widgets.hpp"

#include <imgui.h>

namespace synack::gui {

std::string fit_text(const std::string& text, float max_width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= max_width) return text;
  std::size_t lo = 0, hi = text.size();
  while (lo < hi) {
    std::size_t mid = (lo + hi + 1) / 2;
    while (mid > 0 && (static_cast<unsigned char>(text[mid]) & 0xC0) == 0x80) --mid;  // UTF-8
    if (mid <= lo) break;
    if (ImGui::CalcTextSize((text.substr(0, mid) + "…").c_str()).x <= max_width) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return text.substr(0, lo) + "…";
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

#include "gui/errors_panel.hpp"

#include <imgui.h>

#include "gui/theme.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

void ErrorsPanel::show(std::string file, std::vector<std::string> errors, bool kept_previous) {
  file_ = std::move(file);
  errors_ = std::move(errors);
  kept_previous_ = kept_previous;
}

void ErrorsPanel::draw_content(float x, float y, float width) {
  if (errors_.empty()) return;
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.35f, 0.08f, 0.08f, 0.96f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.93f, 0.93f, 1));
  ImGui::Begin(
      "##errors", nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::Text(tr("%s did not open:"), file_.c_str());
  ImGui::PushTextWrapPos(0);
  for (const std::string& e : errors_) ImGui::BulletText("%s", e.c_str());
  ImGui::PopTextWrapPos();
  ImGui::TextUnformatted(
      kept_previous_ ? "The previous file stays open. Fix the file and save: it reloads by itself."
                     : "Fix the file and save it, or open another (Ctrl+O).");
  if (ImGui::Button(tr("Dismiss"))) errors_.clear();
  ImGui::End();
  ImGui::PopStyleColor(2);
}

}  // namespace synack::gui

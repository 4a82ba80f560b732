#include "gui/export_panel.hpp"

#include <imgui.h>

#include <filesystem>
#include <utility>

#include "sim/lang/tr.hpp"
#include "sim/view/svg_export.hpp"

namespace synack::gui {

using lang::tr;

void ExportPanel::ask(Kind kind, const Session& session) {
  if (!session.open()) return;
  kind_ = kind;
  asking_ = true;
  std::filesystem::path p(session.document->path);
  p.replace_extension(kind == Kind::Svg ? ".svg" : ".png");
  std::snprintf(path_, sizeof path_, "%s", p.string().c_str());
}

void ExportPanel::draw_content(const Session& session) {
  const char* title = kind_ == Kind::Svg ? "Export the ladder as SVG" : "Export the window as PNG";
  if (asking_) ImGui::OpenPopup(title);
  asking_ = false;
  if (!message_.empty()) {
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x / 2, ImGui::GetFrameHeight() * 2),
                            ImGuiCond_Always, ImVec2(0.5f, 0));
    ImGui::SetNextWindowBgAlpha(0.9f);
    ImGui::Begin("##exported", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::TextUnformatted(message_.c_str());
    if (ImGui::IsWindowHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) message_.clear();
    ImGui::End();
  }
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 30);
  const bool enter =
      ImGui::InputText("##path", path_, sizeof path_, ImGuiInputTextFlags_EnterReturnsTrue);
  if (kind_ == Kind::Svg) ImGui::Checkbox(tr("only up to the current step"), &up_to_step_);
  if ((ImGui::Button(tr("Export")) || enter) && session.open()) {
    if (kind_ == Kind::Png) {
      png_ = path_;
    } else {
      view::SvgOptions options;
      options.absolute = session.absolute_numbers;
      const auto& events = session.document->trace.events;
      if (up_to_step_ && session.step() > 0) options.to = events[session.step() - 1].t;
      const std::string error = view::write_ladder_svg_file(*session.ladder, options, path_);
      message_ = error.empty() ? std::string("wrote ") + path_ : error;
    }
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr("Cancel"))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace synack::gui

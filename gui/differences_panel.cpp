#include "gui/differences_panel.hpp"

#include <imgui.h>

#include "gui/theme.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

void DifferencesPanel::draw_content(Session& session) {
  const Palette& p = palette();
  // Why nothing runs beside is shown whole; what a run said folds away.
  const bool shown = trouble_ || said_.size() <= 1 ||
                     ImGui::TreeNode("said", "What the live run said (%zu)", said_.size());
  if (shown) {
    ImGui::PushTextWrapPos(0);
    for (const std::string& line : said_) {
      if (trouble_) {
        ImGui::TextColored(ImColor(p.drop).Value, "%s", line.c_str());
      } else {
        ImGui::TextDisabled("%s", line.c_str());
      }
    }
    ImGui::PopTextWrapPos();
    if (!trouble_ && said_.size() > 1) ImGui::TreePop();
  }
  if (!session.open() || !session.beside) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled(
        "Nothing beside the simulated run. File → Run live beside (root or CAP_NET_ADMIN) "
        "runs the scenario on Linux; File → Open capture beside… shows a capture.");
    ImGui::PopTextWrapPos();
    return;
  }
  Beside& b = *session.beside;
  const live::Comparison& c = b.comparison();
  std::size_t choices = 0;
  for (const Difference& d : b.differences()) choices += d.is_choice() ? 1 : 0;
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(ImColor(p.disagreement).Value, "● %zu disagree",
                     b.differences().size() - choices);
  ImGui::SameLine();
  ImGui::TextColored(ImColor(p.linux_choice).Value, "● %zu Linux's choices", choices);
  ImGui::PopTextWrapPos();
  ImGui::PushStyleColor(ImGuiCol_Text,
                        ImColor(c.states_agree && c.calls_agree ? p.muted : p.disagreement).Value);
  ImGui::TextWrapped(tr("State sequences %s; call results %s."),
                     c.states_agree ? tr("agree") : tr("DISAGREE"),
                     c.calls_agree ? tr("agree") : tr("DISAGREE"));
  ImGui::PopStyleColor();

  // Which moments are level: the first SYNs, or a record picked on each ladder.
  ImGui::TextUnformatted(tr("Level at"));
  ImGui::SameLine();
  ImGui::BeginDisabled(b.alignment().by_first_syn);
  if (ImGui::Button(tr("first SYN"))) b.align_by_first_syn();
  ImGui::EndDisabled();
  ImGui::SameLine();
  const bool can_align = session.selected != trace::kNone && b.selected != trace::kNone;
  ImGui::BeginDisabled(!can_align);
  if (ImGui::Button(tr("selected"))) b.align_on(session.selected, b.selected);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip(can_align ? "Make the record selected on each ladder level"
                                : "Click a record on each ladder first; then they are made level");
  }
  ImGui::Separator();

  ImGui::BeginChild("differences");
  const float dot = ImGui::GetTextLineHeight() * 0.3f;
  for (std::size_t i = 0; i < b.differences().size(); ++i) {
    const Difference& d = b.differences()[i];
    ImGui::PushID(static_cast<int>(i));
    const ImU32 col = d.is_choice() ? p.linux_choice : p.disagreement;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled(
        ImVec2(at.x + dot, at.y + ImGui::GetTextLineHeight() / 2), dot, col);
    ImGui::SetCursorScreenPos(ImVec2(at.x + dot * 3, at.y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0);
    const bool clicked = ImGui::Selectable(d.section.c_str(), false);
    ImGui::TextUnformatted(("sim:   " + (d.sim.empty() ? std::string("—") : d.sim)).c_str());
    ImGui::TextUnformatted(((b.kind() == BesideKind::Live ? "Linux: " : "other: ") +
                            (d.other.empty() ? std::string("—") : d.other))
                               .c_str());
    ImGui::TextColored(ImColor(col).Value, "%s", d.explanation.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (clicked) session.step_to_difference(i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("click: step both ladders here"));
    ImGui::Spacing();
    ImGui::PopID();
  }
  if (b.differences().empty()) ImGui::TextDisabled("%s", tr("The two runs agree line for line."));
  ImGui::EndChild();
}

}  // namespace synack::gui

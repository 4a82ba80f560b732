#include "gui/expectations_panel.hpp"

#include <imgui.h>

#include "gui/theme.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

void ExpectationsPanel::draw_content(Session& session) {
  if (!session.open()) return;
  session.follow_language();
  const Document& doc = *session.document;
  if (!doc.is_scenario) {
    ImGui::TextDisabled("%s",
                        tr("A saved trace has no expectations; open the scenario to check them."));
    return;
  }
  std::size_t held = 0;
  for (const auto& v : doc.verdicts) held += v.ok ? 1 : 0;
  ImGui::Text(tr("Expectations: %zu of %zu hold"), held, doc.verdicts.size());
  ImGui::Separator();
  ImGui::BeginChild("verdicts");
  for (std::size_t i = 0; i < doc.verdicts.size(); ++i) {
    const scenario::Verdict& v = doc.verdicts[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(
        ImGuiCol_Text, ImColor(v.ok ? state_fill(tcp::State::Established) : palette().drop).Value);
    ImGui::TextUnformatted(v.ok ? "✓" : "✗");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    if (ImGui::Selectable(v.what.c_str(), false)) {
      const std::size_t step = i < doc.verdict_steps.size() ? doc.verdict_steps[i] : 0;
      session.stepper->set(step);
      if (step > 0) session.select(static_cast<std::uint32_t>(step - 1));
    }
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::Text(tr("line %d: %s"), v.mark.line, v.ok ? tr("holds") : tr("FAILS"));
      ImGui::Text(tr("expected: %s"), v.expected.c_str());
      ImGui::Text(tr("actual:   %s"), v.actual.c_str());
      if (!v.note.empty()) ImGui::TextDisabled("%s", v.note.c_str());
      ImGui::TextDisabled("%s", tr("click: step to where it is decided"));
      ImGui::EndTooltip();
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace synack::gui

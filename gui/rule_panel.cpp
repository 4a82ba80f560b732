#include "gui/rule_panel.hpp"

#include <imgui.h>

#include <string>

#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

using namespace view;  // what the panels show (sim/view)

void RulePanel::draw_content(Session& session) {
  if (!session.open()) {
    centered_hint(tr("No file open."));
    return;
  }
  const Trace& trace = session.document->trace;
  const std::uint32_t event = session.selected != kNone ? session.selected
                              : session.step() > 0 ? static_cast<std::uint32_t>(session.step() - 1)
                                                   : kNone;
  if (event == kNone || event >= trace.events.size()) {
    centered_hint(tr("Select an event to see why it happened."));
    return;
  }
  if (event != explained_ || generation_ != session.generation) {
    rule_ = explain_record(trace, event);
    explained_ = event;
    generation_ = session.generation;
  }
  const Event& e = trace.events[event];
  const NodeId node = node_of(e);
  ImGui::TextDisabled("%s  %s", format_time(e.t).c_str(),
                      node < trace.nodes.size() ? trace.nodes[node].name.c_str() : "");
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled(
      "%s", event_summary(trace, session.ladder->numbers(), e, session.absolute_numbers).c_str());
  ImGui::Separator();
  if (rule_.sentence.empty()) {
    ImGui::TextDisabled("%s", tr("Nothing to explain here: no rule decides this record."));
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, ImColor(palette().text).Value);
    ImGui::TextUnformatted(rule_.sentence.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
  if (rule_.cause != kNone) {
    const std::string label = lang::trf("Step to it (event {})", rule_.cause + 1);
    if (ImGui::SmallButton(label.c_str())) session.step_to(rule_.cause);
  }
}

}  // namespace synack::gui

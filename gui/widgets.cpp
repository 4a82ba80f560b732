#include "gui/widgets.hpp"

#include <imgui.h>

#include "sim/lang/tr.hpp"
#include "sim/view/conn_index.hpp"
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

bool connection_picker(Session& session) {
  if (!session.open() || session.document->trace.conns.empty()) {
    centered_hint(lang::tr("No TCP connection in this run."));
    return false;
  }
  const trace::Trace& trace = session.document->trace;
  if (session.conn >= trace.conns.size()) session.conn = session.connections->first_connection();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##connection", view::conn_title(trace, session.conn).c_str())) {
    // A SYN flood has thousands: only the rows in view are made.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(trace.conns.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const auto c = static_cast<trace::ConnId>(i);
        ImGui::PushID(i);
        if (ImGui::Selectable(view::conn_title(trace, c).c_str(), c == session.conn)) {
          session.conn = c;
        }
        ImGui::PopID();
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The connection these panels show; selecting a record picks its connection");
  return true;
}

}  // namespace synack::gui

#include "gui/transport_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "gui/theme.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

using namespace view;  // the ladder's picture (sim/view)

namespace {

bool button(const char* label, const char* tip) {
  const bool pressed = ImGui::Button(label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  ImGui::SameLine();
  return pressed;
}

}  // namespace

void TransportPanel::draw_content(Session& session) {
  if (!session.open()) return;
  Stepper& s = *session.stepper;
  const Trace& trace = session.document->trace;
  if (button("▮◀", tr("Start (Home)"))) s.to_start();
  if (button("◀◀", tr("Previous segment (Up)"))) s.previous_segment();
  if (button("◀", tr("One event back (Left)"))) s.back();
  if (button(s.playing ? " ❚❚ " : "  ▶  ", tr("Play / pause (Space)"))) {
    if (s.step() >= s.last()) s.to_start();
    s.playing = !s.playing;
  }
  if (button("▶", tr("One event forward (Right)"))) s.forward();
  if (button("▶▶", tr("Next segment (Down)"))) s.next_segment();
  if (button("▶▮", tr("End (End)"))) s.to_end();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  float speed = static_cast<float>(s.speed);
  if (ImGui::SliderFloat("##speed", &speed, 0.5f, 200, lang::tr("%.1f events/s"),
                         ImGuiSliderFlags_Logarithmic)) {
    s.speed = speed;
  }
  ImGui::SameLine();
  const std::size_t step = s.step();
  const trace::TimeUs now = step == 0 || trace.events.empty() ? 0 : trace.events[step - 1].t;
  ImGui::Text(tr("event %zu of %zu  ·  t = %s"), step, s.last(), format_time(now).c_str());

  // The scrub bar: a click or drag anywhere sets the step.
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFontSize() * 1.3f;
  ImGui::InvisibleButton("scrub", ImVec2(width, height));
  const std::size_t n = std::max<std::size_t>(1, s.last());
  if (ImGui::IsItemActive()) {
    const float f = std::clamp((ImGui::GetIO().MousePos.x - pos.x) / width, 0.0f, 1.0f);
    s.set(static_cast<std::size_t>(f * static_cast<float>(n) + 0.5f));
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "%s", tr("Drag to scrub; marks: state changes (colour of the new state), drops (red)"));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& p = palette();
  const float mid = pos.y + height / 2;
  dl->AddRectFilled(ImVec2(pos.x, mid - 3), ImVec2(pos.x + width, mid + 3), p.lane_box, 3);
  const auto x_of = [&](std::size_t i) {
    return pos.x + width * static_cast<float>(i) / static_cast<float>(n);
  };
  dl->AddRectFilled(ImVec2(pos.x, mid - 3), ImVec2(x_of(step), mid + 3), p.call, 3);
  // One mark per pixel column at most, whatever the number of records.
  float last_x = -1;
  for (std::uint32_t i : s.state_changes()) {
    const float x = std::floor(x_of(i));
    if (x == last_x) continue;
    last_x = x;
    const auto& e = std::get<trace::StateEvent>(trace.events[i].what);
    dl->AddRectFilled(ImVec2(x, pos.y + 2), ImVec2(x + 2, mid), state_fill(e.to));
  }
  last_x = -1;
  for (std::uint32_t i : s.drops()) {
    const float x = std::floor(x_of(i));
    if (x == last_x) continue;
    last_x = x;
    dl->AddRectFilled(ImVec2(x, mid), ImVec2(x + 2, pos.y + height - 2), p.drop);
  }
  const float x = x_of(step);
  dl->AddCircleFilled(ImVec2(x, mid), height * 0.35f, p.now_line);

  // Connections at this step, in their states' colours.
  const std::vector<tcp::State> states = s.states_at(step);
  std::size_t shown = 0;
  for (std::size_t c = 0; c < states.size() && shown < 5; ++c) {
    if (states[c] == tcp::State::Closed) continue;
    const trace::ConnInfo& info = trace.conns[c];
    const std::string host = info.host < trace.nodes.size() ? trace.nodes[info.host].name : "?";
    if (shown > 0) ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImColor(state_fill(states[c])).Value);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.08f, 0.09f, 0.12f, 1));
    ImGui::PushID(static_cast<int>(c));
    const std::string peer =
        info.id.remote_port == 0
            ? ""
            : " ↔ " + trace::endpoint_name(info.id.remote_ip, info.id.remote_port);
    ImGui::SmallButton((host + " :" + std::to_string(info.id.local_port) + peer + "  " +
                        tcp::state_name(states[c]))
                           .c_str());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", trace.conn_name(static_cast<trace::ConnId>(c)).c_str());
    ImGui::PopID();
    ImGui::PopStyleColor(2);
    ++shown;
  }
  std::size_t open = 0;
  for (tcp::State st : states) open += st != tcp::State::Closed;
  if (open > shown) {
    ImGui::SameLine();
    ImGui::TextDisabled(tr("and %zu more"), open - shown);
  }
  if (shown == 0) ImGui::TextDisabled("%s", tr("No connection open at this step."));
}

}  // namespace synack::gui

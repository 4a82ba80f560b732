#include "gui/help_panel.hpp"

#include <imgui.h>

#include <string>

#include "gui/theme.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;
using lang::tr_later;

using namespace view;  // the ladder's picture (sim/view)

namespace {

constexpr const char* kShortcuts[][2] = {
    {"Right / Left", tr_later("one event forward / back")},
    {"Down / Up", tr_later("next / previous segment")},
    {"Space", tr_later("play / pause")},
    {"Home / End", tr_later("start / end of the run")},
    {"N / P", tr_later("next / previous item of the lesson")},
    {"Mouse wheel, + / -", tr_later("zoom the timeline (at the mouse)")},
    {"Drag, Shift+wheel, PageUp / PageDown", tr_later("pan the timeline")},
    {"F", tr_later("fit the whole run")},
    {"Click / double-click", tr_later("select an event / step to it")},
    {"Ctrl + / Ctrl - / Ctrl 0", tr_later("bigger / smaller / default text (projectors)")},
    {"Ctrl+O, Ctrl+R, Ctrl+Q", tr_later("open, reload, quit")},
    {"F1", tr_later("this help")},
};

}  // namespace

void HelpPanel::draw_content() {
  if (!visible) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin((std::string(tr("Help")) + "###Help").c_str(), &visible,
                    ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  ImGui::TextUnformatted(tr("Keyboard shortcuts"));
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const auto& row : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(row[0]);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(tr(row[1]));
    }
    ImGui::EndTable();
  }
  ImGui::Separator();
  ImGui::TextUnformatted(tr("On the ladder"));
  const Palette& p = palette();
  const auto swatch = [](ImU32 c, const char* text) {
    ImGui::ColorButton(text, ImColor(c).Value, ImGuiColorEditFlags_NoTooltip);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(text));
  };
  swatch(frame_color(FrameKind::Syn), tr_later("SYN and SYN,ACK"));
  swatch(frame_color(FrameKind::Data), tr_later("segments carrying data"));
  swatch(frame_color(FrameKind::Ack), tr_later("pure ACKs"));
  swatch(frame_color(FrameKind::Fin), tr_later("FIN"));
  swatch(frame_color(FrameKind::Rst), tr_later("RST"));
  swatch(frame_color(FrameKind::Arp), tr_later("ARP (and MAC table changes)"));
  swatch(p.retransmission, tr_later("retransmission (dashed)"));
  swatch(p.drop, tr_later("✕ where a frame was lost"));
  swatch(p.call, tr_later("socket calls (ring: the call blocks)"));
  swatch(p.timer, tr_later("timer bars, from set to fired (dot) or cancelled (bar)"));
  swatch(p.disagreement, tr_later("outline: differs from the run beside (a disagreement)"));
  swatch(p.linux_choice, tr_later("outline: differs from the run beside, as Linux chooses to"));
  ImGui::TextUnformatted(tr("Connection states:"));
  for (int s = 0; s < tcp::kStateCount; ++s) {
    if (s % 4 != 0) ImGui::SameLine();
    swatch(state_fill(static_cast<tcp::State>(s)), tcp::state_name(static_cast<tcp::State>(s)));
  }
  ImGui::End();
}

}  // namespace synack::gui

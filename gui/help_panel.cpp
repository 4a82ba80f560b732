#include "gui/help_panel.hpp"

#include <imgui.h>

#include "gui/theme.hpp"

namespace synack::gui {

using namespace view;  // the ladder's picture (sim/view)

namespace {

constexpr const char* kShortcuts[][2] = {
    {"Right / Left", "one event forward / back"},
    {"Down / Up", "next / previous segment"},
    {"Space", "play / pause"},
    {"Home / End", "start / end of the run"},
    {"N / P", "next / previous item of the lesson"},
    {"Mouse wheel, + / -", "zoom the timeline (at the mouse)"},
    {"Drag, Shift+wheel, PageUp / PageDown", "pan the timeline"},
    {"F", "fit the whole run"},
    {"Click / double-click", "select an event / step to it"},
    {"Ctrl + / Ctrl - / Ctrl 0", "bigger / smaller / default text (projectors)"},
    {"Ctrl+O, Ctrl+R, Ctrl+Q", "open, reload, quit"},
    {"F1", "this help"},
};

}  // namespace

void HelpPanel::draw_content() {
  if (!visible) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Help", &visible,
                    ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  ImGui::TextUnformatted("Keyboard shortcuts");
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const auto& row : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(row[0]);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(row[1]);
    }
    ImGui::EndTable();
  }
  ImGui::Separator();
  ImGui::TextUnformatted("On the ladder");
  const Palette& p = palette();
  const auto swatch = [](ImU32 c, const char* text) {
    ImGui::ColorButton(text, ImColor(c).Value, ImGuiColorEditFlags_NoTooltip);
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
  };
  swatch(frame_color(FrameKind::Syn), "SYN and SYN,ACK");
  swatch(frame_color(FrameKind::Data), "segments carrying data");
  swatch(frame_color(FrameKind::Ack), "pure ACKs");
  swatch(frame_color(FrameKind::Fin), "FIN");
  swatch(frame_color(FrameKind::Rst), "RST");
  swatch(frame_color(FrameKind::Arp), "ARP (and MAC table changes)");
  swatch(p.retransmission, "retransmission (dashed)");
  swatch(p.drop, "✕ where a frame was lost");
  swatch(p.call, "socket calls (ring: the call blocks)");
  swatch(p.timer, "timer bars, from set to fired (dot) or cancelled (bar)");
  swatch(p.disagreement, "outline: differs from the run beside (a disagreement)");
  swatch(p.linux_choice, "outline: differs from the run beside, as Linux chooses to");
  ImGui::TextUnformatted("Connection states:");
  for (int s = 0; s < tcp::kStateCount; ++s) {
    if (s % 4 != 0) ImGui::SameLine();
    swatch(state_fill(static_cast<tcp::State>(s)), tcp::state_name(static_cast<tcp::State>(s)));
  }
  ImGui::End();
}

}  // namespace synack::gui

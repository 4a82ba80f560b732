#include "gui/theme.hpp"

#include "sim/view/frame_colors.hpp"

namespace synack::gui {

using namespace view;  // the ladder's picture (sim/view)

namespace {

Palette g_palette;

constexpr ImU32 rgb(int r, int g, int b, int a = 255) { return IM_COL32(r, g, b, a); }

Palette dark_palette() {
  Palette p{};
  p.canvas = rgb(24, 26, 31);
  p.grid = rgb(255, 255, 255, 18);
  p.tick_text = rgb(170, 176, 190);
  p.lifeline = rgb(190, 196, 210);
  p.switch_lifeline = rgb(120, 126, 140);
  p.lane_name = rgb(240, 242, 248);
  p.lane_box = rgb(48, 52, 62);
  p.text = rgb(235, 238, 245);
  p.muted = rgb(150, 156, 170);
  p.label_bg = rgb(24, 26, 31, 225);
  p.dim_overlay = rgb(24, 26, 31, 170);
  p.now_line = rgb(255, 255, 255);
  p.selection = rgb(255, 235, 59);
  p.hover = rgb(255, 255, 255, 40);
  p.call = rgb(129, 212, 250);
  p.call_failed = rgb(255, 110, 110);
  p.arp = rgb(225, 140, 255);
  p.note = rgb(170, 176, 190);
  p.timer = rgb(255, 202, 40, 200);
  p.timer_fired = rgb(255, 145, 0);
  p.drop = rgb(255, 82, 82);
  p.retransmission = rgb(255, 145, 0);
  p.break_band = rgb(255, 255, 255, 22);
  p.disagreement = rgb(255, 64, 129);
  p.linux_choice = rgb(77, 208, 225);
  p.frames[static_cast<int>(FrameKind::Syn)] = rgb(79, 195, 247);
  p.frames[static_cast<int>(FrameKind::SynAck)] = rgb(79, 195, 247);
  p.frames[static_cast<int>(FrameKind::Fin)] = rgb(255, 183, 77);
  p.frames[static_cast<int>(FrameKind::Rst)] = rgb(255, 82, 82);
  p.frames[static_cast<int>(FrameKind::Data)] = rgb(129, 230, 136);
  p.frames[static_cast<int>(FrameKind::Ack)] = rgb(205, 210, 222);
  p.frames[static_cast<int>(FrameKind::Arp)] = rgb(225, 140, 255);
  p.frames[static_cast<int>(FrameKind::Udp)] = rgb(144, 164, 255);
  p.frames[static_cast<int>(FrameKind::Other)] = rgb(170, 176, 190);
  return p;
}

Palette light_palette() {
  Palette p{};
  p.canvas = rgb(252, 252, 250);
  p.grid = rgb(0, 0, 0, 16);
  p.tick_text = rgb(80, 86, 100);
  p.lifeline = rgb(60, 64, 76);
  p.switch_lifeline = rgb(140, 146, 160);
  p.lane_name = rgb(20, 22, 30);
  p.lane_box = rgb(226, 230, 238);
  p.text = rgb(20, 22, 30);
  p.muted = rgb(96, 102, 116);
  p.label_bg = rgb(252, 252, 250, 230);
  p.dim_overlay = rgb(252, 252, 250, 175);
  p.now_line = rgb(20, 22, 30);
  p.selection = rgb(230, 120, 0);
  p.hover = rgb(0, 0, 0, 30);
  p.call = rgb(2, 119, 189);
  p.call_failed = rgb(198, 40, 40);
  p.arp = rgb(142, 36, 170);
  p.note = rgb(96, 102, 116);
  p.timer = rgb(230, 160, 0, 220);
  p.timer_fired = rgb(230, 81, 0);
  p.drop = rgb(211, 47, 47);
  p.retransmission =
      rgb(view::kLightRetransmission.r, view::kLightRetransmission.g, view::kLightRetransmission.b);
  p.break_band = rgb(0, 0, 0, 16);
  p.disagreement = rgb(216, 27, 96);
  p.linux_choice = rgb(0, 131, 143);
  for (int k = 0; k < 9; ++k) {
    const view::Rgb c = view::light_frame_color(static_cast<FrameKind>(k));
    p.frames[k] = rgb(c.r, c.g, c.b);
  }
  return p;
}

}  // namespace

void apply_theme(ThemeKind kind, float scale) {
  ImGuiStyle style;
  if (kind == ThemeKind::Dark) {
    ImGui::StyleColorsDark(&style);
    g_palette = dark_palette();
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.13f, 0.14f, 0.17f, 1);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.17f, 1);
  } else {
    ImGui::StyleColorsLight(&style);
    g_palette = light_palette();
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.95f, 0.95f, 0.94f, 1);
  }
  style.WindowRounding = 0;
  style.FrameRounding = 4;
  style.GrabRounding = 4;
  style.WindowBorderSize = 0;
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(10, 6);
  style.WindowPadding = ImVec2(10, 8);
  style.ScrollbarSize = 16;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

const Palette& palette() { return g_palette; }

ImU32 state_fill(tcp::State s, int alpha) {
  const Rgb c = state_color(s);
  return IM_COL32(c.r, c.g, c.b, alpha);
}

}  // namespace synack::gui

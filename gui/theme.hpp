// Light and dark themes: ImGui's widget colours plus the timeline's palette,
// in which every colour means one thing (a kind of frame, a drop, a call).
#pragma once

#include <imgui.h>

#include "sim/view/event_text.hpp"
#include "sim/view/state_colors.hpp"

namespace synack::gui {

enum class ThemeKind { Dark, Light };

struct Palette {
  ImU32 canvas, grid, tick_text, lifeline, switch_lifeline, lane_name, lane_box;
  ImU32 text, muted, label_bg, dim_overlay, now_line, selection, hover;
  ImU32 call, call_failed, arp, note, timer, timer_fired, drop, retransmission, break_band;
  ImU32 disagreement,
      linux_choice;  // a difference between two runs, and one Linux's choice explains
  ImU32 frames[9];   // by FrameKind
};

// Applies the theme to ImGui's style, scaled for the UI zoom.
void apply_theme(ThemeKind kind, float scale);
const Palette& palette();

inline ImU32 frame_color(view::FrameKind k) { return palette().frames[static_cast<int>(k)]; }
ImU32 state_fill(tcp::State s, int alpha = 255);

}  // namespace synack::gui

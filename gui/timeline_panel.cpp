#include "gui/timeline_panel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using namespace view;  // the ladder's picture (sim/view)

namespace {

void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thick, float on, float off) {
  const float len = std::hypot(b.x - a.x, b.y - a.y);
  if (len < 1) return;
  const ImVec2 d((b.x - a.x) / len, (b.y - a.y) / len);
  for (float s = 0; s < len; s += on + off) {
    const float e = std::min(len, s + on);
    dl->AddLine(ImVec2(a.x + d.x * s, a.y + d.y * s), ImVec2(a.x + d.x * e, a.y + d.y * e), col,
                thick);
  }
}

void arrow_head(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float size) {
  const float len = std::hypot(to.x - from.x, to.y - from.y);
  if (len < 1) return;
  const ImVec2 d((to.x - from.x) / len, (to.y - from.y) / len);
  const ImVec2 n(-d.y, d.x);
  const ImVec2 base(to.x - d.x * size, to.y - d.y * size);
  dl->AddTriangleFilled(to, ImVec2(base.x + n.x * size * 0.5f, base.y + n.y * size * 0.5f),
                        ImVec2(base.x - n.x * size * 0.5f, base.y - n.y * size * 0.5f), col);
}

void cross(ImDrawList* dl, ImVec2 c, float r, ImU32 col, float thick) {
  dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, thick);
  dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, thick);
}

// A rounded box behind text, so labels read over lines.
void pill(ImDrawList* dl, ImVec2 pos, const std::string& text, ImU32 bg, ImU32 fg, float pad) {
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  dl->AddRectFilled(ImVec2(pos.x - pad, pos.y - 1),
                    ImVec2(pos.x + size.x + pad, pos.y + size.y + 1), bg, 4);
  dl->AddText(pos, fg, text.c_str());
}

ImU32 mark_color(MarkKind k) {
  const Palette& p = palette();
  switch (k) {
    case MarkKind::CallIssued:
    case MarkKind::CallReturned: return p.call;
    case MarkKind::CallFailed: return p.call_failed;
    case MarkKind::Arp:
    case MarkKind::Mac: return p.arp;
    case MarkKind::TimerFired: return p.timer_fired;
    default: return p.note;
  }
}

// One ladder as the panel paints it: its model, this frame's layout, the
// selected record, and the differences from the run beside it.
struct Ladder {
  const LadderModel& model;
  const TimelineLayout& layout;
  std::uint32_t selected = kNone;
  const std::vector<HighlightRecord>& highlights;
};

void paint(const Ladder& in, ImDrawList* dl, ImVec2 o, const LayoutMetrics& m) {
  const Palette& p = palette();
  const LadderModel& model = in.model;
  const Trace& trace = model.trace();
  const TimelineLayout& layout_ = in.layout;
  const float w = m.width, h = m.height, lh = m.line_h;
  const auto at = [&](float x, float y) { return ImVec2(o.x + x, o.y + y); };
  dl->AddRectFilled(at(0, 0), at(w, h), p.canvas);

  for (const BreakRecord& b : layout_.breaks) {
    dl->AddRectFilled(at(0, b.y0), at(w, b.y1), p.break_band);
    for (float y : {b.y0, b.y1}) {
      for (float x = m.gutter; x < w; x += 16) {
        dl->AddLine(at(x, y - 3), at(x + 8, y + 3), p.muted, 1.5f);
        dl->AddLine(at(x + 8, y + 3), at(x + 16, y - 3), p.muted, 1.5f);
      }
    }
    if (b.text.empty()) continue;
    const std::string text = "⋯ " + b.text + " ⋯";
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const float y = (b.y0 + b.y1) / 2 - size.y / 2;
    pill(dl, at(m.gutter + (w - m.gutter - size.x) / 2, y), text, p.label_bg, p.muted, 6);
  }

  for (const TickRecord& t : layout_.ticks) {
    dl->AddLine(at(m.gutter - 6, t.y), at(w, t.y), p.grid);
    const std::string text = format_time(t.t);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    dl->AddText(at(m.gutter - 10 - size.x, t.y - size.y / 2), p.tick_text, text.c_str());
  }

  for (const LaneLine& l : layout_.lanes) {
    const bool is_host = trace.nodes[model.lanes[l.lane].node].kind == trace::NodeKind::Host;
    if (is_host) {
      dl->AddLine(at(l.x, 0), at(l.x, h), p.lifeline, 2.0f);
    } else {
      dashed_line(dl, at(l.x, 0), at(l.x, h), p.switch_lifeline, 2.0f, 10, 6);
    }
  }

  for (const SpanRecord& s : layout_.timers) {
    const Span& span = model.timers[s.track].spans[s.span];
    dl->AddRectFilled(at(s.x, s.y0), at(s.x + s.w, s.y1), p.timer, 2);
    const float cx = s.x + s.w / 2;
    if (s.folded == 1 && span.end_op == static_cast<std::uint8_t>(tcp::TimerOp::Fired)) {
      dl->AddCircleFilled(at(cx, s.y1), s.w * 0.9f, p.timer_fired);
    } else if (s.folded == 1 && span.end_op == static_cast<std::uint8_t>(tcp::TimerOp::Cancelled)) {
      dl->AddLine(at(s.x - 3, s.y1), at(s.x + s.w + 3, s.y1), p.timer, 2.5f);
    }
  }
  for (const TimerLabelRecord& l : layout_.timer_labels) {
    const Span& span = model.timers[l.track].spans[l.span];
    dl->AddText(at(l.x, l.y), p.timer_fired, trace.text(span.what).c_str());
  }

  for (const SpanRecord& s : layout_.bands) {
    const Span& span = model.bands[s.track].spans[s.span];
    const auto state = static_cast<tcp::State>(span.value);
    dl->AddRectFilled(at(s.x, s.y0), at(s.x + s.w, s.y1),
                      state_fill(state, s.folded > 1 ? 140 : 235));
  }
  // State names after every band, so no band covers one.
  for (const StateLabelRecord& s : layout_.state_labels) {
    const auto state = static_cast<tcp::State>(model.bands[s.track].spans[s.span].value);
    pill(dl, at(s.x, s.y), tcp::state_name(state), state_fill(state), IM_COL32(20, 22, 30, 255), 4);
  }

  const float thick = std::max(2.0f, lh * 0.11f);
  for (const ArrowRecord& a : layout_.arrows) {
    const Hop& hop = model.hops[a.hop];
    const ImU32 col = hop.retransmission ? p.retransmission : frame_color(hop.kind);
    const ArrowPath path = path_of(a);
    const float t = hop.flooded ? thick * 0.75f : thick;
    for (std::size_t k = 1; k < path.size; ++k) {
      const ImVec2 p0 = at(path.at[k - 1].x, path.at[k - 1].y), p1 = at(path.at[k].x, path.at[k].y);
      if (hop.retransmission) {
        dashed_line(dl, p0, p1, col, t, 10, 5);
      } else {
        dl->AddLine(p0, p1, col, t);
      }
    }
    const ArrowPath::Point& before = path.at[path.size - 2];
    const ImVec2 from = at(before.x, before.y), to = at(a.x1, a.y1);
    if (hop.dropped) {
      cross(dl, to, lh * 0.38f, p.drop, thick * 1.3f);
    } else if (hop.end_event != kNone) {
      arrow_head(dl, from, to, col, lh * 0.6f);
    }
  }
  for (const LabelRecord& l : layout_.labels) {
    const Hop& hop = model.hops[l.hop];
    const ImU32 col = hop.retransmission ? p.retransmission : frame_color(hop.kind);
    const ImVec2 size = ImGui::CalcTextSize(l.text.c_str());
    pill(dl, at(l.x - size.x / 2, l.y - size.y - 3), l.text, p.label_bg, col, 4);
  }

  for (const MarkRecord& r : layout_.marks) {
    const Mark& mk = model.marks[r.mark];
    const ImU32 col = mark_color(mk.kind);
    if (mk.kind == MarkKind::StateChange) {
      const Lane& lane = model.lanes[mk.lane];
      const float right = bands_right(lane, m, r.x);
      dl->AddLine(at(r.x - 4, r.y), at(right, r.y), p.lifeline, 2.0f);
    } else if (mk.kind == MarkKind::Arp || mk.kind == MarkKind::Mac) {
      const float s = lh * 0.2f;
      dl->AddRectFilled(at(r.x - s, r.y - s), at(r.x + s, r.y + s), col);
    } else {
      dl->AddCircleFilled(at(r.x, r.y), lh * 0.24f, col);
      if (mk.kind == MarkKind::CallIssued) dl->AddCircle(at(r.x, r.y), lh * 0.36f, col, 0, 1.5f);
    }
    if (r.text.empty()) continue;
    const float y = r.y - ImGui::GetTextLineHeight() / 2;
    if (r.counted_only) {
      pill(dl, at(r.text_x, y), r.text, p.lane_box, p.text, 3);
      continue;
    }
    const ImU32 text_col =
        mk.kind == MarkKind::Note || mk.kind == MarkKind::Queue || mk.kind == MarkKind::Ignored
            ? p.muted
            : col;
    pill(dl, at(r.text_x, y), r.text, p.label_bg, text_col, 3);
  }
  for (const FoldRecord& f : layout_.folds) {
    if (!f.counted) continue;
    const std::string n = "+" + std::to_string(f.count);
    pill(dl, at(f.text_x, f.y - lh), n, p.lane_box, p.text, 3);
  }
  for (const DenseRecord& d : layout_.dense) {
    dl->AddRectFilled(at(m.gutter, d.y0), at(w, d.y1), p.hover);
  }

  // Differences from the run beside, outlined before the future is dimmed.
  for (const HighlightRecord& r : in.highlights) {
    const ImU32 col = r.choice ? p.linux_choice : p.disagreement;
    const ImU32 soft = (col & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 110);
    if (r.arrow) {
      dl->AddLine(at(r.x0, r.y0), at(r.x1, r.y1), soft, thick * 5);
    } else {
      dl->AddCircle(at(r.x0, r.y0), lh * 0.62f, col, 0, 3);
    }
  }

  // The past is bright, the future dimmed; the now line between them.
  const float now = std::clamp(layout_.now_y, 0.0f, h);
  if (layout_.now_y < h) dl->AddRectFilled(at(0, now), at(w, h), p.dim_overlay);
  if (layout_.now_y >= 0 && layout_.now_y <= h) {
    dl->AddLine(at(0, now), at(w, now), p.now_line, 2.5f);
    pill(dl, at(6, now - lh - 2), lang::tr("now"), p.now_line, p.canvas, 4);
  }

  // The selection stands out over the dimming.
  if (in.selected != kNone) {
    const std::uint32_t hop = model.hop_of_event[in.selected];
    const std::uint32_t mark = model.mark_of_event[in.selected];
    for (const ArrowRecord& a : layout_.arrows) {
      if (a.hop == hop) dl->AddLine(at(a.x0, a.y0), at(a.x1, a.y1), p.selection, thick * 2.2f);
    }
    for (const MarkRecord& r : layout_.marks) {
      if (r.mark == mark) dl->AddCircle(at(r.x, r.y), lh * 0.55f, p.selection, 0, 3);
    }
    if (layout_.selected_y >= 0 && layout_.selected_y <= h) {
      dl->AddLine(at(0, layout_.selected_y), at(m.gutter - 4, layout_.selected_y), p.selection, 3);
    }
  }
}

void paint_header(const Ladder& in, ImDrawList* dl, ImVec2 o, float height,
                  const LayoutMetrics& m) {
  const Palette& p = palette();
  const LadderModel& model = in.model;
  const Trace& trace = model.trace();
  const TimelineLayout& layout_ = in.layout;
  dl->AddRectFilled(o, ImVec2(o.x + m.width, o.y + height), p.canvas);
  dl->PushClipRect(o, ImVec2(o.x + m.width, o.y + height), true);
  const float lh = m.line_h;
  float first_box = o.x + m.width;
  for (const LaneLine& l : layout_.lanes) {
    const trace::NodeInfo& node = trace.nodes[model.lanes[l.lane].node];
    std::string sub = lang::tr(trace::node_kind_name(node.kind));
    if (node.kind == trace::NodeKind::Host && !node.interfaces.empty()) {
      sub = node.interfaces.front().ip.to_string();
    }
    const ImVec2 name = ImGui::CalcTextSize(node.name.c_str());
    const ImVec2 subsize = ImGui::CalcTextSize(sub.c_str());
    const float bw = std::max(name.x, subsize.x) + lh;
    const ImVec2 a(o.x + l.x - bw / 2, o.y + 3), b(o.x + l.x + bw / 2, o.y + height - 4);
    dl->AddRectFilled(a, b, p.lane_box, 6);
    first_box = std::min(first_box, a.x);
    dl->AddText(ImVec2(o.x + l.x - name.x / 2, o.y + 5), p.lane_name, node.name.c_str());
    dl->AddText(ImVec2(o.x + l.x - name.x / 2 + 1, o.y + 5), p.lane_name, node.name.c_str());
    dl->AddText(ImVec2(o.x + l.x - subsize.x / 2, o.y + 6 + lh), p.muted, sub.c_str());
  }
  // The longer words only where they leave the first lifeline's name clear.
  const char* unit = model.axis.compressed() && !model.axis.breaks().empty()
                         ? lang::tr("time ↓ (idle squeezed)")
                         : lang::tr("time ↓");
  if (6 + ImGui::CalcTextSize(unit).x > first_box - o.x) unit = "time ↓";
  dl->AddText(ImVec2(o.x + 6, o.y + height - lh - 6), p.muted, unit);
  dl->PopClipRect();
}

void tooltip(const LadderModel& model, bool absolute, std::uint32_t event, const char* action) {
  const Trace& trace = model.trace();
  const trace::Event& e = trace.events[event];
  ImGui::BeginTooltip();
  const NodeId node = node_of(e);
  ImGui::TextDisabled("%s  ·  event %u  ·  %s", format_time(e.t).c_str(), event,
                      node < trace.nodes.size() ? trace.nodes[node].name.c_str() : "");
  ImGui::TextUnformatted(event_summary(trace, model.numbers(), e, absolute).c_str());
  const std::uint32_t h = model.hop_of_event[event];
  if (h != kNone) {
    const Hop& hop = model.hops[h];
    if (hop.retransmission)
      ImGui::TextColored(ImColor(palette().retransmission), "a retransmission");
    if (hop.dropped) {
      const auto& end = std::get<trace::FrameEvent>(trace.events[hop.end_event].what);
      ImGui::TextColored(ImColor(palette().drop), "dropped %s: %s",
                         hop.lost_on_link ? "on the link" : "on arrival",
                         trace.text(end.reason).c_str());
    } else if (hop.end_event == kNone) {
      ImGui::TextDisabled("still in flight when the run ended");
    } else {
      ImGui::TextDisabled("on the link for %s", format_time(hop.t1 - hop.t0).c_str());
    }
  }
  ImGui::TextDisabled("%s", action);
  ImGui::EndTooltip();
}

}  // namespace

namespace {

// Sizes from the font, for a ladder of `model`'s lanes in `width` × `height` (below its header).
LayoutMetrics metrics_for(const LadderModel& model, float width, float height, bool absolute) {
  const float line_h = ImGui::GetTextLineHeight();
  LayoutMetrics m;
  m.width = width;
  m.height = std::max(10.0f, height);
  m.line_h = line_h;
  m.char_w = ImGui::CalcTextSize("abcdefghijklmnopqrstuvwxyz").x / 26;
  m.gutter = ImGui::CalcTextSize("000.000 ms").x + line_h;
  m.fold_px = std::max(4.0f, line_h * 0.25f);
  m.band_w = std::round(line_h * 0.5f);
  m.timer_w = std::round(line_h * 0.28f);
  m.min_lane_gap = line_h * 9;
  // Room beside the outer lifelines, less when many lanes need the width.
  const auto gaps = static_cast<float>(std::max<std::size_t>(2, model.lanes.size()) - 1);
  m.lane_pad =
      std::clamp((m.width - m.gutter - m.min_lane_gap * gaps) / 2, line_h * 4.5f, line_h * 9.5f);
  m.absolute = absolute;
  m.text_width = [](const std::string& text) { return ImGui::CalcTextSize(text.c_str()).x; };
  return m;
}

float header_height() { return ImGui::GetTextLineHeight() * 2.6f; }

}  // namespace

void TimelinePanel::draw_content(Session& session) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (!session.open()) {
    centered_hint(
        lang::tr("Open a scenario with File → Open (Ctrl+O), or drop a .yaml file here."));
    return;
  }
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  if (!session.beside) {
    draw_simulation(session, top_left, avail);
    return;
  }
  // Two ladders, each under a line naming its run.
  const float lh = ImGui::GetTextLineHeight();
  const float title_h = ImGui::GetTextLineHeightWithSpacing() + 4;
  const float min_w = ImGui::CalcTextSize("000.000 ms").x + lh * 18;
  const LadderRects r = split_ladders(avail.x, avail.y, min_w, lh * 0.6f);
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const auto title = [&](const PanelRect& rect, const std::string& text, const std::string& right) {
    const ImVec2 a(top_left.x + rect.x, top_left.y + rect.y);
    dl->AddRectFilled(a, ImVec2(a.x + rect.width, a.y + title_h), p.lane_box);
    dl->PushClipRect(a, ImVec2(a.x + rect.width, a.y + title_h), true);
    dl->AddText(ImVec2(a.x + lh * 0.5f, a.y + 2), p.lane_name, text.c_str());
    const float rw = ImGui::CalcTextSize(right.c_str()).x;
    const float tw = ImGui::CalcTextSize(text.c_str()).x;
    if (lh + tw + rw < rect.width) {
      dl->AddText(ImVec2(a.x + rect.width - rw - lh * 0.5f, a.y + 2), p.muted, right.c_str());
    }
    dl->PopClipRect();
  };
  const Beside& b = *session.beside;
  title(r.sim, "Simulation", "the scenario's settings");
  title(r.other, b.label(),
        b.alignment().by_first_syn ? "level at the first SYN" : "level at the chosen records");
  draw_simulation(session, ImVec2(top_left.x + r.sim.x, top_left.y + r.sim.y + title_h),
                  ImVec2(r.sim.width, r.sim.height - title_h));
  draw_beside(session, ImVec2(top_left.x + r.other.x, top_left.y + r.other.y + title_h),
              ImVec2(r.other.width, r.other.height - title_h));
}

void TimelinePanel::draw_simulation(Session& session, ImVec2 top_left, ImVec2 size) {
  const LadderModel& model = *session.ladder;
  const float line_h = ImGui::GetTextLineHeight();
  const float header_h = header_height();
  const LayoutMetrics m = metrics_for(model, size.x, size.y - header_h, session.absolute_numbers);
  canvas_h_ = m.height;

  const ImVec2 origin(top_left.x, top_left.y + header_h);
  if (!fitted_) {
    fit_readable(model, target_, m.height, line_h);
    view_ = target_;
    fitted_ = true;
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("ladder", ImVec2(m.width, m.height));
  handle_input(session, origin, m);

  lay_out(model, view_, m, session.step(), session.selected, layout_);
  static const std::vector<HighlightRecord> kNoHighlights;
  if (session.beside) {
    highlights_ =
        highlights(model, layout_, session.beside->sim_marks(), session.beside->differences());
  }
  const Ladder ladder{model, layout_, session.selected,
                      session.beside ? highlights_ : kNoHighlights};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + m.width, origin.y + m.height), true);
  paint(ladder, dl, origin, m);
  dl->PopClipRect();
  paint_header(ladder, dl, top_left, header_h, m);
  if (hovered_ != kNone && ImGui::IsItemHovered()) {
    tooltip(model, session.absolute_numbers, hovered_, "click: select  ·  double-click: step here");
  }
}

// The run beside: its own layout under the simulation's view, aligned; the
// wheel and dragging move both, a click selects a record of it.
void TimelinePanel::draw_beside(Session& session, ImVec2 top_left, ImVec2 size) {
  Beside& b = *session.beside;
  const LadderModel& model = b.ladder();
  const float header_h = header_height();
  const LayoutMetrics m = metrics_for(model, size.x, size.y - header_h, session.absolute_numbers);
  const ImVec2 origin(top_left.x, top_left.y + header_h);
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("ladder beside", ImVec2(m.width, m.height));
  const ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse(io.MousePos.x - origin.x, io.MousePos.y - origin.y);
  const LadderModel& sim = *session.ladder;
  if (hovered && io.MouseWheel != 0) {
    if (io.KeyShift) {
      pan(sim, target_, canvas_h_, -io.MouseWheel * m.line_h * 3);
    } else {
      zoom_at(sim, target_, canvas_h_, mouse.y, std::pow(1.25, io.MouseWheel));
    }
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3)) {
    pan(sim, target_, canvas_h_, -io.MouseDelta.y);
    view_.top = target_.top;
    beside_left_ -= io.MouseDelta.x;
  }
  beside_left_ =
      std::clamp(beside_left_, 0.0,
                 static_cast<double>(std::max(0.0f, beside_layout_.content_width - m.width)));
  TimelineView v = aligned_view(sim, view_, model, b.alignment());
  v.left_px = beside_left_;
  const std::uint32_t hit =
      hovered ? hit_test(model, beside_layout_, mouse.x, mouse.y, m.line_h * 0.4f) : kNone;
  if (hovered && hit != kNone && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      io.MouseDragMaxDistanceSqr[0] < 9) {
    b.selected = hit;
  }

  lay_out(model, v, m, b.other_step(session.step()), b.selected, beside_layout_);
  beside_highlights_ = highlights(model, beside_layout_, b.other_marks(), b.differences());
  const Ladder ladder{model, beside_layout_, b.selected, beside_highlights_};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + m.width, origin.y + m.height), true);
  paint(ladder, dl, origin, m);
  dl->PopClipRect();
  paint_header(ladder, dl, top_left, header_h, m);
  if (hit != kNone) {
    tooltip(model, session.absolute_numbers, hit,
            "click: select (Differences → Align on the selected records)");
  }
}

void TimelinePanel::handle_input(Session& session, ImVec2 origin, const LayoutMetrics& m) {
  const LadderModel& model = *session.ladder;
  ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse(io.MousePos.x - origin.x, io.MousePos.y - origin.y);

  if (hovered && io.MouseWheel != 0) {
    if (io.KeyShift) {
      pan(model, target_, m.height, -io.MouseWheel * m.line_h * 3);
    } else {
      zoom_at(model, target_, m.height, mouse.y, std::pow(1.25, io.MouseWheel));
    }
  }
  if (hovered && io.MouseWheelH != 0) target_.left_px -= io.MouseWheelH * m.line_h * 3;
  if (key_zoom_ != 1) {
    zoom_at(model, target_, m.height, m.height / 2, key_zoom_);
    key_zoom_ = 1;
  }
  if (key_pan_ != 0) {
    pan(model, target_, m.height, key_pan_);
    key_pan_ = 0;
  }
  // Dragging pans at once, without easing, so the ladder stays under the mouse.
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3)) {
    pan(model, target_, m.height, -io.MouseDelta.y);
    target_.left_px -= io.MouseDelta.x;
    view_.top = target_.top;
    view_.left_px = target_.left_px;
  }
  const float max_left = std::max(0.0f, layout_.content_width - m.width);
  target_.left_px = std::clamp(target_.left_px, 0.0, static_cast<double>(max_left));

  hovered_ = hovered ? hit_test(model, layout_, mouse.x, mouse.y, m.line_h * 0.4f) : kNone;
  if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
      io.MouseDragMaxDistanceSqr[0] < 9) {
    if (hovered_ != kNone) {
      session.selected = hovered_;
      session.reveal_in_list = true;
    }
  }
  if (hovered && hovered_ != kNone && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    session.step_to(hovered_);
    session.reveal_in_timeline = false;
  }

  const auto& events = session.document->trace.events;
  if (session.reveal_in_timeline && session.selected < events.size()) {
    reveal(model, target_, m.height, events[session.selected].t);
    session.reveal_in_timeline = false;
  }
  if (session.stepper->playing && session.step() > 0) {
    reveal(model, target_, m.height, events[session.step() - 1].t);
  }

  // Ease towards the target: zoom in log space, scroll linearly.
  const double a = 1 - std::exp(-static_cast<double>(io.DeltaTime) * 16);
  const double lz = std::log(view_.us_per_px), tz = std::log(target_.us_per_px);
  const bool close = std::fabs(lz - tz) < 1e-3 &&
                     std::fabs(view_.top - target_.top) < 0.5 * target_.us_per_px &&
                     std::fabs(view_.left_px - target_.left_px) < 0.5;
  if (close) {
    view_ = target_;
  } else {
    view_.us_per_px = std::exp(lz + (tz - lz) * a);
    view_.top += (target_.top - view_.top) * a;
    view_.left_px += (target_.left_px - view_.left_px) * a;
  }
}

void TimelinePanel::bench_view(const Session& session, double phase) {
  const LadderModel& model = *session.ladder;
  TimelineView whole;
  fit_all(model, whole, canvas_h_);
  // Zoom in and out three times (from the whole run to 1 µs per pixel) while scrolling across it.
  const double wave = 0.5 - 0.5 * std::cos(phase * 6 * M_PI);
  const double fine = 1.0;
  target_.us_per_px =
      std::exp(std::log(whole.us_per_px) + (std::log(fine) - std::log(whole.us_per_px)) * wave);
  const double span = target_.us_per_px * canvas_h_;
  target_.top = phase * std::max(0.0, model.axis.virtual_end() - span);
  target_.left_px = 0;
  view_ = target_;
  fitted_ = true;
}

}  // namespace synack::gui

#include "gui/sequence_graph_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"
#include "sim/view/time_axis.hpp"

namespace synack::gui {

using lang::tr;

using namespace view;  // what the panels show (sim/view)

void SequenceGraphPanel::draw_content(Session& session) {
  if (!session.open()) {
    centered_hint(tr("No file open."));
    return;
  }
  if (!connection_picker(session)) return;
  const Trace& trace = session.document->trace;
  const trace::ConnId peer = session.connections->peer(session.conn);
  const trace::ConnInfo& info = trace.conns[session.conn];
  ImGui::TextDisabled(tr("what %s sent"),
                      info.host < trace.nodes.size() ? trace.nodes[info.host].name.c_str() : "?");
  if (peer != kNone) {
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("↔ the other direction"))) session.conn = peer;
  }
  const ConnRecords& records = session.connections->of(session.conn);
  const SequenceGraph& g =
      graph_.get(session, session.conn, [&] { return sequence_graph(*session.ladder, records); });
  if (g.empty()) {
    centered_hint(tr("This connection sent no segments."));
    return;
  }
  const GraphCut cut = graph_cut(g, session.step());
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float lh = ImGui::GetTextLineHeight();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("graph", ImVec2(avail.x, std::max(avail.y, lh * 4)));
  const float small = ImGui::GetFontSize() * 0.8f;
  // The plot area, with room for the axes' numbers.
  // The data sets the scale; a window edge far above it runs along the top.
  const std::int64_t seq_top = std::min(std::max<std::int64_t>(g.seq_max + g.seq_max / 4, 8),
                                        std::max(g.window_max, g.seq_max));
  const std::string top_label = std::to_string(seq_top);
  const float left =
      o.x + ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, top_label.c_str()).x + 6;
  const float right = o.x + avail.x - 6;
  const float key_h = ImGui::GetFontSize() * 0.8f * 1.3f;
  const float top = o.y + key_h + lh * 0.3f;
  const float bottom = o.y + std::max(avail.y, lh * 4) - lh * 1.4f;
  dl->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), p.canvas);
  const double span = static_cast<double>(std::max<TimeUs>(g.t1 - g.t0, 1));
  const double seq_span = static_cast<double>(std::max<std::int64_t>(seq_top, 1));
  const auto x_of = [&](TimeUs t) {
    return left + static_cast<float>(static_cast<double>(t - g.t0) / span) * (right - left);
  };
  const auto y_of = [&](std::int64_t s) {
    return bottom -
           std::min(static_cast<float>(static_cast<double>(s) / seq_span), 1.0f) * (bottom - top);
  };
  // Axes: the first and last moments, 0 and the highest number.
  dl->AddText(nullptr, small, ImVec2(left, bottom + 2), p.tick_text, format_time(g.t0).c_str());
  const std::string end = format_time(g.t1);
  dl->AddText(
      nullptr, small,
      ImVec2(right - ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, end.c_str()).x, bottom + 2),
      p.tick_text, end.c_str());
  dl->AddText(nullptr, small, ImVec2(o.x, top), p.tick_text, top_label.c_str());
  dl->AddText(nullptr, small, ImVec2(o.x, bottom - small), p.tick_text, "0");

  // The window line and the ACK line: steps from one arrival to the next.
  const ImU32 window_col = state_fill(tcp::State::Listen);
  const ImU32 ack_col = p.frames[static_cast<int>(FrameKind::Ack)];
  const TimeUs now_t = session.step() > 0 ? trace.events[session.step() - 1].t : g.t0;
  for (std::size_t i = 0; i < cut.acks; ++i) {
    const GraphAck& a = g.acks[i];
    const TimeUs next = i + 1 < cut.acks ? g.acks[i + 1].t : std::clamp(now_t, a.t, g.t1);
    dl->AddLine(ImVec2(x_of(a.t), y_of(a.window_edge)), ImVec2(x_of(next), y_of(a.window_edge)),
                window_col, 1.5f);
    dl->AddLine(ImVec2(x_of(a.t), y_of(a.ack)), ImVec2(x_of(next), y_of(a.ack)), ack_col, 1.5f);
    if (i + 1 < cut.acks) {
      const GraphAck& b = g.acks[i + 1];
      dl->AddLine(ImVec2(x_of(b.t), y_of(a.window_edge)), ImVec2(x_of(b.t), y_of(b.window_edge)),
                  window_col, 1.5f);
      dl->AddLine(ImVec2(x_of(b.t), y_of(a.ack)), ImVec2(x_of(b.t), y_of(b.ack)), ack_col, 1.5f);
    }
  }
  // The segments: a stroke from SEQ to SEQ + LEN with ends, as tcptrace draws them.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const GraphSegment* hovered = nullptr;
  for (std::size_t i = 0; i < cut.segments; ++i) {
    const GraphSegment& s = g.segments[i];
    const float x = x_of(s.t), y0 = y_of(s.seq0), y1 = std::min(y_of(s.seq1), y0 - 3);
    const ImU32 col = s.lost             ? p.drop
                      : s.retransmission ? p.retransmission
                                         : p.frames[static_cast<int>(FrameKind::Data)];
    dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), col, 2);
    dl->AddLine(ImVec2(x - 3, y0), ImVec2(x + 3, y0), col, 1.5f);
    dl->AddLine(ImVec2(x - 3, y1), ImVec2(x + 3, y1), col, 1.5f);
    if (s.lost) {  // a cross where it was lost
      const float c = (y0 + y1) / 2, r = 4;
      dl->AddLine(ImVec2(x - r, c - r), ImVec2(x + r, c + r), p.drop, 2);
      dl->AddLine(ImVec2(x - r, c + r), ImVec2(x + r, c - r), p.drop, 2);
    }
    if (ImGui::IsItemHovered() && std::abs(mouse.x - x) < 4 && mouse.y >= y1 - 4 &&
        mouse.y <= y0 + 4)
      hovered = &s;
  }
  // Now.
  if (now_t >= g.t0 && now_t <= g.t1) {
    const float x = x_of(now_t);
    dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), p.now_line, 1);
  }
  // The key, in its own row above the plot.
  struct Key {
    ImU32 col;
    const char* text;
  };
  const Key keys[] = {{p.frames[static_cast<int>(FrameKind::Data)], tr("sent")},
                      {p.retransmission, tr("again")},
                      {p.drop, tr("lost")},
                      {ack_col, "ACK"},
                      {window_col, tr("window")}};
  float key_w = 0;
  for (const Key& k : keys) {
    key_w += small * 2.3f + ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, k.text).x;
  }
  float kx = std::max(left, right - key_w);
  const float ky = o.y;
  for (const Key& k : keys) {
    dl->AddRectFilled(ImVec2(kx, ky + small * 0.35f), ImVec2(kx + small, ky + small * 0.65f),
                      k.col);
    kx += small * 1.3f;
    dl->AddText(nullptr, small, ImVec2(kx, ky), p.muted, k.text);
    kx += ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, k.text).x + small;
  }
  if (hovered != nullptr) {
    ImGui::SetTooltip(tr("%s  seq %lld–%lld%s%s\nclick: select it"),
                      format_time(hovered->t).c_str(), static_cast<long long>(hovered->seq0),
                      static_cast<long long>(hovered->seq1),
                      hovered->retransmission ? tr("  (retransmission)") : "",
                      hovered->lost ? tr("  (lost)") : "");
    if (ImGui::IsItemClicked()) session.select(hovered->event);
  }
}

}  // namespace synack::gui

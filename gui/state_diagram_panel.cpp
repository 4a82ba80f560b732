#include "gui/state_diagram_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/tcp_fsm_graph.hpp"
#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"
#include "sim/view/rule_text.hpp"

namespace synack::gui {

using lang::tr;

using namespace view;  // what the panels show (sim/view)

namespace {

ImU32 with_alpha(ImU32 c, int alpha) {
  return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

void arrow_head(ImDrawList* dl, ImVec2 tip, ImVec2 from, float size, ImU32 col) {
  const float dx = tip.x - from.x, dy = tip.y - from.y;
  const float len = std::max(std::sqrt(dx * dx + dy * dy), 0.001f);
  const float ux = dx / len, uy = dy / len;
  dl->AddTriangleFilled(
      tip, ImVec2(tip.x - ux * size - uy * size * 0.5f, tip.y - uy * size + ux * size * 0.5f),
      ImVec2(tip.x - ux * size + uy * size * 0.5f, tip.y - uy * size - ux * size * 0.5f), col);
}

}  // namespace

void StateDiagramPanel::draw_content(Session& session) {
  if (!session.open()) {
    centered_hint(tr("No file open."));
    return;
  }
  if (!connection_picker(session)) return;
  const Trace& trace = session.document->trace;
  const ConnRecords& records = session.connections->of(session.conn);
  const StateDiagram& d = state_diagram();
  const DiagramWalk walk = walk_at(trace, records, session.step());
  const auto& visits =
      visits_.get(session, session.conn, [&] { return state_visits(trace, records); });

  const float list_h = clicked_ >= 0 ? ImGui::GetTextLineHeightWithSpacing() * 4.5f : 0;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 canvas(avail.x, std::max(avail.y - list_h, 40.0f));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("diagram", canvas);
  const bool clicked = ImGui::IsItemClicked();
  const ImVec2 mouse = ImGui::GetIO().MousePos;

  // Wider than tall is fine: the columns take the width, the rows the height.
  const float sy = canvas.y / StateDiagram::kHeight;
  const float sx = std::min(canvas.x / StateDiagram::kWidth, sy * 3.2f);
  const float scale = std::min(sx, sy * 1.6f);  // for line widths and labels
  const ImVec2 at(origin.x + (canvas.x - sx * StateDiagram::kWidth) / 2 + sx * 0.5f, origin.y);
  const auto px = [&](float gx, float gy) { return ImVec2(at.x + gx * sx, at.y + gy * sy); };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& p = palette();

  // Which edges the walk took, and the one just taken.
  std::vector<bool> taken(d.edges.size(), false);
  for (const std::uint16_t row : walk.taken) taken[d.edge_of_row[row]] = true;
  const int lit = walk.last_row != tcp::kNoRow ? d.edge_of_row[walk.last_row] : -1;
  std::vector<bool> visited(d.nodes.size(), false);
  visited[walk.node] = walk.exists;
  for (const std::uint16_t row : walk.taken) {
    const DiagramEdge& e = d.edges[d.edge_of_row[row]];
    visited[e.from] = visited[e.to] = true;
  }

  const float font = std::min(ImGui::GetFontSize(), sy * StateDiagram::kBoxHeight * 0.66f);
  const float label_font = std::max(font * 0.8f, 9.0f);
  const float thin = std::max(1.0f, scale / 60);
  int hovered_edge = -1;
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    const DiagramEdge& e = d.edges[i];
    const bool on_path = taken[i];
    const bool is_lit = static_cast<int>(i) == lit;
    // The resets, aborts and timeouts are there, but faint, out of the way.
    ImU32 col = with_alpha(p.muted, e.main ? 150 : 45);
    float width = e.main ? thin * 1.3f : thin;
    if (on_path) {
      col = state_fill(d.nodes[e.to].state, 230);
      width = thin * 2.4f;
    }
    if (is_lit) {
      col = p.selection;
      width = thin * 3.5f;
    }
    const std::vector<GridPoint> line = edge_polyline(d, e);
    std::vector<ImVec2> pts;
    pts.reserve(line.size());
    for (const GridPoint& g : line) pts.push_back(px(g.x, g.y));
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, width);
    arrow_head(dl, pts.back(), pts[pts.size() - 2], std::max(5.0f, width * 3), col);
    for (const ImVec2& q : pts) {
      const float dx = q.x - mouse.x, dy = q.y - mouse.y;
      if (dx * dx + dy * dy < 36 && ImGui::IsItemHovered()) hovered_edge = static_cast<int>(i);
    }
  }
  // Labels of Figure 5's edges when there is room, and always the lit one's.
  const bool room = sy > 70;
  for (std::size_t i = 0; i < d.edges.size(); ++i) {
    const DiagramEdge& e = d.edges[i];
    const bool is_lit = static_cast<int>(i) == lit;
    if (!is_lit && !(room && e.main)) continue;
    const float f = is_lit ? font : label_font;
    const ImVec2 size = ImGui::GetFont()->CalcTextSizeA(f, FLT_MAX, 0, e.label.c_str());
    const GridPoint m = label_spot(d, e, (size.x + 4) / sx, size.y / sy);
    const ImVec2 c = px(m.x, m.y);
    const ImVec2 tl(std::clamp(c.x - size.x / 2, origin.x, origin.x + canvas.x - size.x),
                    c.y - size.y / 2);
    dl->AddRectFilled(ImVec2(tl.x - 2, tl.y), ImVec2(tl.x + size.x + 2, tl.y + size.y),
                      is_lit ? with_alpha(p.selection, 235) : p.label_bg, 3);
    dl->AddText(nullptr, f, tl, is_lit ? IM_COL32(20, 20, 20, 255) : p.muted, e.label.c_str());
  }

  int hovered_node = -1;
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    const DiagramNode& n = d.nodes[i];
    const ImVec2 a = px(n.x - StateDiagram::kBoxWidth / 2, n.y - StateDiagram::kBoxHeight / 2);
    const ImVec2 b = px(n.x + StateDiagram::kBoxWidth / 2, n.y + StateDiagram::kBoxHeight / 2);
    const bool current = walk.exists && walk.node == i;
    const bool hot = ImGui::IsItemHovered() && mouse.x >= a.x && mouse.x <= b.x && mouse.y >= a.y &&
                     mouse.y <= b.y;
    if (hot) hovered_node = static_cast<int>(i);
    const float r = sy * 0.1f;
    dl->AddRectFilled(a, b, state_fill(n.state, current ? 255 : visited[i] ? 130 : 40), r);
    dl->AddRect(a, b, current ? p.selection : state_fill(n.state), r, 0, current ? thin * 3 : thin);
    if (static_cast<int>(i) == clicked_) dl->AddRect(a, b, p.text, r, 0, thin * 2);
    const char* name = tcp::state_name(n.state);
    float f = font;
    const float w = ImGui::GetFont()->CalcTextSizeA(f, FLT_MAX, 0, name).x;
    if (w > (b.x - a.x) * 0.92f) f *= (b.x - a.x) * 0.92f / w;
    const ImVec2 size = ImGui::GetFont()->CalcTextSizeA(f, FLT_MAX, 0, name);
    dl->AddText(nullptr, f, ImVec2((a.x + b.x - size.x) / 2, (a.y + b.y - size.y) / 2),
                current || visited[i] ? IM_COL32(20, 20, 20, 255) : p.text, name);
  }
  if (clicked) clicked_ = hovered_node == clicked_ ? -1 : hovered_node;

  if (hovered_node >= 0) {
    ImGui::SetTooltip(tr("%s: click to list the steps the connection spent here"),
                      tcp::state_name(d.nodes[static_cast<std::size_t>(hovered_node)].state));
  } else if (hovered_edge >= 0) {
    ImGui::BeginTooltip();
    for (const std::uint16_t row : d.edges[static_cast<std::size_t>(hovered_edge)].rows) {
      ImGui::TextUnformatted(row_sentence(row).c_str());
    }
    ImGui::EndTooltip();
  }
  if (clicked_ >= 0) draw_visits(session, visits);
}

void StateDiagramPanel::draw_visits(Session& session, const std::vector<StateVisit>& visits) {
  const StateDiagram& d = state_diagram();
  const DiagramNode& node = d.nodes[static_cast<std::size_t>(clicked_)];
  const Trace& trace = session.document->trace;
  ImGui::Text("%s:", tcp::state_name(node.state));
  ImGui::SameLine();
  int shown = 0;
  ImGui::BeginChild("visits", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  for (std::size_t k = 0; k < visits.size(); ++k) {
    const StateVisit& v = visits[k];
    if (v.node != clicked_) continue;
    const std::size_t end = v.end == kStillThere ? trace.events.size() : v.end;
    const TimeUs t0 = v.begin > 0 ? trace.events[v.begin - 1].t : 0;
    const std::string text =
        v.end == kStillThere ? lang::trf("from step {} ({}) to the end", v.begin, format_time(t0))
                             : lang::trf("steps {}–{} ({})", v.begin, end - 1, format_time(t0));
    ImGui::PushID(static_cast<int>(k));
    const bool here = session.step() >= v.begin && session.step() < end;
    if (ImGui::Selectable(text.c_str(), here) && session.stepper) {
      session.stepper->set(v.begin);
      if (v.begin > 0) session.select(static_cast<std::uint32_t>(v.begin - 1));
    }
    ImGui::PopID();
    ++shown;
  }
  if (shown == 0) ImGui::TextDisabled("%s", tr("never in this state"));
  ImGui::EndChild();
}

}  // namespace synack::gui

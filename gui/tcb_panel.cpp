#include "gui/tcb_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/seq.hpp"
#include "gui/theme.hpp"
#include "gui/widgets.hpp"

namespace synack::gui {

using namespace view;  // what the panels show (sim/view)
using tcp::TcbVar;

namespace {

// A value as people read it: times in ms, ssthresh's "infinity", sequence
// numbers relative to ISS / IRS unless absolute numbers are asked for.
std::string value_text(const TcbAt& t, TcbVar v, bool absolute) {
  const std::uint32_t x = t[v];
  switch (v) {
    case TcbVar::Rto:
    case TcbVar::Srtt: return format_time(x);
    case TcbVar::Ssthresh: return x == 0xFFFFFFFFu ? "∞" : std::to_string(x);
    case TcbVar::SndUna:
    case TcbVar::SndNxt:
      if (!absolute && t.has(TcbVar::Iss))
        return std::to_string(SeqNum(x) - SeqNum(t[TcbVar::Iss]));
      return std::to_string(x);
    case TcbVar::RcvNxt:
      if (!absolute && t.has(TcbVar::Irs))
        return std::to_string(SeqNum(x) - SeqNum(t[TcbVar::Irs]));
      return std::to_string(x);
    case TcbVar::Iss:
    case TcbVar::Irs: return absolute ? std::to_string(x) : "0 (" + std::to_string(x) + ")";
    default: return std::to_string(x);
  }
}

ImU32 part_color(SpacePart part) {
  const Palette& p = palette();
  switch (part) {
    case SpacePart::Acknowledged:
    case SpacePart::Received: return state_fill(tcp::State::Established, 150);
    case SpacePart::Unacknowledged: return p.timer;
    case SpacePart::Usable:
    case SpacePart::Window: return state_fill(tcp::State::Listen, 200);
    case SpacePart::NotYetAllowed: return p.grid;
  }
  return p.grid;
}

void draw_space(const char* title, const SequenceSpace& s) {
  ImGui::TextUnformatted(title);
  if (!s.valid) {
    ImGui::SameLine();
    ImGui::TextDisabled("not yet known");
    return;
  }
  const Palette& p = palette();
  const float lh = ImGui::GetTextLineHeight();
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float bar_y = o.y + lh * 0.2f, bar_h = lh * 1.3f;
  const float height = bar_h + lh * 2.9f;
  ImGui::InvisibleButton(title, ImVec2(w, height));
  const bool hovered = ImGui::IsItemHovered();
  const float mx = ImGui::GetIO().MousePos.x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float small = ImGui::GetFontSize() * 0.8f;
  const SpaceStretch* under = nullptr;
  for (const SpaceStretch& st : s.stretches) {
    const float x0 = o.x + st.x0 * w, x1 = o.x + st.x1 * w;
    if (x1 - x0 < 0.5f) continue;
    dl->AddRectFilled(ImVec2(x0, bar_y), ImVec2(x1, bar_y + bar_h), part_color(st.part));
    if (hovered && mx >= x0 && mx < x1) under = &st;
    // The stretch's size inside it when it fits.
    const std::string n =
        st.part == SpacePart::NotYetAllowed ? "…" : std::to_string(st.to - st.from);
    const ImVec2 size = ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, n.c_str());
    if (size.x + 4 < x1 - x0) {
      dl->AddText(nullptr, small, ImVec2((x0 + x1 - size.x) / 2, bar_y + (bar_h - size.y) / 2),
                  IM_COL32(20, 20, 20, 255), n.c_str());
    }
  }
  // The bytes in the buffer: a band under the bar.
  if (s.buffer_to > s.buffer_from) {
    dl->AddRectFilled(
        ImVec2(o.x + s.buffer_x0 * w, bar_y + bar_h + 2),
        ImVec2(o.x + std::max(s.buffer_x1 * w, s.buffer_x0 * w + 3), bar_y + bar_h + 6), p.call);
  }
  // Boundaries with their names, alternating rows so neighbours do not collide.
  float last_right[2] = {-1e9f, -1e9f};
  for (const SpaceMark& m : s.marks) {
    const float x = o.x + m.x * w;
    dl->AddLine(ImVec2(x, bar_y - 2), ImVec2(x, bar_y + bar_h + 8), p.text, 1.5f);
    const std::string text = m.name + " " + std::to_string(m.at);
    const ImVec2 size = ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, text.c_str());
    const float left = std::clamp(x - size.x / 2, o.x, o.x + w - size.x);
    const int row = left > last_right[0] + 4 ? 0 : 1;
    last_right[row] = left + size.x;
    dl->AddText(nullptr, small, ImVec2(left, bar_y + bar_h + 8 + row * small * 1.15f), p.muted,
                text.c_str());
  }
  if (under != nullptr) {
    ImGui::SetTooltip("%s: %lld – %lld", space_part_name(under->part),
                      static_cast<long long>(under->from), static_cast<long long>(under->to));
  }
}

}  // namespace

void TcbPanel::draw_content(Session& session) {
  if (!session.open()) {
    centered_hint("No file open.");
    return;
  }
  if (!connection_picker(session)) return;
  const Trace& trace = session.document->trace;
  const ConnRecords& records = session.connections->of(session.conn);
  const TcbHistory& history =
      history_.get(session, session.conn, [&] { return TcbHistory(trace, records); });
  const TcbAt tcb = history.at(session.step());
  if (tcb.present == 0) {
    centered_hint("No TCB yet at this step.");
    return;
  }
  const Palette& p = palette();
  ImGui::TextDisabled("as of %s (event %u)", format_time(trace.events[tcb.record].t).c_str(),
                      tcb.record + 1);
  constexpr TcbVar kShown[] = {
      TcbVar::SndUna,   TcbVar::SndNxt,     TcbVar::SndWnd,  TcbVar::Iss,  TcbVar::RcvNxt,
      TcbVar::RcvWnd,   TcbVar::Irs,        TcbVar::Rto,     TcbVar::Srtt, TcbVar::Cwnd,
      TcbVar::Ssthresh, TcbVar::SendQueued, TcbVar::Readable};
  const int columns = ImGui::GetContentRegionAvail().x > ImGui::GetFontSize() * 22 ? 4 : 2;
  if (ImGui::BeginTable("tcb", columns, ImGuiTableFlags_SizingStretchProp)) {
    for (const TcbVar v : kShown) {
      // The congestion window exists once the connection is synchronized.
      if ((v == TcbVar::Cwnd || v == TcbVar::Ssthresh) &&
          (!tcb.has(TcbVar::Cwnd) || tcb[TcbVar::Cwnd] == 0))
        continue;
      if (!tcb.has(v)) continue;
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", tcp::tcb_var_name(v));
      ImGui::TableNextColumn();
      const std::string text = value_text(tcb, v, session.absolute_numbers);
      if (tcb.was_changed(v)) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImColor(p.selection).Value);
        ImGui::Text("%s ●", text.c_str());
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("changed by the last TCB record");
      } else {
        ImGui::TextUnformatted(text.c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  const SequenceSpace send = send_space(tcb);
  const SequenceSpace receive = receive_space(tcb);
  draw_space("Send sequence space (RFC 9293 Figure 3)", send);
  if (send.valid) {
    ImGui::TextDisabled("send buffer %lld bytes, %lld not yet sent%s",
                        static_cast<long long>(send.buffer_to - send.buffer_from),
                        static_cast<long long>(send.unsent),
                        send.zero_window ? " · SND.WND 0: the peer's window is closed" : "");
  }
  ImGui::Spacing();
  draw_space("Receive sequence space (Figure 4)", receive);
  if (receive.valid) {
    ImGui::TextDisabled("%lld bytes received, not yet read%s",
                        static_cast<long long>(receive.buffer_to - receive.buffer_from),
                        receive.zero_window ? " · zero window: the buffer is full" : "");
  }
}

}  // namespace synack::gui

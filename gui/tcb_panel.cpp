#include "gui/tcb_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/seq.hpp"
#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

using namespace view;  // what the panels show (sim/view)
using tcp::TcbVar;

namespace {

// A value as people read it: times in ms, ssthresh's "infinity", sequence
// numbers relative to ISS / IRS (which are shown as they are) unless absolute
// numbers are asked for.
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

// One figure: the boundaries' names above and below a bar of the stretches,
// the buffered bytes as a band under it.
void draw_space(const char* id, const SequenceSpace& s) {
  const Palette& p = palette();
  const float small = ImGui::GetFontSize() * 0.8f;
  const float row_h = small * 1.15f;
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float bar_y = o.y + row_h, bar_h = ImGui::GetTextLineHeight() * 1.1f;
  const float band_y = bar_y + bar_h + 1;
  ImGui::InvisibleButton(id, ImVec2(w, row_h * 2 + bar_h + 6));
  const bool hovered = ImGui::IsItemHovered();
  const float mx = ImGui::GetIO().MousePos.x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
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
  if (s.buffer_to > s.buffer_from) {
    dl->AddRectFilled(ImVec2(o.x + s.buffer_x0 * w, band_y),
                      ImVec2(o.x + std::max(s.buffer_x1 * w, s.buffer_x0 * w + 3), band_y + 4),
                      p.call);
  }
  // Names above the bar, or below when the one before is in the way.
  float right_of[2] = {-1e9f, -1e9f};
  for (const SpaceMark& m : s.marks) {
    const float x = o.x + m.x * w;
    std::string text = m.name + " " + std::to_string(m.at);
    ImVec2 size = ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, text.c_str());
    float left = std::clamp(x - size.x / 2, o.x, o.x + w - size.x);
    // Above if it fits there, else below; else after the nearer one, pushed
    // right, with only its number when even that runs into it.
    int row = left > right_of[0] + 4 ? 0 : left > right_of[1] + 4 ? 1 : -1;
    if (row < 0) {
      row = right_of[0] <= right_of[1] ? 0 : 1;
      left = std::min(right_of[row] + 6, o.x + w - size.x);
      if (left < right_of[row] + 4) {
        text = std::to_string(m.at);
        size = ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, text.c_str());
        left = std::min(right_of[row] + 6, o.x + w - size.x);
      }
    }
    right_of[row] = left + size.x;
    const float ty = row == 0 ? o.y : band_y + 5;
    dl->AddLine(ImVec2(x, row == 0 ? ty + row_h - 2 : bar_y),
                ImVec2(x, row == 0 ? bar_y + bar_h : ty), p.text, 1.5f);
    dl->AddText(nullptr, small, ImVec2(left, ty), p.muted, text.c_str());
  }
  if (under != nullptr) {
    ImGui::SetTooltip("%s: %lld – %lld", space_part_name(under->part),
                      static_cast<long long>(under->from), static_cast<long long>(under->to));
  }
}

}  // namespace

void TcbPanel::draw_content(Session& session) {
  if (!session.open()) {
    centered_hint(tr("No file open."));
    return;
  }
  if (!connection_picker(session)) return;
  const Trace& trace = session.document->trace;
  const ConnRecords& records = session.connections->of(session.conn);
  const TcbHistory& history =
      history_.get(session, session.conn, [&] { return TcbHistory(trace, records); });
  const TcbAt tcb = history.at(session.step());
  if (tcb.present == 0) {
    centered_hint(tr("No TCB yet at this step."));
    return;
  }
  const Palette& p = palette();
  const SequenceSpace send = send_space(tcb);
  const SequenceSpace receive = receive_space(tcb);
  ImGui::PushTextWrapPos(0);
  if (send.valid) {
    draw_space("send", send);
    ImGui::TextDisabled(tr("Send space (RFC 9293 Fig. 3): %lld bytes buffered, %lld unsent%s"),
                        static_cast<long long>(send.buffer_to - send.buffer_from),
                        static_cast<long long>(send.unsent),
                        send.zero_window ? tr("; the peer's window is closed") : "");
  }
  if (receive.valid) {
    draw_space("receive", receive);
    ImGui::TextDisabled(tr("Receive space (Fig. 4): %lld bytes not yet read%s"),
                        static_cast<long long>(receive.buffer_to - receive.buffer_from),
                        receive.zero_window ? tr("; zero window, the buffer is full") : "");
  }
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  constexpr TcbVar kShown[] = {TcbVar::SndUna,     TcbVar::SndNxt,  TcbVar::SndWnd,   TcbVar::Iss,
                               TcbVar::RcvNxt,     TcbVar::RcvWnd,  TcbVar::Irs,      TcbVar::Rto,
                               TcbVar::Srtt,       TcbVar::Cwnd,    TcbVar::Ssthresh, TcbVar::WMax,
                               TcbVar::SendQueued, TcbVar::Readable};
  const int columns = ImGui::GetContentRegionAvail().x > ImGui::GetFontSize() * 16 ? 4 : 2;
  if (ImGui::BeginTable("tcb", columns, ImGuiTableFlags_SizingStretchProp)) {
    for (const TcbVar v : kShown) {
      // The congestion window exists once the connection is synchronized.
      if ((v == TcbVar::Cwnd || v == TcbVar::Ssthresh) &&
          (!tcb.has(TcbVar::Cwnd) || tcb[TcbVar::Cwnd] == 0))
        continue;
      if (v == TcbVar::WMax && (!tcb.has(v) || tcb[v] == 0)) continue;  // CUBIC's, after a loss
      if (!tcb.has(v)) continue;
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", tcp::tcb_var_name(v));
      ImGui::TableNextColumn();
      const std::string text = value_text(tcb, v, session.absolute_numbers);
      if (tcb.was_changed(v)) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImColor(p.selection).Value);
        ImGui::Text("%s ●", text.c_str());
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip(tr("changed by the connection's last TCB record (%s, event %u)"),
                            format_time(trace.events[tcb.record].t).c_str(), tcb.record + 1);
        }
      } else {
        ImGui::TextUnformatted(text.c_str());
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace synack::gui

#include "gui/packet_inspector_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

using namespace view;  // what the panels show (sim/view)

namespace {

// The frame of the selected record, else of the last frame record up to the step.
trace::FrameId frame_to_show(const Session& session, std::uint32_t& event) {
  const auto& events = session.document->trace.events;
  const auto frame_of = [&](std::size_t i) -> trace::FrameId {
    const auto* f = std::get_if<trace::FrameEvent>(&events[i].what);
    return f != nullptr ? f->frame : kNone;
  };
  if (session.selected < events.size() && frame_of(session.selected) != kNone) {
    event = session.selected;
    return frame_of(session.selected);
  }
  // Bounded, so a long stretch without frames costs little per frame.
  const std::size_t stop = session.step() > 4096 ? session.step() - 4096 : 0;
  for (std::size_t i = std::min(session.step(), events.size()); i-- > stop;) {
    if (frame_of(i) != kNone) {
      event = static_cast<std::uint32_t>(i);
      return frame_of(i);
    }
  }
  return kNone;
}

}  // namespace

void PacketInspectorPanel::draw_content(Session& session) {
  if (!session.open()) {
    centered_hint(tr("No file open."));
    return;
  }
  std::uint32_t event = kNone;
  const trace::FrameId frame = frame_to_show(session, event);
  if (frame == kNone) {
    centered_hint(tr("Select a frame to see its layers and bytes."));
    return;
  }
  if (frame != frame_ || generation_ != session.generation) {
    view_ = inspect_frame(session.document->trace, session.ladder->numbers(), frame);
    fresh_ = true;
    frame_ = frame;
    generation_ = session.generation;
  }
  const Trace& trace = session.document->trace;
  ImGui::TextDisabled(tr("%s  frame %u  %zu bytes"), format_time(trace.events[event].t).c_str(),
                      frame, view_.bytes.size());

  lit_offset_ = next_offset_;
  lit_length_ = next_length_;
  next_offset_ = next_length_ = 0;
  const float hex_w = ImGui::CalcTextSize("00 ").x * 16 + ImGui::CalcTextSize("0000  ").x;
  if (ImGui::GetContentRegionAvail().x >= hex_w * 2.2f) {
    // Wide: the fields beside the bytes.
    if (ImGui::BeginTable(
            "packet", 2,
            ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY)) {
      ImGui::TableSetupColumn("Fields", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("Bytes", ImGuiTableColumnFlags_WidthFixed, hex_w);
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      per_row_ = 16;
      fields(view_);
      ImGui::TableSetColumnIndex(1);
      hex(view_);
      ImGui::EndTable();
    }
    return;
  }
  // Narrow: the fields above the bytes, the bytes always in view.
  const float cell = ImGui::CalcTextSize("00 ").x, gutter = ImGui::CalcTextSize("0000  ").x;
  per_row_ = ImGui::GetContentRegionAvail().x >= gutter + cell * 16 ? 16 : 8;
  const float rows = static_cast<float>((view_.bytes.size() + per_row_ - 1) / per_row_);
  const float hex_h = std::min(
      ImGui::GetContentRegionAvail().y * 0.45f,
      ImGui::GetTextLineHeightWithSpacing() * rows + ImGui::GetStyle().WindowPadding.y * 2);
  if (ImGui::BeginChild("fields", ImVec2(0, -hex_h - ImGui::GetStyle().ItemSpacing.y))) {
    fields(view_);
  }
  ImGui::EndChild();
  if (ImGui::BeginChild("bytes", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar)) {
    hex(view_);
  }
  ImGui::EndChild();
}

void PacketInspectorPanel::fields(const PacketView& v) {
  const Palette& p = palette();
  // The arithmetic first: it is what the numbers below mean.
  ImGui::PushTextWrapPos(0);
  for (const std::string& line : v.arithmetic) ImGui::TextUnformatted(line.c_str());
  if (!v.error.empty())
    ImGui::TextColored(ImColor(p.drop), tr("Decoding stopped: %s"), v.error.c_str());
  ImGui::PopTextWrapPos();
  if (!v.arithmetic.empty() || !v.error.empty()) ImGui::Separator();
  for (std::size_t l = 0; l < v.layers.size(); ++l) {
    const PacketLayer& layer = v.layers[l];
    // A new frame opens its innermost header (ARP, TCP or UDP); the rest stay one line each.
    if (fresh_) ImGui::SetNextItemOpen(l == v.innermost, ImGuiCond_Always);
    const bool open = ImGui::TreeNode(layer.name.c_str());
    if (ImGui::IsItemHovered()) {
      next_offset_ = layer.offset;
      next_length_ = layer.length;
    }
    if (!open) continue;
    for (const PacketField& f : layer.fields) {
      const bool lit = lit_length_ > 0 && f.offset == lit_offset_ && f.length == lit_length_;
      const ImVec2 at = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x;
      if (lit) {
        ImGui::GetWindowDrawList()->AddRectFilled(
            at, ImVec2(at.x + w, at.y + ImGui::GetTextLineHeightWithSpacing()), p.hover);
      }
      ImGui::TextDisabled("%s:", f.name.c_str());
      ImGui::SameLine();
      if (f.bad) {
        ImGui::TextColored(ImColor(p.drop), "%s", f.value.c_str());
      } else {
        ImGui::TextUnformatted(fit_text(f.value, ImGui::GetContentRegionAvail().x).c_str());
      }
      if (ImGui::IsMouseHoveringRect(
              at, ImVec2(at.x + w, at.y + ImGui::GetTextLineHeightWithSpacing()))) {
        next_offset_ = f.offset;
        next_length_ = f.length;
        if (ImGui::CalcTextSize(f.value.c_str()).x > w * 0.6f) {
          ImGui::SetTooltip("%s", f.value.c_str());
        }
      }
    }
    ImGui::TreePop();
  }
  fresh_ = false;
}

void PacketInspectorPanel::hex(const PacketView& v) {
  const Palette& p = palette();
  const float cell = ImGui::CalcTextSize("00 ").x;
  const float gutter = ImGui::CalcTextSize("0000  ").x;
  const float lh = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const std::size_t n = per_row_;
  const std::size_t rows = (v.bytes.size() + n - 1) / n;
  ImGui::Dummy(ImVec2(gutter + cell * static_cast<float>(n), lh * static_cast<float>(rows)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (std::size_t r = 0; r < rows; ++r) {
    const float y = o.y + lh * static_cast<float>(r);
    char offset[24];
    std::snprintf(offset, sizeof offset, "%04zx", r * n);
    dl->AddText(ImVec2(o.x, y), p.muted, offset);
    for (std::size_t c = 0; c < n && r * n + c < v.bytes.size(); ++c) {
      const auto i = static_cast<std::uint32_t>(r * n + c);
      const ImVec2 a(o.x + gutter + cell * static_cast<float>(c), y);
      const ImVec2 b(a.x + cell, a.y + lh);
      if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y) {
        const auto [layer, field] = field_at(v, i);
        if (layer >= 0) {
          const PacketField& f =
              v.layers[static_cast<std::size_t>(layer)].fields[static_cast<std::size_t>(field)];
          next_offset_ = f.offset;
          next_length_ = f.length;
          ImGui::SetTooltip("%s: %s", f.name.c_str(), f.value.c_str());
        }
      }
      const bool lit = i >= lit_offset_ && i < lit_offset_ + lit_length_;
      if (lit) dl->AddRectFilled(a, ImVec2(b.x - cell * 0.2f, b.y - 1), p.selection, 2);
      char text[4];
      std::snprintf(text, sizeof text, "%02x", v.bytes[i]);
      dl->AddText(a, lit ? p.canvas : p.text, text);
    }
  }
}

}  // namespace synack::gui

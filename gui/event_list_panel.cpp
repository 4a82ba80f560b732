#include "gui/event_list_panel.hpp"

#include <imgui.h>

#include <algorithm>

#include "gui/model/event_columns.hpp"
#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

using namespace view;  // the ladder's picture (sim/view)

void EventListPanel::draw_content(Session& session) {
  if (!session.open()) {
    ImGui::TextDisabled("%s", tr("No file open."));
    return;
  }
  const Trace& trace = session.document->trace;
  const LadderModel& model = *session.ladder;

  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##filter", tr("Filter: text or node name (e.g. SYN, client)"), text_,
                           sizeof text_);
  filter_.text = text_;
  // The type toggles wrap onto the next line rather than run out of the panel.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowContentRegionMax().x;
  for (int c = 0; c < kCategoryCount; ++c) {
    const char* name = tr(category_name(static_cast<Category>(c)));
    const float w =
        ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(name).x;
    if (c > 0) {
      ImGui::SameLine();
      if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
    }
    bool shown = filter_.shown[static_cast<std::size_t>(c)];
    if (ImGui::Checkbox(name, &shown)) {
      filter_.shown[static_cast<std::size_t>(c)] = shown;
    }
  }
  if (built_for_ != session.document.get() || filter_ != built_filter_ ||
      built_absolute_ != session.absolute_numbers) {
    rows_ = filter_events(trace, model.numbers(), filter_, session.absolute_numbers);
    built_for_ = session.document.get();
    built_filter_ = filter_;
    built_absolute_ = session.absolute_numbers;
  }
  ImGui::TextDisabled(tr("%zu of %zu events"), rows_.size(), trace.events.size());

  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  const float padding = style.CellPadding.x * 6 + style.ScrollbarSize;
  const EventColumns cols =
      event_columns(trace, ImGui::CalcTextSize("abcdefghijklmnopqrstuvwxyz").x / 26,
                    ImGui::CalcTextSize("0").x, ImGui::GetContentRegionAvail().x - padding);
  if (!ImGui::BeginTable("events", 3, flags, ImVec2(0, 0))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("ms"), ImGuiTableColumnFlags_WidthFixed, cols.time);
  ImGui::TableSetupColumn(tr("node"), ImGuiTableColumnFlags_WidthFixed, cols.node);
  ImGui::TableSetupColumn(tr("event"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();

  const float row_h = ImGui::GetTextLineHeightWithSpacing();
  if (session.reveal_in_list && session.selected != kNone) {
    auto it = std::lower_bound(rows_.begin(), rows_.end(), session.selected);
    if (it != rows_.end()) {
      const float y = static_cast<float>(it - rows_.begin()) * row_h;
      const float view = ImGui::GetWindowHeight() - row_h * 2;
      if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + view) {
        ImGui::SetScrollY(std::max(0.0f, y - view / 2));
      }
    }
    session.reveal_in_list = false;
  }

  const std::size_t step = session.step();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows_.size()), row_h);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const std::uint32_t i = rows_[static_cast<std::size_t>(r)];
      const trace::Event& e = trace.events[i];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      const bool future = i >= step;
      if (future)
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(
              format_ms(e.t).c_str(), session.selected == i,
              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
        session.selected = i;
        session.reveal_in_timeline = true;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) session.stepper->set(i + 1);
      }
      const bool row_hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      ImGui::TableSetColumnIndex(1);
      const NodeId node = node_of(e);
      const std::string node_name = node < trace.nodes.size() ? trace.nodes[node].name : "";
      ImGui::TextUnformatted(fit_text(node_name, cols.node).c_str());
      ImGui::TableSetColumnIndex(2);
      // Cut to the column with "…"; the row's tooltip has it all.
      const std::string full = event_summary(trace, model.numbers(), e, session.absolute_numbers);
      const std::string summary = fit_text(full, ImGui::GetContentRegionAvail().x);
      if (const auto* s = std::get_if<trace::StateEvent>(&e.what); s != nullptr && !future) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImColor(state_fill(s->to)).Value);
        ImGui::TextUnformatted(summary.c_str());
        ImGui::PopStyleColor();
      } else if (const auto* f = std::get_if<trace::FrameEvent>(&e.what);
                 f != nullptr && f->fate == trace::Fate::Dropped && !future) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImColor(palette().drop).Value);
        ImGui::TextUnformatted(summary.c_str());
        ImGui::PopStyleColor();
      } else {
        ImGui::TextUnformatted(summary.c_str());
      }
      if (future) ImGui::PopStyleColor();
      if (row_hovered) {
        ImGui::SetTooltip(tr("%s  %s\n%s\n(double-click: step here)"), format_ms(e.t).c_str(),
                          node_name.c_str(), full.c_str());
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace synack::gui

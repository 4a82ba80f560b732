#include "gui/what_if_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/save.hpp"
#include "sim/view/timeline_layout.hpp"

namespace synack::gui {

using lang::tr;

// The save dialog's ImGui id, the same in every language.
constexpr const char* kSavePopup = "###save_what_if";

using namespace view;  // the ladder's picture (sim/view)

namespace {

// How many parting records are listed.
constexpr std::size_t kListed = 200;

ImU32 with_alpha(ImU32 c, int alpha) { return (c & ~IM_COL32_A_MASK) | (ImU32(alpha) << 24); }

// One run's lanes and arrows in `size` at `o`, the whole run fitted; arrows
// of records in `parted` lit in `lit`.
void mini_ladder(ImDrawList* dl, ImVec2 o, ImVec2 size, const LadderModel& model,
                 const std::vector<bool>& parted, ImU32 lit, int alpha, const char* title) {
  const Palette& p = palette();
  const float lh = ImGui::GetTextLineHeight();
  dl->AddText(ImVec2(o.x + 4, o.y), p.muted, title);
  LayoutMetrics m;
  m.width = size.x;
  m.height = size.y - lh * 1.5f;
  m.line_h = lh;
  m.gutter = 4;
  m.lane_pad = lh * 1.5f;
  m.min_lane_gap = lh * 3;
  m.fold_px = 2;
  TimelineView v;
  fit_all(model, v, m.height);
  TimelineLayout layout;
  lay_out(model, v, m, model.trace().events.size(), kNone, layout);
  const ImVec2 top(o.x, o.y + lh * 1.5f);
  for (const LaneLine& l : layout.lanes) {
    dl->AddLine(ImVec2(top.x + l.x, top.y), ImVec2(top.x + l.x, top.y + m.height),
                with_alpha(p.lifeline, alpha), 1.5f);
  }
  for (const ArrowRecord& a : layout.arrows) {
    const Hop& hop = model.hops[a.hop];
    const bool part = hop.sent_event < parted.size() && parted[hop.sent_event];
    const ImU32 col = part ? lit : with_alpha(frame_color(hop.kind), alpha);
    const ArrowPath path = path_of(a);
    for (std::size_t k = 1; k < path.size; ++k) {
      dl->AddLine(ImVec2(top.x + path.at[k - 1].x, top.y + path.at[k - 1].y),
                  ImVec2(top.x + path.at[k].x, top.y + path.at[k].y), col, part ? 2.5f : 1.5f);
    }
  }
}

}  // namespace

bool WhatIfPanel::can_save(const Session& session) const {
  return what_if_.has_value() && session.open() && session.document->is_scenario;
}

void WhatIfPanel::adopt_source(Session& session) {
  what_if_.emplace(*session.document->scenario);
  source_generation_ = own_generation_ = session.generation;
  previous_.reset();
  previous_ladder_.reset();
  diff_ = RunDiff{};
  host_.clear();
  preset_errors_.clear();  // they were about the first scenario opened
  filled_.fill(false);
  if (presets_.empty()) return;
  for (const std::string& a : presets_) {
    if (std::string error = what_if_->apply(a); !error.empty()) preset_errors_.push_back(error);
  }
  presets_.clear();
  rerun(session);
}

void WhatIfPanel::rerun(Session& session) {
  // The run on screen becomes the previous one; runs are deterministic, so
  // running its scenario again gives it back without taking it from the session.
  previous_ = std::make_unique<Document>();
  previous_->path = session.document->path;
  previous_->scenario = *session.document->scenario;
  simulate(*previous_);
  previous_ladder_ = std::make_unique<LadderModel>(previous_->trace);
  session.adopt(what_if_->run(session.document->path), true);
  own_generation_ = session.generation;
  diff_ = diff_runs(previous_->trace, session.document->trace);
}

void WhatIfPanel::draw_content(Session& session) {
  if (!session.open()) {
    centered_hint(tr("No file open."));
    return;
  }
  if (!session.document->is_scenario) {
    centered_hint(tr("What-if re-runs a scenario; a saved trace is what it is."));
    return;
  }
  if (!what_if_ ||
      (session.generation != own_generation_ && session.generation != source_generation_)) {
    adopt_source(session);
  }
  for (const std::string& e : preset_errors_) {
    ImGui::TextColored(ImColor(palette().drop), "%s", e.c_str());
  }
  summary(session);
  parting(session);
  ImGui::Separator();
  controls(session);
  parting_list(session);
  save_popup(session);
}

void WhatIfPanel::controls(Session& session) {
  WhatIf& w = *what_if_;
  const scenario::Scenario& s = w.edited();
  bool changed = false;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
  if (ImGui::BeginCombo("settings of", host_.empty() ? "every host" : host_.c_str())) {
    if (ImGui::Selectable(tr("every host"), host_.empty())) host_.clear();
    for (const scenario::HostSpec& h : s.hosts) {
      if (ImGui::Selectable(h.name.c_str(), host_ == h.name)) host_ = h.name;
    }
    filled_.fill(false);  // the fields show the values of the one chosen
    ImGui::EndCombo();
  }
  const float field_w = ImGui::GetFontSize() * 4.5f;
  std::size_t durations = 0;
  if (!ImGui::BeginTable("controls", 2, ImGuiTableFlags_SizingStretchSame)) return;
  for (std::string_view key : what_if_keys()) {
    const scenario::SettingInfo& info = setting_info(key);
    const std::string label(key);
    const std::optional<std::int64_t> v = w.value(key, host_);
    if (!v) continue;
    ImGui::TableNextColumn();
    ImGui::PushID(label.c_str());
    switch (info.kind) {
      case scenario::SettingKind::Flag: {
        bool on = *v != 0;
        if (ImGui::Checkbox(label.c_str(), &on)) {
          w.set(key, on ? 1 : 0, host_);
          changed = true;
        }
        break;
      }
      case scenario::SettingKind::Choice: {
        ImGui::SetNextItemWidth(field_w);
        const std::string now = setting_text(info, v);
        if (ImGui::BeginCombo(label.c_str(), now.c_str())) {
          for (std::size_t i = 0; i < info.choices.size(); ++i) {
            const std::string word(info.choices[i]);
            if (ImGui::Selectable(word.c_str(), static_cast<std::int64_t>(i) == *v)) {
              w.set(key, static_cast<std::int64_t>(i), host_);
              changed = static_cast<std::int64_t>(i) != *v;
            }
          }
          ImGui::EndCombo();
        }
        break;
      }
      default: {
        const std::size_t k = std::min(durations++, kTextFields - 1);
        char* text = text_[k].data();
        if (!filled_[k]) {
          std::snprintf(text, text_[k].size(), "%s", setting_text(info, v).c_str());
          filled_[k] = true;
        }
        ImGui::SetNextItemWidth(field_w);
        if (ImGui::InputText(label.c_str(), text, text_[k].size(),
                             ImGuiInputTextFlags_EnterReturnsTrue)) {
          if (std::string error = w.set_text(key, text, host_); error.empty()) {
            changed = true;
          } else {
            message_ = error;
          }
          filled_[k] = false;
        }
      }
    }
    // `meaning` views a whole tr_later() literal of settings_list.cpp, so data() ends in NUL.
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(info.meaning.data()));
    ImGui::PopID();
  }
  ImGui::TableNextColumn();
  float loss = static_cast<float>(w.loss());
  ImGui::SetNextItemWidth(field_w);
  ImGui::SliderFloat("loss", &loss, 0, 0.5f, "%.2f");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("the loss probability of every link"));
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    w.set_loss(loss);
    changed = true;
  }
  ImGui::TableNextColumn();
  std::uint64_t seed = w.seed();
  ImGui::SetNextItemWidth(field_w);
  if (ImGui::InputScalar("seed", ImGuiDataType_U64, &seed, nullptr, nullptr, nullptr,
                         ImGuiInputTextFlags_EnterReturnsTrue)) {
    w.set_seed(seed);
    changed = true;
  }
  ImGui::EndTable();
  if (changed) {
    filled_.fill(false);
    rerun(session);
  }
}

void WhatIfPanel::summary(Session& session) {
  WhatIf& w = *what_if_;
  const std::vector<std::string> changes = w.changes();
  if (!changes.empty()) {
    ImGui::TextDisabled("%s", tr("changed (not saved):"));
    for (const std::string& c : changes) ImGui::BulletText("%s", c.c_str());
    if (ImGui::SmallButton(tr("Back to the file's settings"))) {
      w.reset();
      rerun(session);
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("Save as…"))) ask_save_ = true;
  }
  if (!message_.empty()) ImGui::TextDisabled("%s", message_.c_str());
}

void WhatIfPanel::parting(Session& session) {
  if (!previous_) {
    ImGui::TextDisabled(
        "%s", tr("Change a setting: the scenario runs again and both runs are compared."));
    return;
  }
  const Trace& now = session.document->trace;
  if (diff_.same) {
    ImGui::TextUnformatted(tr("The new run does exactly what the previous one did."));
  } else {
    const std::size_t at = diff_.first_parting;
    ImGui::PushTextWrapPos(0);
    const std::string when = at < now.events.size() ? format_time(now.events[at].t) : tr("the end");
    const auto parts = [&](const char* sentence) {
      return lang::trf(sentence, at + 1, when, diff_.new_count, diff_.old_count);
    };
    ImGui::TextUnformatted(
        (diff_.approximate ? parts(lang::tr_later("The runs part at event {} ({}): {} records only "
                                                  "in this run, {} only in the previous one "
                                                  "(roughly: long runs)."))
                           : parts(lang::tr_later("The runs part at event {} ({}): {} records only "
                                                  "in this run, {} only in the previous one.")))
            .c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Checkbox(tr("previous run beside it"), &show_ghost_);
  if (show_ghost_) ghost(session);
}

void WhatIfPanel::parting_list(Session& session) {
  if (!previous_ || diff_.same) return;
  const Trace& now = session.document->trace;
  ImGui::TextDisabled("%s", tr("only in this run (click to step there):"));
  if (ImGui::BeginChild("parting", ImVec2(0, 0), true)) {
    std::size_t listed = 0;
    for (std::size_t i = 0; i < diff_.only_in_new.size() && listed < kListed; ++i) {
      if (!diff_.only_in_new[i]) continue;
      ++listed;
      const std::string line = fmt::format(
          "{:>9}  {}##p{}", format_ms(now.events[i].t),
          event_summary(now, session.ladder->numbers(), now.events[i], session.absolute_numbers),
          i);
      if (ImGui::Selectable(line.c_str(), session.selected == i)) {
        session.step_to(static_cast<std::uint32_t>(i));
      }
    }
    if (listed == 0) ImGui::TextDisabled("%s", tr("nothing: the new run only leaves records out"));
  }
  ImGui::EndChild();
}

void WhatIfPanel::ghost(const Session& session) {
  const Palette& p = palette();
  const float w = ImGui::GetContentRegionAvail().x;
  const float h =
      std::max(ImGui::GetTextLineHeight() * 8,
               std::min(ImGui::GetContentRegionAvail().y * 0.55f, ImGui::GetTextLineHeight() * 18));
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(w, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), p.canvas, 4);
  const float half = w / 2 - 4;
  mini_ladder(dl, o, ImVec2(half, h), *previous_ladder_, diff_.only_in_old, p.drop, 90,
              tr("previous run"));
  mini_ladder(dl, ImVec2(o.x + w / 2 + 4, o.y), ImVec2(half, h), *session.ladder, diff_.only_in_new,
              p.selection, 255, tr("this run"));
  dl->AddLine(ImVec2(o.x + w / 2, o.y), ImVec2(o.x + w / 2, o.y + h), p.grid, 1);
}

void WhatIfPanel::save_popup(const Session& session) {
  if (ask_save_ && can_save(session)) {
    const std::string& path = session.document->path;
    const auto dot = path.rfind(".y");
    std::snprintf(save_path_, sizeof save_path_, "%s_what_if.yaml",
                  path.substr(0, dot == std::string::npos ? path.size() : dot).c_str());
    ImGui::OpenPopup(kSavePopup);
  }
  ask_save_ = false;
  const std::string title = std::string(tr("Save the scenario as")) + kSavePopup;
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    return;
  }
  ImGui::TextUnformatted(tr("The scenario with the settings changed here, as a new file:"));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 30);
  const bool enter = ImGui::InputText("##path", save_path_, sizeof save_path_,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::Button(tr("Save")) || enter) {
    std::stringstream text;
    text << std::ifstream(session.document->path).rdbuf();
    const scenario::SaveResult saved = scenario::rewrite_settings(text.str(), what_if_->edited());
    if (!saved.error.empty()) {
      message_ = session.document->path + ": " + saved.error;
    } else {
      std::ofstream out(save_path_, std::ios::binary);
      out << saved.text;
      out.close();
      message_ = out ? lang::trf("saved as {}", save_path_)
                     : lang::trf("{}: cannot be written", save_path_);
    }
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr("Cancel"))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace synack::gui

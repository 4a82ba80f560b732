#include "gui/model/beside.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/capture/against.hpp"
#include "sim/capture/pcap_import.hpp"
#include "sim/live/linux_choices.hpp"
#include "sim/live/live_run.hpp"

namespace synack::gui {

using trace::kNone;

namespace {

// compare's words for a difference: the Linux choice that explains it, or
// which side has what.
std::string explain(const std::string& sim, const std::string& other, const std::string& choice) {
  if (!choice.empty()) {
    const live::LinuxChoice& c = live::linux_choice(choice);
    return fmt::format("Linux's choice ({}): {} [{}]", c.key, c.choice, c.source);
  }
  if (other.empty()) return "disagreement: only the simulation has this";
  if (sim.empty()) return "disagreement: only the other run has this";
  return "disagreement: the two runs differ here";
}

std::string states_text(const std::vector<tcp::State>& states) {
  std::string out;
  for (tcp::State s : states) out += (out.empty() ? "" : " > ") + std::string(tcp::state_name(s));
  return out.empty() ? "(none)" : out;
}

}  // namespace

std::vector<Difference> differences_of(const live::Comparison& c) {
  std::vector<Difference> out;
  for (const live::EndpointComparison& e : c.endpoints) {
    if (e.agree && e.choice.empty()) continue;
    Difference d;
    d.section = "states of " + e.host + " " + e.role;
    d.sim = e.sim_states.empty() ? "" : states_text(e.sim_states);
    d.other = e.live_states.empty() ? "" : states_text(e.live_states);
    d.choice = e.choice;
    d.explanation = explain(d.sim, d.other, d.choice);
    d.sim_event = e.sim_event;
    d.other_event = e.live_event;
    out.push_back(std::move(d));
  }
  for (const live::SectionComparison& s : c.sections) {
    for (const live::Row& r : s.rows) {
      if (r.same()) continue;
      out.push_back({s.title, r.sim, r.live, r.choice, explain(r.sim, r.live, r.choice),
                     r.sim_event, r.live_event});
    }
  }
  return out;
}

Alignment first_syn_alignment(const trace::Trace& sim, const trace::Trace& other) {
  const auto a = capture::first_syn(sim);
  const auto b = capture::first_syn(other);
  if (a && b) return {*a, *b, true};
  return {sim.events.empty() ? 0 : sim.events.front().t,
          other.events.empty() ? 0 : other.events.front().t, true};
}

view::TimelineView aligned_view(const view::LadderModel& sim, const view::TimelineView& sim_view,
                                const view::LadderModel& other, const Alignment& a) {
  view::TimelineView v = sim_view;
  v.top = other.axis.to_virtual(a.other_t) - (sim.axis.to_virtual(a.sim_t) - sim_view.top);
  v.left_px = 0;
  return v;
}

LadderRects split_ladders(float width, float height, float min_width, float gap) {
  LadderRects r;
  if ((width - gap) / 2 >= min_width) {
    const float w = (width - gap) / 2;
    r.sim = {0, 0, w, height};
    r.other = {w + gap, 0, w, height};
  } else {
    const float h = (height - gap) / 2;
    r.sim = {0, 0, width, h};
    r.other = {0, h + gap, width, h};
    r.stacked = true;
  }
  return r;
}

std::vector<HighlightRecord> highlights(const view::LadderModel& model,
                                        const view::TimelineLayout& layout,
                                        const std::vector<std::uint32_t>& difference_of_event,
                                        const std::vector<Difference>& differences) {
  std::vector<HighlightRecord> out;
  const trace::Trace& t = model.trace();
  // Every hop of a differing frame, not only its first: the frame's id leads to its difference.
  std::vector<std::uint32_t> of_frame(t.frame_count(), kNone);
  for (std::size_t i = 0; i < difference_of_event.size() && i < t.events.size(); ++i) {
    if (difference_of_event[i] == kNone) continue;
    if (const auto* f = std::get_if<trace::FrameEvent>(&t.events[i].what)) {
      if (f->frame < of_frame.size()) of_frame[f->frame] = difference_of_event[i];
    }
  }
  for (const view::ArrowRecord& a : layout.arrows) {
    const std::uint32_t d = of_frame[model.hops[a.hop].frame];
    if (d == kNone) continue;
    out.push_back({a.x0, a.y0, a.x1, a.y1, true, differences[d].is_choice(), d});
  }
  const auto of_event = [&](std::uint32_t e) {
    return e < difference_of_event.size() ? difference_of_event[e] : kNone;
  };
  for (const view::MarkRecord& r : layout.marks) {
    // A folded mark stands for the next `count` marks of its lifeline.
    const std::uint16_t lane = model.marks[r.mark].lane;
    std::uint32_t d = kNone;
    for (std::size_t k = r.mark, seen = 0; k < model.marks.size() && seen < r.count; ++k) {
      if (model.marks[k].lane != lane) continue;
      ++seen;
      if ((d = of_event(model.marks[k].event)) != kNone) break;
    }
    if (d == kNone) continue;
    out.push_back({r.x, r.y, r.x, r.y, false, differences[d].is_choice(), d});
  }
  return out;
}

LoadOutcome load_beside(const std::string& path) {
  LoadOutcome out = load_document(path);
  if (out.document && out.document->is_scenario) {
    out.document.reset();
    out.errors = {path +
                  ": a scenario; beside the simulated run goes a capture (.pcap, .pcapng) or a "
                  "JSON trace"};
  }
  return out;
}

LiveOutcome run_live_beside(const Document& simulated) {
  LiveOutcome out;
  if (!simulated.scenario) {
    out.error = simulated.path + ": not a scenario; only a scenario runs live";
    return out;
  }
  try {
    live::LiveRun run = live::run_live(*simulated.scenario, simulated.trace);
    out.said = run.said;
    for (const std::string& s : run.not_honoured) out.said.push_back("not honoured " + s);
    if (!run.trace.settings.cut_short.empty()) out.said.push_back(run.trace.settings.cut_short);
    auto doc = std::make_unique<Document>();
    doc->path = simulated.path;
    doc->trace = std::move(run.trace);
    out.document = std::move(doc);
  } catch (const live::LiveError& e) {
    out.error = e.what();
  }
  return out;
}

Beside::Beside(std::unique_ptr<Document> other, BesideKind kind, std::string label)
    : other_(std::move(other)), kind_(kind), label_(std::move(label)) {
  ladder_ = std::make_unique<view::LadderModel>(other_->trace);
}

void Beside::compare_with(const Document& simulated) {
  sim_ = &simulated.trace;
  if (kind_ == BesideKind::Capture && simulated.scenario) {
    capture::name_hosts(*simulated.scenario, other_->trace);
  }
  const scenario::Scenario none;
  comparison_ = live::compare(simulated.scenario ? *simulated.scenario : none, simulated.trace,
                              other_->trace, "the scenario's settings");
  differences_ = differences_of(comparison_);
  sim_marks_.assign(simulated.trace.events.size(), kNone);
  other_marks_.assign(other_->trace.events.size(), kNone);
  for (std::size_t i = 0; i < differences_.size(); ++i) {
    const Difference& d = differences_[i];
    const auto index = static_cast<std::uint32_t>(i);
    if (d.sim_event < sim_marks_.size()) sim_marks_[d.sim_event] = index;
    if (d.other_event < other_marks_.size()) other_marks_[d.other_event] = index;
  }
  pinned_ = {SIZE_MAX, 0};
  align_by_first_syn();
}

void Beside::align_by_first_syn() { alignment_ = first_syn_alignment(*sim_, other_->trace); }

void Beside::align_on(std::uint32_t sim_event, std::uint32_t other_event) {
  if (sim_event >= sim_->events.size() || other_event >= other_->trace.events.size()) return;
  alignment_ = {sim_->events[sim_event].t, other_->trace.events[other_event].t, false};
  pinned_ = {SIZE_MAX, 0};
}

std::size_t Beside::other_step(std::size_t sim_step) const {
  if (sim_step == pinned_.first) return pinned_.second;
  if (sim_step == 0 || sim_ == nullptr) return 0;
  const trace::TimeUs t = sim_->events[std::min(sim_step, sim_->events.size()) - 1].t;
  return step_at_time(other_->trace, alignment_.to_other(t));
}

std::pair<std::size_t, std::size_t> Beside::steps_at(const Difference& d) const {
  std::size_t sim_step = 0, other = 0;
  if (d.sim_event != kNone) {
    sim_step = d.sim_event + 1;
    other = d.other_event != kNone ? d.other_event + 1 : other_step(sim_step);
  } else if (d.other_event != kNone) {
    other = d.other_event + 1;
    sim_step = step_at_time(*sim_, alignment_.to_sim(other_->trace.events[d.other_event].t));
  }
  return {sim_step, other};
}

}  // namespace synack::gui

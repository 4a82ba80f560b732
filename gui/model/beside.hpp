// A second run of the open scenario beside its simulated run: a live run on
// the real Linux stack or an opened capture (or a JSON trace of either). Its
// connections are matched with the simulation's and their differences found
// as `synack compare` finds them (live::compare); the two runs are aligned on
// one moment of each (by default their first SYNs), so stepping the
// simulation shows the other run up to the aligned time. No ImGui here: the
// Timeline paints the two ladders from this, the Differences panel lists it.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gui/model/document.hpp"
#include "gui/model/panel_layout.hpp"
#include "sim/live/compare.hpp"
#include "sim/view/ladder_model.hpp"
#include "sim/view/timeline_layout.hpp"

namespace synack::gui {

enum class BesideKind { Live, Capture };

// One line of the comparison where the two runs differ, with compare's words for it.
struct Difference {
  std::string section;      // "states", "segments client-server", "calls", "ARP"
  std::string sim, other;   // each side's line ("" where that side has none)
  std::string choice;       // the Linux choice's key that explains it, or ""
  std::string explanation;  // "Linux's choice (delayed_ack): ..." or what disagrees
  std::uint32_t sim_event = trace::kNone, other_event = trace::kNone;
  bool is_choice() const { return !choice.empty(); }
};

// Every difference of a comparison, states first, then the sections in compare's order.
std::vector<Difference> differences_of(const live::Comparison& c);

// Two moments made level on screen: `sim_t` of the simulation and `other_t` of the other run.
struct Alignment {
  trace::TimeUs sim_t = 0, other_t = 0;
  bool by_first_syn = true;  // false: chosen by the user
  trace::TimeUs to_other(trace::TimeUs sim) const { return sim - sim_t + other_t; }
  trace::TimeUs to_sim(trace::TimeUs other) const { return other - other_t + sim_t; }
};
// The first SYNs of the two runs level; where either has none, their starts.
Alignment first_syn_alignment(const trace::Trace& sim, const trace::Trace& other);

// The other ladder's view for the simulation's: the same zoom, scrolled so the
// aligned moments are at the same height.
view::TimelineView aligned_view(const view::LadderModel& sim, const view::TimelineView& sim_view,
                                const view::LadderModel& other, const Alignment& a);

// Where the two ladders go in the canvas: side by side when each gets at
// least `min_width`, else one above the other.
struct LadderRects {
  PanelRect sim, other;
  bool stacked = false;
};
LadderRects split_ladders(float width, float height, float min_width, float gap);

// A difference's outline on a ladder: around a frame's arrow (every hop of
// it) or a mark on a lifeline.
struct HighlightRecord {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // an arrow from (x0, y0) to (x1, y1); a mark at (x0, y0)
  bool arrow = false;
  bool choice = false;  // one of Linux's choices rather than a disagreement
  std::uint32_t difference = 0;
};
// `difference_of_event`: by record of the ladder's trace, the difference it shows or kNone.
std::vector<HighlightRecord> highlights(const view::LadderModel& model,
                                        const view::TimelineLayout& layout,
                                        const std::vector<std::uint32_t>& difference_of_event,
                                        const std::vector<Difference>& differences);

// A capture (or a JSON trace) to show beside the simulated run. A scenario
// file, or one that does not load, gives errors that name it.
LoadOutcome load_beside(const std::string& path);

// `simulated`'s scenario run on the real Linux stack, as `synack live` runs it
// (live::run_live, with `simulated`'s trace as its header).
struct LiveOutcome {
  std::unique_ptr<Document> document;  // nullptr when it could not run
  std::string error;                   // why: missing privileges, a lab that could not be built
  std::vector<std::string> said;       // what the run says once: no link delays, settings...
};
LiveOutcome run_live_beside(const Document& simulated);

class Beside {
 public:
  // `label`: how the app names the other run ("Linux (live run)", "capture lab.pcap").
  Beside(std::unique_ptr<Document> other, BesideKind kind, std::string label);

  // Matches the other run with `simulated` and finds their differences; the
  // alignment goes back to the first SYNs. Again after the simulation reloads.
  // A capture's hosts first take the names of the scenario's hosts with the
  // same addresses.
  void compare_with(const Document& simulated);

  BesideKind kind() const { return kind_; }
  const std::string& label() const { return label_; }
  const Document& document() const { return *other_; }
  const trace::Trace& trace() const { return other_->trace; }
  const view::LadderModel& ladder() const { return *ladder_; }
  const live::Comparison& comparison() const { return comparison_; }
  const std::vector<Difference>& differences() const { return differences_; }
  // By record of each run: the difference it shows, or kNone.
  const std::vector<std::uint32_t>& sim_marks() const { return sim_marks_; }
  const std::vector<std::uint32_t>& other_marks() const { return other_marks_; }

  const Alignment& alignment() const { return alignment_; }
  void align_by_first_syn();
  // Makes record `sim_event` of the simulation level with record `other_event` of the other run.
  void align_on(std::uint32_t sim_event, std::uint32_t other_event);

  // The other run's step when the simulation is at `sim_step`: every record
  // up to the aligned time of the simulation's last applied record (none at
  // step 0), or the step a difference chose while the simulation stays there.
  std::size_t other_step(std::size_t sim_step) const;
  // The steps of both runs at difference `d`: just after its record on each
  // side that has one, the aligned time on the other.
  std::pair<std::size_t, std::size_t> steps_at(const Difference& d) const;
  // Keeps the other run at `other_step` while the simulation is at `sim_step`.
  void pin(std::size_t sim_step, std::size_t other_step) { pinned_ = {sim_step, other_step}; }

  std::uint32_t selected = trace::kNone;  // a record of the other run, selected in its ladder

 private:
  std::unique_ptr<Document> other_;
  BesideKind kind_;
  std::string label_;
  std::unique_ptr<view::LadderModel> ladder_;
  const trace::Trace* sim_ = nullptr;
  live::Comparison comparison_;
  std::vector<Difference> differences_;
  std::vector<std::uint32_t> sim_marks_, other_marks_;
  Alignment alignment_;
  std::pair<std::size_t, std::size_t> pinned_{SIZE_MAX, 0};
};

}  // namespace synack::gui

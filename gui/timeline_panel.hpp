// The ladder timeline: paints the draw records timeline_layout computes, and
// turns the mouse and keys into zoom, pan, hover and selection. With a run
// beside the simulated one, two ladders under one view, aligned, with their
// differences outlined.
#pragma once

#include <imgui.h>

#include <vector>

#include "gui/model/beside.hpp"
#include "gui/model/session.hpp"
#include "sim/view/timeline_layout.hpp"

namespace synack::gui {

class TimelinePanel {
 public:
  // Draws into the current window's remaining space.
  void draw_content(Session& session);

  // A fresh document: fit the whole run on the next frame.
  void reset_view() { fitted_ = false; }
  // Zoom and pan from the keyboard (the app routes keys here).
  void zoom_by(double factor) { key_zoom_ *= factor; }
  void pan_by(double px) { key_pan_ += px; }
  void fit() { fitted_ = false; }

  // For --bench-frames: puts the view at `phase` (0..1) of a sweep over the run.
  void bench_view(const Session& session, double phase);

  const view::TimelineLayout& layout() const { return layout_; }
  // True while an eased zoom or pan is still under way.
  bool animating() const {
    return view_.top != target_.top || view_.us_per_px != target_.us_per_px ||
           view_.left_px != target_.left_px;
  }

 private:
  void draw_simulation(Session& session, ImVec2 top_left, ImVec2 size);
  void draw_beside(Session& session, ImVec2 top_left, ImVec2 size);
  void handle_input(Session& session, ImVec2 origin, const view::LayoutMetrics& m);

  view::TimelineView view_;    // what is shown
  view::TimelineView target_;  // where smooth zoom and pan are heading
  bool fitted_ = false;
  double key_zoom_ = 1, key_pan_ = 0;
  float canvas_h_ = 600;
  view::TimelineLayout layout_;
  std::uint32_t hovered_ = trace::kNone;
  // The run beside: its layout, its horizontal scroll, both ladders' outlined differences.
  view::TimelineLayout beside_layout_;
  double beside_left_ = 0;
  std::vector<HighlightRecord> highlights_, beside_highlights_;
};

}  // namespace synack::gui

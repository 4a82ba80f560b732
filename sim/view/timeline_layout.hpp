// The ladder timeline's layout for one frame: from the model, the view (scroll
// and zoom kept in doubles) and the canvas size, the plain draw records the
// panel paints. Only what is visible is laid out (binary search on the sorted
// lists), items closer than a few pixels fold into one mark with a count, and
// labels are kept only where they have room, so a million records cost no
// more per frame than a hundred.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/view/ladder_model.hpp"

namespace synack::view {

// Scroll and zoom, in virtual microseconds (see TimeAxis).
struct TimelineView {
  double top = 0;          // virtual time at the canvas' top edge
  double us_per_px = 100;  // zoom
  double left_px = 0;      // horizontal scroll when the lanes do not fit

  static constexpr double kFinest = 0.02;  // 1 µs = 50 px
};

// Sizes in pixels, from the font, so the layout scales with the UI zoom.
struct LayoutMetrics {
  float width = 800, height = 600;
  float gutter = 90;         // left column with the time ticks
  float line_h = 18;         // one line of text
  float char_w = 9;          // an average character
  float fold_px = 5;         // items closer than this fold
  float band_w = 9;          // a connection's state band
  float timer_w = 5;         // a timer bar
  float min_lane_gap = 240;  // lanes never closer than this (scroll sideways instead)
  float lane_pad = 120;      // room beside the outer lanes for calls and state names
  bool absolute = false;     // frame labels with Seq/Ack as on the wire
  // A text's width in pixels in the font the panel paints with; without one,
  // char_w per character.
  std::function<float(const std::string&)> text_width;
  float width_of(const std::string& text) const {
    return text_width ? text_width(text) : char_w * static_cast<float>(text.size());
  }
  // `text`, shortened with "…" to at most max_width.
  std::string fit(const std::string& text, float max_width) const;
};

struct LaneLine {
  float x = 0;
  std::uint16_t lane = 0;
};
// A frame's line from its sender's lifeline to its receiver's; a frame a
// host sends itself (loopback) is a loop out to loop_x and back.
struct ArrowRecord {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::uint32_t hop = 0;
  float loop_x = 0;  // != 0: a loop
};
// The corners an arrow's line passes through, sender first: two, or four for a loop.
struct ArrowPath {
  struct Point {
    float x = 0, y = 0;
  };
  Point at[4];
  std::size_t size = 2;
};
ArrowPath path_of(const ArrowRecord& a);
// A frame's label, centred on its whole path from sender to receiver, clear
// of other labels and of the state names beside the bands; shortened (Win,
// then Seq/Ack left out) where the path leaves less room.
struct LabelRecord {
  float x = 0, y = 0;  // centre of the text's bottom edge
  float w = 0;         // the text's width
  std::uint32_t hop = 0;
  std::string text;
};
// A state's name beside its band, at the band's start.
struct StateLabelRecord {
  float x = 0, y = 0;  // the text's top left
  float w = 0;
  std::uint32_t track = 0, span = 0;
};
// A mark on a lifeline and its words left of it, clear of the timer bars: the
// first folded mark's words with "+N" for the others, or only "+N" where the
// lifeline has no room for words; shortened with "…" to the room beside it.
struct MarkRecord {
  float x = 0, y = 0;
  std::uint32_t mark = 0;        // the first mark folded here
  std::uint32_t count = 1;       // > 1: folded
  std::string text;              // empty: none
  float text_x = 0, text_w = 0;  // the text's left edge (it is centred on y) and width
  bool counted_only = false;     // text is only the "+N"
};
// A timer's name beside its bar, where the wait leaves room and no other text is.
struct TimerLabelRecord {
  float x = 0, y = 0;  // the text's top left
  float w = 0;
  std::uint32_t track = 0, span = 0;
};
// Frames folded at their sender's lifeline.
struct FoldRecord {
  float x = 0, y = 0;
  float text_x = 0;       // the count's left edge; its bottom is at y
  bool counted = true;    // false: no room for the count beside other text
  std::uint32_t hop = 0;  // the first one
  std::uint32_t count = 0;
};
// So many items in a few pixels that only their number is shown.
struct DenseRecord {
  float y0 = 0, y1 = 0;
  std::uint32_t first_event = 0;
  std::uint32_t count = 0;
};
struct SpanRecord {
  float x = 0, y0 = 0, y1 = 0, w = 0;
  std::uint32_t track = 0, span = 0;
  std::uint32_t folded = 1;  // > 1: several spans too short to tell apart
};
// A compressed idle stretch, with its words centred in it ("2.000 s idle,
// compressed"; empty where another break's words are too near), which other
// text keeps clear of.
struct BreakRecord {
  float y0 = 0, y1 = 0;
  TimeUs t0 = 0, t1 = 0;
  std::string text;
};
struct TickRecord {
  float y = 0;
  TimeUs t = 0;
};

struct TimelineLayout {
  std::vector<LaneLine> lanes;
  std::vector<ArrowRecord> arrows;
  std::vector<LabelRecord> labels;
  std::vector<MarkRecord> marks;
  std::vector<FoldRecord> folds;
  std::vector<DenseRecord> dense;
  std::vector<SpanRecord> bands;
  std::vector<StateLabelRecord> state_labels;
  std::vector<SpanRecord> timers;
  std::vector<TimerLabelRecord> timer_labels;
  std::vector<BreakRecord> breaks;
  std::vector<TickRecord> ticks;
  float lane_gap = 0;
  float content_width = 0;  // all lanes, for the horizontal scroll bar
  float now_y = 0;          // the "now" line (may lie outside the canvas)
  float selected_y = -1;    // the selected record's row, or -1
};

// A lifeline whose connections run more timers at once than this is a busy
// server (a SYN flood): only the selected connection's timers are drawn there,
// in the first timer slot, so the bars do not bury the ladder.
inline constexpr std::uint8_t kBusyTimerSlots = 2;
// The timer slots drawn beside a lane.
std::uint8_t shown_timer_slots(const Lane& lane);
// More connections at once than this, and a lane's state bands are drawn thin
// (a third of band_w), so many half-open connections do not make a barcode.
inline constexpr std::uint8_t kBusyBandSlots = 3;
float band_width(const Lane& lane, const LayoutMetrics& m);
// x just right of all the bands beside a lifeline at `lifeline`.
float bands_right(const Lane& lane, const LayoutMetrics& m, float lifeline);

// Lays out everything between view.top and the canvas bottom. `step` is the
// number of records applied (the "now" line sits after record step - 1);
// `selected` a record index or kNone.
void lay_out(const LadderModel& model, const TimelineView& view, const LayoutMetrics& m,
             std::size_t step, std::uint32_t selected, TimelineLayout& out);

// x of a lane's lifeline, for a given view and canvas.
float lane_x(const LadderModel& model, const TimelineView& view, const LayoutMetrics& m,
             std::uint16_t lane);
float lane_gap(const LadderModel& model, const LayoutMetrics& m);
// y of a real time, and back.
float time_y(const LadderModel& model, const TimelineView& view, TimeUs t);
TimeUs y_time(const LadderModel& model, const TimelineView& view, float y);

// The record under (x, y) within `radius` px: an arrow, a mark, a band or a
// timer bar; kNone when nothing is near.
std::uint32_t hit_test(const LadderModel& model, const TimelineLayout& layout, float x, float y,
                       float radius);

// ---- moving the view -----------------------------------------------------------

// The whole run in the canvas' height.
void fit_all(const LadderModel& model, TimelineView& view, float height);
// The first view of a run: the whole of it when that leaves frames room for
// their labels (three and a half lines between typical neighbours), else the start
// of it at that zoom (showing an eighth of the run at least).
void fit_readable(const LadderModel& model, TimelineView& view, float height, float line_h);
// Zoom by `factor` (> 1 zooms in) keeping the time under y in place.
void zoom_at(const LadderModel& model, TimelineView& view, float height, float y, double factor);
void pan(const LadderModel& model, TimelineView& view, float height, double dy_px);
// Scrolls (keeping the zoom) so real time t is in the canvas, centred if it was out of view.
void reveal(const LadderModel& model, TimelineView& view, float height, TimeUs t);
// Keeps the zoom between kFinest and the whole run, and the run in view.
void clamp(const LadderModel& model, TimelineView& view, float height);

}  // namespace synack::view

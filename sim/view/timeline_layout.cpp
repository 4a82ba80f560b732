#include "sim/view/timeline_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "sim/lang/tr.hpp"

namespace synack::view {

namespace {

// More items than this within fold_px pixels of each other show as one count.
constexpr std::uint32_t kDense = 24;
constexpr float kBandGap = 2;

double virtual_at(const LadderModel& model, TimeUs t) { return model.axis.to_virtual(t); }

// 1, 2, 5 times a power of ten microseconds, at least `at_least`.
TimeUs nice_step(double at_least) {
  TimeUs step = 1;
  while (true) {
    for (TimeUs f : {1, 2, 5}) {
      if (static_cast<double>(step * f) >= at_least) return step * f;
    }
    if (step > INT64_MAX / 100) return step;
    step *= 10;
  }
}

float band_x(float lifeline, float band_w, int slot) {
  return lifeline + 4 + static_cast<float>(slot) * (band_w + kBandGap);
}
float timer_x(float lifeline, const LayoutMetrics& m, int slot) {
  return lifeline - 4 - m.timer_w - static_cast<float>(slot) * (m.timer_w + kBandGap);
}

bool out_of_view(float a, float b, float lo, float hi) {
  return std::max(a, b) < lo || std::min(a, b) > hi;
}

class Layouter {
 public:
  Layouter(const LadderModel& model, const TimelineView& view, const LayoutMetrics& m,
           trace::ConnId selected_conn, TimelineLayout& out)
      : model_(model), view_(view), m_(m), out_(out), selected_conn_(selected_conn) {
    t_top_ = y_time(model, view, -m.line_h) - 1;
    t_bottom_ = y_time(model, view, m.height + m.line_h) + 1;
    const std::size_t lanes = model.lanes.size();
    x_.resize(lanes);
    for (std::size_t i = 0; i < lanes; ++i) {
      x_[i] = lane_x(model, view, m, static_cast<std::uint16_t>(i));
    }
  }

  void lanes() {
    out_.lane_gap = lane_gap(model_, m_);
    const auto gaps = static_cast<float>(std::max<std::size_t>(1, model_.lanes.size()) - 1);
    out_.content_width = m_.gutter + 2 * m_.lane_pad + out_.lane_gap * gaps;
    for (std::size_t i = 0; i < x_.size(); ++i) {
      if (x_[i] > -out_.lane_gap && x_[i] < m_.width + out_.lane_gap) {
        out_.lanes.push_back(LaneLine{x_[i], static_cast<std::uint16_t>(i)});
      }
    }
  }

  void hops() {
    const auto& hops = model_.hops;
    // Folding is per sender and direction, so frames crossing at a switch both show.
    std::vector<float> last_y(2 * x_.size(), -1e9f);
    std::vector<std::int32_t> fold_of_lane(2 * x_.size(), -1);
    std::vector<std::int32_t> last_fold_of_lane(x_.size(), -1);
    // Bottom of the last label over each gap between neighbouring lanes.
    std::vector<float> label_bottom(x_.size(), -1e9f);
    std::size_t i = static_cast<std::size_t>(
        std::lower_bound(model_.hop_max_end.begin(), model_.hop_max_end.end(), t_top_) -
        model_.hop_max_end.begin());
    std::vector<std::size_t> labelled;
    float window_y = -1e9f;
    std::size_t window_start = i;
    while (i < hops.size() && hops[i].t0 <= t_bottom_) {
      const Hop& h = hops[i];
      const float y0 = time_y(model_, view_, h.t0);
      if (y0 >= window_y + m_.fold_px) {
        window_y = y0;
        window_start = i;
      } else if (i - window_start >= kDense) {
        const std::size_t j = first_hop_at(time_at(window_y + m_.fold_px));
        out_.dense.push_back(DenseRecord{window_y, window_y + m_.fold_px,
                                         hops[window_start].sent_event,
                                         static_cast<std::uint32_t>(j - window_start)});
        std::fill(fold_of_lane.begin(), fold_of_lane.end(), -1);
        std::fill(last_fold_of_lane.begin(), last_fold_of_lane.end(), -1);
        i = std::max(j, i + 1);
        window_y = -1e9f;
        continue;
      }
      ++i;
      if (h.t1 < t_top_) continue;
      const float xa = x_[h.from_lane], xb = x_[h.to_lane];
      if (out_of_view(xa, xb, -m_.min_lane_gap, m_.width + m_.min_lane_gap)) continue;
      const std::size_t key = 2 * std::size_t{h.from_lane} + (h.to_lane > h.from_lane ? 1 : 0);
      if (y0 - last_y[key] < m_.fold_px) {
        std::int32_t& f = fold_of_lane[key];
        // Folds at one lifeline less than a line apart (both directions,
        // or one after another) share one count.
        std::int32_t& shared = last_fold_of_lane[h.from_lane];
        if (f < 0 && shared >= 0 &&
            y0 - out_.folds[static_cast<std::size_t>(shared)].y < m_.line_h) {
          f = shared;
        }
        if (f < 0) {
          f = static_cast<std::int32_t>(out_.folds.size());
          const std::optional<float> text_x = fold_text_x(xa, y0);
          out_.folds.push_back(FoldRecord{xa, y0, text_x.value_or(xa), text_x.has_value(),
                                          static_cast<std::uint32_t>(i - 1), 0});
        }
        shared = f;
        ++out_.folds[static_cast<std::size_t>(f)].count;
        continue;
      }
      last_y[key] = y0;
      fold_of_lane[key] = -1;
      float y1 = time_y(model_, view_, h.t1);
      const bool lost = h.dropped && h.lost_on_link;
      const bool loop = h.from_lane == h.to_lane;
      // A loop is a line high at least, however short the loopback's delay.
      if (loop) y1 = std::max(y1, y0 + m_.line_h);
      out_.arrows.push_back(ArrowRecord{xa, y0, lost ? (xa + xb) / 2 : xb, y1,
                                        static_cast<std::uint32_t>(i - 1),
                                        loop ? loop_x(h.from_lane) : 0});
      // The cross where a frame was lost stays in sight.
      if (h.dropped) {
        const float cx = out_.arrows.back().x1, r = m_.line_h * 0.6f;
        take(Box{cx - r, y1 - r, cx + r, y1 + r});
      }
      if (h.labelled && h.path_end != kNone) labelled.push_back(i - 1);
    }
    // Labels after every arrow and count, so none covers a count folded later.
    for (const std::size_t hop : labelled) label(hop, label_bottom);
  }

  void marks() {
    const auto& marks = model_.marks;
    auto it = std::lower_bound(marks.begin(), marks.end(), t_top_,
                               [](const Mark& k, TimeUs t) { return k.t < t; });
    std::size_t i = static_cast<std::size_t>(it - marks.begin());
    std::vector<float> last_y(x_.size(), -1e9f);
    std::vector<std::int32_t> record_of_lane(x_.size(), -1);
    std::vector<float> label_left(x_.size(), -1e9f), label_right(x_.size(), -1e9f);
    std::vector<bool> words_room;  // per record: the lifeline has room for words there
    float window_y = -1e9f;
    std::size_t window_start = i;
    while (i < marks.size() && marks[i].t <= t_bottom_) {
      const Mark& k = marks[i];
      const float y = time_y(model_, view_, k.t);
      if (y >= window_y + m_.fold_px) {
        window_y = y;
        window_start = i;
      } else if (i - window_start >= kDense) {
        const TimeUs until = time_at(window_y + m_.fold_px);
        const auto j = static_cast<std::size_t>(
            std::lower_bound(marks.begin() + static_cast<std::ptrdiff_t>(i), marks.end(), until,
                             [](const Mark& a, TimeUs t) { return a.t < t; }) -
            marks.begin());
        out_.dense.push_back(DenseRecord{window_y, window_y + m_.fold_px, marks[window_start].event,
                                         static_cast<std::uint32_t>(j - window_start)});
        std::fill(record_of_lane.begin(), record_of_lane.end(), -1);
        i = std::max(j, i + 1);
        window_y = -1e9f;
        continue;
      }
      ++i;
      const float x = x_[k.lane];
      if (x < -m_.min_lane_gap || x > m_.width + m_.min_lane_gap) continue;
      std::int32_t& r = record_of_lane[k.lane];
      if (r >= 0 && y - last_y[k.lane] < m_.fold_px) {
        ++out_.marks[static_cast<std::size_t>(r)].count;
        continue;
      }
      last_y[k.lane] = y;
      r = static_cast<std::int32_t>(out_.marks.size());
      // State names go right of the bands, the rest left of the lifeline.
      float& room = k.kind == MarkKind::StateChange ? label_right[k.lane] : label_left[k.lane];
      const bool has_room = y - room >= m_.line_h;
      if (has_room) room = y;
      out_.marks.push_back(MarkRecord{x, y, static_cast<std::uint32_t>(i - 1), 1, {}, 0, 0, false});
      words_room.push_back(has_room);
    }
    for (std::size_t n = 0; n < out_.marks.size(); ++n) mark_text(out_.marks[n], words_room[n]);
  }

  void spans(const std::vector<Track>& tracks, bool bands, std::vector<SpanRecord>& out) {
    std::vector<float> label_y(x_.size(), -1e9f);
    for (std::size_t t = 0; t < tracks.size(); ++t) {
      const Track& track = tracks[t];
      const float lx = x_[track.lane];
      const bool busy = !bands && model_.lanes[track.lane].timer_slots > kBusyTimerSlots;
      if (busy && selected_conn_ == kNone) continue;
      const float bw = band_width(model_.lanes[track.lane], m_);
      const float x = bands ? band_x(lx, bw, track.slot) : timer_x(lx, m_, busy ? 0 : track.slot);
      const float w = bands ? bw : m_.timer_w;
      if (x + w < 0 || x > m_.width) continue;
      std::size_t i = track.first_reaching(t_top_);
      while (i < track.spans.size() && track.spans[i].t0 <= t_bottom_) {
        const Span& s = track.spans[i];
        if (busy && s.conn != selected_conn_) {
          ++i;
          continue;
        }
        const float y0 = time_y(model_, view_, s.t0);
        float y1 = time_y(model_, view_, s.t1);
        std::uint32_t folded = 1;
        std::size_t next = i + 1;
        if (y1 - y0 < 2 && !busy) {
          // Spans too short to see fold into one.
          const TimeUs until = time_at(y0 + 2);
          next = static_cast<std::size_t>(
              std::lower_bound(track.spans.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                               track.spans.end(), until,
                               [](const Span& a, TimeUs u) { return a.t0 < u; }) -
              track.spans.begin());
          folded = static_cast<std::uint32_t>(next - i);
          y1 = std::max(y0 + 2, time_y(model_, view_, track.max_end[next - 1]));
        }
        if (s.t1 >= t_top_ || folded > 1) {
          const float top = std::max(y0, -2.0f), bottom = std::min(y1, m_.height + 2);
          if (bands && folded == 1 && bottom - top >= m_.line_h &&
              top - label_y[track.lane] >= m_.line_h) {
            label_y[track.lane] = top;
            state_label(t, i, top);
          }
          out.push_back(SpanRecord{x, top, bottom, w, static_cast<std::uint32_t>(t),
                                   static_cast<std::uint32_t>(i), folded});
          if (!bands && folded == 1 && bottom - top > m_.line_h * 2.5f) {
            timer_label(t, i, x, top, bottom, label_y[track.lane]);
          }
        }
        i = next;
      }
    }
  }

  void breaks_and_ticks() {
    for (const IdleBreak& b : model_.axis.breaks()) {
      if (b.t1 < t_top_ || b.t0 > t_bottom_) continue;
      const TimeUs idle = b.t1 - b.t0;
      BreakRecord r{time_y(model_, view_, b.t0), time_y(model_, view_, b.t1), b.t0, b.t1,
                    lang::trf("{} idle, compressed",
                              format_time(idle >= tcp::kSeconds ? idle / tcp::kMillis * tcp::kMillis
                                                                : idle))};
      const float w = m_.width_of("⋯ " + r.text + " ⋯"), mid = (r.y0 + r.y1) / 2;
      const float cx = m_.gutter + (m_.width - m_.gutter) / 2;
      const Box box{cx - w / 2 - 6, mid - m_.line_h / 2 - 2, cx + w / 2 + 6,
                    mid + m_.line_h / 2 + 2};
      // Breaks too close for their words each show the band alone.
      if (covers(box) || r.y1 - r.y0 < m_.line_h) {
        r.text.clear();
      } else {
        take(box);
      }
      out_.breaks.push_back(std::move(r));
    }
    const TimeUs step = nice_step(view_.us_per_px * m_.line_h * 4);
    // Ticks run over the stretches between breaks, where time is linear.
    TimeUs from = std::max(t_top_, model_.axis.start());
    const TimeUs to = std::min(t_bottom_, model_.axis.end());
    auto b = model_.axis.breaks().begin();
    const auto b_end = model_.axis.breaks().end();
    while (from <= to && out_.ticks.size() < 400) {
      while (b != b_end && b->t1 <= from) ++b;
      const TimeUs stretch_end = (b != b_end && b->t0 <= to) ? b->t0 : to;
      if (b != b_end && b->t0 <= from) {
        from = b->t1;
        continue;
      }
      TimeUs t = (from + step - 1) / step * step;
      if (from < 0) t = from / step * step;
      for (; t <= stretch_end && out_.ticks.size() < 400; t += step) {
        out_.ticks.push_back(TickRecord{time_y(model_, view_, t), t});
      }
      if (b == b_end || b->t0 > to) break;
      from = b->t1;
    }
  }

 private:
  TimeUs time_at(float y) const { return y_time(model_, view_, y); }

  std::size_t first_hop_at(TimeUs t) const {
    return static_cast<std::size_t>(
        std::lower_bound(model_.hops.begin(), model_.hops.end(), t,
                         [](const Hop& h, TimeUs u) { return h.t0 < u; }) -
        model_.hops.begin());
  }

  // A state's name right of all the bands of its lane, at the band's top.
  void state_label(std::size_t track, std::size_t span, float top) {
    const Track& t = model_.bands[track];
    const auto state = static_cast<tcp::State>(t.spans[span].value);
    const Lane& lane = model_.lanes[t.lane];
    const float x = band_x(x_[t.lane], band_width(lane, m_), lane.band_slots) + 6;
    const float w = m_.width_of(tcp::state_name(state));
    out_.state_labels.push_back(StateLabelRecord{x, top + 3, w, static_cast<std::uint32_t>(track),
                                                 static_cast<std::uint32_t>(span)});
    take(Box{x - 4, top + 1, x + w + 4, top + 5 + m_.line_h});
  }

  // A mark's words left of its lifeline, clear of the timer bars there.
  void mark_text(MarkRecord& r, bool room_for_words) {
    const Mark& mk = model_.marks[r.mark];
    const Lane& lane = model_.lanes[mk.lane];
    const float right =
        r.x - 10 - static_cast<float>(shown_timer_slots(lane)) * (m_.timer_w + kBandGap);
    const std::string more = r.count > 1 ? fmt::format("  +{}", r.count - 1) : "";
    if (!room_for_words) {
      if (r.count == 1) return;
      r.text = more.substr(2);
      r.counted_only = true;
    } else {
      std::string words;
      for (std::uint32_t k = r.mark; k < r.mark + r.count && words.empty(); ++k) {
        const Mark& other = model_.marks[k];
        if (other.lane == mk.lane && other.kind != MarkKind::StateChange) {
          words = mark_words(model_.trace(), model_.trace().events[other.event]);
        }
      }
      if (words.empty() && r.count == 1) return;
      // The outer lane has the margin beside it; inner ones share the gap.
      const float room = mk.lane == 0 ? right - m_.gutter - 4 : out_.lane_gap * 0.75f - 20;
      r.text = m_.fit(words, room - m_.width_of(more)) + more;
      r.counted_only = words.empty();
    }
    const auto box = [&] {
      return Box{right - r.text_w - 4, r.y - m_.line_h / 2 - 2, right + 4, r.y + m_.line_h / 2 + 2};
    };
    r.text_w = m_.width_of(r.text);
    if (covers(box()) && !r.counted_only && r.count > 1) {
      // Where the words would cover a state's name, the count alone.
      r.text = fmt::format("+{}", r.count - 1);
      r.counted_only = true;
      r.text_w = m_.width_of(r.text);
    }
    if (covers(box())) {
      r.text.clear();
      return;
    }
    r.text_x = right - r.text_w;
    take(box());
  }

  // A timer's name left of its bar: in the middle of what is in view of the
  // wait, or a third of the way from either end, where no other text is.
  void timer_label(std::size_t track, std::size_t span, float bar_x, float top, float bottom,
                   float& lane_bottom) {
    const Span& s = model_.timers[track].spans[span];
    const float w = m_.width_of(model_.trace().text(s.what));
    const float x = bar_x - w - 4;
    if (x < m_.gutter) return;  // the time ticks' column
    const float lo = std::max(top, 0.0f), hi = std::min(bottom, m_.height);
    for (const float f : {0.5f, 0.3f, 0.7f}) {
      const float y = lo + (hi - lo) * f - m_.line_h / 2;
      const Box box{x - 2, y - 1, bar_x - 2, y + m_.line_h + 1};
      if (y < lane_bottom || y < top || y + m_.line_h > bottom || covers(box)) continue;
      out_.timer_labels.push_back(TimerLabelRecord{x, y, w, static_cast<std::uint32_t>(track),
                                                   static_cast<std::uint32_t>(span)});
      lane_bottom = y + m_.line_h;
      take(box);
      return;
    }
  }

  // Text already placed, which later text keeps clear of.
  struct Box {
    float x0, y0, x1, y1;
  };
  void take(const Box& b) { taken_.push_back(b); }
  bool covers(const Box& b) const {
    return std::any_of(taken_.begin(), taken_.end(), [&](const Box& t) {
      return b.x0 < t.x1 && b.x1 > t.x0 && b.y0 < t.y1 && b.y1 > t.y0;
    });
  }

  // Where the count of frames folded at (x, y) goes: just above, right of the
  // sender's lifeline, or left of it when other text is there; nowhere when
  // both sides are taken.
  std::optional<float> fold_text_x(float x, float y) {
    const float w = m_.width_of("+99");
    const float right = x + m_.line_h * 0.5f, left = x - m_.line_h * 0.5f - w;
    const auto box = [&](float at) { return Box{at - 3, y - m_.line_h - 1, at + w + 3, y + 1}; };
    const float at = covers(box(right)) && !covers(box(left)) ? left : right;
    if (covers(box(at))) return std::nullopt;
    take(box(at));
    return at;
  }

  // Where a frame's label of width w centred at x with its bottom at y lies.
  Box label_box(float x, float y, float w) const {
    constexpr float kPad = 5;
    return Box{x - w / 2 - kPad, y - m_.line_h - 4, x + w / 2 + kPad, y + 2};
  }

  // Where a loop turns back: right of the lifeline's bands.
  float loop_x(std::uint16_t lane) const {
    return bands_right(model_.lanes[lane], m_, x_[lane]) + 1.5f * m_.line_h;
  }

  // A loop's label sits right of it, as high as it can without covering
  // text (a state's name starts where the loop does), shortened to the room
  // left of the canvas' edge.
  void loop_label(std::size_t hop) {
    const Hop& h = model_.hops[hop];
    const float x0 = loop_x(h.from_lane) + m_.char_w;
    const float room = std::min(lane_gap(model_, m_) * 0.8f, m_.width - x0 - 4);
    const std::string text = m_.fit(shortened(model_.hop_label(h, m_.absolute), room), room);
    const float w = m_.width_of(text), x = x0 + w / 2;
    for (int row = 1; row <= 3; ++row) {
      const float y = time_y(model_, view_, h.t0) + static_cast<float>(row) * (m_.line_h + 4);
      if (covers(label_box(x, y, w))) continue;
      take(label_box(x, y, w));
      out_.labels.push_back(LabelRecord{x, y, w, static_cast<std::uint32_t>(hop), text});
      return;
    }
  }

  // The label as long as `room` allows: whole, without Win, without Seq/Ack.
  std::string shortened(const std::string& full, float room) const {
    if (m_.width_of(full) <= room) return full;
    std::string text = full;
    const auto win = text.find(" Win=");
    const auto len = text.find(" Len=");
    if (win != std::string::npos && len != std::string::npos && len > win)
      text.erase(win, len - win);
    if (m_.width_of(text) <= room) return text;
    const auto seq = text.find(" Seq=");
    if (seq != std::string::npos) text.erase(seq);
    return text;
  }

  // The label sits above the middle of the frame's path; when another label
  // holds that row (crossing FINs) it goes a quarter of the way from either
  // end, or a few rows below, or one above, or reaching past the ends of a
  // short path. Of the free rows that cover no text already placed, the
  // place that shows the most of the label wins.
  void label(std::size_t hop, std::vector<float>& bottom) {
    const Hop& h = model_.hops[hop];
    const Hop& end = model_.hops[h.path_end];
    if (h.from_lane == h.to_lane) return loop_label(hop);
    if (h.from_lane == end.to_lane) return;
    const float xa = x_[h.from_lane], xb = x_[end.to_lane];
    const float ya = time_y(model_, view_, h.t0), yb = time_y(model_, view_, end.t1);
    const std::string full = model_.hop_label(h, m_.absolute);
    // Where along the path, how many rows below it, and how far the text may
    // reach: within the path, or (a short path, a frame lost on the way) over
    // the lifelines at its ends into the neighbouring gaps.
    struct Spot {
      float f;
      int rows;
      float reach;
    };
    constexpr Spot kPlaces[] = {{0.5f, 0, 1},  {0.25f, 0, 1}, {0.75f, 0, 1}, {0.5f, 1, 1},
                                {0.25f, 1, 1}, {0.75f, 1, 1}, {0.5f, 2, 1},  {0.5f, -1, 1},
                                {0.5f, 3, 1},  {0.5f, 0, 2},  {0.5f, 1, 2},  {0.5f, -1, 2},
                                {0.5f, 2, 2}};
    struct Place {
      float x, y;
      std::size_t lo, hi;
      std::string text;
    };
    std::optional<Place> chosen;  // the longest text; the first of equals
    const bool one_gap = h.from_lane + 1 == end.to_lane || end.to_lane + 1 == h.from_lane;
    for (const auto& [f, below, reach] : kPlaces) {
      if (reach > 1 && !one_gap) continue;
      float x = xa + (xb - xa) * f;
      const float y = ya + (yb - ya) * f + static_cast<float>(below) * (m_.line_h + 4);
      if (y < -m_.line_h || y > m_.height + m_.line_h) continue;
      float half = std::fabs(xb - xa) * (f == 0.5f ? 0.5f : 0.25f) * reach - m_.char_w;
      std::string text = shortened(full, 2 * half);
      if (reach == 1 && m_.width_of(text) > 2 * half) text = m_.fit(text, 2 * half);
      if (reach > 1) {
        // From just past the sender's lifeline on, over the receiver's.
        half = m_.width_of(text) / 2;
        x = xa + (xb > xa ? 1.0f : -1.0f) * (half + m_.char_w);
      }
      // The gaps between neighbouring lanes that the label's extent covers.
      std::size_t lo = x_.size(), hi = 0;
      for (std::size_t c = 0; c + 1 < x_.size(); ++c) {
        if (x_[c + 1] > x - half && x_[c] < x + half) {
          lo = std::min(lo, c);
          hi = std::max(hi, c + 1);
        }
      }
      if (lo >= hi) continue;
      bool free = true;
      for (std::size_t c = lo; c < hi && free; ++c) free = y - m_.line_h >= bottom[c];
      if (!free) continue;
      if (covers(label_box(x, y, m_.width_of(text)))) continue;
      if (!chosen || text.size() > chosen->text.size()) {
        chosen = Place{x, y, lo, hi, std::move(text)};
        if (chosen->text.size() == full.size()) break;
      }
    }
    // A label that would cover other text is left out (hovering the arrow shows it).
    if (!chosen) return;
    for (std::size_t c = chosen->lo; c < chosen->hi; ++c) bottom[c] = chosen->y + 2;
    const float w = m_.width_of(chosen->text);
    take(label_box(chosen->x, chosen->y, w));
    out_.labels.push_back(LabelRecord{chosen->x, chosen->y, w, static_cast<std::uint32_t>(hop),
                                      std::move(chosen->text)});
  }

  const LadderModel& model_;
  const TimelineView& view_;
  const LayoutMetrics& m_;
  TimelineLayout& out_;
  trace::ConnId selected_conn_;
  TimeUs t_top_ = 0, t_bottom_ = 0;
  std::vector<float> x_;
  std::vector<Box> taken_;
};

}  // namespace

std::string LayoutMetrics::fit(const std::string& text, float max_width) const {
  return fit_text(text, max_width, [this](const std::string& t) { return width_of(t); });
}

float band_width(const Lane& lane, const LayoutMetrics& m) {
  return lane.band_slots > kBusyBandSlots ? std::max(2.0f, std::round(m.band_w / 3)) : m.band_w;
}

ArrowPath path_of(const ArrowRecord& a) {
  ArrowPath p;
  if (a.loop_x == 0) {
    p.at[0] = {a.x0, a.y0};
    p.at[1] = {a.x1, a.y1};
    return p;
  }
  p.at[0] = {a.x0, a.y0};
  p.at[1] = {a.loop_x, a.y0};
  p.at[2] = {a.loop_x, a.y1};
  p.at[3] = {a.x1, a.y1};
  p.size = 4;
  return p;
}

float bands_right(const Lane& lane, const LayoutMetrics& m, float lifeline) {
  return band_x(lifeline, band_width(lane, m), std::max<int>(1, lane.band_slots));
}

std::uint8_t shown_timer_slots(const Lane& lane) {
  return lane.timer_slots > kBusyTimerSlots ? 1 : lane.timer_slots;
}

float lane_gap(const LadderModel& model, const LayoutMetrics& m) {
  const float usable = m.width - m.gutter - 2 * m.lane_pad;
  const auto gaps = static_cast<float>(std::max<std::size_t>(2, model.lanes.size()) - 1);
  return std::max(m.min_lane_gap, usable / gaps);
}

float lane_x(const LadderModel& model, const TimelineView& view, const LayoutMetrics& m,
             std::uint16_t lane) {
  const float scroll = static_cast<float>(view.left_px);
  if (model.lanes.size() == 1) return m.gutter + (m.width - m.gutter) / 2 - scroll;
  return m.gutter + m.lane_pad + lane_gap(model, m) * static_cast<float>(lane) - scroll;
}

float time_y(const LadderModel& model, const TimelineView& view, TimeUs t) {
  return static_cast<float>((virtual_at(model, t) - view.top) / view.us_per_px);
}

TimeUs y_time(const LadderModel& model, const TimelineView& view, float y) {
  return model.axis.to_real(view.top + static_cast<double>(y) * view.us_per_px);
}

void lay_out(const LadderModel& model, const TimelineView& view, const LayoutMetrics& m,
             std::size_t step, std::uint32_t selected, TimelineLayout& out) {
  out = TimelineLayout{};
  const auto& events = model.trace().events;
  Layouter l(model, view, m, selected < events.size() ? conn_of(events[selected]) : kNone, out);
  l.lanes();
  l.breaks_and_ticks();  // the words of each idle break first
  // Text goes down in order of importance, each keeping clear of what is
  // there: state names, the marks' words, frame labels, timer names.
  l.spans(model.bands, true, out.bands);
  l.marks();
  l.hops();
  l.spans(model.timers, false, out.timers);
  if (step == 0 || events.empty()) {
    out.now_y = time_y(model, view, model.axis.start()) - 6;
  } else {
    out.now_y = time_y(model, view, events[std::min(step, events.size()) - 1].t) + 1;
  }
  if (selected < events.size()) out.selected_y = time_y(model, view, events[selected].t);
}

namespace {

float segment_distance(float px, float py, float x0, float y0, float x1, float y1) {
  const float dx = x1 - x0, dy = y1 - y0;
  const float len2 = dx * dx + dy * dy;
  float u = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
  u = std::clamp(u, 0.0f, 1.0f);
  return std::hypot(px - (x0 + u * dx), py - (y0 + u * dy));
}

}  // namespace

std::uint32_t hit_test(const LadderModel& model, const TimelineLayout& layout, float x, float y,
                       float radius) {
  std::uint32_t best = kNone;
  float best_d = radius;
  for (const MarkRecord& r : layout.marks) {
    const float d = std::hypot(x - r.x, y - r.y);
    if (d <= best_d) {
      best_d = d;
      best = model.marks[r.mark].event;
    }
  }
  if (best != kNone) return best;
  best_d = radius;
  for (const ArrowRecord& a : layout.arrows) {
    const ArrowPath path = path_of(a);
    for (std::size_t k = 1; k < path.size; ++k) {
      const float d =
          segment_distance(x, y, path.at[k - 1].x, path.at[k - 1].y, path.at[k].x, path.at[k].y);
      if (d <= best_d) {
        best_d = d;
        best = model.hops[a.hop].sent_event;
      }
    }
  }
  if (best != kNone) return best;
  const auto in_span = [&](const std::vector<SpanRecord>& spans, const std::vector<Track>& tracks) {
    for (const SpanRecord& s : spans) {
      if (x >= s.x - 2 && x <= s.x + s.w + 2 && y >= s.y0 && y <= s.y1) {
        return tracks[s.track].spans[s.span].event0;
      }
    }
    return kNone;
  };
  best = in_span(layout.timers, model.timers);
  return best != kNone ? best : in_span(layout.bands, model.bands);
}

void clamp(const LadderModel& model, TimelineView& view, float height) {
  const double run = std::max(1.0, model.axis.virtual_end());
  const double h = std::max(1.0f, height);
  view.us_per_px = std::clamp(view.us_per_px, TimelineView::kFinest,
                              std::max(TimelineView::kFinest, run * 2 / h));
  const double margin = h * 0.5 * view.us_per_px;
  view.top = std::clamp(view.top, -margin, std::max(-margin, run - margin));
}

void fit_all(const LadderModel& model, TimelineView& view, float height) {
  const double run = std::max(1.0, model.axis.virtual_end());
  const double pad = 24;
  view.us_per_px = run / std::max(1.0, static_cast<double>(height) - 2 * pad);
  view.top = -pad * view.us_per_px;
  clamp(model, view, height);
}

void fit_readable(const LadderModel& model, TimelineView& view, float height, float line_h) {
  fit_all(model, view, height);
  std::vector<double> gaps;
  double last = -1;
  for (const Hop& h : model.hops) {
    if (!h.labelled) continue;
    const double v = model.axis.to_virtual(h.t0);
    if (last >= 0 && v > last) gaps.push_back(v - last);
    last = v;
  }
  if (gaps.empty()) return;
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                   gaps.end());
  // Never so close that less than an eighth of the run is in view.
  const double readable =
      std::max(gaps[gaps.size() / 2] / (3.5 * static_cast<double>(line_h)), view.us_per_px / 8);
  if (readable >= view.us_per_px) return;
  view.us_per_px = readable;
  view.top =
      model.axis.to_virtual(model.hops.front().t0) - 3.0 * static_cast<double>(line_h) * readable;
  clamp(model, view, height);
}

void zoom_at(const LadderModel& model, TimelineView& view, float height, float y, double factor) {
  const double anchor = view.top + static_cast<double>(y) * view.us_per_px;
  view.us_per_px /= factor;
  clamp(model, view, height);
  view.top = anchor - static_cast<double>(y) * view.us_per_px;
  clamp(model, view, height);
}

void pan(const LadderModel& model, TimelineView& view, float height, double dy_px) {
  view.top += dy_px * view.us_per_px;
  clamp(model, view, height);
}

void reveal(const LadderModel& model, TimelineView& view, float height, TimeUs t) {
  const double v = model.axis.to_virtual(t);
  const double span = static_cast<double>(height) * view.us_per_px;
  if (v < view.top + span * 0.08 || v > view.top + span * 0.92) view.top = v - span / 2;
  clamp(model, view, height);
}

}  // namespace synack::view

// Virtual time for the timeline: real time with idle stretches (TIME-WAIT's
// 2MSL, retransmission back-off) squeezed to a short fixed length, so a run
// with a 60 s wait still reads at a glance. Positions on screen are computed
// from virtual time in doubles, never from float pixels, so zooming down to
// single microseconds of an hour-long run stays exact.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/trace/trace.hpp"

namespace synack::view {

using trace::TimeUs;

// An idle stretch of real time [t0, t1), shown as kBreakLength of virtual time.
struct IdleBreak {
  TimeUs t0 = 0, t1 = 0;
  double v0 = 0;  // virtual time where it starts
};

class TimeAxis {
 public:
  // A gap between consecutive moments (sorted) at least `min_gap` long, with
  // nothing in flight across it (busy_until[i]: the latest moment something
  // started at or before moments[i] is still going), becomes a break.
  static constexpr TimeUs kBreakLength = 3 * tcp::kMillis;
  static constexpr TimeUs kDefaultMinGap = 5 * tcp::kMillis;

  TimeAxis() = default;
  TimeAxis(const std::vector<TimeUs>& moments, const std::vector<TimeUs>& busy_until,
           TimeUs min_gap);

  void set_compressed(bool on) { compressed_ = on; }
  bool compressed() const { return compressed_; }

  double to_virtual(TimeUs t) const;
  TimeUs to_real(double v) const;
  // Virtual length of the whole run.
  double virtual_end() const { return to_virtual(end_); }
  TimeUs start() const { return start_; }
  TimeUs end() const { return end_; }

  // Breaks that are compressed (none when compression is off).
  const std::vector<IdleBreak>& breaks() const { return compressed_ ? breaks_ : none_; }

 private:
  std::vector<IdleBreak> breaks_;
  std::vector<IdleBreak> none_;
  TimeUs start_ = 0, end_ = 0;
  bool compressed_ = true;
};

}  // namespace synack::view

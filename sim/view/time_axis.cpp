#include "sim/view/time_axis.hpp"

#include <algorithm>
#include <cmath>

namespace synack::view {

TimeAxis::TimeAxis(const std::vector<TimeUs>& moments, const std::vector<TimeUs>& busy_until,
                   TimeUs min_gap) {
  if (moments.empty()) return;
  start_ = moments.front();
  end_ = moments.back();
  double removed = 0;
  for (std::size_t i = 0; i + 1 < moments.size(); ++i) {
    const TimeUs from = std::max(moments[i], i < busy_until.size() ? busy_until[i] : moments[i]);
    const TimeUs to = moments[i + 1];
    if (to - from < min_gap || to - from <= kBreakLength) continue;
    const double v0 = static_cast<double>(from - start_) - removed;
    breaks_.push_back(IdleBreak{from, to, v0});
    removed += static_cast<double>(to - from - kBreakLength);
  }
}

double TimeAxis::to_virtual(TimeUs t) const {
  const auto& b = breaks();
  auto it = std::upper_bound(b.begin(), b.end(), t,
                             [](TimeUs x, const IdleBreak& k) { return x < k.t0; });
  if (it == b.begin()) return static_cast<double>(t - start_);
  const IdleBreak& k = *(it - 1);
  if (t < k.t1) {
    return k.v0 + static_cast<double>(t - k.t0) * static_cast<double>(kBreakLength) /
                      static_cast<double>(k.t1 - k.t0);
  }
  return k.v0 + static_cast<double>(kBreakLength) + static_cast<double>(t - k.t1);
}

TimeUs TimeAxis::to_real(double v) const {
  const auto& b = breaks();
  auto it = std::upper_bound(b.begin(), b.end(), v,
                             [](double x, const IdleBreak& k) { return x < k.v0; });
  if (it == b.begin()) return start_ + static_cast<TimeUs>(std::llround(v));
  const IdleBreak& k = *(it - 1);
  const double into = v - k.v0;
  const auto len = static_cast<double>(kBreakLength);
  if (into < len) {
    return k.t0 + static_cast<TimeUs>(std::llround(into * static_cast<double>(k.t1 - k.t0) / len));
  }
  return k.t1 + static_cast<TimeUs>(std::llround(into - len));
}

}  // namespace synack::view

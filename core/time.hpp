// Time in synack: microseconds in a signed 64-bit count. A duration from the
// input may be as long as its documented range allows, and a deadline is a
// time plus a duration, so the additions and multiplications that make
// deadlines saturate: a deadline beyond the last representable microsecond is
// kForever ("never"), not a negative time.
#pragma once

#include <cstdint>
#include <limits>

namespace synack::tcp {

using TimeUs = std::int64_t;
inline constexpr TimeUs kMillis = 1000;
inline constexpr TimeUs kSeconds = 1000 * kMillis;
inline constexpr TimeUs kForever = std::numeric_limits<TimeUs>::max();
inline constexpr TimeUs kTimeMin = std::numeric_limits<TimeUs>::min();

// t + d, saturating at kForever (or at kTimeMin for a negative d).
constexpr TimeUs later(TimeUs t, TimeUs d) {
  TimeUs sum = 0;
  if (__builtin_add_overflow(t, d, &sum)) return d > 0 ? kForever : kTimeMin;
  return sum;
}

// d * k, saturating the same way.
constexpr TimeUs scaled(TimeUs d, std::int64_t k) {
  TimeUs product = 0;
  if (__builtin_mul_overflow(d, k, &product)) return (d > 0) == (k > 0) ? kForever : kTimeMin;
  return product;
}

}  // namespace synack::tcp

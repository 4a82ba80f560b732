// The one seeded generator: SplitMix64 (Steele, Lea, Flood 2014). Small, fast,
// and the same sequence on every platform, so a scenario and its seed always
// give the same run. Also the keyed mix behind ISNs and SYN cookies. It is not
// a cryptographic generator.
#pragma once

#include <cstdint>

namespace synack {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return p > 0 && uniform() < p; }
  std::uint32_t below(std::uint32_t n) {
    return n == 0 ? 0 : static_cast<std::uint32_t>(next() % n);
  }

  // A keyed hash step: the first output of a generator seeded with `x`.
  static std::uint64_t mix(std::uint64_t x) { return SplitMix64(x).next(); }

 private:
  std::uint64_t state_;
};

}  // namespace synack

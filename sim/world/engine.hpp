// The discrete-event engine: a virtual clock and a queue of callbacks ordered by
// (time, order of scheduling), and a seeded random source. Both are
// deterministic: nothing here reads a real clock or the process's state.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "core/tcp_types.hpp"

namespace synack::sim {

using tcp::TimeUs;

class EventQueue {
 public:
  void at(TimeUs t, std::function<void()> fn) {
    items_.push(Item{t, order_++, std::move(fn)});
  }
  bool empty() const { return items_.empty(); }
  TimeUs next_time() const { return items_.top().t; }
  // Removes the earliest event and returns its time and callback.
  std::pair<TimeUs, std::function<void()>> pop() {
    Item item = std::move(const_cast<Item&>(items_.top()));
    items_.pop();
    return {item.t, std::move(item.fn)};
  }

 private:
  struct Item {
    TimeUs t;
    std::uint64_t order;
    std::function<void()> fn;
  };
  struct Later {
    bool operator()(const Item& a, const Item& b) const {
      return a.t != b.t ? a.t > b.t : a.order > b.order;
    }
  };
  std::priority_queue<Item, std::vector<Item>, Later> items_;
  std::uint64_t order_ = 0;
};

// splitmix64: small, fast, and the same sequence on every platform (the
// standard distributions are not, so none is used).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return p > 0 && uniform() < p; }
  std::uint32_t below(std::uint32_t n) { return n == 0 ? 0 : static_cast<std::uint32_t>(next() % n); }

 private:
  std::uint64_t state_;
};

}  // namespace synack::sim

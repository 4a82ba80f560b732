// The discrete-event engine: a virtual clock and a queue of callbacks ordered by
// (time, order of scheduling), and a seeded random source. Both are
// deterministic: nothing here reads a real clock or the process's state.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "core/rng.hpp"
#include "core/tcp_types.hpp"

namespace synack::sim {

using tcp::TimeUs;

// Two kinds of event: a frame arriving at the far end of a link (the common
// case, kept as plain numbers) and any other callback (kept in a slot table so
// the heap moves only small records).
class EventQueue {
 public:
  struct Arrival {
    std::uint32_t link;
    std::uint32_t side;
    std::uint32_t frame;
  };

  // `housekeeping`: table aging and the like, which alone do not keep a run going.
  void at(TimeUs t, std::function<void()> fn, bool housekeeping = false) {
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(callbacks_.size());
      callbacks_.push_back(std::move(fn));
    } else {
      slot = free_.back();
      free_.pop_back();
      callbacks_[slot] = std::move(fn);
    }
    push(t, Item{kCallback, slot, housekeeping ? 1u : 0u});
    if (!housekeeping) ++activity_;
  }
  void arrival(TimeUs t, const Arrival& a) {
    push(t, Item{a.link, a.side, a.frame});
    ++activity_;
  }
  // Whether any event other than housekeeping is pending.
  bool active() const { return activity_ > 0; }

  bool empty() const { return buckets_.empty(); }
  TimeUs next_time() const { return buckets_.begin()->first; }

  // Removes the earliest event: either its callback (set) or its arrival.
  TimeUs pop(std::function<void()>& callback, Arrival& arrival) {
    auto first = buckets_.begin();
    TimeUs t = first->first;
    Bucket& bucket = first->second;
    Item item = bucket.items[bucket.head++];
    if (bucket.head == bucket.items.size()) {
      bucket.items.clear();
      spare_.push_back(std::move(bucket.items));  // keep its capacity for a later time
      buckets_.erase(first);
    }
    if (item.link != kCallback || item.b == 0) --activity_;
    if (item.link == kCallback) {
      callback = std::move(callbacks_[item.a]);
      callbacks_[item.a] = nullptr;
      free_.push_back(item.a);
    } else {
      callback = nullptr;
      arrival = Arrival{item.link, item.a, item.b};
    }
    return t;
  }

 private:
  static constexpr std::uint32_t kCallback = 0xFFFFFFFFu;
  struct Item {
    std::uint32_t link;  // kCallback, or the link of an arrival
    std::uint32_t a;     // callback slot, or the side the frame left from
    std::uint32_t b;     // the frame, or 1 for a housekeeping callback
  };
  // Many events share a time (a flood reaches every port at once), so events
  // are kept per time, first in first out: order of scheduling breaks ties.
  struct Bucket {
    std::vector<Item> items;
    std::size_t head = 0;
  };
  void push(TimeUs t, const Item& item) {
    auto [it, fresh] = buckets_.try_emplace(t);
    if (fresh && !spare_.empty()) {
      it->second.items = std::move(spare_.back());
      spare_.pop_back();
    }
    it->second.items.push_back(item);
  }
  std::map<TimeUs, Bucket> buckets_;
  std::vector<std::vector<Item>> spare_;
  std::vector<std::function<void()>> callbacks_;
  std::vector<std::uint32_t> free_;
  std::size_t activity_ = 0;
};

using Rng = SplitMix64;  // the one seeded generator

}  // namespace synack::sim

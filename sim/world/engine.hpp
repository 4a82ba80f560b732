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
    bool flooded = false;  // a copy a switch flooded
  };

  // A scheduled callback, for cancel(); its slot and that slot's use count.
  struct Handle {
    std::uint32_t slot = 0xFFFFFFFFu;
    std::uint32_t use = 0;
  };

  // `housekeeping`: table aging and the like, which alone do not keep a run going.
  Handle at(TimeUs t, std::function<void()> fn, bool housekeeping = false) {
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(callbacks_.size());
      callbacks_.push_back(std::move(fn));
      uses_.push_back(0);
      cancelled_.push_back(false);
    } else {
      slot = free_.back();
      free_.pop_back();
      callbacks_[slot] = std::move(fn);
    }
    push(t, Item{kCallback, slot, housekeeping ? 1u : 0u});
    if (!housekeeping) ++activity_;
    return Handle{slot, uses_[slot]};
  }
  // A callback not yet run will not run, and no longer keeps the run going.
  void cancel(Handle h, bool housekeeping = false) {
    if (h.slot >= callbacks_.size() || uses_[h.slot] != h.use || cancelled_[h.slot]) return;
    callbacks_[h.slot] = nullptr;
    cancelled_[h.slot] = true;
    if (!housekeeping) --activity_;
  }
  void arrival(TimeUs t, const Arrival& a) {
    push(t, Item{a.link, a.side | (a.flooded ? kFloodedBit : 0u), a.frame});
    ++activity_;
  }
  // Whether any event other than housekeeping is pending (cancelled ones count not).
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
    if (item.link != kCallback) {
      --activity_;
    } else if (item.b == 0 && !cancelled_[item.a]) {
      --activity_;
    }
    if (item.link == kCallback) {
      callback = std::move(callbacks_[item.a]);
      callbacks_[item.a] = nullptr;
      if (cancelled_[item.a]) callback = [] {};  // cancelled: nothing to do
      cancelled_[item.a] = false;
      ++uses_[item.a];
      free_.push_back(item.a);
    } else {
      callback = nullptr;
      arrival = Arrival{item.link, item.a & ~kFloodedBit, item.b, (item.a & kFloodedBit) != 0};
    }
    return t;
  }

 private:
  static constexpr std::uint32_t kCallback = 0xFFFFFFFFu;
  static constexpr std::uint32_t kFloodedBit = 2u;  // in an arrival's side (0 or 1)
  struct Item {
    std::uint32_t link;  // kCallback, or the link of an arrival
    std::uint32_t a;     // callback slot, or the side the frame left from (and kFloodedBit)
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
  std::vector<std::uint32_t> uses_;  // by slot: how often it was used, to tell handles apart
  std::vector<bool> cancelled_;      // by slot: cancelled and not yet popped
  std::size_t activity_ = 0;
};

using Rng = SplitMix64;  // the one seeded generator

}  // namespace synack::sim

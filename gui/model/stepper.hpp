// The current step: the world as it was after record N (N records applied),
// moves to the next or previous segment, playback, and the connection states
// at step N, folded from the Trace with checkpoints so any step is quick.
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "sim/trace/trace.hpp"

namespace synack::gui {

class Stepper {
 public:
  explicit Stepper(const trace::Trace& trace);

  std::size_t step() const { return step_; }
  std::size_t last() const { return trace_->events.size(); }
  void set(std::size_t step);
  void forward() { set(step_ + 1); }
  void back() { set(step_ == 0 ? 0 : step_ - 1); }
  void to_start() { set(0); }
  void to_end() { set(last()); }
  // A step forward movement stops at until it is released: a lesson's
  // question waits there for its answer. Moving back is never held.
  void hold_at(std::size_t step) { holds_.insert(step); }
  void release(std::size_t step) { holds_.erase(step); }
  void release_all() { holds_.clear(); }
  bool held() const { return holds_.count(step_) != 0; }
  // To just after the next (previous) segment a host sent; stays if none.
  void next_segment();
  void previous_segment();

  // Playback: `speed` records per second of wall time.
  bool playing = false;
  double speed = 4;
  // Advances by the wall time that passed; stops at the end.
  void tick(double seconds);

  // The state of every connection after `step` records.
  std::vector<tcp::State> states_at(std::size_t step) const;

  // Records worth a mark on the scrub bar.
  const std::vector<std::uint32_t>& state_changes() const { return state_changes_; }
  const std::vector<std::uint32_t>& drops() const { return drops_; }
  const std::vector<std::uint32_t>& segments() const { return segments_; }

  static constexpr std::size_t kCheckpointEvery = 4096;

 private:
  const trace::Trace* trace_;
  std::size_t step_ = 0;
  double carry_ = 0;
  std::set<std::size_t> holds_;
  std::vector<std::uint32_t> state_changes_, drops_, segments_;
  std::vector<std::vector<tcp::State>> checkpoints_;  // states at k * kCheckpointEvery
};

}  // namespace synack::gui

#include "gui/model/stepper.hpp"

#include <algorithm>

namespace synack::gui {

using namespace synack::trace;

namespace {

void apply(const Event& e, std::vector<tcp::State>& states) {
  if (const auto* s = std::get_if<StateEvent>(&e.what)) {
    if (s->conn < states.size()) states[s->conn] = s->to;
  }
}

}  // namespace

Stepper::Stepper(const Trace& trace) : trace_(&trace) {
  std::vector<tcp::State> states(trace.conns.size(), tcp::State::Closed);
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    if (i % kCheckpointEvery == 0) checkpoints_.push_back(states);
    const Event& e = trace.events[i];
    const auto index = static_cast<std::uint32_t>(i);
    if (std::holds_alternative<StateEvent>(e.what)) state_changes_.push_back(index);
    if (const auto* f = std::get_if<FrameEvent>(&e.what)) {
      if (f->fate == Fate::Dropped) drops_.push_back(index);
      const bool from_host =
          f->from < trace.nodes.size() && trace.nodes[f->from].kind == NodeKind::Host;
      if (f->fate == Fate::Sent && from_host) segments_.push_back(index);
    }
    apply(e, states);
  }
}

void Stepper::set(std::size_t step) {
  step = std::min(step, last());
  if (step > step_) {
    const auto hold = holds_.lower_bound(step_);
    if (hold != holds_.end() && *hold < step) {
      step = *hold;
      playing = false;
    }
  }
  step_ = step;
}

void Stepper::next_segment() {
  // The segment at index i is applied at step i + 1.
  auto it = std::lower_bound(segments_.begin(), segments_.end(), step_);
  if (it != segments_.end()) set(*it + 1);
}

void Stepper::previous_segment() {
  auto it = std::lower_bound(segments_.begin(), segments_.end(), step_ == 0 ? 0 : step_ - 1);
  if (it != segments_.begin()) set(*(it - 1) + 1);
}

void Stepper::tick(double seconds) {
  if (!playing) return;
  carry_ += seconds * speed;
  const auto whole = static_cast<std::size_t>(carry_);
  carry_ -= static_cast<double>(whole);
  set(step_ + whole);
  if (step_ >= last()) {
    playing = false;
    carry_ = 0;
  }
}

std::vector<tcp::State> Stepper::states_at(std::size_t step) const {
  step = std::min(step, last());
  if (checkpoints_.empty())
    return std::vector<tcp::State>(trace_->conns.size(), tcp::State::Closed);
  const std::size_t k = std::min(step / kCheckpointEvery, checkpoints_.size() - 1);
  std::vector<tcp::State> states = checkpoints_[k];
  for (std::size_t i = k * kCheckpointEvery; i < step; ++i) apply(trace_->events[i], states);
  return states;
}

}  // namespace synack::gui

#include "gui/model/lesson_guide.hpp"

#include <algorithm>

#include "gui/model/document.hpp"

namespace synack::gui {

LessonGuide::LessonGuide(const trace::Trace& trace)
    : items_(&trace.lesson), answers_(trace.lesson.size()) {
  steps_.reserve(trace.lesson.size());
  for (const trace::LessonItem& item : trace.lesson) steps_.push_back(step_at_time(trace, item.t));
}

std::optional<std::size_t> LessonGuide::current(std::size_t step) const {
  const auto it = std::upper_bound(steps_.begin(), steps_.end(), step);
  if (it == steps_.begin()) return std::nullopt;
  return static_cast<std::size_t>(it - steps_.begin()) - 1;
}

std::optional<std::size_t> LessonGuide::next(std::size_t step) const {
  const auto it = std::upper_bound(steps_.begin(), steps_.end(), step);
  if (it == steps_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - steps_.begin());
}

std::optional<std::size_t> LessonGuide::previous(std::size_t step) const {
  const std::optional<std::size_t> now = current(step);
  if (!now) return std::nullopt;
  // The last item of an earlier moment than the current one's.
  const auto it = std::lower_bound(steps_.begin(), steps_.end(), steps_[*now]);
  if (it == steps_.begin()) return std::nullopt;
  return static_cast<std::size_t>(it - steps_.begin()) - 1;
}

bool LessonGuide::go_next(Stepper& stepper) const {
  const std::optional<std::size_t> to = next(stepper.step());
  if (!to || stepper.held()) return false;
  stepper.set(steps_[*to]);
  return true;
}

bool LessonGuide::go_previous(Stepper& stepper) const {
  const std::optional<std::size_t> to = previous(stepper.step());
  const std::optional<std::size_t> now = current(stepper.step());
  if (!to && !now) return false;
  stepper.set(to ? steps_[*to] : 0);
  return true;
}

void LessonGuide::answer(std::size_t i, int choice, Stepper& stepper) {
  if (i >= answers_.size() || answers_[i]) return;
  answers_[i] = choice;
  // Another question at the same step still holds it.
  for (std::size_t j = 0; j < steps_.size(); ++j) {
    if (steps_[j] == steps_[i] && is_question(j) && !answers_[j]) return;
  }
  stepper.release(steps_[i]);
}

std::optional<std::size_t> LessonGuide::waiting(std::size_t step) const {
  if (!quiz_) return std::nullopt;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    if (steps_[i] == step && is_question(i) && !answers_[i]) return i;
  }
  return std::nullopt;
}

std::size_t LessonGuide::questions() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < steps_.size(); ++i) n += is_question(i) ? 1 : 0;
  return n;
}

std::size_t LessonGuide::answered() const {
  return static_cast<std::size_t>(
      std::count_if(answers_.begin(), answers_.end(), [](const auto& a) { return a.has_value(); }));
}

std::size_t LessonGuide::right() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < answers_.size(); ++i) {
    n += answers_[i] && *answers_[i] == (*items_)[i].correct ? 1 : 0;
  }
  return n;
}

void LessonGuide::set_quiz(bool on, Stepper& stepper) {
  quiz_ = on;
  stepper.release_all();
  if (!on) return;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    if (is_question(i) && !answers_[i]) stepper.hold_at(steps_[i]);
  }
}

}  // namespace synack::gui

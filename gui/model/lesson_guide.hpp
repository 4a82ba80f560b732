// A scenario's lesson as the student steps through it: which item the step
// has reached, where the next and previous ones are, and the quiz: each
// question holds the stepper at its item until it is answered, so the
// student predicts what comes next before seeing it.
#pragma once

#include <optional>
#include <vector>

#include "gui/model/stepper.hpp"
#include "sim/trace/trace.hpp"

namespace synack::gui {

class LessonGuide {
 public:
  explicit LessonGuide(const trace::Trace& trace);

  const std::vector<trace::LessonItem>& items() const { return *items_; }
  bool empty() const { return items_->empty(); }
  // The step at which item `i` shows: every record of its time applied.
  std::size_t step_of(std::size_t i) const { return steps_[i]; }
  // The last item shown by `step`; nullopt before the first.
  std::optional<std::size_t> current(std::size_t step) const;
  // The first item that shows after `step`, and the last one of a moment
  // before the current item's.
  std::optional<std::size_t> next(std::size_t step) const;
  std::optional<std::size_t> previous(std::size_t step) const;
  // Moves the stepper to the next (previous) item; false when there is none
  // or a question holds the step.
  bool go_next(Stepper& stepper) const;
  bool go_previous(Stepper& stepper) const;

  // ---- the quiz
  bool is_question(std::size_t i) const { return !(*items_)[i].question.empty(); }
  // The answer given to question `i`, if any.
  std::optional<int> answer(std::size_t i) const { return answers_[i]; }
  // Records the answer and lets the stepper go on past the question.
  void answer(std::size_t i, int choice, Stepper& stepper);
  // The question waiting at `step` for an answer, if any.
  std::optional<std::size_t> waiting(std::size_t step) const;
  std::size_t questions() const;
  std::size_t answered() const;
  std::size_t right() const;

  // On: every unanswered question holds the stepper; off (the default): none
  // does, and each question shows with its answer.
  void set_quiz(bool on, Stepper& stepper);
  bool quiz() const { return quiz_; }

 private:
  const std::vector<trace::LessonItem>* items_;
  std::vector<std::size_t> steps_;
  std::vector<std::optional<int>> answers_;
  bool quiz_ = false;
};

}  // namespace synack::gui

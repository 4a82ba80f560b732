#include "sim/scenario/lesson.hpp"

#include <algorithm>

#include "sim/scenario/expect.hpp"

namespace synack::scenario {

std::vector<trace::LessonItem> place_lesson(const Scenario& scenario, const trace::Trace& trace) {
  const TimeUs end = trace.events.empty() ? 0 : trace.events.back().t;
  // When each step was first made.
  std::vector<TimeUs> made(scenario.steps.size(), kForever);
  for (const trace::Event& ev : trace.events) {
    const auto* call = std::get_if<trace::CallEvent>(&ev.what);
    if (call != nullptr && call->step < made.size()) {
      made[call->step] = std::min(made[call->step], ev.t);
    }
  }
  std::vector<trace::LessonItem> items;
  for (const LessonSpec& spec : scenario.lesson) {
    trace::LessonItem item{0, spec.text, spec.question, spec.answers, spec.correct};
    if (spec.at) item.t = *spec.at;
    // Just before the step: shown before the records of the step's own time.
    if (spec.step && *spec.step < made.size()) item.t = std::min(made[*spec.step], end) - 1;
    if (spec.expect && *spec.expect < scenario.expectations.size()) {
      item.t = decision_time(scenario.expectations[*spec.expect], trace);
    }
    items.push_back(std::move(item));
  }
  std::stable_sort(
      items.begin(), items.end(),
      [](const trace::LessonItem& a, const trace::LessonItem& b) { return a.t < b.t; });
  return items;
}

}  // namespace synack::scenario

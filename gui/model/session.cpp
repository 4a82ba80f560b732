#include "gui/model/session.hpp"

#include "sim/lang/tr.hpp"

namespace synack::gui {

using namespace view;  // the ladder's picture (sim/view)

void Session::adopt(std::unique_ptr<Document> doc, bool keep_place) {
  const std::size_t old_step = step();
  const std::uint32_t old_selected = selected;
  connections.reset();
  lesson.reset();
  stepper.reset();
  ladder.reset();
  document = std::move(doc);
  verdicts_language = lang::language();
  ++generation;
  ladder = std::make_unique<LadderModel>(document->trace);
  ladder->axis.set_compressed(compress_idle);
  stepper = std::make_unique<Stepper>(document->trace);
  lesson = std::make_unique<LessonGuide>(document->trace);
  lesson->set_quiz(quiz, *stepper);
  connections = std::make_unique<ConnIndex>(document->trace, ladder->numbers());
  const trace::ConnId old_conn = conn;
  const std::size_t n = document->trace.events.size();
  selected = keep_place && old_selected < n ? old_selected : kNone;
  stepper->set(keep_place ? old_step : 0);
  reveal_in_list = reveal_in_timeline = keep_place;
  conn = keep_place && old_conn < connections->size() ? old_conn : connections->first_connection();
  if (beside) beside->compare_with(*document);
}

void Session::follow_language() {
  const std::string now = lang::language();
  if (!document || verdicts_language == now) return;
  verdicts_language = now;
  if (document->scenario) {
    document->verdicts = scenario::check(*document->scenario, document->trace);
  }
}

void Session::set_beside(std::unique_ptr<Beside> other) {
  beside = std::move(other);
  if (beside && document) beside->compare_with(*document);
}

void Session::step_to_difference(std::size_t d) {
  if (!beside || !stepper || d >= beside->differences().size()) return;
  const Difference& diff = beside->differences()[d];
  const auto [sim_step, other_step] = beside->steps_at(diff);
  stepper->set(sim_step);
  if (diff.sim_event != kNone) {
    select(diff.sim_event);
  } else if (sim_step > 0) {
    select(static_cast<std::uint32_t>(sim_step - 1));  // where the simulation is at that time
  }
  beside->pin(stepper->step(), other_step);
  beside->selected = diff.other_event;
}

}  // namespace synack::gui

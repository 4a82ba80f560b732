#include "gui/model/session.hpp"

namespace synack::gui {

using namespace view;  // the ladder's picture (sim/view)

void Session::adopt(std::unique_ptr<Document> doc, bool keep_place) {
  const std::size_t old_step = step();
  const std::uint32_t old_selected = selected;
  connections.reset();
  stepper.reset();
  ladder.reset();
  document = std::move(doc);
  ++generation;
  ladder = std::make_unique<LadderModel>(document->trace);
  ladder->axis.set_compressed(compress_idle);
  stepper = std::make_unique<Stepper>(document->trace);
  connections = std::make_unique<ConnIndex>(document->trace, ladder->numbers());
  const trace::ConnId old_conn = conn;
  const std::size_t n = document->trace.events.size();
  selected = keep_place && old_selected < n ? old_selected : kNone;
  stepper->set(keep_place ? old_step : 0);
  reveal_in_list = reveal_in_timeline = keep_place;
  conn = keep_place && old_conn < connections->size() ? old_conn : connections->first_connection();
}

}  // namespace synack::gui

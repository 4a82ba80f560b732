// Everything the panels share about what is open: the document, the ladder
// model and stepper built from it, the selected record and the display
// choices. Panels read and change it; none owns the Trace.
#pragma once

#include <memory>
#include <string>

#include "gui/model/beside.hpp"
#include "gui/model/document.hpp"
#include "gui/model/lesson_guide.hpp"
#include "gui/model/stepper.hpp"
#include "sim/view/conn_index.hpp"
#include "sim/view/ladder_model.hpp"

namespace synack::gui {

struct Session {
  std::unique_ptr<Document> document;
  std::unique_ptr<view::LadderModel> ladder;
  std::unique_ptr<Stepper> stepper;
  std::unique_ptr<view::ConnIndex> connections;
  std::unique_ptr<LessonGuide> lesson;  // the trace's lesson, and the student's answers
  bool quiz = false;                    // questions hold the step until answered
  // A live run or a capture beside the simulated run (compare mode), or none.
  std::unique_ptr<Beside> beside;

  // Counts the documents adopted, so a panel caching what it drew knows when
  // its cache belongs to a file no longer open.
  std::uint64_t generation = 0;

  std::uint32_t selected = trace::kNone;  // a record index
  // The selected connection: that of the last selected record that has one
  // (a frame's is its sender's), or one picked in a panel.
  trace::ConnId conn = trace::kNone;
  bool absolute_numbers = false;  // Seq/Ack as on the wire rather than from each ISN
  bool compress_idle = true;

  // Set when the selection changed in one view so the others bring it into view.
  bool reveal_in_list = false;
  bool reveal_in_timeline = false;

  // The language the document's verdicts are worded in: that of the moment
  // it was adopted, until follow_language() words them again.
  std::string verdicts_language;

  bool open() const { return document != nullptr; }
  std::size_t step() const { return stepper ? stepper->step() : 0; }

  // Takes a freshly loaded document; keeps the step (clamped) and the
  // selection where they still exist when `keep_place`. A run beside it is
  // compared with it again.
  void adopt(std::unique_ptr<Document> doc, bool keep_place);
  // Checks the scenario's expectations again when the language changed
  // (View → Language) since their verdicts were worded, so they read in it.
  void follow_language();
  // Shows `other` beside the open document (nullptr: none).
  void set_beside(std::unique_ptr<Beside> other);
  // Both runs at difference `d` of the run beside, its records selected.
  void step_to_difference(std::size_t d);

  void select(std::uint32_t event) {
    selected = event;
    reveal_in_list = reveal_in_timeline = true;
    if (connections) {
      if (const trace::ConnId c = connections->conn_of_record(event); c != trace::kNone) conn = c;
    }
  }
  // Moves the step to just after `event` and selects it.
  void step_to(std::uint32_t event) {
    if (!stepper) return;
    stepper->set(static_cast<std::size_t>(event) + 1);
    select(event);
  }
};

}  // namespace synack::gui

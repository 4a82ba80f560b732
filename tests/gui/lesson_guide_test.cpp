// The lesson as the student steps through it: items by step, Next and
// Previous, and questions that hold the step until they are answered.
#include "gui/model/lesson_guide.hpp"

#include <gtest/gtest.h>

#include "gui/model/document.hpp"

namespace synack::gui {
namespace {

// Ten notes at 0, 10, ..., 90 us; items at 15 us (a question), 35 us and 35 us.
trace::Trace lesson_trace() {
  trace::Trace t;
  t.nodes.push_back(trace::NodeInfo{"a", trace::NodeKind::Host, {}, {}});
  for (int i = 0; i < 10; ++i) t.add(i * 10, trace::NoteEvent{0, t.intern("note")});
  t.lesson = {trace::LessonItem{15, "first", "Next flags?", {"S", "R"}, 0},
              trace::LessonItem{35, "second", "", {}, -1},
              trace::LessonItem{35, "third", "", {}, -1}};
  return t;
}

TEST(LessonGuide, ItemsShowAfterTheRecordsOfTheirTime) {
  const trace::Trace t = lesson_trace();
  const LessonGuide guide(t);
  EXPECT_EQ(guide.step_of(0), 2u) << "after the records at 0 and 10 us";
  EXPECT_EQ(guide.step_of(1), 4u);
  EXPECT_FALSE(guide.current(1));
  EXPECT_EQ(guide.current(2), 0u);
  EXPECT_EQ(guide.current(9), 2u) << "the last of the two at one step";
  EXPECT_EQ(guide.next(0), 0u);
  EXPECT_EQ(guide.next(2), 1u);
  EXPECT_FALSE(guide.next(4));
  EXPECT_EQ(guide.previous(4), 0u) << "items 1 and 2 are one moment";
  EXPECT_FALSE(guide.previous(2));
  EXPECT_FALSE(guide.quiz()) << "the quiz is turned on by the student";
}

TEST(LessonGuide, AQuestionHoldsTheStepUntilItIsAnswered) {
  const trace::Trace t = lesson_trace();
  LessonGuide guide(t);
  Stepper stepper(t);
  guide.set_quiz(true, stepper);
  stepper.set(8);
  EXPECT_EQ(stepper.step(), 2u) << "stopped at the question";
  EXPECT_TRUE(stepper.held());
  EXPECT_EQ(guide.waiting(2), 0u);
  EXPECT_FALSE(guide.go_next(stepper)) << "Next waits for the answer too";
  stepper.playing = true;
  stepper.tick(10);
  EXPECT_EQ(stepper.step(), 2u);
  EXPECT_FALSE(stepper.playing) << "playback stops at a question";
  stepper.back();
  EXPECT_EQ(stepper.step(), 1u) << "going back is never held";
  stepper.set(2);
  guide.answer(0, 1, stepper);
  EXPECT_EQ(guide.answer(0), 1);
  EXPECT_EQ(guide.answered(), 1u);
  EXPECT_EQ(guide.right(), 0u) << "R was the wrong answer";
  EXPECT_FALSE(guide.waiting(2));
  EXPECT_TRUE(guide.go_next(stepper));
  EXPECT_EQ(stepper.step(), 4u);
  EXPECT_TRUE(guide.go_previous(stepper));
  EXPECT_EQ(stepper.step(), 2u);
}

TEST(LessonGuide, WithoutTheQuizNothingHolds) {
  const trace::Trace t = lesson_trace();
  LessonGuide guide(t);
  Stepper stepper(t);
  guide.set_quiz(true, stepper);
  guide.set_quiz(false, stepper);
  stepper.to_end();
  EXPECT_EQ(stepper.step(), stepper.last());
  EXPECT_FALSE(guide.waiting(2));
  EXPECT_EQ(guide.questions(), 1u);
}

}  // namespace
}  // namespace synack::gui

// `lesson`: the story a scenario tells, item by item, each attached to a
// time, a step or an expectation, optionally with a question and its answers.
#include <algorithm>

#include "sim/lang/tr.hpp"
#include "sim/scenario/load_internal.hpp"

namespace synack::scenario::detail {

namespace {

constexpr std::size_t kMostAnswers = 6;

// `step: ID` names a step of the script.
std::optional<std::uint32_t> lesson_step(Loader& l, Fields& f) {
  const auto id = f.name("step");
  if (!id) return std::nullopt;
  return l.step_id(mark_of(*f.find("step")), *id, "step");
}

// The question, its answers and which one is right.
void load_question(Loader& l, Fields& f, LessonSpec& item) {
  const bool asked = f.has("question");
  for (const char* key : {"answers", "correct"}) {
    if (f.has(key) && !asked) {
      l.ctx.error(f.key_mark(key), lang::trf("{}: belongs to a question; give question too", key));
    }
  }
  if (!asked) return;
  if (auto q = f.string("question")) item.question = *q;
  const YAML::Node* answers =
      f.require("answers", lang::tr("the choices, such as [\"S.\", \"R\"]"));
  if (answers == nullptr) return;
  if (!answers->IsSequence() || answers->size() < 2 || answers->size() > kMostAnswers) {
    l.ctx.error(*answers, lang::trf("answers: expected a list of 2 to {} choices, got {}",
                                    kMostAnswers, describe(*answers)));
    return;
  }
  for (const YAML::Node& a : *answers) {
    if (auto text = read_string(l.ctx, a, "answers")) item.answers.push_back(*text);
  }
  const YAML::Node* correct =
      f.require("correct", lang::tr("the right one of the answers, as written"));
  if (correct == nullptr) return;
  const auto right = read_string(l.ctx, *correct, "correct");
  if (!right) return;
  const auto it = std::find(item.answers.begin(), item.answers.end(), *right);
  if (it == item.answers.end()) {
    std::vector<std::string_view> choices(item.answers.begin(), item.answers.end());
    l.ctx.error(*correct, lang::trf("correct: expected one of the answers ({}), got {}",
                                    join(choices), describe(*correct)));
    return;
  }
  item.correct = static_cast<int>(it - item.answers.begin());
}

void load_item(Loader& l, const YAML::Node& n) {
  Fields f(l.ctx, n, lang::tr("lesson item"),
           {"at", "step", "expect", "text", "question", "answers", "correct"});
  if (!f.is_map()) return;
  LessonSpec item;
  item.mark = f.mark();
  int attached = 0;
  for (const char* key : {"at", "step", "expect"}) attached += f.has(key) ? 1 : 0;
  if (attached != 1) {
    // A message stays one literal, as the catalogue test reads it.
    l.ctx.error(f.mark(),
                lang::tr("a lesson item is attached to one of at (a time), step (a step's id) or "
                         "expect (the number of an item of expect:, from 1)"));
  }
  if (auto at = f.duration("at")) item.at = *at;
  if (f.has("step")) item.step = lesson_step(l, f);
  const std::size_t listed = l.scenario.expectations.size() - l.expect_list_start;
  if (f.has("expect")) {
    if (listed == 0) {
      l.ctx.error(*f.find("expect"), lang::tr("expect: the file's expect: list is empty"));
    } else if (auto k = f.integer("expect", 1, static_cast<std::int64_t>(listed))) {
      item.expect = l.expect_list_start + static_cast<std::size_t>(*k) - 1;
    }
  }
  if (f.require("text", lang::tr("what the teacher says at this point"))) {
    if (auto text = f.string("text")) item.text = *text;
  }
  load_question(l, f, item);
  l.scenario.lesson.push_back(std::move(item));
}

}  // namespace

void load_lesson(Loader& l, const YAML::Node& n) {
  for_each_item(l.ctx, n, "lesson",
                [&](const YAML::Node& item, std::size_t) { load_item(l, item); });
}

}  // namespace synack::scenario::detail

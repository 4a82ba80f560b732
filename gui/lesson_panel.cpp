#include "gui/lesson_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <string>

#include "gui/theme.hpp"
#include "sim/lang/tr.hpp"
#include "sim/trace/terminal_cells.hpp"
#include "sim/view/event_text.hpp"

namespace synack::gui {

using lang::tr;

namespace {

// Text wrapped to the panel, between Chinese characters too (ImGui breaks
// lines only at spaces).
void wrapped(const std::string& text) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const auto width_of = [&](char32_t c) -> double {
    std::string one;
    trace::term::append_utf8(one, c);
    return font->CalcTextSizeA(size, FLT_MAX, 0, one.c_str()).x;
  };
  const double room = std::max(ImGui::GetContentRegionAvail().x, size * 4);
  for (const std::string& line : trace::term::wrap(text, room, width_of)) {
    ImGui::TextUnformatted(line.c_str());
  }
}

void colored(ImU32 color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImColor(color).Value);
  wrapped(text);
  ImGui::PopStyleColor();
}

// The question of item `i`: answer buttons while it waits, then the verdict.
void question(Session& session, std::size_t i) {
  LessonGuide& lesson = *session.lesson;
  const trace::LessonItem& item = lesson.items()[i];
  ImGui::Spacing();
  colored(palette().call, "? " + item.question);
  const std::optional<int> given = lesson.answer(i);
  if (!given && lesson.quiz()) {
    for (std::size_t a = 0; a < item.answers.size(); ++a) {
      ImGui::PushID(static_cast<int>(a));
      if (ImGui::Button(item.answers[a].c_str())) {
        lesson.answer(i, static_cast<int>(a), *session.stepper);
      }
      ImGui::PopID();
      ImGui::SameLine();
    }
    ImGui::NewLine();
    colored(palette().muted, tr("Answer to go on: the run waits here until you do."));
    ImGui::SetScrollHereY(1.0f);  // the question in view, however long the words before it
    return;
  }
  const std::string right =
      item.correct >= 0 ? item.answers[static_cast<std::size_t>(item.correct)] : "";
  if (!given) {
    ImGui::TextDisabled(tr("Answer: %s"), right.c_str());
  } else if (*given == item.correct) {
    colored(state_fill(tcp::State::Established),
            lang::trf("✓ Right: {}. Step on to see it.", right));
  } else {
    colored(palette().drop, lang::trf("✗ You said {}; the answer is {}. Step on to see why.",
                                      item.answers[static_cast<std::size_t>(*given)], right));
  }
}

}  // namespace

void LessonPanel::draw_content(Session& session) {
  if (!session.open() || !session.lesson) return;
  LessonGuide& lesson = *session.lesson;
  if (lesson.empty()) {
    colored(palette().muted,
            tr("This scenario has no lesson; its description says what it shows."));
    ImGui::Spacing();
    wrapped(session.document->trace.description);
    return;
  }
  Stepper& stepper = *session.stepper;
  const std::optional<std::size_t> now = lesson.current(stepper.step());
  const std::optional<std::size_t> before = lesson.previous(stepper.step());
  const std::optional<std::size_t> after = lesson.next(stepper.step());

  ImGui::BeginDisabled(!before && !now);
  if (ImGui::Button(tr("◀ Previous"))) lesson.go_previous(stepper);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!after || stepper.held());
  if (ImGui::Button(tr("Next ▶"))) lesson.go_next(stepper);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled(tr("%zu of %zu"), now ? *now + 1 : 0, lesson.items().size());
  if (lesson.questions() > 0) {
    ImGui::SameLine();
    bool quiz = session.quiz;
    if (ImGui::Checkbox(tr("Quiz"), &quiz)) {
      session.quiz = quiz;
      lesson.set_quiz(quiz, stepper);
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s", tr("On: each question stops the run until you answer it."));
    }
    if (lesson.answered() > 0) {
      ImGui::SameLine();
      ImGui::TextDisabled(tr("· %zu of %zu right"), lesson.right(), lesson.answered());
    }
  }
  ImGui::Separator();
  ImGui::BeginChild("lesson text");
  if (!now) {
    colored(palette().muted, lang::trf("The lesson begins at {}; press Next ▶.",
                                       view::format_time(lesson.items().front().t)));
  } else {
    // Every item of this moment, oldest first.
    std::size_t first = *now;
    while (first > 0 && lesson.step_of(first - 1) == lesson.step_of(*now)) --first;
    for (std::size_t i = first; i <= *now; ++i) {
      ImGui::PushID(static_cast<int>(i));
      wrapped(lesson.items()[i].text);
      if (lesson.is_question(i)) question(session, i);
      ImGui::Spacing();
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
}

}  // namespace synack::gui

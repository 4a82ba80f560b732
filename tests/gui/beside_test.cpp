// A run beside the simulated one, without a window: the alignment (by the
// first SYN, or on two chosen records), the connections matched as `synack
// compare` matches them, the differences and their outlines on both ladders,
// stepping that moves both, and where the two ladders go.
#include "gui/model/beside.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "gui/model/session.hpp"
#include "sim/trace/frame_view.hpp"

namespace synack::gui {
namespace {

const std::string kScenarios = std::string(SYNACK_SOURCE_DIR) + "/scenarios/";

std::unique_ptr<Document> simulated(const std::string& name) {
  LoadOutcome loaded = load_document(kScenarios + name);
  EXPECT_TRUE(loaded.document) << name;
  return std::move(loaded.document);
}

// The simulated run again, every record `shift` later: the same run, another clock.
std::unique_ptr<Document> shifted(const Document& doc, trace::TimeUs shift) {
  auto other = std::make_unique<Document>();
  other->path = doc.path;
  other->trace = doc.trace;
  for (trace::Event& e : other->trace.events) e.t += shift;
  return other;
}

std::uint32_t first_syn_record(const trace::Trace& t) {
  const std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(t);
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto* f = std::get_if<trace::FrameEvent>(&t.events[i].what);
    if (f != nullptr && numbers[f->frame].is_tcp && numbers[f->frame].flags == tcp::flag::SYN)
      return static_cast<std::uint32_t>(i);
  }
  return trace::kNone;
}

TEST(Beside, FirstSynsAreLevel) {
  auto sim = simulated("handshake.yaml");
  Beside b(shifted(*sim, 5000), BesideKind::Capture, "capture");
  b.compare_with(*sim);
  const std::uint32_t syn = first_syn_record(sim->trace);
  ASSERT_NE(syn, trace::kNone);
  EXPECT_TRUE(b.alignment().by_first_syn);
  EXPECT_EQ(b.alignment().other_t - b.alignment().sim_t, 5000);

  view::LadderModel sim_ladder(sim->trace);
  view::TimelineView v;
  view::fit_all(sim_ladder, v, 600);
  const view::TimelineView w = aligned_view(sim_ladder, v, b.ladder(), b.alignment());
  EXPECT_EQ(w.us_per_px, v.us_per_px);
  EXPECT_NEAR(view::time_y(sim_ladder, v, sim->trace.events[syn].t),
              view::time_y(b.ladder(), w, b.trace().events[syn].t), 0.01);
}

TEST(Beside, ChosenRecordsAreLevel) {
  auto sim = simulated("close.yaml");
  Beside b(shifted(*sim, 0), BesideKind::Capture, "capture");
  b.compare_with(*sim);
  const std::uint32_t a = 3, c = static_cast<std::uint32_t>(sim->trace.events.size() - 2);
  b.align_on(a, c);
  EXPECT_FALSE(b.alignment().by_first_syn);
  view::LadderModel sim_ladder(sim->trace);
  view::TimelineView v;
  view::fit_all(sim_ladder, v, 600);
  const view::TimelineView w = aligned_view(sim_ladder, v, b.ladder(), b.alignment());
  EXPECT_NEAR(view::time_y(sim_ladder, v, sim->trace.events[a].t),
              view::time_y(b.ladder(), w, b.trace().events[c].t), 0.01);
  // A record of either run out of range changes nothing.
  b.align_on(a, 1u << 30);
  EXPECT_FALSE(b.alignment().by_first_syn);
  EXPECT_EQ(b.alignment().sim_t, sim->trace.events[a].t);
  b.align_by_first_syn();
  EXPECT_TRUE(b.alignment().by_first_syn);
}

TEST(Beside, ConnectionsAreMatchedAsCompareMatchesThem) {
  auto sim = simulated("close.yaml");
  Beside b(shifted(*sim, 700), BesideKind::Capture, "capture");
  b.compare_with(*sim);
  ASSERT_FALSE(b.comparison().endpoints.empty());
  for (const live::EndpointComparison& e : b.comparison().endpoints) {
    EXPECT_NE(e.sim_conn, trace::kNone) << e.host << " " << e.role;
    EXPECT_EQ(e.sim_conn, e.live_conn) << e.host << " " << e.role;
    EXPECT_TRUE(e.agree);
  }
  EXPECT_TRUE(b.differences().empty());
}

TEST(Beside, ADifferentCallResultIsListedAndOutlinedOnBothLadders) {
  auto sim = simulated("rst_refused.yaml");
  auto other = shifted(*sim, 0);
  std::uint32_t changed = trace::kNone;
  for (std::size_t i = 0; i < other->trace.events.size(); ++i) {
    auto* c = std::get_if<trace::CallEvent>(&other->trace.events[i].what);
    if (c != nullptr && c->err == ECONNREFUSED) {
      c->err = ETIMEDOUT;
      changed = static_cast<std::uint32_t>(i);
      break;
    }
  }
  ASSERT_NE(changed, trace::kNone);
  Beside b(std::move(other), BesideKind::Live, "Linux (live run)");
  b.compare_with(*sim);
  ASSERT_EQ(b.differences().size(), 1u);
  const Difference& d = b.differences()[0];
  EXPECT_EQ(d.section, "calls");
  EXPECT_EQ(d.sim_event, changed);
  EXPECT_EQ(d.other_event, changed);
  EXPECT_NE(d.other.find("ETIMEDOUT"), std::string::npos) << d.other;
  EXPECT_FALSE(d.is_choice());
  EXPECT_EQ(d.explanation, "disagreement: the two runs differ here");
  EXPECT_EQ(b.sim_marks()[changed], 0u);
  EXPECT_EQ(b.other_marks()[changed], 0u);

  // Laid out whole, each ladder outlines the call's mark.
  const view::LadderModel sim_ladder(sim->trace);
  const std::pair<const view::LadderModel*, const std::vector<std::uint32_t>*> sides[] = {
      {&sim_ladder, &b.sim_marks()}, {&b.ladder(), &b.other_marks()}};
  for (const auto& [model, marks] : sides) {
    view::TimelineView v;
    view::fit_all(*model, v, 800);
    view::LayoutMetrics m;
    m.height = 800;
    view::TimelineLayout layout;
    view::lay_out(*model, v, m, model->trace().events.size(), trace::kNone, layout);
    const std::vector<HighlightRecord> h = highlights(*model, layout, *marks, b.differences());
    ASSERT_FALSE(h.empty());
    EXPECT_FALSE(h[0].arrow);
    EXPECT_FALSE(h[0].choice);
    EXPECT_EQ(h[0].difference, 0u);
  }
}

TEST(Beside, AFrameOnlyOneSideSentIsOutlinedOnEveryHop) {
  auto sim = simulated("handshake.yaml");
  auto other = shifted(*sim, 0);
  // The other run never sent the last segment of the handshake (the client's ACK).
  const std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(sim->trace);
  trace::FrameId ack = trace::kNone;
  for (const trace::Event& e : sim->trace.events) {
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    if (f != nullptr && numbers[f->frame].is_tcp && numbers[f->frame].flags == tcp::flag::ACK) {
      ack = f->frame;
      break;
    }
  }
  ASSERT_NE(ack, trace::kNone);
  other->trace.events.clear();
  for (const trace::Event& e : sim->trace.events) {
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    if (f == nullptr || f->frame != ack) other->trace.events.push_back(e);
  }
  Beside b(std::move(other), BesideKind::Live, "Linux (live run)");
  b.compare_with(*sim);
  std::size_t only_sim = 0;
  for (const Difference& d : b.differences()) {
    if (d.sim_event != trace::kNone && d.other_event == trace::kNone &&
        d.section.rfind("segments", 0) == 0) {
      ++only_sim;
      EXPECT_EQ(d.explanation.rfind(d.is_choice() ? "Linux's choice (" : "disagreement", 0), 0u)
          << d.explanation;
    }
  }
  EXPECT_EQ(only_sim, 1u);

  view::LadderModel sim_ladder(sim->trace);
  view::TimelineView v;
  view::fit_all(sim_ladder, v, 800);
  view::LayoutMetrics m;
  m.height = 800;
  view::TimelineLayout layout;
  view::lay_out(sim_ladder, v, m, sim->trace.events.size(), trace::kNone, layout);
  std::size_t arrows = 0, hops = 0;
  for (const HighlightRecord& h : highlights(sim_ladder, layout, b.sim_marks(), b.differences()))
    arrows += h.arrow ? 1 : 0;
  for (const view::ArrowRecord& a : layout.arrows) hops += sim_ladder.hops[a.hop].frame == ack;
  EXPECT_GT(hops, 0u);
  EXPECT_EQ(arrows, hops);
}

TEST(Beside, SteppingTheSimulationStepsTheOtherRunToTheAlignedTime) {
  auto sim = simulated("close.yaml");
  Beside b(shifted(*sim, 12'345), BesideKind::Capture, "capture");
  b.compare_with(*sim);
  EXPECT_EQ(b.other_step(0), 0u);
  // The same records on another clock: the same step, whatever the shift.
  for (std::size_t step = 1; step <= sim->trace.events.size(); ++step) {
    const trace::TimeUs t = sim->trace.events[step - 1].t;
    const bool last_at_t = step == sim->trace.events.size() || sim->trace.events[step].t != t;
    if (last_at_t) {
      EXPECT_EQ(b.other_step(step), step) << step;
    }
  }
  // The simulation's last record level with the other's first: the other run
  // is behind, and shows less at the same step.
  b.align_on(static_cast<std::uint32_t>(sim->trace.events.size() - 1), 0);
  EXPECT_LT(b.other_step(sim->trace.events.size() / 2), sim->trace.events.size() / 2);
}

TEST(Beside, ADifferenceStepsBothRunsToItsRecords) {
  auto sim = simulated("rst_refused.yaml");
  auto other = shifted(*sim, 40'000);
  for (trace::Event& e : other->trace.events) {
    auto* c = std::get_if<trace::CallEvent>(&e.what);
    if (c != nullptr && c->err == ECONNREFUSED) c->err = ETIMEDOUT;
  }
  Session session;
  session.adopt(std::move(sim), false);
  session.set_beside(std::make_unique<Beside>(std::move(other), BesideKind::Live, "live"));
  ASSERT_EQ(session.beside->differences().size(), 1u);
  const Difference& d = session.beside->differences()[0];
  session.step_to_difference(0);
  EXPECT_EQ(session.step(), d.sim_event + 1);
  EXPECT_EQ(session.selected, d.sim_event);
  EXPECT_EQ(session.beside->other_step(session.step()), d.other_event + 1);
  EXPECT_EQ(session.beside->selected, d.other_event);
  // Stepping on leaves the difference: the other run follows the aligned time again.
  session.stepper->set(0);
  EXPECT_EQ(session.beside->other_step(session.step()), 0u);
}

TEST(Beside, TheLaddersGoSideBySideWhenBothFitElseOneAboveTheOther) {
  const LadderRects wide = split_ladders(1000, 600, 450, 10);
  EXPECT_FALSE(wide.stacked);
  EXPECT_FLOAT_EQ(wide.sim.width, 495);
  EXPECT_FLOAT_EQ(wide.other.x, 505);
  EXPECT_FLOAT_EQ(wide.other.height, 600);
  const LadderRects narrow = split_ladders(800, 600, 450, 10);
  EXPECT_TRUE(narrow.stacked);
  EXPECT_FLOAT_EQ(narrow.sim.width, 800);
  EXPECT_FLOAT_EQ(narrow.sim.height, 295);
  EXPECT_FLOAT_EQ(narrow.other.y, 305);
}

TEST(Beside, AScenarioOrAMissingFileIsRefusedByName) {
  LoadOutcome scenario = load_beside(kScenarios + "handshake.yaml");
  EXPECT_FALSE(scenario.document);
  ASSERT_EQ(scenario.errors.size(), 1u);
  EXPECT_EQ(scenario.errors[0].rfind(kScenarios + "handshake.yaml: a scenario", 0), 0u)
      << scenario.errors[0];
  LoadOutcome missing = load_beside("/nonexistent/lab.pcap");
  EXPECT_FALSE(missing.document);
  ASSERT_FALSE(missing.errors.empty());
  EXPECT_NE(missing.errors[0].find("/nonexistent/lab.pcap"), std::string::npos);
}

}  // namespace
}  // namespace synack::gui

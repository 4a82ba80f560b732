// The timeline's layout into draw records, without a window.
#include "sim/view/timeline_layout.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "gui/model/document.hpp"
#include "trace_fixture.hpp"

namespace synack::gui {

using namespace view;
namespace {

using trace::testing::Lan;
constexpr std::uint32_t kClientIsnForLoss = 7000;

class LayoutTest : public ::testing::Test {
 protected:
  LayoutTest() {
    m.width = 1000;
    m.height = 800;
    m.min_lane_gap = 100;
    m.gutter = 100;
    m.fold_px = 5;
  }
  Lan lan = trace::testing::handshake();
  LadderModel model{lan.trace};
  LayoutMetrics m;
  TimelineView view;
  TimelineLayout out;

  void fit() { fit_all(model, view, m.height); }
  void lay() { lay_out(model, view, m, lan.trace.events.size(), kNone, out); }
};

TEST_F(LayoutTest, LanesSpreadEvenlyRightOfTheGutter) {
  fit();
  lay();
  ASSERT_EQ(out.lanes.size(), 4u);
  EXPECT_GT(out.lanes[0].x, m.gutter);
  EXPECT_LT(out.lanes[3].x, m.width);
  EXPECT_FLOAT_EQ(out.lanes[1].x - out.lanes[0].x, out.lanes[2].x - out.lanes[1].x);
}

TEST_F(LayoutTest, WholeRunFitsAndEveryHopIsDrawnOrFolded) {
  fit();
  view.us_per_px = 2;  // the 1300 us run in 650 px
  view.top = -10;
  lay();
  std::size_t folded = 0;
  for (const FoldRecord& f : out.folds) folded += f.count;
  std::size_t dense = 0;
  for (const DenseRecord& d : out.dense) dense += d.count;
  EXPECT_EQ(dense, 0u);
  EXPECT_EQ(out.arrows.size() + folded, model.hops.size());
}

TEST_F(LayoutTest, ArrowsSlopeDownByTheLinkDelay) {
  view.us_per_px = 0.1;  // 10 us = 100 px
  view.top = -5;
  lay();
  ASSERT_FALSE(out.arrows.empty());
  const ArrowRecord& a = out.arrows.front();
  EXPECT_NEAR(a.y1 - a.y0, 100, 0.01);
  EXPECT_NEAR(a.y0, 50, 0.01);
}

TEST_F(LayoutTest, OnlyTheVisibleRangeIsLaidOut) {
  view.us_per_px = 0.1;  // 80 us tall: 1000..1080 holds nothing but timer and bands
  view.top = 1000;
  lay();
  EXPECT_TRUE(out.arrows.empty());
  EXPECT_TRUE(out.marks.empty());
  EXPECT_FALSE(out.bands.empty());   // the established connections go on
  EXPECT_FALSE(out.timers.empty());  // the retransmission timer runs until 1200
}

TEST_F(LayoutTest, CloseItemsFoldWithACount) {
  view.us_per_px = 100;  // the whole run in 13 px
  view.top = -100;
  lay();
  std::uint32_t folded_marks = 0;
  for (const MarkRecord& r : out.marks) folded_marks += r.count > 1 ? r.count : 0;
  EXPECT_GT(folded_marks, 0u);
  std::size_t folded_hops = 0;
  for (const FoldRecord& f : out.folds) folded_hops += f.count;
  std::size_t dense = 0;
  for (const DenseRecord& d : out.dense) dense += d.count;
  EXPECT_GT(folded_hops + dense, 0u);
  // A fold holds marks of one lane only, one after the other.
  for (const MarkRecord& r : out.marks) {
    for (std::uint32_t k = r.mark; k < r.mark + r.count && k < model.marks.size(); ++k) {
      EXPECT_LE(model.marks[k].t - model.marks[r.mark].t, 100 * 5);
    }
  }
}

TEST_F(LayoutTest, LabelsNeverOverlapInAColumn) {
  fit();
  lay();
  for (std::size_t i = 0; i < out.labels.size(); ++i) {
    for (std::size_t j = i + 1; j < out.labels.size(); ++j) {
      if (std::fabs(out.labels[i].x - out.labels[j].x) < 1) {
        EXPECT_GE(std::fabs(out.labels[i].y - out.labels[j].y), m.line_h) << i << " " << j;
      }
    }
  }
}

// A SYN flood: the server's many half-open connections each run a timer.
TEST(BusyLane, OnlyTheSelectedConnectionsTimersAreDrawnAndBandsAreThin) {
  LoadOutcome loaded = load_document(std::string(SYNACK_SOURCE_DIR) + "/scenarios/syn_flood.yaml");
  ASSERT_TRUE(loaded.document);
  const Trace& trace = loaded.document->trace;
  const LadderModel model(trace);
  std::uint16_t busy = LadderModel::kNoLane;
  for (std::uint16_t l = 0; l < model.lanes.size(); ++l) {
    if (model.lanes[l].timer_slots > kBusyTimerSlots) busy = l;
  }
  ASSERT_NE(busy, LadderModel::kNoLane);
  EXPECT_EQ(shown_timer_slots(model.lanes[busy]), 1);
  LayoutMetrics m;
  m.width = 1600;
  TimelineView view;
  fit_all(model, view, m.height);
  TimelineLayout out;
  const auto in_busy_lane = [&](const SpanRecord& r) { return model.timers[r.track].lane == busy; };
  lay_out(model, view, m, trace.events.size(), kNone, out);
  EXPECT_EQ(std::count_if(out.timers.begin(), out.timers.end(), in_busy_lane), 0);

  // Select a timer of a connection whose bars sit in a later slot.
  std::uint32_t chosen = kNone;
  trace::ConnId conn = kNone;
  for (const Track& track : model.timers) {
    if (track.lane == busy && track.slot > 0 && !track.spans.empty()) {
      chosen = track.spans.front().event0;
      conn = track.spans.front().conn;
      break;
    }
  }
  ASSERT_NE(chosen, kNone);
  lay_out(model, view, m, trace.events.size(), chosen, out);
  std::size_t shown = 0;
  for (const SpanRecord& r : out.timers) {
    if (!in_busy_lane(r)) continue;
    ++shown;
    EXPECT_EQ(model.timers[r.track].spans[r.span].conn, conn);
    EXPECT_FLOAT_EQ(r.x, lane_x(model, view, m, busy) - 4 - m.timer_w);  // the first slot
  }
  EXPECT_GT(shown, 0u);
  // Its many connections' state bands are thin.
  ASSERT_GT(model.lanes[busy].band_slots, kBusyBandSlots);
  std::size_t thin = 0;
  for (const SpanRecord& r : out.bands) {
    if (model.bands[r.track].lane != busy) continue;
    EXPECT_LT(r.w, m.band_w);
    ++thin;
  }
  EXPECT_GT(thin, 0u);
}

TEST_F(LayoutTest, FrameLabelsLeaveStateNamesClear) {
  view.us_per_px = 0.5;
  view.top = -20;
  lay();
  ASSERT_FALSE(out.state_labels.empty());
  ASSERT_FALSE(out.labels.empty());
  std::size_t whole = 0;
  for (const LabelRecord& l : out.labels) {
    whole += l.text == model.hop_label(model.hops[l.hop], false);
    for (const StateLabelRecord& s : out.state_labels) {
      const bool apart_x = l.x + l.w / 2 <= s.x || l.x - l.w / 2 >= s.x + s.w;
      const bool apart_y = l.y <= s.y || l.y - m.line_h >= s.y + m.line_h;
      EXPECT_TRUE(apart_x || apart_y) << l.text << " over a state name at " << s.x << "," << s.y;
    }
  }
  EXPECT_GT(whole, 0u);
}

// Every text the layout places (state names, the marks' words, frame labels,
// counts of folded frames, timer names) keeps clear of every other, in each classroom scenario,
// from the first view of the run to the whole of it.
TEST(TextPlacement, NoTwoTextsOverlapInAnyScenario) {
  struct Box {
    float x0, y0, x1, y1;
    std::string what;
  };
  const std::string dir = std::string(SYNACK_SOURCE_DIR) + "/scenarios/";
  for (const char* name : {"handshake", "close", "simultaneous_close", "syn_flood",
                           "retransmission", "arp_via_gateway", "sticky_packets"}) {
    LoadOutcome loaded = load_document(dir + name + ".yaml");
    ASSERT_TRUE(loaded.document) << name;
    const LadderModel model(loaded.document->trace);
    LayoutMetrics m;
    m.width = 880;
    m.height = 640;
    TimelineView view;
    fit_readable(model, view, m.height, m.line_h);
    std::size_t texts = 0;
    for (int zoom = 0; zoom < 4; ++zoom) {
      TimelineLayout out;
      lay_out(model, view, m, loaded.document->trace.events.size(), kNone, out);
      std::vector<Box> boxes;
      for (const StateLabelRecord& s : out.state_labels) {
        boxes.push_back({s.x, s.y, s.x + s.w, s.y + m.line_h, "state name"});
      }
      for (const MarkRecord& r : out.marks) {
        if (r.text.empty()) continue;
        boxes.push_back(
            {r.text_x, r.y - m.line_h / 2, r.text_x + r.text_w, r.y + m.line_h / 2, r.text});
      }
      for (const LabelRecord& l : out.labels) {
        boxes.push_back({l.x - l.w / 2, l.y - m.line_h, l.x + l.w / 2, l.y, l.text});
      }
      for (const FoldRecord& f : out.folds) {
        if (!f.counted) continue;
        const float left = f.text_x;
        boxes.push_back({left, f.y - m.line_h, left + m.width_of("+" + std::to_string(f.count)),
                         f.y, "a count of folded frames"});
      }
      for (const BreakRecord& b : out.breaks) {
        if (b.text.empty()) continue;
        const float w = m.width_of(b.text), cx = m.gutter + (m.width - m.gutter) / 2;
        const float mid = (b.y0 + b.y1) / 2;
        boxes.push_back({cx - w / 2, mid - m.line_h / 2, cx + w / 2, mid + m.line_h / 2, b.text});
      }
      for (const TimerLabelRecord& t : out.timer_labels) {
        boxes.push_back({t.x, t.y, t.x + t.w, t.y + m.line_h, "timer name"});
      }
      texts += boxes.size();
      for (std::size_t i = 0; i < boxes.size(); ++i) {
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
          const Box &a = boxes[i], &b = boxes[j];
          const bool apart = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
          EXPECT_TRUE(apart) << name << " zoom " << zoom << ": \"" << a.what << "\" over \""
                             << b.what << "\" at " << a.x0 << "," << a.y0;
        }
      }
      zoom_at(model, view, m.height, 0, 0.5);
    }
    EXPECT_GT(texts, 10u) << name;
  }
}

// Words beside a lifeline are shortened to the room there, with "…".
TEST(TextPlacement, MarkWordsFitBesideTheirLifeline) {
  LoadOutcome loaded =
      load_document(std::string(SYNACK_SOURCE_DIR) + "/scenarios/arp_via_gateway.yaml");
  ASSERT_TRUE(loaded.document);
  const LadderModel model(loaded.document->trace);
  LayoutMetrics m;
  m.width = 700;
  TimelineView view;
  fit_readable(model, view, m.height, m.line_h);
  TimelineLayout out;
  lay_out(model, view, m, loaded.document->trace.events.size(), kNone, out);
  std::size_t cut = 0, words = 0;
  for (const MarkRecord& r : out.marks) {
    if (r.text.empty() || r.counted_only) continue;
    ++words;
    EXPECT_GE(r.text_x, model.lanes[model.marks[r.mark].lane].node == 0 ? m.gutter : 0) << r.text;
    EXPECT_LT(r.text_x + r.text_w, r.x);
    cut += r.text.find("…") != std::string::npos;
  }
  EXPECT_GT(words, 0u);
  EXPECT_GT(cut, 0u) << "at 700 px some words should have been shortened";
}

TEST_F(LayoutTest, LabelsOfOneGapReachPastItsLifelinesForTheWholeText) {
  m.width = 520;  // lanes 133 px apart: the whole label needs 225 px
  m.min_lane_gap = 100;
  m.lane_pad = 10;
  view.us_per_px = 0.5;
  view.top = -20;
  // A frame lost on the client's link to the switch: its path is one gap.
  const trace::FrameId syn = lan.tcp(true, tcp::flag::SYN, kClientIsnForLoss, 0);
  const TimeUs t = lan.trace.events.back().t + 50;
  const trace::LinkId link = lan.trace.links.front().a == lan.client ? 0 : 1;
  for (const trace::Fate fate : {trace::Fate::Sent, trace::Fate::Dropped}) {
    lan.trace.add(
        t, trace::FrameEvent{syn, link, lan.client, lan.sw, fate, false, lan.trace.intern("loss")});
  }
  const LadderModel lossy(lan.trace);
  view.top = lossy.axis.to_virtual(t) - 100;
  lay_out(lossy, view, m, lan.trace.events.size(), kNone, out);
  const auto it = std::find_if(out.labels.begin(), out.labels.end(), [&](const LabelRecord& l) {
    return lossy.hops[l.hop].frame == syn;
  });
  ASSERT_NE(it, out.labels.end());
  EXPECT_EQ(it->text, lossy.hop_label(lossy.hops[it->hop], false));
}

TEST_F(LayoutTest, LabelsShortenToTheirRoom) {
  m.width = 420;  // lanes 100 px apart: a label across one gap has about 80 px
  m.min_lane_gap = 100;
  m.lane_pad = 10;
  view.us_per_px = 0.5;
  view.top = -20;
  lay();
  ASSERT_FALSE(out.labels.empty());
  for (const LabelRecord& l : out.labels) {
    EXPECT_EQ(l.text.find("Win="), std::string::npos) << l.text;
    EXPECT_FLOAT_EQ(l.w, m.width_of(l.text));
  }
}

TEST_F(LayoutTest, NowLineFollowsTheStep) {
  view.us_per_px = 1;
  view.top = 0;
  lay_out(model, view, m, 0, kNone, out);
  EXPECT_LT(out.now_y, 0);
  std::size_t step = 0;
  while (lan.trace.events[step].t < 200) ++step;
  lay_out(model, view, m, step + 1, kNone, out);
  EXPECT_NEAR(out.now_y, 201, 0.01);
}

TEST_F(LayoutTest, HitTestFindsTheArrowUnderTheMouse) {
  view.us_per_px = 0.1;
  view.top = -5;
  lay();
  const ArrowRecord& a = out.arrows.front();
  const std::uint32_t hit = hit_test(model, out, (a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2, 6);
  EXPECT_EQ(hit, model.hops[a.hop].sent_event);
  EXPECT_EQ(hit_test(model, out, m.gutter / 2, 700, 6), kNone);
}

TEST_F(LayoutTest, ZoomKeepsTheTimeUnderTheMouse) {
  fit();
  const TimeUs before = y_time(model, view, 300);
  zoom_at(model, view, m.height, 300, 4);
  EXPECT_NEAR(static_cast<double>(y_time(model, view, 300)), static_cast<double>(before), 1.0);
  // Never finer than 1 us per 50 px.
  for (int i = 0; i < 40; ++i) zoom_at(model, view, m.height, 300, 2);
  EXPECT_DOUBLE_EQ(view.us_per_px, TimelineView::kFinest);
}

TEST_F(LayoutTest, FirstViewLeavesRoomForLabels) {
  fit_readable(model, view, m.height, 18);
  TimelineView whole;
  fit_all(model, whole, m.height);
  EXPECT_LE(view.us_per_px, whole.us_per_px);
  lay();
  ASSERT_FALSE(out.arrows.empty());
  EXPECT_GE(out.labels.size(), 3u);
  // It starts at the first frame.
  EXPECT_GT(time_y(model, view, model.hops.front().t0), 0);
}

TEST_F(LayoutTest, RevealCentresATimeOutOfView) {
  view.us_per_px = 0.1;
  view.top = 0;
  reveal(model, view, m.height, 1200);
  const float y = time_y(model, view, 1200);
  EXPECT_NEAR(y, m.height / 2, 1);
}

TEST_F(LayoutTest, TicksLabelRealTimeAcrossABreak) {
  // A 2 s idle wait at the end compresses into a break; ticks skip it.
  trace::Trace& tr = lan.trace;
  tr.add(2'001'300, trace::NoteEvent{lan.client, tr.intern("later")});
  const LadderModel squeezed(tr);
  ASSERT_EQ(squeezed.axis.breaks().size(), 1u);
  TimelineView v;
  fit_all(squeezed, v, m.height);
  lay_out(squeezed, v, m, 0, kNone, out);
  ASSERT_EQ(out.breaks.size(), 1u);
  for (const TickRecord& t : out.ticks) {
    EXPECT_FALSE(t.t > out.breaks[0].t0 && t.t < out.breaks[0].t1) << t.t;
  }
}

TEST_F(LayoutTest, AMillionHopsStayCheapWhenZoomedOut) {
  // Synthetic: many frames between client and server, 1 us apart.
  trace::Trace big = lan.trace;
  const trace::FrameId f = 0;
  for (int i = 0; i < 200000; ++i) {
    const TimeUs t = 2000 + i;
    big.add(t, trace::FrameEvent{f, 0, lan.client, lan.sw, trace::Fate::Sent, false, kNone});
    big.add(t, trace::FrameEvent{f, 0, lan.client, lan.sw, trace::Fate::Delivered, false, kNone});
  }
  const LadderModel bm(big);
  TimelineView v;
  fit_all(bm, v, m.height);
  lay_out(bm, v, m, 0, kNone, out);
  std::size_t counted = out.arrows.size();
  for (const FoldRecord& r : out.folds) counted += r.count;
  for (const DenseRecord& d : out.dense) counted += d.count;
  EXPECT_GE(counted, 200000u);
  EXPECT_LT(out.arrows.size() + out.folds.size() + out.dense.size(), 2000u);
}

TEST(LayoutLoop, AFrameToItselfIsALoopRightOfItsLifeline) {
  Lan lan;
  const trace::LinkId lo = static_cast<trace::LinkId>(lan.trace.links.size());
  lan.trace.links.push_back(trace::LinkInfo{"client:lo", lan.client, lan.client, 0, 0, 10, 0});
  const trace::FrameId syn = lan.tcp(true, tcp::flag::SYN, trace::testing::kClientIsn, 0);
  lan.trace.add(0, trace::FrameEvent{syn, lo, lan.client, lan.client, trace::Fate::Sent, false});
  lan.trace.add(10,
                trace::FrameEvent{syn, lo, lan.client, lan.client, trace::Fate::Delivered, false});
  const LadderModel model(lan.trace);
  LayoutMetrics m;
  TimelineView view;
  view.us_per_px = 1;  // the 10 us loopback is 10 px, less than a line
  view.top = -20;
  TimelineLayout out;
  lay_out(model, view, m, lan.trace.events.size(), kNone, out);
  ASSERT_EQ(out.arrows.size(), 1u);
  const ArrowRecord& a = out.arrows.front();
  const float lifeline = lane_x(model, view, m, model.hops[a.hop].from_lane);
  EXPECT_FLOAT_EQ(a.x0, lifeline);
  EXPECT_FLOAT_EQ(a.x1, lifeline);
  EXPECT_GT(a.loop_x, lifeline + m.line_h) << "out past the bands";
  EXPECT_GE(a.y1 - a.y0, m.line_h) << "a line high at least, so it is seen";
  const ArrowPath path = path_of(a);
  ASSERT_EQ(path.size, 4u);
  EXPECT_FLOAT_EQ(path.at[1].x, a.loop_x);
  EXPECT_FLOAT_EQ(path.at[2].y, a.y1);
  ASSERT_EQ(out.labels.size(), 1u);
  EXPECT_GT(out.labels.front().x - out.labels.front().w / 2, a.loop_x) << "the label beside it";
  EXPECT_EQ(hit_test(model, out, a.loop_x, (a.y0 + a.y1) / 2, 3), model.hops[a.hop].sent_event)
      << "the loop's far side can be clicked";
}

}  // namespace
}  // namespace synack::gui

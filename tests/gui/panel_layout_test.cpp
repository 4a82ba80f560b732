// The default layout of the panels and the ini lines that keep which are shown.
#include "gui/model/panel_layout.hpp"

#include <gtest/gtest.h>

namespace synack::gui {
namespace {

bool inside(const PanelRect& r, const LayoutArea& a) {
  return r.x >= 0 && r.y >= a.top && r.x + r.width <= a.width + 0.5f &&
         r.y + r.height <= a.height + 0.5f;
}

bool overlap(const PanelRect& a, const PanelRect& b) {
  return a.x + 0.5f < b.x + b.width && b.x + 0.5f < a.x + a.width && a.y + 0.5f < b.y + b.height &&
         b.y + 0.5f < a.y + a.height;
}

std::vector<PanelRequest> all_slots() {
  return {{PanelSlot::Center, 1, true},      {PanelSlot::Left, 2, true},
          {PanelSlot::Left, 1, true},        {PanelSlot::Right, 1, true},
          {PanelSlot::UnderCenter, 1, true}, {PanelSlot::UnderCenter, 1, true},
          {PanelSlot::Bottom, 1, true}};
}

TEST(PanelLayout, TimelineInTheMiddleAndNothingOverlapsAt1280x800) {
  const LayoutArea area{1280, 800, 26, 25, 110};
  const std::vector<PanelRect> r = default_layout(all_slots(), area);
  ASSERT_EQ(r.size(), 7u);
  for (std::size_t i = 0; i < r.size(); ++i) {
    EXPECT_TRUE(inside(r[i], area)) << i;
    for (std::size_t j = i + 1; j < r.size(); ++j)
      EXPECT_FALSE(overlap(r[i], r[j])) << i << "," << j;
  }
  const PanelRect& timeline = r[0];
  EXPECT_GT(timeline.x, 0);
  EXPECT_LT(timeline.x + timeline.width, 1280);
  EXPECT_GE(timeline.width, 1280 * 0.45f);
  EXPECT_EQ(r[6].y + r[6].height, 800);  // the step controls along the bottom
  EXPECT_EQ(r[6].width, 1280);
}

TEST(PanelLayout, ASlotIsSharedByTheShareEachAsksFor) {
  const LayoutArea area{1280, 800, 26, 25, 110};
  const std::vector<PanelRect> r = default_layout(all_slots(), area);
  EXPECT_NEAR(r[1].height, 2 * r[2].height, 0.5f);  // stacked in a column
  EXPECT_EQ(r[1].y + r[1].height, r[2].y);
  EXPECT_NEAR(r[4].width, r[5].width, 0.5f);  // side by side under the timeline
  EXPECT_EQ(r[4].y, r[5].y);
  EXPECT_EQ(r[0].y + r[0].height, r[4].y);
}

TEST(PanelLayout, AnEmptyColumnGivesItsRoomToTheTimeline) {
  const LayoutArea area{1280, 800, 26, 25, 110};
  std::vector<PanelRequest> p = all_slots();
  const float with_left = default_layout(p, area)[0].width;
  p[1].visible = p[2].visible = false;
  const std::vector<PanelRect> r = default_layout(p, area);
  EXPECT_EQ(r[0].x, 0);
  EXPECT_GT(r[0].width, with_left);
  // A hidden panel still has a sensible place for when it is shown.
  EXPECT_GT(r[1].width, 100);
  EXPECT_GT(r[1].height, 100);
}

TEST(PanelLayout, ScalesToAProjector) {
  const LayoutArea small{1280, 800, 26, 25, 110};
  const LayoutArea big{1920, 1080, 32, 30, 130};
  const PanelRect a = default_layout(all_slots(), small)[0];
  const PanelRect b = default_layout(all_slots(), big)[0];
  EXPECT_GT(b.width, a.width);
  EXPECT_GT(b.height, a.height);
}

TEST(PanelLayout, ShownLinesRoundTrip) {
  EXPECT_EQ(shown_line("State diagram", true), "State diagram=1");
  const auto line = parse_shown_line("The rule that fired=0");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->title, "The rule that fired");
  EXPECT_FALSE(line->visible);
  EXPECT_TRUE(parse_shown_line("a=b=1")->visible);
  EXPECT_FALSE(parse_shown_line("no value"));
  EXPECT_FALSE(parse_shown_line("=1"));
  EXPECT_FALSE(parse_shown_line("TCB=yes"));
}

}  // namespace
}  // namespace synack::gui

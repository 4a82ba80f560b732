// The words of the event list and the arrow labels, and the list's filter.
#include "sim/view/event_text.hpp"

#include <gtest/gtest.h>

#include "core/tcp_segment.hpp"
#include "gui/model/event_columns.hpp"
#include "gui/model/event_filter.hpp"
#include "trace_fixture.hpp"

namespace synack::gui {

using namespace view;
namespace {

TEST(EventText, FlagsInWiresharksWordsAndOrder) {
  namespace flag = tcp::flag;
  EXPECT_EQ(tcp_flag_words(flag::SYN | flag::ACK), "SYN, ACK");
  EXPECT_EQ(tcp_flag_words(flag::FIN | flag::ACK | flag::PSH), "FIN, PSH, ACK");
  EXPECT_EQ(tcp_flag_words(0), "<none>");
}

TEST(EventText, FrameLabelsLikeTheFlowGraph) {
  const auto lan = trace::testing::handshake();
  const auto numbers = trace::number_tcp_frames(lan.trace);
  EXPECT_EQ(frame_label(lan.trace, 0, numbers[0], false), "Who has 10.0.0.2? Tell 10.0.0.1");
  EXPECT_EQ(frame_label(lan.trace, 1, numbers[1], false), "10.0.0.2 is at 02:00:00:00:00:02");
  EXPECT_EQ(frame_label(lan.trace, 3, numbers[3], false), "SYN, ACK Seq=0 Ack=1 Win=65535 Len=0");
  EXPECT_EQ(frame_label(lan.trace, 3, numbers[3], true),
            "SYN, ACK Seq=5000 Ack=1001 Win=65535 Len=0");
}

TEST(EventText, CallsShowTheirResultOrErrno) {
  const auto lan = trace::testing::handshake();
  std::vector<std::string> calls;
  for (const auto& e : lan.trace.events) {
    if (const auto* c = std::get_if<trace::CallEvent>(&e.what))
      calls.push_back(call_summary(lan.trace, *c));
  }
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[0], "connect(3, 10.0.0.2:80) … blocks");
  EXPECT_EQ(calls[1], "connect(3, 10.0.0.2:80) → 0");
  EXPECT_EQ(calls[3], "recv(4, 100) → 5 \"xxxxx\"");
  EXPECT_EQ(calls[4], "bind(5, 10.0.0.2:80) = -1 EADDRINUSE");
}

TEST(EventText, TimesAsPeopleReadThem) {
  EXPECT_EQ(format_time(250), "250 µs");
  EXPECT_EQ(format_time(12'345), "12.345 ms");
  EXPECT_EQ(format_time(20'000), "20 ms");
  EXPECT_EQ(format_time(2'000'000), "2.000 s");
  EXPECT_EQ(format_time(2'000'001), "2.000001 s");
  EXPECT_EQ(format_ms(12'345), "12.345");
}

TEST(EventFilter, TogglesAndTextNarrowTheList) {
  const auto lan = trace::testing::handshake();
  const auto numbers = trace::number_tcp_frames(lan.trace);
  EventFilter only_states;
  only_states.shown.fill(false);
  only_states.shown[static_cast<std::size_t>(Category::State)] = true;
  EXPECT_EQ(filter_events(lan.trace, numbers, only_states, false).size(), 5u);

  EventFilter text;
  text.shown.fill(true);
  text.text = "eaddrinuse";
  const auto rows = filter_events(lan.trace, numbers, text, false);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<trace::CallEvent>(lan.trace.events[rows[0]].what));

  EventFilter by_node;
  by_node.shown.fill(true);
  by_node.text = "SW1";
  for (std::uint32_t i : filter_events(lan.trace, numbers, by_node, false)) {
    const std::string s = event_summary(lan.trace, numbers, lan.trace.events[i], false);
    EXPECT_TRUE(node_of(lan.trace.events[i]) == lan.sw || contains_ignoring_case(s, "sw1")) << s;
  }
}

TEST(EventFilter, IgnoredInputsHaveTheirOwnToggleShownByDefault) {
  auto lan = trace::testing::handshake();
  const trace::TextId what = lan.trace.intern("rcv . 1:1(0) ack 1 win 65535");
  const trace::TextId why = lan.trace.intern("not acceptable: SEG.SEQ outside RCV.WND");
  lan.trace.add(lan.trace.events.back().t,
                trace::IgnoredEvent{lan.server, 0, tcp::State::Established, what, why});
  const auto numbers = trace::number_tcp_frames(lan.trace);
  const auto last = static_cast<std::uint32_t>(lan.trace.events.size() - 1);
  EXPECT_EQ(category_of(lan.trace.events[last]), Category::Ignored);
  EXPECT_STREQ(category_name(Category::Ignored), "Ignored");
  EXPECT_EQ(filter_events(lan.trace, numbers, EventFilter{}, false).back(), last);
  EventFilter no_ignored;
  no_ignored.shown[static_cast<std::size_t>(Category::Ignored)] = false;
  const auto rows = filter_events(lan.trace, numbers, no_ignored, false);
  EXPECT_TRUE(rows.empty() || rows.back() != last);
  EventFilter by_reason;
  by_reason.text = "outside rcv.wnd";
  EXPECT_EQ(filter_events(lan.trace, numbers, by_reason, false), std::vector<std::uint32_t>{last});
}

TEST(EventColumns, TimeAndNodeAsWideAsTheirTextTheSummaryTheRest) {
  auto lan = trace::testing::handshake();
  // 400 px at 10 px a character: "client" and "server" need 7 characters, a
  // run under 10 ms five digits and the point ("0.123" is "00.123" wide).
  EventColumns c = event_columns(lan.trace, 10, 8, 400);
  EXPECT_FLOAT_EQ(c.node, 70);
  EXPECT_FLOAT_EQ(c.time, 48);
  EXPECT_FLOAT_EQ(c.summary, 400 - 70 - 48);
  // A very long node name is cut at ten characters rather than squeeze the summary.
  lan.trace.nodes[0].name = "a-very-long-host-name-indeed";
  c = event_columns(lan.trace, 10, 8, 400);
  EXPECT_FLOAT_EQ(c.node, 110);
  // In a narrow panel the summary keeps more than half.
  c = event_columns(lan.trace, 10, 8, 200);
  EXPECT_GE(c.summary, 0.55f * 200 - 0.01f);
  EXPECT_GE(c.node, 40);
}

}  // namespace
}  // namespace synack::gui

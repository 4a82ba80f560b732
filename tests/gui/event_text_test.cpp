// The words of the event list and the arrow labels, and the list's filter.
#include "gui/model/event_text.hpp"

#include <gtest/gtest.h>

#include "core/tcp_segment.hpp"
#include "gui/model/event_filter.hpp"
#include "trace_fixture.hpp"

namespace synack::gui {
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

}  // namespace
}  // namespace synack::gui

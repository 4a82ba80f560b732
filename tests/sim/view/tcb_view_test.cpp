// The TCB at a step, and the sequence spaces of RFC 9293's Figures 3 and 4.
#include "sim/view/tcb_view.hpp"

#include <gtest/gtest.h>

#include "scenario_trace.hpp"

namespace synack::view {
namespace {

using namespace trace;
using tcp::TcbVar;

TcbAt tcb(std::initializer_list<std::pair<TcbVar, std::uint32_t>> values) {
  TcbAt t;
  for (const auto& [v, x] : values) {
    t.values[static_cast<std::size_t>(v)] = x;
    t.present |= static_cast<std::uint16_t>(1u << static_cast<unsigned>(v));
  }
  return t;
}

const SpaceStretch& stretch(const SequenceSpace& s, SpacePart p) {
  for (const SpaceStretch& st : s.stretches) {
    if (st.part == p) return st;
  }
  ADD_FAILURE() << "no " << space_part_name(p);
  return s.stretches.front();
}

void expect_placed_in_order(const SequenceSpace& s) {
  ASSERT_FALSE(s.stretches.empty());
  EXPECT_EQ(s.stretches.front().x0, 0);
  EXPECT_EQ(s.stretches.back().x1, 1);
  for (std::size_t i = 1; i < s.stretches.size(); ++i) {
    EXPECT_EQ(s.stretches[i].x0, s.stretches[i - 1].x1);
    EXPECT_LE(s.stretches[i].x0, s.stretches[i].x1);
  }
  for (std::size_t i = 1; i < s.marks.size(); ++i) {
    if (s.marks[i].at >= s.marks[i - 1].at) {
      EXPECT_GE(s.marks[i].x, s.marks[i - 1].x);
    }
  }
}

TEST(SendSpace, FourStretchesOfFigure3WithTheSendBuffer) {
  // 6 acknowledged (the SYN and 5 bytes), 4 in flight, a 10-byte window, 8 bytes queued.
  const SequenceSpace s = send_space(tcb({{TcbVar::Iss, 1000},
                                          {TcbVar::SndUna, 1006},
                                          {TcbVar::SndNxt, 1010},
                                          {TcbVar::SndWnd, 10},
                                          {TcbVar::SendQueued, 8}}));
  ASSERT_TRUE(s.valid);
  EXPECT_EQ(stretch(s, SpacePart::Acknowledged).to, 6);
  EXPECT_EQ(stretch(s, SpacePart::Unacknowledged).from, 6);
  EXPECT_EQ(stretch(s, SpacePart::Unacknowledged).to, 10);
  EXPECT_EQ(stretch(s, SpacePart::Usable).from, 10);
  EXPECT_EQ(stretch(s, SpacePart::Usable).to, 16);  // SND.UNA + SND.WND
  EXPECT_EQ(s.buffer_from, 6);
  EXPECT_EQ(s.buffer_to, 14);
  EXPECT_EQ(s.unsent, 4);
  EXPECT_FALSE(s.zero_window);
  expect_placed_in_order(s);
  ASSERT_EQ(s.marks.size(), 4u);
  EXPECT_EQ(s.marks[1].name, "SND.UNA");
  EXPECT_EQ(s.marks[3].name, "SND.UNA+SND.WND");
}

TEST(SendSpace, TheCongestionWindowLimitsTheUsableWindow) {
  const SequenceSpace s = send_space(tcb({{TcbVar::Iss, 0},
                                          {TcbVar::SndUna, 1},
                                          {TcbVar::SndNxt, 1},
                                          {TcbVar::SndWnd, 65535},
                                          {TcbVar::Cwnd, 1460}}));
  EXPECT_EQ(stretch(s, SpacePart::Usable).to, 1461);
  // Nothing in flight: SND.UNA and SND.NXT share a mark.
  ASSERT_EQ(s.marks.size(), 3u);
  EXPECT_EQ(s.marks[1].name, "SND.UNA=SND.NXT");
  EXPECT_EQ(s.marks.back().name, "SND.UNA+min(WND,cwnd)");
}

TEST(SendSpace, AWindowFullOfUnacknowledgedDataLeavesNoUsableWindow) {
  const SequenceSpace s = send_space(
      tcb({{TcbVar::Iss, 0}, {TcbVar::SndUna, 1}, {TcbVar::SndNxt, 11}, {TcbVar::SndWnd, 0}}));
  const SpaceStretch& usable = stretch(s, SpacePart::Usable);
  EXPECT_EQ(usable.from, usable.to);
  EXPECT_EQ(usable.x0, usable.x1);
  EXPECT_TRUE(s.zero_window);
}

TEST(ReceiveSpace, ZeroWindowWithAFullBuffer) {
  const SequenceSpace s = receive_space(tcb(
      {{TcbVar::Irs, 7000}, {TcbVar::RcvNxt, 7101}, {TcbVar::RcvWnd, 0}, {TcbVar::Readable, 100}}));
  ASSERT_TRUE(s.valid);
  EXPECT_TRUE(s.zero_window);
  EXPECT_EQ(stretch(s, SpacePart::Received).to, 101);
  EXPECT_EQ(stretch(s, SpacePart::Window).from, stretch(s, SpacePart::Window).to);
  EXPECT_EQ(s.buffer_from, 1);
  EXPECT_EQ(s.buffer_to, 101);
  EXPECT_EQ(s.marks.back().name, "RCV.NXT=RCV.NXT+RCV.WND");
  expect_placed_in_order(s);
}

TEST(ReceiveSpace, UnknownBeforeTheSyn) {
  EXPECT_FALSE(receive_space(tcb({{TcbVar::RcvWnd, 100}})).valid);
  // SYN-SENT: IRS and RCV.NXT are still 0.
  EXPECT_FALSE(
      receive_space(tcb({{TcbVar::Irs, 0}, {TcbVar::RcvNxt, 0}, {TcbVar::RcvWnd, 100}})).valid);
  // Nor is the peer's window: SND.WND 0 is not a closed window yet.
  const SequenceSpace syn_sent = send_space(
      tcb({{TcbVar::Iss, 500}, {TcbVar::SndUna, 500}, {TcbVar::SndNxt, 501}, {TcbVar::SndWnd, 0}}));
  EXPECT_TRUE(syn_sent.valid);
  EXPECT_FALSE(syn_sent.zero_window);
  EXPECT_FALSE(send_space(tcb({{TcbVar::SndWnd, 100}})).valid);
}

// The history agrees with folding every TCB record of the connection up to the step.
TEST(TcbHistory, AgreesWithAFoldOfTheRecordsAtEveryStep) {
  const Trace trace = testing::run_scenario("flow_control.yaml");
  const ConnIndex index(trace, number_tcp_frames(trace));
  const ConnId c = testing::connected_conn(trace, "server");
  ASSERT_NE(c, kNone);
  const ConnRecords& records = index.of(c);
  const TcbHistory history(trace, records);
  EXPECT_EQ(history.at(0).present, 0);
  std::array<std::uint32_t, tcp::kTcbVarCount> folded{};
  std::uint16_t present = 0;
  std::size_t next = 0;
  for (std::size_t step = 0; step <= trace.events.size(); ++step) {
    std::uint16_t last_changed = 0;
    while (next < records.tcbs.size() && records.tcbs[next] < step) {
      const auto& e = std::get<TcbEvent>(trace.events[records.tcbs[next]].what);
      for (int v = 0; v < tcp::kTcbVarCount; ++v) {
        if (auto x = trace.tcb_value(e, static_cast<TcbVar>(v))) folded[v] = *x;
      }
      present |= e.changed;
      ++next;
    }
    if (next > 0) {
      last_changed = std::get<TcbEvent>(trace.events[records.tcbs[next - 1]].what).changed;
    }
    const TcbAt at = history.at(step);
    ASSERT_EQ(at.present, present) << step;
    ASSERT_EQ(at.changed, last_changed) << step;
    for (int v = 0; v < tcp::kTcbVarCount; ++v) {
      if (present & (1u << v)) {
        ASSERT_EQ(at.values[v], folded[v]) << step << " " << v;
      }
    }
  }
}

// flow_control's receiver closes its window: the receive space shows it.
TEST(TcbHistory, TheFlowControlReceiverReachesAZeroWindow) {
  const Trace trace = testing::run_scenario("flow_control.yaml");
  const ConnIndex index(trace, number_tcp_frames(trace));
  bool seen = false;
  for (ConnId c = 0; c < trace.conns.size() && !seen; ++c) {
    const TcbHistory history(trace, index.of(c));
    for (const std::uint32_t i : index.of(c).tcbs) {
      const TcbAt at = history.at(i + 1);
      const SequenceSpace s = receive_space(at);
      if (s.valid && s.zero_window) {
        EXPECT_GT(s.buffer_to - s.buffer_from, 0) << "a closed window holds unread bytes";
        seen = true;
        break;
      }
    }
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace synack::view

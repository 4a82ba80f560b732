#include "sim/trace/ladder.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/tcp_segment.hpp"
#include "sim/trace/terminal_cells.hpp"
#include "trace_fixture.hpp"

namespace synack::trace {
namespace {

// The ladder as rows of code points, so columns can be compared.
struct Printed {
  std::string text;
  std::vector<std::u32string> rows;
  std::vector<std::size_t> lifelines;  // columns of client, server, other, sw1

  const std::u32string& row_with(std::u32string_view needle) const {
    for (const std::u32string& row : rows) {
      if (row.find(needle) != std::u32string::npos) return row;
    }
    ADD_FAILURE() << "no row contains the text";
    static const std::u32string none;
    return none;
  }
};

std::u32string code_points(std::string_view utf8) {
  std::u32string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : b & (0xFF >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (utf8[i + k] & 0x3F);
    out += c;
    i += n;
  }
  return out;
}

Printed print(const Trace& trace, bool color = false) {
  std::ostringstream out;
  write_ladder(trace, out, LadderOptions{color});
  Printed p;
  p.text = out.str();
  std::istringstream lines(p.text);
  std::string line;
  while (std::getline(lines, line)) p.rows.push_back(code_points(line));
  if (p.rows.size() > 1) {
    for (std::size_t x = 0; x < p.rows[1].size(); ++x) {
      if (p.rows[1][x] == U'│') p.lifelines.push_back(x);
    }
  }
  return p;
}

char32_t at(const std::u32string& row, std::size_t x) { return x < row.size() ? row[x] : U' '; }

class LadderOfHandshake : public ::testing::Test {
 protected:
  LadderOfHandshake() : printed_(print(testing::handshake().trace)) {}

  std::size_t column(int host) const { return printed_.lifelines.at(host); }

  Printed printed_;
};

TEST_F(LadderOfHandshake, HeaderNamesHostsFirstThenSwitches) {
  const std::u32string& header = printed_.rows.at(0);
  ASSERT_EQ(printed_.lifelines.size(), 4u);
  const char32_t* names[] = {U"client", U"server", U"other", U"sw1"};
  for (int i = 0; i < 4; ++i) {
    const std::size_t start = header.find(names[i]);
    ASSERT_NE(start, std::u32string::npos) << i;
    const std::size_t length = std::u32string_view(names[i]).size();
    // Centred over its lifeline.
    EXPECT_LE(start, column(i));
    EXPECT_GE(start + length, column(i) + 1);
  }
  EXPECT_NE(header.find(U"ms"), std::u32string::npos);
}

TEST_F(LadderOfHandshake, LifelinesStayAligned) {
  const std::u32string glyphs = U" │─┼├┤▶◀x";
  const std::size_t time_end = printed_.rows.at(0).find(U"ms") + 2;
  for (std::size_t r = 2; r < printed_.rows.size(); ++r) {
    const std::u32string& row = printed_.rows[r];
    // The time, in ms with three decimals, ends at the same column on every row.
    EXPECT_EQ(at(row, time_end - 4), U'.') << r;
    // Left of a row's first word, each lifeline is where the header put it.
    std::size_t text_start = time_end;
    while (text_start < row.size() && glyphs.find(row[text_start]) != std::u32string::npos) {
      ++text_start;
    }
    for (std::size_t x : printed_.lifelines) {
      if (x >= text_start) break;
      EXPECT_NE(std::u32string_view(U"│┼├┤─").find(at(row, x)), std::u32string::npos)
          << "row " << r << " col " << x;
    }
  }
}

TEST_F(LadderOfHandshake, FramesPointFromSenderToReceiver) {
  const std::u32string& syn = printed_.row_with(U"S seq 0 len 0");
  EXPECT_EQ(at(syn, column(0)), U'├');
  EXPECT_EQ(at(syn, column(1) - 1), U'▶');
  EXPECT_EQ(at(syn, column(1)), U'│');
  EXPECT_LT(syn.find(U"S seq 0 len 0"), column(1));  // on the arrow

  const std::u32string& syn_ack = printed_.row_with(U"S. seq 0 ack 1 len 0");
  EXPECT_EQ(at(syn_ack, column(0) + 1), U'◀');
  EXPECT_EQ(at(syn_ack, column(1)), U'┤');
  EXPECT_EQ(syn_ack.rfind(U"0.060", 0), 0u);  // drawn when it was sent
}

TEST_F(LadderOfHandshake, ADroppedFrameEndsWithAnX) {
  const std::u32string& lost = printed_.row_with(U"dropped");
  EXPECT_NE(lost.find(U"P. seq 1 ack 1 len 5"), std::u32string::npos);
  EXPECT_EQ(at(lost, column(0)), U'├');
  EXPECT_EQ(at(lost, column(1) - 1), U'x');
  EXPECT_EQ(lost.find(U'▶'), std::u32string::npos);
  EXPECT_NE(lost.find(U"(dropped on l2 to server: loss)"), std::u32string::npos);
}

TEST_F(LadderOfHandshake, FloodingReachesEveryHostAndSaysSo) {
  const std::u32string& flood = printed_.row_with(U"ARP who-has 10.0.0.2");
  EXPECT_NE(flood.find(U"(flooded by sw1)"), std::u32string::npos);
  EXPECT_EQ(at(flood, column(0)), U'├');
  EXPECT_EQ(at(flood, column(1) - 1), U'▶');
  EXPECT_EQ(at(flood, column(1)), U'┼');  // reached, and the arrow goes on
  EXPECT_EQ(at(flood, column(2) - 1), U'▶');

  const std::u32string& reply = printed_.row_with(U"ARP 10.0.0.2 is-at 02:00:00:00:00:02");
  EXPECT_EQ(reply.find(U"flooded"), std::u32string::npos);
  EXPECT_EQ(at(reply, column(0) + 1), U'◀');
}

TEST_F(LadderOfHandshake, NotesSitInTheirNodesColumn) {
  const auto starts_at = [&](std::u32string_view text, std::size_t x) {
    EXPECT_EQ(printed_.row_with(text).find(text), x);
  };
  starts_at(U"connect(3, 10.0.0.2:80) blocks", column(0) + 2);
  starts_at(U"[SYN-SENT -> ESTABLISHED] rcv SYN,ACK", column(0) + 2);
  starts_at(U"connect(3, 10.0.0.2:80) -> 0", column(0) + 2);
  starts_at(U":80-:49152 [SYN-RECEIVED -> ESTABLISHED] rcv ACK", column(1) + 2);
  starts_at(U":80 [CLOSED -> LISTEN]", column(1) + 2);
  starts_at(U"accept(3) -> 4", column(1) + 2);
  starts_at(U"bind(5, 10.0.0.2:80) = -1 EADDRINUSE", column(1) + 2);
  starts_at(U"recv(4, 100) -> 5 \"xxxxx\"", column(1) + 2);
  starts_at(U"arp: 10.0.0.2 = 02:00:00:00:00:02", column(0) + 2);
  starts_at(U"sw1 learns 02:00:00:00:00:01 on port 1", column(3) + 2);
  starts_at(U"server :80 syn_queue 1/5 accept_queue 0/5", column(1) + 2);
  starts_at(U"ARP: packet to 10.0.0.2 queued", column(0) + 2);
  // Only a timer's expiry is drawn.
  EXPECT_EQ(printed_.text.find("timer retransmission fired"),
            printed_.text.rfind("timer retransmission"));
}

// A row per frame (however many hops) and per record, but timers only when they
// fire and counters never.
TEST_F(LadderOfHandshake, OneRowPerFrameAndPerRecord) {
  const Trace trace = testing::handshake().trace;
  std::vector<bool> frame_seen(trace.frame_count(), false);
  std::size_t rows = 2;  // the header and the lifelines under it
  for (const Event& e : trace.events) {
    if (const auto* fe = std::get_if<FrameEvent>(&e.what)) {
      if (!frame_seen[fe->frame]) ++rows;
      frame_seen[fe->frame] = true;
    } else if (const auto* timer = std::get_if<TimerEvent>(&e.what)) {
      if (timer->op == TimerOp::Fired) ++rows;
    } else if (!std::holds_alternative<CounterEvent>(e.what)) {
      ++rows;
    }
  }
  EXPECT_EQ(printed_.rows.size(), rows);
}

TEST(Ladder, ColorOnlyWhenAsked) {
  const Trace trace = testing::handshake().trace;
  EXPECT_EQ(print(trace).text.find('\x1b'), std::string::npos);
  const std::string colored = print(trace, true).text;
  EXPECT_NE(colored.find("\x1b["), std::string::npos);
  // Escapes take no cells: the same words are there.
  EXPECT_NE(colored.find("S. seq 0 ack 1 len 0"), std::string::npos);
}

TEST(Ladder, AFrameStillInFlightHasNoHead) {
  testing::Lan lan;
  const FrameId syn = lan.tcp(true, tcp::flag::SYN, 1, 0);
  lan.trace.add(0, FrameEvent{syn, 0, lan.client, lan.sw, Fate::Sent, false, kNone});
  const Printed p = print(lan.trace);
  const std::u32string& row = p.row_with(U"(in flight)");
  EXPECT_EQ(at(row, p.lifelines[0]), U'├');
  EXPECT_EQ(row.find(U'▶'), std::u32string::npos);
}

TEST(Ladder, AFrameASwitchKeptEndsAtTheSwitch) {
  testing::Lan lan;
  const FrameId syn = lan.tcp(true, tcp::flag::SYN, 1, 0);
  lan.trace.add(0, FrameEvent{syn, 0, lan.client, lan.sw, Fate::Sent, false, kNone});
  lan.trace.add(10, FrameEvent{syn, 0, lan.client, lan.sw, Fate::Delivered, false, kNone});
  const Printed p = print(lan.trace);
  const std::u32string& row = p.row_with(U"S seq 0 len 0");
  EXPECT_EQ(at(row, p.lifelines[3] - 1), U'▶');
}

TEST(Ladder, AFrameLostOnTheWayIntoASwitchStopsShortOfTheNextHost) {
  testing::Lan lan;
  const FrameId syn = lan.tcp(true, tcp::flag::SYN, 1, 0);
  lan.trace.add(0, FrameEvent{syn, 0, lan.client, lan.sw, Fate::Sent, false, kNone});
  lan.trace.add(0, FrameEvent{syn, 0, lan.client, lan.sw, Fate::Dropped, false,
                              lan.trace.intern("link cut")});
  const Printed p = print(lan.trace);
  const std::u32string& row = p.row_with(U"(dropped on l1 to sw1: link cut)");
  EXPECT_EQ(at(row, p.lifelines[0]), U'├');
  const std::size_t x = row.find(U'x');
  EXPECT_GT(x, p.lifelines[0]);
  EXPECT_LT(x, p.lifelines[1]);
  EXPECT_EQ(at(row, p.lifelines[1]), U'│');
}

TEST(Ladder, RoutersStandBetweenHostsAndSwitches) {
  testing::Lan lan;
  NodeInfo r1;
  r1.name = "r1";
  r1.kind = NodeKind::Router;
  lan.trace.nodes.push_back(r1);
  const Printed p = print(lan.trace);
  const std::u32string& header = p.rows.at(0);
  EXPECT_LT(header.find(U"other"), header.find(U"r1"));
  EXPECT_LT(header.find(U"r1"), header.find(U"sw1"));
}

TEST(Ladder, ALabelTooLongForTheArrowFollowsIt) {
  testing::Lan lan;
  const FrameId data =
      lan.tcp(true, tcp::flag::ACK | tcp::flag::PSH, 4000000000u, 3999999999u, 1448);
  lan.cross(0, data, lan.client, lan.server);
  const Printed p = print(lan.trace);
  const std::u32string& row = p.row_with(U"P. seq 0 ack 0 len 1448");
  EXPECT_GT(row.find(U"P. seq"), p.lifelines.back());
  EXPECT_EQ(at(row, p.lifelines[1] - 1), U'▶');
}

TEST(Ladder, DataReadStaysOnOneRowAndIsCutShort) {
  testing::Lan lan;
  lan.call(0, lan.server, "recv", "recv(4, 1000)", 40, 0, CallPhase::Returned,
           "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n\x01");
  const Printed p = print(lan.trace);
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_NE(p.text.find(R"(recv(4, 1000) -> 40 "GET / HTTP/1.1\r\nHost: example."…)"),
            std::string::npos)
      << p.text;
}

// A state a capture's observer inferred says so; the simulator's own says nothing.
TEST(Ladder, InferredAndUncertainStatesSaySo) {
  testing::Lan lan;
  const ConnId conn = lan.trace.add_conn(lan.client, tcp::ConnectionId{});
  lan.trace.add(0, StateEvent{lan.client, conn, tcp::State::Closed, tcp::State::SynSent,
                              lan.trace.intern("active OPEN"), tcp::kNoRow, StateBasis::Inferred});
  lan.trace.add(1, StateEvent{lan.client, conn, tcp::State::SynSent, tcp::State::Established,
                              lan.trace.intern("rcv SYN,ACK"), tcp::kNoRow, StateBasis::Uncertain});
  lan.trace.add(2, StateEvent{lan.client, conn, tcp::State::Established, tcp::State::FinWait1,
                              lan.trace.intern("CLOSE")});
  const Printed p = print(lan.trace);
  EXPECT_NE(p.text.find("[CLOSED -> SYN-SENT] active OPEN (inferred)"), std::string::npos)
      << p.text;
  EXPECT_NE(p.text.find("[SYN-SENT -> ESTABLISHED] rcv SYN,ACK (uncertain)"), std::string::npos)
      << p.text;
  EXPECT_EQ(p.row_with(U"[ESTABLISHED -> FIN-WAIT-1] CLOSE").find(U'('), std::u32string::npos)
      << p.text;
}

TEST(Ladder, AnEmptyTracePrintsItsHeader) {
  testing::Lan lan;
  const Printed p = print(lan.trace);
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.lifelines.size(), 4u);
  EXPECT_EQ(print(Trace{}).rows.size(), 2u);
}

TEST(Ladder, LessonItemsComeAfterTheRecordsOfTheirTime) {
  testing::Lan lan;
  lan.call(0, lan.server, "listen", "listen(3, 5)", 0);
  lan.call(10, lan.client, "connect", "connect(3, 10.0.0.2:80)", 0);
  lan.trace.lesson = {LessonItem{0, "The server listens.", "", {}, -1},
                      LessonItem{5, "Next comes connect().", "Which flags?", {"S", "R"}, 0}};
  const Printed p = print(lan.trace);
  const std::size_t listen = p.text.find("listen(3, 5)");
  const std::size_t first = p.text.find("» The server listens.");
  const std::size_t question = p.text.find("? Which flags?");
  const std::size_t connect = p.text.find("connect(3, 10.0.0.2:80)");
  ASSERT_NE(first, std::string::npos) << p.text;
  ASSERT_NE(question, std::string::npos) << p.text;
  EXPECT_LT(listen, first);
  EXPECT_LT(question, connect);
  EXPECT_NE(p.text.find("S | R  → S"), std::string::npos) << p.text;
}

TEST(Ladder, ChineseTextTakesTwoColumnsACharacter) {
  testing::Lan lan;
  const std::string text =
      "服务器调用 listen()，进入 LISTEN 状态，等待客户端的三次握手。"
      "这一句很长，要换行才放得下，每一行都不超过图的宽度。";
  lan.trace.lesson = {LessonItem{0, text, "", {}, -1}};
  lan.call(1, lan.server, "listen", "listen(3, 5)", 0);
  const Printed p = print(lan.trace);
  std::size_t lines = 0;
  for (const std::u32string& row : p.rows) {
    std::string utf8;
    for (char32_t c : row) term::append_utf8(utf8, c);
    if (utf8.find("服务器") == std::string::npos && utf8.find("这一句") == std::string::npos &&
        utf8.find("度。") == std::string::npos) {
      continue;
    }
    ++lines;
    EXPECT_LE(term::width_of(utf8), std::max<std::size_t>(p.rows.at(1).size(), 60) + 12) << utf8;
  }
  EXPECT_GE(lines, 2u) << p.text;
}

TEST(Ladder, AFrameToItselfTurnsBack) {
  testing::Lan lan;
  const LinkId lo = static_cast<LinkId>(lan.trace.links.size());
  lan.trace.links.push_back(LinkInfo{"client:lo", lan.client, lan.client, 0, 0, 10, 0});
  const FrameId syn = lan.tcp(true, tcp::flag::SYN, testing::kClientIsn, 0);
  lan.trace.add(0, FrameEvent{syn, lo, lan.client, lan.client, Fate::Sent, false});
  lan.trace.add(10, FrameEvent{syn, lo, lan.client, lan.client, Fate::Delivered, false});
  const Printed p = print(lan.trace);
  const std::u32string& row = p.row_with(U"(loopback)");
  const std::size_t x = p.lifelines.at(0);
  EXPECT_EQ(at(row, x), U'├');
  EXPECT_EQ(at(row, x + 2), U'↩');
  EXPECT_EQ(at(row, p.lifelines.at(1)), U'│') << "the arrow does not reach the server";
}

}  // namespace
}  // namespace synack::trace

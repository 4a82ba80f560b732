// The rule that fired: the sentence for a table row, an ignored input, an
// ARP request, a segment's arrival and a SYN dropped for a full queue; and
// the sentences in the language in force, switched while running.
#include "sim/view/rule_text.hpp"

#include <gtest/gtest.h>

#include "core/tcp_fsm_graph.hpp"
#include "scenario_trace.hpp"
#include "sim/lang/tr.hpp"
#include "sim/view/event_text.hpp"
#include "sim/view/tcb_view.hpp"

namespace synack::view {
namespace {

using namespace trace;
using tcp::Ev;
using tcp::State;
using testing::find_record;
using testing::run_scenario;

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

TEST(RowSentence, FinInEstablished) {
  const std::uint16_t row = tcp::table_row(State::Established, Ev::RcvFin, State::CloseWait);
  EXPECT_EQ(row_sentence(row),
            "ESTABLISHED + rcv FIN → CLOSE-WAIT; snd ACK (RFC 9293 §3.10.7.4, eighth: check the "
            "FIN bit)");
}

TEST(RowSentence, GuardAndAnInternalRow) {
  EXPECT_EQ(row_sentence(tcp::table_row(State::FinWait1, Ev::RcvFin, State::TimeWait)),
            "FIN-WAIT-1 + rcv FIN [our FIN acked] → TIME-WAIT; snd ACK, start 2MSL (RFC 9293 "
            "§3.10.7.4, eighth: check the FIN bit)");
  const std::uint16_t restart = tcp::table_row(State::TimeWait, Ev::RcvFin, State::TimeWait);
  EXPECT_TRUE(starts_with(row_sentence(restart), "TIME-WAIT + rcv FIN → stays TIME-WAIT;"))
      << row_sentence(restart);
  EXPECT_EQ(row_sentence(tcp::kNoRow), "");
}

class CloseRun : public ::testing::Test {
 protected:
  Trace trace = run_scenario("close.yaml");
  std::uint32_t server_fin = find_record(trace, [&](const Event& e) {
    const auto* s = std::get_if<StateEvent>(&e.what);
    return s && s->from == State::Established && s->to == State::CloseWait;
  });
};

TEST_F(CloseRun, AStateChangeIsExplainedByItsRow) {
  ASSERT_NE(server_fin, kNone);
  const RuleExplanation r = explain_record(trace, server_fin);
  EXPECT_TRUE(starts_with(r.sentence, "ESTABLISHED + rcv FIN → CLOSE-WAIT; snd ACK")) << r.sentence;
  EXPECT_EQ(r.cause, kNone);
}

TEST_F(CloseRun, TheFinsArrivalPointsAtTheChangeItMade) {
  // The last frame delivered to the server before its change is the FIN.
  std::uint32_t arrival = kNone;
  const NodeId server = trace.find_node("server");
  for (std::uint32_t i = 0; i < server_fin; ++i) {
    const auto* f = std::get_if<FrameEvent>(&trace.events[i].what);
    if (f && f->fate == Fate::Delivered && f->to == server) arrival = i;
  }
  ASSERT_NE(arrival, kNone);
  const RuleExplanation r = explain_record(trace, arrival);
  EXPECT_EQ(r.cause, server_fin);
  EXPECT_TRUE(starts_with(r.sentence, "on arrival: ESTABLISHED + rcv FIN")) << r.sentence;
}

TEST_F(CloseRun, TheFinSentOnCloseNamesTheCall) {
  const NodeId client = trace.find_node("client");
  const std::uint32_t fin_wait = find_record(trace, [&](const Event& e) {
    const auto* s = std::get_if<StateEvent>(&e.what);
    return s && s->to == State::FinWait1;
  });
  std::uint32_t sent = kNone;
  for (std::uint32_t i = fin_wait; i < trace.events.size() && sent == kNone; ++i) {
    const auto* f = std::get_if<FrameEvent>(&trace.events[i].what);
    if (f && f->fate == Fate::Sent && f->from == client) sent = i;
  }
  ASSERT_NE(sent, kNone);
  const RuleExplanation r = explain_record(trace, sent);
  EXPECT_TRUE(starts_with(r.sentence, "sent by ESTABLISHED + CLOSE → FIN-WAIT-1; snd FIN"))
      << r.sentence;
}

std::uint32_t first_arp_request(const Trace& trace, const std::string& host) {
  const NodeId h = trace.find_node(host);
  return find_record(trace, [&](const Event& e) {
    const auto* f = std::get_if<FrameEvent>(&e.what);
    return f && f->fate == Fate::Sent && f->from == h &&
           frame_label(trace, f->frame, {}, false).rfind("Who has", 0) == 0;
  });
}

TEST(ArpRule, ADestinationOnAnotherNetworkMeansAskingForTheGateway) {
  const Trace trace = run_scenario("arp_via_gateway.yaml");
  const std::uint32_t request = first_arp_request(trace, "A");
  ASSERT_NE(request, kNone);
  EXPECT_EQ(explain_record(trace, request).sentence,
            "ARP request: 10.0.2.20 is on another network (10.0.2.0/24 ≠ 10.0.1.0/24), so ask "
            "for the gateway 10.0.1.1");
}

TEST(ArpRule, ADestinationOnThisNetworkIsAskedForDirectly) {
  const Trace trace = run_scenario("arp_same_subnet.yaml");
  const std::uint32_t request = first_arp_request(trace, "A");
  ASSERT_NE(request, kNone);
  const std::string s = explain_record(trace, request).sentence;
  EXPECT_TRUE(starts_with(s, "ARP request: 10.0.0.")) << s;
  EXPECT_NE(s.find("is on this network (10.0.0.0/24), so ask for it directly"), std::string::npos)
      << s;
}

TEST(IgnoredRule, ASegmentOutsideTheWindowIsDroppedWithItsReason) {
  const Trace trace = run_scenario("keepalive.yaml");
  const std::uint32_t ignored = find_record(
      trace, [](const Event& e) { return std::holds_alternative<IgnoredEvent>(e.what); });
  ASSERT_NE(ignored, kNone);
  const std::string s = explain_record(trace, ignored).sentence;
  EXPECT_TRUE(starts_with(s,
                          "segment dropped in ESTABLISHED: not acceptable: SEG.SEQ outside "
                          "RCV.WND"))
      << s;
}

TEST(QueueRule, ASynArrivingAtAFullQueueSaysSo) {
  const Trace trace = run_scenario("syn_flood.yaml");
  const std::uint32_t note = find_record(trace, [&](const Event& e) {
    const auto* n = std::get_if<NoteEvent>(&e.what);
    return n && trace.text(n->text).find("is full (5/5)") != std::string::npos;
  });
  ASSERT_NE(note, kNone);
  // The SYN's arrival just before it is explained by it.
  std::uint32_t arrival = note;
  while (arrival > 0 && !std::holds_alternative<FrameEvent>(trace.events[arrival].what)) --arrival;
  const RuleExplanation r = explain_record(trace, arrival);
  EXPECT_EQ(r.cause, note);
  EXPECT_NE(r.sentence.find("dropped: SYN queue of :80 is full (5/5)"), std::string::npos)
      << r.sentence;
}

TEST(Rule, AZeroWindowComesFromTheSegmentThatFilledTheBuffer) {
  const Trace trace = run_scenario("flow_control.yaml");
  const std::uint32_t zero = find_record(trace, [&](const Event& e) {
    const auto* t = std::get_if<TcbEvent>(&e.what);
    return t && trace.tcb_value(*t, tcp::TcbVar::RcvWnd) == 0u;
  });
  ASSERT_NE(zero, kNone);
  const RuleExplanation r = explain_record(trace, zero);
  EXPECT_EQ(r.sentence, "TCB updated on the arrival of the segment just before");
  ASSERT_NE(r.cause, kNone);
  const auto& f = std::get<FrameEvent>(trace.events[r.cause].what);
  EXPECT_EQ(f.fate, Fate::Delivered);
  EXPECT_EQ(f.to, std::get<TcbEvent>(trace.events[zero].what).host);
}

TEST(QueueRule, TheSynDroppedCounterPointsAtItsNote) {
  const Trace trace = run_scenario("syn_flood.yaml");
  const std::uint32_t counter = find_record(trace, [&](const Event& e) {
    const auto* c = std::get_if<CounterEvent>(&e.what);
    return c && trace.text(c->name) == "syn_dropped";
  });
  ASSERT_NE(counter, kNone);
  const RuleExplanation r = explain_record(trace, counter);
  ASSERT_NE(r.cause, kNone);
  EXPECT_TRUE(std::holds_alternative<NoteEvent>(trace.events[r.cause].what));
  EXPECT_NE(r.sentence.find("SYN queue of :80 is full"), std::string::npos) << r.sentence;
}

TEST(Rule, NothingToExplainForAnArpCacheChangeOrOutOfRange) {
  const Trace trace = run_scenario("close.yaml");
  const std::uint32_t arp =
      find_record(trace, [](const Event& e) { return std::holds_alternative<ArpEvent>(e.what); });
  ASSERT_NE(arp, kNone);
  EXPECT_EQ(explain_record(trace, arp).sentence, "");
  EXPECT_EQ(explain_record(trace, static_cast<std::uint32_t>(trace.events.size())).sentence, "");
}

// The sentences follow View → Language at once: the RFC's names stay, the
// words around them change, and English comes back as it was.
class InChinese : public ::testing::Test {
 protected:
  void SetUp() override {
    lang::init();
    lang::set_language("zh_CN");
  }
  void TearDown() override { lang::set_language("en"); }
};

TEST_F(InChinese, ARowKeepsTheRfcsWordsInATranslatedSentence) {
  const std::uint16_t row = tcp::table_row(State::Established, Ev::RcvFin, State::CloseWait);
  EXPECT_EQ(row_sentence(row),
            "在 ESTABLISHED 状态下 rcv FIN，进入 CLOSE-WAIT；动作：snd ACK（RFC 9293 §3.10.7.4, "
            "eighth: check the FIN bit）");
  const std::string guarded =
      row_sentence(tcp::table_row(State::FinWait1, Ev::RcvFin, State::TimeWait));
  EXPECT_NE(guarded.find("rcv FIN（条件：our FIN acked），进入 TIME-WAIT"), std::string::npos)
      << guarded;
  lang::set_language("en");
  EXPECT_EQ(row_sentence(row),
            "ESTABLISHED + rcv FIN → CLOSE-WAIT; snd ACK (RFC 9293 §3.10.7.4, eighth: check the "
            "FIN bit)");
}

TEST_F(InChinese, TheGatewaySentenceAndItsEnglish) {
  const Trace trace = run_scenario("arp_via_gateway.yaml");
  const std::uint32_t request = first_arp_request(trace, "A");
  ASSERT_NE(request, kNone);
  EXPECT_EQ(explain_record(trace, request).sentence,
            "ARP 请求：10.0.2.20 在另一个网络（10.0.2.0/24 ≠ 10.0.1.0/24），所以询问网关 "
            "10.0.1.1 的 MAC 地址");
  lang::set_language("en");
  EXPECT_EQ(explain_record(trace, request).sentence,
            "ARP request: 10.0.2.20 is on another network (10.0.2.0/24 ≠ 10.0.1.0/24), so ask "
            "for the gateway 10.0.1.1");
}

TEST_F(InChinese, WhatASegmentCameFromAndTheSequenceSpaces) {
  const Trace trace = run_scenario("flow_control.yaml");
  const std::uint32_t zero = find_record(trace, [&](const Event& e) {
    const auto* t = std::get_if<TcbEvent>(&e.what);
    return t && trace.tcb_value(*t, tcp::TcbVar::RcvWnd) == 0u;
  });
  ASSERT_NE(zero, kNone);
  EXPECT_EQ(explain_record(trace, zero).sentence, "因刚到达的报文段而更新 TCB");
  EXPECT_STREQ(space_part_name(SpacePart::Unacknowledged), "已发送、未确认");
  lang::set_language("en");
  EXPECT_EQ(explain_record(trace, zero).sentence,
            "TCB updated on the arrival of the segment just before");
  EXPECT_STREQ(space_part_name(SpacePart::Unacknowledged), "sent, unacknowledged");
}

}  // namespace
}  // namespace synack::view

// What the endpoint records for a viewer (take_records()): timers set,
// cancelled and fired exactly when it happens, the TCB variables an input
// changed, the inputs it did not act on with the reason, and the table row
// behind every state change.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <ostream>
#include <variant>
#include <vector>

#include "core/tcp_fsm_graph.hpp"
#include "tcp_fixture.hpp"

namespace synack::tcp {

// Readable failures for the records compared whole.
bool operator==(const TimerChange& a, const TimerChange& b) {
  return a.time == b.time && a.kind == b.kind && a.op == b.op && a.deadline == b.deadline;
}
void PrintTo(const TimerChange& t, std::ostream* os) {
  *os << "{t=" << t.time << " " << timer_kind_name(t.kind) << " " << timer_op_name(t.op)
      << " deadline=" << t.deadline << "}";
}

}  // namespace synack::tcp

namespace synack::tcp::test {
namespace {

using Timers = std::vector<TimerChange>;

template <class T>
std::vector<T> only(const std::vector<Record>& records) {
  std::vector<T> picked;
  for (const Record& r : records) {
    if (const T* t = std::get_if<T>(&r)) picked.push_back(*t);
  }
  return picked;
}

Timers timers(Endpoint& ep) { return only<TimerChange>(ep.take_records()); }

std::uint16_t bit(TcbVar v) { return static_cast<std::uint16_t>(1u << static_cast<int>(v)); }
std::uint32_t value(const TcbChange& c, TcbVar v) { return c.values[static_cast<int>(v)]; }

// The names of the variables marked changed, for readable failures.
std::vector<std::string> changed_names(const TcbChange& c) {
  std::vector<std::string> names;
  for (int i = 0; i < kTcbVarCount; ++i) {
    if (c.changed & (1u << i)) names.emplace_back(tcb_var_name(static_cast<TcbVar>(i)));
  }
  return names;
}

constexpr std::uint16_t kAllVars = (1u << kTcbVarCount) - 1;

// ---- timers ----

TEST(RecordsTimers, ActiveOpen_SynRetransmissionSetAtNowPlusRto) {
  Settings s;
  s.initial_rto = 3 * kSeconds;
  Endpoint ep = closed(s);
  ep.open_active(5 * kMillis);
  EXPECT_EQ(timers(ep), (Timers{{5 * kMillis, TimerKind::SynRetransmission, TimerOp::Set,
                                 5 * kMillis + 3 * kSeconds}}));
}

TEST(RecordsTimers, SynAck_CancelsTheSynTimerWithItsDeadline) {
  Endpoint ep = syn_sent();
  ep.take_records();
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 1));
  EXPECT_EQ(timers(ep),
            (Timers{{kStep1, TimerKind::SynRetransmission, TimerOp::Cancelled, kSeconds}}));
}

TEST(RecordsTimers, SynTimeout_FiredThenSetWithTheDoubledRto) {
  Endpoint ep = syn_sent();
  ep.take_records();
  ep.on_timer(kSeconds);
  EXPECT_EQ(timers(ep),
            (Timers{{kSeconds, TimerKind::SynRetransmission, TimerOp::Fired, kSeconds},
                    {kSeconds, TimerKind::SynRetransmission, TimerOp::Set, 3 * kSeconds}}));
}

TEST(RecordsTimers, OnTimerBeforeTheDeadline_NothingRecorded) {
  Endpoint ep = syn_sent();
  ep.take_records();
  ep.on_timer(kSeconds - 1);
  EXPECT_EQ(ep.take_records().size(), 0u);
}

TEST(RecordsTimers, Data_SetsRetransmissionAndItsAckCancelsIt) {
  Endpoint ep = established();
  ep.take_records();
  send_text(ep, kStep2, "hello");
  EXPECT_EQ(timers(ep),
            (Timers{{kStep2, TimerKind::Retransmission, TimerOp::Set, kStep2 + kSeconds}}));
  ep.on_segment(kStep3, seg(".", kIrs + 1, kIss + 6));
  EXPECT_EQ(timers(ep),
            (Timers{{kStep3, TimerKind::Retransmission, TimerOp::Cancelled, kStep2 + kSeconds}}));
}

TEST(RecordsTimers, PartialAck_RestartsTheRetransmissionTimer) {
  Settings s;
  s.nagle = false;
  Endpoint ep = established(s);
  send_text(ep, kStep2, "hello");
  send_text(ep, kStep2, "world");
  ep.take_records();
  ep.on_segment(kStep3, seg(".", kIrs + 1, kIss + 6));  // the first five only
  EXPECT_EQ(timers(ep),
            (Timers{{kStep3, TimerKind::Retransmission, TimerOp::Set, kStep3 + kSeconds}}));
}

TEST(RecordsTimers, DataTimeout_FiredThenSetWithTheDoubledRto) {
  Endpoint ep = established();
  send_text(ep, kStep2, "hello");
  sent(ep);
  ep.take_records();
  const TimeUs at = kStep2 + kSeconds;
  ep.on_timer(at);
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5001 len=5"});
  EXPECT_EQ(timers(ep), (Timers{{at, TimerKind::Retransmission, TimerOp::Fired, at},
                                {at, TimerKind::Retransmission, TimerOp::Set, at + 2 * kSeconds}}));
}

TEST(RecordsTimers, TimeWait_SetForTwoMslAndFiredAtItsEnd) {
  Endpoint ep = fin_wait_2();
  ep.take_records();
  ep.on_segment(kStep4, seg("F.", 5001, 1002));
  const TimeUs end = kStep4 + 60 * kSeconds;
  EXPECT_EQ(timers(ep), (Timers{{kStep4, TimerKind::TimeWait, TimerOp::Set, end}}));
  ep.on_timer(end - 1);
  EXPECT_EQ(timers(ep), Timers{});
  ep.on_timer(end);
  EXPECT_EQ(timers(ep), (Timers{{end, TimerKind::TimeWait, TimerOp::Fired, end}}));
  EXPECT_EQ(ep.state(), State::Closed);
}

// The restart shows as the old deadline cancelled and the new one set.
TEST(RecordsTimers, TimeWaitRetransmittedFin_SetAgainFromNow) {
  Endpoint ep = time_wait();
  ep.take_records();
  ep.on_segment(kNow, seg("F.", 5001, 1002));
  EXPECT_EQ(timers(ep),
            (Timers{{kNow, TimerKind::TimeWait, TimerOp::Cancelled, kStep4 + 60 * kSeconds},
                    {kNow, TimerKind::TimeWait, TimerOp::Set, kNow + 60 * kSeconds}}));
}

TEST(RecordsTimers, FinWait1_FinAckedCancelsItsRetransmission) {
  Endpoint ep = fin_wait_1();
  ep.take_records();
  ep.on_segment(kStep3, seg(".", 5001, 1002));
  EXPECT_EQ(timers(ep),
            (Timers{{kStep3, TimerKind::Retransmission, TimerOp::Cancelled, kStep2 + kSeconds}}));
}

TEST(RecordsTimers, DelayedAck_SetThenCancelledWhenTheAckRidesOnData) {
  Settings s;
  s.delayed_ack = true;
  Endpoint ep = established(s);
  ep.take_records();
  ep.on_segment(kStep2, seg("P.", 5001, 1001, "abc"));
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(timers(ep),
            (Timers{{kStep2, TimerKind::DelayedAck, TimerOp::Set, kStep2 + 200 * kMillis}}));
  send_text(ep, kStep3, "xyz");
  EXPECT_EQ(sent(ep), Sent{"P. seq=1001 ack=5004 len=3"});
  const Timers t = timers(ep);
  EXPECT_NE(std::find(t.begin(), t.end(),
                      TimerChange{kStep3, TimerKind::DelayedAck, TimerOp::Cancelled,
                                  kStep2 + 200 * kMillis}),
            t.end())
      << ::testing::PrintToString(t);
  EXPECT_NE(
      std::find(t.begin(), t.end(),
                TimerChange{kStep3, TimerKind::Retransmission, TimerOp::Set, kStep3 + kSeconds}),
      t.end())
      << ::testing::PrintToString(t);
  EXPECT_EQ(t.size(), 2u);
}

TEST(RecordsTimers, DelayedAck_FiredThenTheAckGoes) {
  Settings s;
  s.delayed_ack = true;
  Endpoint ep = established(s);
  ep.on_segment(kStep2, seg("P.", 5001, 1001, "abc"));
  ep.take_records();
  const TimeUs at = kStep2 + 200 * kMillis;
  ep.on_timer(at);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5004 len=0"});
  EXPECT_EQ(timers(ep), (Timers{{at, TimerKind::DelayedAck, TimerOp::Fired, at}}));
}

TEST(RecordsTimers, DelayedAck_SecondSegmentCancelsIt) {
  Settings s;
  s.delayed_ack = true;
  Endpoint ep = established(s);
  // The second full-sized segment is ACKed at once (RFC 5681 §4.2).
  ep.on_segment(kStep2, seg(".", 5001, 1001, std::string(kPeerMss, 'a')));
  ep.take_records();
  ep.on_segment(kStep3, seg(".", 5001 + kPeerMss, 1001, std::string(kPeerMss, 'b')));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=7001 len=0"});
  EXPECT_EQ(timers(ep),
            (Timers{{kStep3, TimerKind::DelayedAck, TimerOp::Cancelled, kStep2 + 200 * kMillis}}));
}

TEST(RecordsTimers, SynReceived_TimerKindIsSynAckRetransmission) {
  Endpoint ep = listen();
  ep.take_records();
  ep.on_segment(kStep1, seg("S", kIrs));
  EXPECT_EQ(timers(ep),
            (Timers{{kStep1, TimerKind::SynAckRetransmission, TimerOp::Set, kStep1 + kSeconds}}));
  ep.on_segment(kStep2, seg(".", kIrs + 1, kIss + 1));
  EXPECT_EQ(
      timers(ep),
      (Timers{{kStep2, TimerKind::SynAckRetransmission, TimerOp::Cancelled, kStep1 + kSeconds}}));
}

TEST(RecordsTimers, SynReceivedTimeout_FiredAndSetAsSynAckRetransmission) {
  Endpoint ep = syn_received_passive();
  ep.take_records();
  const TimeUs at = kStep1 + kSeconds;
  ep.on_timer(at);
  EXPECT_EQ(timers(ep),
            (Timers{{at, TimerKind::SynAckRetransmission, TimerOp::Fired, at},
                    {at, TimerKind::SynAckRetransmission, TimerOp::Set, at + 2 * kSeconds}}));
}

// Simultaneous open: once the peer's SYN has come, what the timer would
// resend is a SYN,ACK, and its records say so from then on.
TEST(RecordsTimers, SimultaneousOpen_RetransmissionBecomesSynAck) {
  Endpoint ep = syn_received_active();
  ep.take_records();
  ep.on_timer(kSeconds);
  EXPECT_EQ(sent(ep), Sent{"S. seq=1000 ack=5001 len=0"});
  const Timers t = timers(ep);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1],
            (TimerChange{kSeconds, TimerKind::SynAckRetransmission, TimerOp::Set, 3 * kSeconds}));
}

TEST(RecordsTimers, ZeroWindow_PersistSet) {
  Endpoint ep = established();
  ep.on_segment(kStep2, seg(".", 5001, 1001, "", 0));
  ep.take_records();
  send_text(ep, kStep3, "x");
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(timers(ep), (Timers{{kStep3, TimerKind::Persist, TimerOp::Set, kStep3 + kSeconds}}));
}

TEST(RecordsTimers, Abort_CancelsEveryPendingTimer) {
  Endpoint ep = established();
  send_text(ep, kStep2, "x");
  ep.take_records();
  ep.abort(kStep3);
  EXPECT_EQ(timers(ep),
            (Timers{{kStep3, TimerKind::Retransmission, TimerOp::Cancelled, kStep2 + kSeconds}}));
  EXPECT_EQ(ep.poll_at(), std::nullopt);
}

// ---- TCB variables ----

TEST(RecordsTcb, FirstChangeOfAConnection_MarksEveryVariable) {
  Endpoint ep = closed();
  ep.open_active(kOpenAt);
  const auto changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].changed, kAllVars) << ::testing::PrintToString(changed_names(changes[0]));
  EXPECT_EQ(changes[0].time, kOpenAt);
  EXPECT_EQ(value(changes[0], TcbVar::Iss), kIss);
  EXPECT_EQ(value(changes[0], TcbVar::SndUna), kIss);
  EXPECT_EQ(value(changes[0], TcbVar::SndNxt), kIss + 1);
  EXPECT_EQ(value(changes[0], TcbVar::Rto), static_cast<std::uint32_t>(kSeconds));
  EXPECT_EQ(value(changes[0], TcbVar::Srtt), 0u);
  EXPECT_EQ(value(changes[0], TcbVar::RcvWnd), 65535u);
}

TEST(RecordsTcb, Listen_NoVariablesYet) {
  Endpoint ep = closed();
  ep.set_id(ConnectionId{kLocalIp, kLocalPort, 0, 0});
  ep.open_passive(kOpenAt);
  EXPECT_EQ(only<TcbChange>(ep.take_records()).size(), 0u);
}

TEST(RecordsTcb, PassiveSyn_FirstChangeMarksEveryVariable) {
  Endpoint ep = listen();
  ep.take_records();
  ep.on_segment(kStep1, seg("S", kIrs));
  const auto changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].changed, kAllVars);
  EXPECT_EQ(value(changes[0], TcbVar::Irs), kIrs);
  EXPECT_EQ(value(changes[0], TcbVar::RcvNxt), kIrs + 1);
  EXPECT_EQ(value(changes[0], TcbVar::SndWnd), kPeerWindow);
}

TEST(RecordsTcb, SynAck_MarksOnlyWhatItChanged) {
  Endpoint ep = syn_sent();
  ep.take_records();
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 1));
  const auto changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  const std::uint16_t expected = bit(TcbVar::SndUna) | bit(TcbVar::SndWnd) | bit(TcbVar::RcvNxt) |
                                 bit(TcbVar::Irs) | bit(TcbVar::Srtt);
  EXPECT_EQ(changes[0].changed & expected, expected)
      << ::testing::PrintToString(changed_names(changes[0]));
  EXPECT_EQ(changes[0].changed & (bit(TcbVar::Iss) | bit(TcbVar::SndNxt) | bit(TcbVar::SendQueued)),
            0)
      << ::testing::PrintToString(changed_names(changes[0]));
  EXPECT_EQ(value(changes[0], TcbVar::Srtt), static_cast<std::uint32_t>(kStep1));
}

TEST(RecordsTcb, SendThenAck_SndNxtThenSndUnaAndSendQueuedNotIss) {
  Endpoint ep = established();
  ep.take_records();
  send_text(ep, kStep2, "hello");
  auto changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].changed, bit(TcbVar::SndNxt) | bit(TcbVar::SendQueued))
      << ::testing::PrintToString(changed_names(changes[0]));
  EXPECT_EQ(value(changes[0], TcbVar::SndNxt), kIss + 6);
  EXPECT_EQ(value(changes[0], TcbVar::SendQueued), 5u);

  ep.on_segment(kStep3, seg(".", 5001, 1006));
  changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  // The ACK of new data also opens the congestion window (slow start).
  EXPECT_EQ(changes[0].changed, bit(TcbVar::SndUna) | bit(TcbVar::SendQueued) | bit(TcbVar::Cwnd))
      << ::testing::PrintToString(changed_names(changes[0]));
  EXPECT_EQ(value(changes[0], TcbVar::SndUna), kIss + 6);
  EXPECT_EQ(value(changes[0], TcbVar::SendQueued), 0u);
  EXPECT_EQ(value(changes[0], TcbVar::Iss), kIss);  // the value is there, unmarked
  EXPECT_EQ(changes[0].time, kStep3);
}

TEST(RecordsTcb, DataArrives_RcvNxtRcvWndAndReadable) {
  Endpoint ep = established();
  ep.take_records();
  ep.on_segment(kStep2, seg("P.", 5001, 1001, "abcd"));
  auto changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].changed, bit(TcbVar::RcvNxt) | bit(TcbVar::RcvWnd) | bit(TcbVar::Readable))
      << ::testing::PrintToString(changed_names(changes[0]));
  EXPECT_EQ(value(changes[0], TcbVar::RcvWnd), 65535u - 4);
  receive_all(ep, kStep3);
  changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].changed, bit(TcbVar::RcvWnd) | bit(TcbVar::Readable));
}

TEST(RecordsTcb, InputThatChangesNothing_NoTcbChange) {
  Endpoint ep = established();
  ep.take_records();
  ep.on_segment(kStep2, seg(".", 5001, 1001));  // a duplicate ACK
  EXPECT_EQ(only<TcbChange>(ep.take_records()).size(), 0u);
}

TEST(RecordsTcb, WindowUpdate_OnlySndWnd) {
  Endpoint ep = established();
  ep.take_records();
  ep.on_segment(kStep2, seg(".", 5001, 1001, "", 1000));
  const auto changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].changed, bit(TcbVar::SndWnd));
  EXPECT_EQ(value(changes[0], TcbVar::SndWnd), 1000u);
}

TEST(RecordsTcb, Timeout_RtoDoubled) {
  Endpoint ep = syn_sent();
  ep.take_records();
  ep.on_timer(kSeconds);
  const auto changes = only<TcbChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].changed, bit(TcbVar::Rto));
  EXPECT_EQ(value(changes[0], TcbVar::Rto), static_cast<std::uint32_t>(2 * kSeconds));
}

TEST(RecordsTcb, NamesOfTheVariables) {
  EXPECT_STREQ(tcb_var_name(TcbVar::SndUna), "SND.UNA");
  EXPECT_STREQ(tcb_var_name(TcbVar::RcvWnd), "RCV.WND");
  EXPECT_STREQ(tcb_var_name(TcbVar::SendQueued), "send_queued");
}

// ---- inputs not acted on ----

std::vector<IgnoredEvent> ignored_records(Endpoint& ep) {
  return only<IgnoredEvent>(ep.take_records());
}

TEST(RecordsIgnored, UnacceptableSegmentInEstablished_FirstCheck) {
  Endpoint ep = established();
  ep.take_records();
  ep.on_segment(kStep2, seg("P.", 5001 + 100000, 1001, "x"));
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  const auto ig = ignored_records(ep);
  ASSERT_EQ(ig.size(), 1u);
  EXPECT_EQ(ig[0].time, kStep2);
  EXPECT_EQ(ig[0].state, State::Established);
  EXPECT_NE(ig[0].event.find("rcv "), std::string::npos) << ig[0].event;
  EXPECT_NE(ig[0].reason.find("first check"), std::string::npos) << ig[0].reason;
}

TEST(RecordsIgnored, OldDuplicateInEstablished_FirstCheck) {
  Endpoint ep = established();
  ep.on_segment(kStep2, seg("P.", 5001, 1001, "abc"));
  ep.take_records();
  sent(ep);
  ep.on_segment(kStep3, seg("P.", 5001, 1001, "abc"));  // again
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5004 len=0"});
  const auto ig = ignored_records(ep);
  ASSERT_EQ(ig.size(), 1u);
  EXPECT_NE(ig[0].reason.find("first check"), std::string::npos) << ig[0].reason;
}

TEST(RecordsIgnored, RstInListen_LisenFirst) {
  Endpoint ep = listen();
  ep.take_records();
  ep.on_segment(kStep1, seg("R", kIrs));
  EXPECT_EQ(sent(ep), Sent{});
  const auto ig = ignored_records(ep);
  ASSERT_EQ(ig.size(), 1u);
  EXPECT_EQ(ig[0].state, State::Listen);
  EXPECT_NE(ig[0].reason.find("LISTEN, first"), std::string::npos) << ig[0].reason;
}

TEST(RecordsIgnored, AckInListen_AnsweredWithRstListenSecond) {
  Endpoint ep = listen();
  ep.take_records();
  ep.on_segment(kStep1, seg(".", kIrs, 4242));
  EXPECT_EQ(sent(ep), Sent{"R seq=4242 len=0"});
  const auto ig = ignored_records(ep);
  ASSERT_EQ(ig.size(), 1u);
  EXPECT_NE(ig[0].reason.find("LISTEN, second"), std::string::npos) << ig[0].reason;
}

TEST(RecordsIgnored, CloseInTimeWait_NoRow) {
  Endpoint ep = time_wait();
  ep.take_records();
  EXPECT_EQ(ep.close(kNow), CallResult::ConnectionClosing);
  EXPECT_EQ(ep.state(), State::TimeWait);
  const auto ig = ignored_records(ep);
  ASSERT_EQ(ig.size(), 1u);
  EXPECT_EQ(ig[0].state, State::TimeWait);
  EXPECT_EQ(ig[0].event, "CLOSE");
  EXPECT_NE(ig[0].reason.find("no row"), std::string::npos) << ig[0].reason;
}

TEST(RecordsIgnored, RstInTimeWait_Rfc1337) {
  Endpoint ep = time_wait();
  ep.take_records();
  ep.on_segment(kNow, seg("R", 5002));
  EXPECT_EQ(ep.state(), State::TimeWait);
  const auto ig = ignored_records(ep);
  ASSERT_EQ(ig.size(), 1u);
  EXPECT_NE(ig[0].reason.find("RFC 1337"), std::string::npos) << ig[0].reason;
}

TEST(RecordsIgnored, AlsoKeptInIgnored) {
  Endpoint ep = listen();
  ep.on_segment(kStep1, seg("R", kIrs));
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].state, State::Listen);
}

// ---- state changes and their rows ----

// Runs `steps` on a fresh endpoint and checks every state change it records
// names a row of fsm_edges() with the same from and to.
void expect_rows_match(const char* what, const std::function<Endpoint()>& steps) {
  SCOPED_TRACE(what);
  Endpoint ep = steps();
  const auto changes = only<StateChange>(ep.take_records());
  ASSERT_FALSE(changes.empty());
  ASSERT_EQ(changes.size(), ep.history().size());
  const auto& edges = fsm_edges();
  for (const StateChange& c : changes) {
    ASSERT_NE(c.row, kNoRow) << state_name(c.from) << ">" << state_name(c.to) << " (" << c.cause
                             << ")";
    ASSERT_LT(c.row, edges.size());
    EXPECT_EQ(edges[c.row].from, c.from) << c.cause;
    EXPECT_EQ(edges[c.row].to, c.to) << c.cause;
    EXPECT_FALSE(edges[c.row].internal);
  }
}

TEST(RecordsStateChanges, EveryChange_NamesItsRow) {
  expect_rows_match("active open and close", [] {
    Endpoint ep = time_wait();
    ep.on_timer(kStep4 + 60 * kSeconds);
    return ep;
  });
  expect_rows_match("passive open, peer closes", [] {
    Endpoint ep = last_ack();
    ep.on_segment(kNow, seg(".", 5002, 1002));
    return ep;
  });
  expect_rows_match("passive open", [] {
    Endpoint ep = syn_received_passive();
    ep.on_segment(kStep2, seg(".", kIrs + 1, kIss + 1));
    return ep;
  });
  expect_rows_match("simultaneous open", [] { return syn_received_active(); });
  expect_rows_match("simultaneous close", [] {
    Endpoint ep = closing();
    ep.on_segment(kNow, seg(".", 5002, 1002));
    return ep;
  });
  expect_rows_match("refused", [] {
    Endpoint ep = syn_sent();
    ep.on_segment(kStep1, seg("R.", 0, kIss + 1));
    return ep;
  });
  expect_rows_match("reset", [] {
    Endpoint ep = established();
    ep.on_segment(kStep2, seg("R", 5001));
    return ep;
  });
  expect_rows_match("back to LISTEN", [] {
    Endpoint ep = syn_received_passive();
    ep.on_segment(kStep2, seg("R", kIrs + 1));
    return ep;
  });
  expect_rows_match("abort", [] {
    Endpoint ep = close_wait();
    ep.abort(kNow);
    return ep;
  });
  expect_rows_match("gives up", [] {
    Settings s;
    s.syn_retries = 0;
    Endpoint ep = syn_sent(s);
    ep.on_timer(kSeconds);
    return ep;
  });
}

TEST(RecordsStateChanges, TheChangeCarriesTimeAndCause) {
  Endpoint ep = syn_sent();
  ep.take_records();
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 1));
  const auto changes = only<StateChange>(ep.take_records());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].time, kStep1);
  EXPECT_EQ(changes[0].from, State::SynSent);
  EXPECT_EQ(changes[0].to, State::Established);
  EXPECT_EQ(changes[0].cause, "rcv SYN,ACK");
  EXPECT_EQ(fsm_edges()[changes[0].row].event, "rcv SYN,ACK");
  EXPECT_EQ(changes[0].row, table_row(State::SynSent, Ev::RcvSynAck, State::Established));
}

TEST(RecordsStateChanges, RestartOfTwoMsl_InternalNoStateChange) {
  Endpoint ep = time_wait();
  ep.take_records();
  ep.on_segment(kNow, seg("F.", 5001, 1002));
  EXPECT_EQ(only<StateChange>(ep.take_records()).size(), 0u);
}

}  // namespace
}  // namespace synack::tcp::test

// The transition table against this suite: every row has a test, and every test
// claimed for a row exists. Also the two records the endpoint keeps: history()
// (every state change) and ignored() (events that matched no row).
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/tcp_fsm_graph.hpp"
#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

using S = State;

struct CoveredRow {
  State from;
  const char* event;  // the event's label in the table
  State to;           // equal to `from` for an internal row
  const char* test;   // "Suite.Name" of a test that drives the row and checks what it sends
};

// One entry per row of core/tcp_fsm_table.hpp. A new row fails
// FsmTable.EveryRowHasATest until a test for it is added here.
const std::vector<CoveredRow>& covered_rows() {
  static const std::vector<CoveredRow> rows = {
      {S::Closed, "passive OPEN", S::Listen, "Closed.PassiveOpen_Listen_NothingSent"},
      {S::Closed, "active OPEN", S::SynSent, "Closed.ActiveOpen_SynSent_SendsSynWithMss"},

      {S::Listen, "rcv SYN", S::SynReceived, "Listen.Syn_SynReceived_SendsSynAck"},
      {S::Listen, "rcv SYN, SYN queue full", S::Listen,
       "Listen.SynQueueFull_CookieSynAckKeepsNothing"},
      {S::Listen, "rcv ACK of SYN cookie", S::Established,
       "Listen.CookieAck_EstablishedFromTheAckAlone"},
      {S::Listen, "active OPEN", S::SynSent, "Listen.ActiveOpenWithPeer_SynSent"},
      {S::Listen, "SEND", S::SynSent, "Listen.SendWithPeer_BecomesActiveOpen"},
      {S::Listen, "CLOSE", S::Closed, "Listen.Close_Closed_NothingSent"},
      {S::Listen, "ABORT", S::Closed, "Listen.Abort_Closed_NothingSent"},

      {S::SynSent, "rcv SYN,ACK", S::Established, "SynSent.SynAck_Established_SendsAck"},
      {S::SynSent, "rcv SYN", S::SynReceived, "SynSent.Syn_SynReceived_SendsSynAck"},
      {S::SynSent, "rcv unacceptable ACK", S::SynSent, "SynSent.AckTooHigh_SendsRst"},
      {S::SynSent, "rcv RST", S::Closed, "SynSent.RstWithAcceptableAck_ConnectionRefused"},
      {S::SynSent, "user timeout", S::Closed, "Timers.SynRetriesExhausted_ConnectionTimedOut"},
      {S::SynSent, "CLOSE", S::Closed, "SynSent.Close_Closed_NothingSent"},
      {S::SynSent, "ABORT", S::Closed, "SynSent.Abort_Closed_NothingSent"},

      {S::SynReceived, "rcv ACK of SYN", S::Established, "SynReceived.AckOfSyn_Established"},
      {S::SynReceived, "rcv unacceptable ACK", S::SynReceived, "SynReceived.AckTooLow_SendsRst"},
      {S::SynReceived, "rcv RST", S::Listen, "SynReceived.RstPassive_BackToListen"},
      {S::SynReceived, "rcv RST", S::Closed, "SynReceived.RstActive_ConnectionRefused"},
      {S::SynReceived, "rcv SYN in window", S::Listen, "SynReceived.SynPassive_BackToListen"},
      {S::SynReceived, "rcv SYN in window", S::Closed,
       "Rfc793Syn.SynReceivedActive_ResetAndRefused"},
      {S::SynReceived, "user timeout", S::Closed, "Timers.SynAckRetriesExhaustedPassive_Closed"},
      {S::SynReceived, "listener closed", S::Closed,
       "SynReceived.ListenerClosed_DroppedWithoutRst"},
      {S::SynReceived, "CLOSE", S::FinWait1, "SynReceived.Close_FinWait1_SendsFin"},
      {S::SynReceived, "ABORT", S::Closed, "SynReceived.Abort_SendsRst"},

      {S::Established, "CLOSE", S::FinWait1, "Established.Close_FinWait1_SendsFin"},
      {S::Established, "rcv FIN", S::CloseWait, "Established.Fin_CloseWait_AcksFin"},
      {S::Established, "rcv RST", S::Closed, "Established.RstExact_ConnectionReset"},
      {S::Established, "rcv SYN in window", S::Closed,
       "Established.Rfc793_SynInWindow_RstAndConnectionReset"},
      {S::Established, "user timeout", S::Closed, "Timers.DataRetriesExhausted_ConnectionTimedOut"},
      {S::Established, "ABORT", S::Closed, "Established.Abort_SendsRstAtSndNxt"},

      {S::FinWait1, "rcv ACK of FIN", S::FinWait2, "FinWait1.AckOfFin_FinWait2"},
      {S::FinWait1, "rcv FIN", S::TimeWait, "FinWait1.FinAckingOurFin_TimeWaitInOneChange"},
      {S::FinWait1, "rcv FIN", S::Closing, "FinWait1.FinNotAckingOurFin_Closing"},
      {S::FinWait1, "rcv RST", S::Closed, "FinWait1.Rst_ConnectionReset"},
      {S::FinWait1, "rcv SYN in window", S::Closed, "Rfc793Syn.FinWait1_Reset"},
      {S::FinWait1, "user timeout", S::Closed, "UserTimeout.FinWait1_FinNeverAcked"},
      {S::FinWait1, "rcv data after close", S::Closed, "FinWait1.DataAfterClose_RstAndClosed"},
      {S::FinWait1, "ABORT", S::Closed, "FinWait1.Abort_SendsRst"},

      {S::FinWait2, "rcv FIN", S::TimeWait, "FinWait2.Fin_TimeWait_AcksFin"},
      {S::FinWait2, "rcv RST", S::Closed, "FinWait2.Rst_ConnectionReset"},
      {S::FinWait2, "rcv SYN in window", S::Closed, "Rfc793Syn.FinWait2_Reset"},
      {S::FinWait2, "rcv data after close", S::Closed, "FinWait2.DataAfterClose_RstAndClosed"},
      {S::FinWait2, "ABORT", S::Closed, "FinWait2.Abort_SendsRst"},

      {S::CloseWait, "CLOSE", S::LastAck, "CloseWait.Close_LastAck_SendsFin"},
      {S::CloseWait, "rcv RST", S::Closed, "CloseWait.Rst_ConnectionReset"},
      {S::CloseWait, "rcv SYN in window", S::Closed, "Rfc793Syn.CloseWait_Reset"},
      {S::CloseWait, "user timeout", S::Closed, "UserTimeout.CloseWait_DataNeverAcked"},
      {S::CloseWait, "ABORT", S::Closed, "CloseWait.Abort_SendsRst"},

      {S::Closing, "rcv ACK of FIN", S::TimeWait, "Closing.AckOfFin_TimeWait"},
      {S::Closing, "rcv RST", S::Closed, "Closing.Rst_Closed"},
      {S::Closing, "rcv SYN in window", S::Closed, "Rfc793Syn.Closing_Reset"},
      {S::Closing, "user timeout", S::Closed, "UserTimeout.Closing_FinNeverAcked"},
      {S::Closing, "ABORT", S::Closed, "Closing.Abort_NothingSent"},

      {S::LastAck, "rcv ACK of FIN", S::Closed, "LastAck.AckOfFin_Closed"},
      {S::LastAck, "rcv RST", S::Closed, "LastAck.Rst_Closed"},
      {S::LastAck, "rcv SYN in window", S::Closed, "Rfc793Syn.LastAck_Reset"},
      {S::LastAck, "user timeout", S::Closed, "UserTimeout.LastAck_FinNeverAcked"},
      {S::LastAck, "ABORT", S::Closed, "LastAck.Abort_NothingSent"},

      {S::SynSent, "rcv ICMP hard error", S::Closed, "SynSent.IcmpPortUnreachable_Closed"},
      {S::SynSent, "rcv ICMP soft error", S::SynSent,
       "SynSent.IcmpSoftError_RememberedAndReportedOnTimeout"},
      {S::SynReceived, "rcv ICMP hard error", S::Listen,
       "SynReceived.IcmpHardErrorPassive_BackToListen"},
      {S::SynReceived, "rcv ICMP hard error", S::Closed, "SynReceived.IcmpHardErrorActive_Closed"},
      {S::SynReceived, "rcv ICMP soft error", S::SynReceived, "SynReceived.IcmpSoftError_Remembered"},
      {S::Established, "rcv ICMP soft error", S::Established,
       "Established.IcmpError_RememberedNotFatal"},
      {S::FinWait1, "rcv ICMP soft error", S::FinWait1, "Synchronized.IcmpSoftError_StaysInEachState"},
      {S::CloseWait, "rcv ICMP soft error", S::CloseWait,
       "Synchronized.IcmpSoftError_StaysInEachState"},
      {S::Closing, "rcv ICMP soft error", S::Closing, "Synchronized.IcmpSoftError_StaysInEachState"},
      {S::LastAck, "rcv ICMP soft error", S::LastAck, "Synchronized.IcmpSoftError_StaysInEachState"},

      {S::TimeWait, "rcv FIN", S::TimeWait, "TimeWait.RetransmittedFin_AckedStays"},
      {S::TimeWait, "timeout=2MSL", S::Closed, "Timers.TimeWait_LastsExactlyTwoMsl"},
      {S::TimeWait, "rcv RST", S::Closed, "TimeWait.Rst_Closed"},
      {S::TimeWait, "rcv SYN in window", S::Closed, "Rfc793Syn.TimeWait_Reset"},
      {S::TimeWait, "ABORT", S::Closed, "TimeWait.Abort_NothingSent"},
  };
  return rows;
}

using RowKey = std::tuple<std::string, std::string, std::string>;

RowKey key(State from, const std::string& event, State to) {
  return {state_name(from), event, state_name(to)};
}

TEST(FsmTable, EveryRowHasATest) {
  std::multiset<RowKey> table, claimed;
  for (const FsmEdge& e : fsm_edges()) table.insert(key(e.from, e.event, e.to));
  for (const CoveredRow& r : covered_rows()) claimed.insert(key(r.from, r.event, r.to));

  std::vector<RowKey> untested, stale;
  std::set_difference(table.begin(), table.end(), claimed.begin(), claimed.end(),
                      std::back_inserter(untested));
  std::set_difference(claimed.begin(), claimed.end(), table.begin(), table.end(),
                      std::back_inserter(stale));
  for (const auto& [from, event, to] : untested) {
    ADD_FAILURE() << "row without a test: " << from << " --" << event << "--> " << to;
  }
  for (const auto& [from, event, to] : stale) {
    ADD_FAILURE() << "claimed row not in the table: " << from << " --" << event << "--> " << to;
  }
  EXPECT_EQ(table.size(), claimed.size());
}

TEST(FsmTable, ClaimedTestsExist) {
  std::set<std::string> registered;
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    for (int j = 0; j < suite->total_test_count(); ++j) {
      registered.insert(std::string(suite->name()) + "." + suite->GetTestInfo(j)->name());
    }
  }
  for (const CoveredRow& r : covered_rows()) {
    EXPECT_EQ(registered.count(r.test), 1u) << "no test named " << r.test;
  }
}

TEST(FsmTable, InternalRowsStayInTheirState) {
  int internal = 0;
  for (const FsmEdge& e : fsm_edges()) {
    if (!e.internal) continue;
    ++internal;
    EXPECT_EQ(e.from, e.to) << e.event;
  }
  // SYN-SENT and SYN-RECEIVED bad ACK, LISTEN's SYN cookie, TIME-WAIT FIN again,
  // the ICMP soft errors of SYN-SENT, SYN-RECEIVED and five synchronized states
  EXPECT_EQ(internal, 11);
}

// Rows are unique by (source, event, target), so a state change names its row.
TEST(FsmTable, RowsUniqueBySourceEventTarget) {
  std::set<std::tuple<State, Ev, State>> seen;
  for (const FsmEdge& e : fsm_edges()) {
    EXPECT_TRUE(seen.insert({e.from, e.kind, e.to}).second)
        << state_name(e.from) << " --" << e.event << "--> " << state_name(e.to);
  }
}

// Every row names where the RFC says so.
TEST(FsmTable, EveryRowCitesTheRfc) {
  for (const FsmEdge& e : fsm_edges()) {
    EXPECT_EQ(e.rfc.rfind("RFC ", 0), 0u) << state_name(e.from) << " " << e.event;
  }
  EXPECT_EQ(std::string(rfc_reference(State::Established, Ev::RcvFin)),
            "RFC 9293 §3.10.7.4, eighth: check the FIN bit");
}

// A state change records the row that made it.
TEST(FsmTable, StateChangesNameTheirRow) {
  Endpoint ep = time_wait();
  for (const StateChange& c : ep.history()) {
    ASSERT_NE(c.row, kNoRow) << state_name(c.from) << " -> " << state_name(c.to);
    const FsmEdge& row = fsm_edges()[c.row];
    EXPECT_EQ(row.from, c.from);
    EXPECT_EQ(row.to, c.to);
  }
  EXPECT_EQ(fsm_edges()[ep.history().back().row].event, "rcv FIN");
}

// ---------------------------------------------------------------- history()

// Every state change of a whole connection, with its time and its cause.
TEST(History, FullLifecycle_EveryChangeRecorded) {
  Endpoint ep = time_wait();
  ep.on_timer(kStep4 + 2 * Settings{}.msl);
  struct Expected {
    TimeUs time;
    State from, to;
    const char* cause;
  };
  const std::vector<Expected> expected = {
      {kOpenAt, S::Closed, S::SynSent, "active OPEN"},
      {kStep1, S::SynSent, S::Established, "rcv SYN,ACK"},
      {kStep2, S::Established, S::FinWait1, "CLOSE"},
      {kStep3, S::FinWait1, S::FinWait2, "rcv ACK of FIN"},
      {kStep4, S::FinWait2, S::TimeWait, "rcv FIN"},
      {kStep4 + 2 * Settings{}.msl, S::TimeWait, S::Closed, "timeout=2MSL"},
  };
  const auto& h = ep.history();
  ASSERT_EQ(h.size(), expected.size());
  for (std::size_t i = 0; i < h.size(); ++i) {
    SCOPED_TRACE("change " + std::to_string(i));
    EXPECT_EQ(h[i].time, expected[i].time);
    EXPECT_EQ(h[i].from, expected[i].from);
    EXPECT_EQ(h[i].to, expected[i].to);
    EXPECT_EQ(h[i].cause, expected[i].cause);
  }
}

// Whatever the path, the changes chain (each starts where the last ended), times
// never go back, and every change names a cause.
TEST(History, EveryPath_ChainedTimedWithCause) {
  std::vector<Endpoint> paths;
  paths.push_back(syn_received_passive());
  paths.push_back(syn_received_active());
  paths.push_back(last_ack());
  paths.push_back(closing());
  paths.push_back(time_wait());
  paths.back().on_timer(kStep4 + 2 * Settings{}.msl);
  paths.push_back(established());
  paths.back().on_segment(kNow, seg("R", 5001));
  for (const Endpoint& ep : paths) {
    SCOPED_TRACE(std::string("ending in ") + state_name(ep.state()));
    State at = State::Closed;
    TimeUs t = 0;
    ASSERT_FALSE(ep.history().empty());
    for (const StateChange& c : ep.history()) {
      EXPECT_EQ(c.from, at);
      EXPECT_NE(c.from, c.to);
      EXPECT_GE(c.time, t);
      EXPECT_FALSE(c.cause.empty());
      at = c.to;
      t = c.time;
    }
    EXPECT_EQ(at, ep.state());
  }
}

// ---------------------------------------------------------------- ignored()

// An event with no row: the state stays, nothing is sent, and ignored() grows.
TEST(Ignored, UserCallsWithoutARow_StateStaysNothingSentRecorded) {
  struct Case {
    const char* name;
    Endpoint ep;
    CallResult expected;
  };
  std::vector<Case> cases;
  cases.push_back({"CLOSE in CLOSED", closed(), CallResult::ConnectionNotExist});
  cases.push_back({"CLOSE in FIN-WAIT-1", fin_wait_1(), CallResult::ConnectionClosing});
  cases.push_back({"CLOSE in FIN-WAIT-2", fin_wait_2(), CallResult::ConnectionClosing});
  cases.push_back({"CLOSE in CLOSING", closing(), CallResult::ConnectionClosing});
  cases.push_back({"CLOSE in LAST-ACK", last_ack(), CallResult::ConnectionClosing});
  cases.push_back({"CLOSE in TIME-WAIT", time_wait(), CallResult::ConnectionClosing});
  for (Case& c : cases) {
    SCOPED_TRACE(c.name);
    const State before = c.ep.state();
    const std::size_t changes = c.ep.history().size();
    EXPECT_EQ(c.ep.close(kNow), c.expected);
    EXPECT_EQ(c.ep.state(), before);
    EXPECT_EQ(sent(c.ep), Sent{});
    EXPECT_EQ(c.ep.history().size(), changes);
    ASSERT_EQ(c.ep.ignored().size(), 1u);
    EXPECT_EQ(c.ep.ignored()[0].time, kNow);
    EXPECT_EQ(c.ep.ignored()[0].state, before);
    EXPECT_EQ(c.ep.ignored()[0].event, "CLOSE");
  }

  Endpoint ep = closed();
  EXPECT_EQ(ep.abort(kNow), CallResult::ConnectionNotExist);
  EXPECT_EQ(ep.abort(kNow + 1), CallResult::ConnectionNotExist);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(sent(ep), Sent{});
  EXPECT_EQ(ep.ignored().size(), 2u);
}

// A connection that was reset is CLOSED: a further ABORT matches no row either.
TEST(Ignored, AbortAfterReset_ConnectionNotExist) {
  Endpoint ep = established();
  ep.on_segment(kNow, seg("R", 5001));
  ASSERT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.abort(kNow + 1), CallResult::ConnectionNotExist);
  EXPECT_EQ(sent(ep), Sent{});
  ASSERT_EQ(ep.ignored().size(), 1u);
  EXPECT_EQ(ep.ignored()[0].event, "ABORT");
}

}  // namespace
}  // namespace synack::tcp::test

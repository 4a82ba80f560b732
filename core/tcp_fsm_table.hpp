// The TCP state machine as one Boost.MSM functor-front-end transition table.
// It is the single source of truth for states and transitions: the endpoint
// runs it, and `synack fsm --dot` and the GUI's state diagram walk it.
//
// Internal to core/: include it only from the .cpp files that need it, after the
// Boost MPL limits set on the synack_core target (more than 20 rows).
#pragma once

#include <boost/mpl/vector.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include "tcp_tcb.hpp"

namespace synack::tcp::fsm {

namespace msmf = boost::msm::front;
using msmf::none;
using msmf::Row;

// ---- States: entering one reports to the TCB, which records the change. ----
template <State S>
struct TcpState : msmf::state<> {
  static constexpr State id = S;
  template <class Event, class Fsm>
  void on_entry(const Event&, Fsm& fsm) {
    fsm.tcb->enter(S);
  }
};
struct Closed : TcpState<State::Closed> {};
struct Listen : TcpState<State::Listen> {};
struct SynSent : TcpState<State::SynSent> {};
struct SynReceived : TcpState<State::SynReceived> {};
struct Established : TcpState<State::Established> {};
struct FinWait1 : TcpState<State::FinWait1> {};
struct FinWait2 : TcpState<State::FinWait2> {};
struct CloseWait : TcpState<State::CloseWait> {};
struct Closing : TcpState<State::Closing> {};
struct LastAck : TcpState<State::LastAck> {};
struct TimeWait : TcpState<State::TimeWait> {};

// ---- Events: user calls, classified segment arrivals, timeouts. ----
#define SYNACK_EVENT(Name, Label)               \
  struct Name {                                 \
    static constexpr Ev kind = Ev::Name;        \
    static constexpr const char* label = Label; \
  }
SYNACK_EVENT(PassiveOpen, "passive OPEN");
SYNACK_EVENT(ActiveOpen, "active OPEN");
SYNACK_EVENT(Send, "SEND");
SYNACK_EVENT(Close, "CLOSE");
SYNACK_EVENT(Abort, "ABORT");
SYNACK_EVENT(RcvSyn, "rcv SYN");
SYNACK_EVENT(RcvSynAck, "rcv SYN,ACK");
SYNACK_EVENT(RcvAckOfSyn, "rcv ACK of SYN");
SYNACK_EVENT(RcvAckOfFin, "rcv ACK of FIN");
SYNACK_EVENT(RcvFin, "rcv FIN");
SYNACK_EVENT(RcvBadAck, "rcv unacceptable ACK");
// An accepted RST, an in-window SYN under RFC 793 rules, or retransmissions
// exhausted: all of them end the connection without a FIN exchange.
SYNACK_EVENT(Reset, "reset or give up");
SYNACK_EVENT(TimeWaitTimeout, "timeout=2MSL");
#undef SYNACK_EVENT

// ---- Actions and guards: thin calls into the TCB, with the label drawn on edges. ----
#define SYNACK_ACTION(Name, Label, Method)                            \
  struct Name {                                                       \
    static constexpr const char* label = Label;                       \
    template <class Event, class Fsm, class Source, class Target>     \
    void operator()(const Event&, Fsm& fsm, Source&, Target&) const { \
      fsm.tcb->Method();                                              \
    }                                                                 \
  }
SYNACK_ACTION(CreateListen, "create TCB", a_listen);
SYNACK_ACTION(SendSyn, "snd SYN", a_send_syn);
SYNACK_ACTION(SendSynAck, "snd SYN,ACK", a_send_syn_ack);
SYNACK_ACTION(CompleteOpen, "snd ACK", a_complete_open);
SYNACK_ACTION(AcceptOpen, "connected", a_accept_open);
SYNACK_ACTION(SendFin, "snd FIN", a_queue_fin);
SYNACK_ACTION(AckFin, "snd ACK", a_ack_fin);
SYNACK_ACTION(AckFinStartTimer, "snd ACK, start 2MSL", a_ack_fin_time_wait);
SYNACK_ACTION(StartTimeWait, "start 2MSL", a_start_time_wait);
SYNACK_ACTION(DeleteTcb, "delete TCB", a_delete_tcb);
SYNACK_ACTION(SendRst, "snd RST", a_send_rst_delete);
SYNACK_ACTION(ReplyRst, "snd RST", a_reply_rst);
SYNACK_ACTION(ReportReset, "report error, delete TCB", a_report_reset);
SYNACK_ACTION(BackToListen, "forget peer", a_return_to_listen);
#undef SYNACK_ACTION

#define SYNACK_GUARD(Name, Label, Expr)                               \
  struct Name {                                                       \
    static constexpr const char* label = Label;                       \
    template <class Event, class Fsm, class Source, class Target>     \
    bool operator()(const Event&, Fsm& fsm, Source&, Target&) const { \
      return Expr;                                                    \
    }                                                                 \
  }
// A RST sends a passively opened connection back to LISTEN (§3.10.7.4); giving
// up after retransmissions ends any connection in CLOSED (§3.10.8).
SYNACK_GUARD(PassiveReset, "passive OPEN, reset",
             fsm.tcb->passive && fsm.tcb->pending_error != SocketError::TimedOut);
SYNACK_GUARD(ActiveOrGaveUp, "active OPEN, or gave up",
             !fsm.tcb->passive || fsm.tcb->pending_error == SocketError::TimedOut);
SYNACK_GUARD(FinAcked, "our FIN acked", fsm.tcb->g_our_fin_acked());
SYNACK_GUARD(FinNotAcked, "our FIN not acked", !fsm.tcb->g_our_fin_acked());
SYNACK_GUARD(PeerKnown, "foreign socket given", fsm.tcb->id.remote_port != 0);
#undef SYNACK_GUARD

struct MachineDef : msmf::state_machine_def<MachineDef> {
  Endpoint::Tcb* tcb = nullptr;
  using initial_state = Closed;

  // clang-format off
  struct transition_table : boost::mpl::vector<
  //    Start        | Event           | Next         | Action           | Guard
  // ----------------+-----------------+--------------+------------------+-------------
  Row < Closed       , PassiveOpen     , Listen       , CreateListen     , none        >, // §3.10.1 passive OPEN
  Row < Closed       , ActiveOpen      , SynSent      , SendSyn          , none        >, // §3.10.1 active OPEN
  // ----------------+-----------------+--------------+------------------+-------------
  Row < Listen       , RcvSyn          , SynReceived  , SendSynAck       , none        >, // §3.10.7.2 third: SYN
  Row < Listen       , ActiveOpen      , SynSent      , SendSyn          , PeerKnown   >, // §3.10.1 OPEN in LISTEN
  Row < Listen       , Send            , SynSent      , SendSyn          , PeerKnown   >, // §3.10.2 SEND in LISTEN
  Row < Listen       , Close           , Closed       , DeleteTcb        , none        >, // §3.10.4 CLOSE in LISTEN
  Row < Listen       , Abort           , Closed       , DeleteTcb        , none        >, // §3.10.5 ABORT in LISTEN
  // ----------------+-----------------+--------------+------------------+-------------
  Row < SynSent      , RcvSynAck       , Established  , CompleteOpen     , none        >, // §3.10.7.3 fourth: SYN, our SYN acked
  Row < SynSent      , RcvSyn          , SynReceived  , SendSynAck       , none        >, // §3.10.7.3 fourth: simultaneous open
  Row < SynSent      , RcvBadAck       , none         , ReplyRst         , none        >, // §3.10.7.3 first: unacceptable ACK
  Row < SynSent      , Reset           , Closed       , ReportReset      , none        >, // §3.10.7.3 second: RST; §3.10.8 give up
  Row < SynSent      , Close           , Closed       , DeleteTcb        , none        >, // §3.10.4 CLOSE in SYN-SENT
  Row < SynSent      , Abort           , Closed       , DeleteTcb        , none        >, // §3.10.5 ABORT in SYN-SENT
  // ----------------+-----------------+--------------+------------------+-------------
  Row < SynReceived  , RcvAckOfSyn     , Established  , AcceptOpen       , none        >, // §3.10.7.4 fifth: ACK of SYN
  Row < SynReceived  , RcvBadAck       , none         , ReplyRst         , none        >, // §3.10.7.4 fifth: unacceptable ACK
  Row < SynReceived  , Reset           , Listen       , BackToListen     , PassiveReset>, // §3.10.7.4 second: back to LISTEN
  Row < SynReceived  , Reset           , Closed       , ReportReset      , ActiveOrGaveUp>, // §3.10.7.4 second: refused; §3.10.8 give up
  Row < SynReceived  , Close           , FinWait1     , SendFin          , none        >, // §3.10.4 CLOSE in SYN-RECEIVED
  Row < SynReceived  , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < Established  , Close           , FinWait1     , SendFin          , none        >, // §3.10.4 CLOSE in ESTABLISHED
  Row < Established  , RcvFin          , CloseWait    , AckFin           , none        >, // §3.10.7.4 eighth: FIN
  Row < Established  , Reset           , Closed       , ReportReset      , none        >, // §3.10.7.4 second: RST
  Row < Established  , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < FinWait1     , RcvAckOfFin     , FinWait2     , none             , none        >, // §3.10.7.4 fifth: FIN acked
  Row < FinWait1     , RcvFin          , TimeWait     , AckFinStartTimer , FinAcked    >, // §3.10.7.4 eighth: FIN,ACK
  Row < FinWait1     , RcvFin          , Closing      , AckFin           , FinNotAcked >, // §3.10.7.4 eighth: simultaneous close
  Row < FinWait1     , Reset           , Closed       , ReportReset      , none        >, // §3.10.7.4 second: RST
  Row < FinWait1     , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < FinWait2     , RcvFin          , TimeWait     , AckFinStartTimer , none        >, // §3.10.7.4 eighth: FIN
  Row < FinWait2     , Reset           , Closed       , ReportReset      , none        >, // §3.10.7.4 second: RST
  Row < FinWait2     , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < CloseWait    , Close           , LastAck      , SendFin          , none        >, // §3.10.4 CLOSE in CLOSE-WAIT
  Row < CloseWait    , Reset           , Closed       , ReportReset      , none        >, // §3.10.7.4 second: RST
  Row < CloseWait    , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < Closing      , RcvAckOfFin     , TimeWait     , StartTimeWait    , none        >, // §3.10.7.4 fifth: FIN acked
  Row < Closing      , Reset           , Closed       , ReportReset      , none        >, // §3.10.7.4 second: RST
  Row < Closing      , Abort           , Closed       , DeleteTcb        , none        >, // §3.10.5 ABORT, no RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < LastAck      , RcvAckOfFin     , Closed       , DeleteTcb        , none        >, // §3.10.7.4 fifth: FIN acked
  Row < LastAck      , Reset           , Closed       , ReportReset      , none        >, // §3.10.7.4 second: RST
  Row < LastAck      , Abort           , Closed       , DeleteTcb        , none        >, // §3.10.5 ABORT, no RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < TimeWait     , RcvFin          , none         , AckFinStartTimer , none        >, // §3.10.7.4 eighth: restart 2MSL
  Row < TimeWait     , TimeWaitTimeout , Closed       , DeleteTcb        , none        >, // §3.10.8 time-wait timeout
  Row < TimeWait     , Reset           , Closed       , ReportReset      , none        >, // §3.10.7.4 second: RST
  Row < TimeWait     , Abort           , Closed       , DeleteTcb        , none        >  // §3.10.5 ABORT, no RST
  > {};
  // clang-format on

  // No row matched: stay in the state, send nothing, keep a record (tested).
  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm& fsm, int) {
    fsm.tcb->record_ignored(Event::label);
  }
};

}  // namespace synack::tcp::fsm

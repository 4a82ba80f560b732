// The TCP state machine as one Boost.MSM functor-front-end transition table.
// It is the single source of truth for states and transitions: the endpoint
// runs it, and `synack fsm --dot` and the GUI's state diagram walk it.
//
// Internal to core/: include it only from the .cpp files that need it, after the
// Boost MPL limits set on the synack_core target (more than 20 rows).
#pragma once

#include <boost/mpl/joint_view.hpp>
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

// ---- Events: user calls, classified segment arrivals, timeouts (tcp_events.hpp). ----
using ev::Abort;
using ev::ActiveOpen;
using ev::Close;
using ev::ListenerClosed;
using ev::PassiveOpen;
using ev::RcvAckOfFin;
using ev::RcvAckOfSyn;
using ev::RcvBadAck;
using ev::RcvCookieAck;
using ev::RcvDataAfterClose;
using ev::RcvFin;
using ev::RcvIcmpHardError;
using ev::RcvIcmpSoftError;
using ev::RcvRst;
using ev::RcvSyn;
using ev::RcvSynAck;
using ev::RcvSynInWindow;
using ev::RcvSynQueueFull;
using ev::Send;
using ev::TimeWaitTimeout;
using ev::UserTimeout;

// ---- Actions and guards: thin calls into the TCB, with the label drawn on edges. ----
// `e` is the event, `tcb` the connection's TCB.
#define SYNACK_ACTION(Name, Label, Call)                                \
  struct Name {                                                         \
    static constexpr const char* label = Label;                         \
    template <class Event, class Fsm, class Source, class Target>       \
    void operator()(const Event& e, Fsm& fsm, Source&, Target&) const { \
      [[maybe_unused]] const Event& event = e;                          \
      Endpoint::Tcb& tcb = *fsm.tcb;                                    \
      Call;                                                             \
    }                                                                   \
  }
SYNACK_ACTION(CreateListen, "create TCB", tcb.a_listen());
SYNACK_ACTION(SendSyn, "snd SYN", tcb.a_send_syn());
SYNACK_ACTION(SendSynAck, "snd SYN,ACK", tcb.a_send_syn_ack(event.seg));
SYNACK_ACTION(SendCookie, "snd SYN,ACK with cookie", tcb.a_send_cookie_syn_ack(event));
SYNACK_ACTION(OpenFromCookie, "rebuild TCB, connected", tcb.a_open_from_cookie(event));
SYNACK_ACTION(CompleteOpen, "snd ACK", tcb.a_complete_open(event.seg));
SYNACK_ACTION(AcceptOpen, "connected", tcb.a_accept_open(event.seg));
SYNACK_ACTION(SendFin, "snd FIN", tcb.a_queue_fin());
SYNACK_ACTION(AckFin, "snd ACK", tcb.a_ack_fin());
SYNACK_ACTION(AckFinStartTimer, "snd ACK, start 2MSL", tcb.a_ack_fin_time_wait());
SYNACK_ACTION(StartTimeWait, "start 2MSL", tcb.a_start_time_wait());
SYNACK_ACTION(DeleteTcb, "delete TCB", tcb.a_delete_tcb());
SYNACK_ACTION(SendRst, "snd RST", tcb.a_send_rst_delete());
SYNACK_ACTION(ResetPeer, "snd RST, report error", tcb.a_reset_peer_delete(event.error));
SYNACK_ACTION(ReplyRst, "snd RST", tcb.a_reply_rst(event.seg));
SYNACK_ACTION(ReplyRstDelete, "snd RST, delete TCB", tcb.a_reply_rst_delete(event.seg));
SYNACK_ACTION(ReportError, "report error, delete TCB", tcb.a_report_error(event.error));
SYNACK_ACTION(BackToListen, "forget peer", tcb.a_return_to_listen());
SYNACK_ACTION(RememberError, "remember soft error", tcb.a_remember_soft_error(event.error));
#undef SYNACK_ACTION

#define SYNACK_GUARD(Name, Label, Expr)                               \
  struct Name {                                                       \
    static constexpr const char* label = Label;                       \
    template <class Event, class Fsm, class Source, class Target>     \
    bool operator()(const Event&, Fsm& fsm, Source&, Target&) const { \
      const Endpoint::Tcb& tcb = *fsm.tcb;                            \
      return Expr;                                                    \
    }                                                                 \
  }
SYNACK_GUARD(Passive, "passive OPEN", tcb.passive);
SYNACK_GUARD(Active, "active OPEN", !tcb.passive);
SYNACK_GUARD(FinAcked, "our FIN acked", tcb.g_our_fin_acked());
SYNACK_GUARD(FinNotAcked, "our FIN not acked", !tcb.g_our_fin_acked());
SYNACK_GUARD(PeerKnown, "foreign socket given", tcb.id.remote_port != 0);
#undef SYNACK_GUARD

struct MachineDef : msmf::state_machine_def<MachineDef> {
  Endpoint::Tcb* tcb = nullptr;
  using initial_state = Closed;
  // No action raises an event of its own, so no queue for such events: each
  // machine would carry an empty std::deque (half a kilobyte) for nothing.
  using no_message_queue = int;

  // clang-format off
  // The connection being opened: CLOSED, LISTEN, SYN-SENT, SYN-RECEIVED.
  struct opening_rows : boost::mpl::vector<
  //    Start        | Event           | Next         | Action           | Guard
  // ----------------+-----------------+--------------+------------------+-------------
  Row < Closed       , PassiveOpen     , Listen       , CreateListen     , none        >, // §3.10.1 passive OPEN
  Row < Closed       , ActiveOpen      , SynSent      , SendSyn          , none        >, // §3.10.1 active OPEN
  // ----------------+-----------------+--------------+------------------+-------------
  Row < Listen       , RcvSyn          , SynReceived  , SendSynAck       , none        >, // §3.10.7.2 third: SYN
  Row < Listen       , RcvSynQueueFull , none         , SendCookie       , none        >, // RFC 4987 §3.6: SYN cookie
  Row < Listen       , RcvCookieAck    , Established  , OpenFromCookie   , none        >, // RFC 4987 §3.6: cookie returned
  Row < Listen       , ActiveOpen      , SynSent      , SendSyn          , PeerKnown   >, // §3.10.1 OPEN in LISTEN
  Row < Listen       , Send            , SynSent      , SendSyn          , PeerKnown   >, // §3.10.2 SEND in LISTEN
  Row < Listen       , Close           , Closed       , DeleteTcb        , none        >, // §3.10.4 CLOSE in LISTEN
  Row < Listen       , Abort           , Closed       , DeleteTcb        , none        >, // §3.10.5 ABORT in LISTEN
  // ----------------+-----------------+--------------+------------------+-------------
  Row < SynSent      , RcvSynAck       , Established  , CompleteOpen     , none        >, // §3.10.7.3 fourth: SYN, our SYN acked
  Row < SynSent      , RcvSyn          , SynReceived  , SendSynAck       , none        >, // §3.10.7.3 fourth: simultaneous open
  Row < SynSent      , RcvBadAck       , none         , ReplyRst         , none        >, // §3.10.7.3 first: unacceptable ACK
  Row < SynSent      , RcvRst          , Closed       , ReportError      , none        >, // §3.10.7.3 second: refused
  Row < SynSent      , RcvIcmpHardError, Closed       , ReportError      , none        >, // RFC 1122 §4.2.3.9: hard error
  Row < SynSent      , RcvIcmpSoftError, none         , RememberError    , none        >, // RFC 1122 §4.2.3.9: soft error
  Row < SynSent      , UserTimeout     , Closed       , ReportError      , none        >, // §3.10.8 give up
  Row < SynSent      , Close           , Closed       , DeleteTcb        , none        >, // §3.10.4 CLOSE in SYN-SENT
  Row < SynSent      , Abort           , Closed       , DeleteTcb        , none        >, // §3.10.5 ABORT in SYN-SENT
  // ----------------+-----------------+--------------+------------------+-------------
  Row < SynReceived  , RcvAckOfSyn     , Established  , AcceptOpen       , none        >, // §3.10.7.4 fifth: ACK of SYN
  Row < SynReceived  , RcvBadAck       , none         , ReplyRst         , none        >, // §3.10.7.4 fifth: unacceptable ACK
  Row < SynReceived  , RcvRst          , Listen       , BackToListen     , Passive     >, // §3.10.7.4 second: back to LISTEN
  Row < SynReceived  , RcvRst          , Closed       , ReportError      , Active      >, // §3.10.7.4 second: refused
  Row < SynReceived  , RcvSynInWindow  , Listen       , BackToListen     , Passive     >, // §3.10.7.4 fourth: back to LISTEN
  Row < SynReceived  , RcvSynInWindow  , Closed       , ResetPeer        , Active      >, // §3.10.7.4 fourth: RFC 793 reset
  Row < SynReceived  , RcvIcmpHardError, Listen       , BackToListen     , Passive     >, // RFC 5461 §4.1: request dropped
  Row < SynReceived  , RcvIcmpHardError, Closed       , ReportError      , Active      >, // RFC 5461 §4.1: hard error
  Row < SynReceived  , RcvIcmpSoftError, none         , RememberError    , none        >, // RFC 1122 §4.2.3.9: soft error
  Row < SynReceived  , UserTimeout     , Closed       , ReportError      , none        >, // §3.10.8 give up
  Row < SynReceived  , ListenerClosed  , Closed       , DeleteTcb        , none        >, // SYN queue entry dropped
  Row < SynReceived  , Close           , FinWait1     , SendFin          , none        >, // §3.10.4 CLOSE in SYN-RECEIVED
  Row < SynReceived  , Abort           , Closed       , SendRst          , none        >  // §3.10.5 ABORT, snd RST
  > {};

  // The synchronized states: data, the close, TIME-WAIT.
  struct synchronized_rows : boost::mpl::vector<
  //    Start        | Event           | Next         | Action           | Guard
  // ----------------+-----------------+--------------+------------------+-------------
  Row < Established  , Close           , FinWait1     , SendFin          , none        >, // §3.10.4 CLOSE in ESTABLISHED
  Row < Established  , RcvFin          , CloseWait    , AckFin           , none        >, // §3.10.7.4 eighth: FIN
  Row < Established  , RcvRst          , Closed       , ReportError      , none        >, // §3.10.7.4 second: RST
  Row < Established  , RcvSynInWindow  , Closed       , ResetPeer        , none        >, // §3.10.7.4 fourth: RFC 793 reset
  Row < Established  , UserTimeout     , Closed       , ReportError      , none        >, // §3.10.8 give up
  Row < Established  , RcvIcmpSoftError, none         , RememberError    , none        >, // RFC 5461 §4.2: soft error
  Row < Established  , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < FinWait1     , RcvAckOfFin     , FinWait2     , none             , none        >, // §3.10.7.4 fifth: FIN acked
  Row < FinWait1     , RcvFin          , TimeWait     , AckFinStartTimer , FinAcked    >, // §3.10.7.4 eighth: FIN,ACK
  Row < FinWait1     , RcvFin          , Closing      , AckFin           , FinNotAcked >, // §3.10.7.4 eighth: simultaneous close
  Row < FinWait1     , RcvRst          , Closed       , ReportError      , none        >, // §3.10.7.4 second: RST
  Row < FinWait1     , RcvSynInWindow  , Closed       , ResetPeer        , none        >, // §3.10.7.4 fourth: RFC 793 reset
  Row < FinWait1     , UserTimeout     , Closed       , ReportError      , none        >, // §3.10.8 give up
  Row < FinWait1     , RcvDataAfterClose, Closed      , ReplyRstDelete   , none        >, // §3.6.1 data after CLOSE
  Row < FinWait1     , RcvIcmpSoftError, none         , RememberError    , none        >, // RFC 5461 §4.2: soft error
  Row < FinWait1     , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < FinWait2     , RcvFin          , TimeWait     , AckFinStartTimer , none        >, // §3.10.7.4 eighth: FIN
  Row < FinWait2     , RcvRst          , Closed       , ReportError      , none        >, // §3.10.7.4 second: RST
  Row < FinWait2     , RcvSynInWindow  , Closed       , ResetPeer        , none        >, // §3.10.7.4 fourth: RFC 793 reset
  Row < FinWait2     , RcvDataAfterClose, Closed      , ReplyRstDelete   , none        >, // §3.6.1 data after CLOSE
  Row < FinWait2     , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < CloseWait    , Close           , LastAck      , SendFin          , none        >, // §3.10.4 CLOSE in CLOSE-WAIT
  Row < CloseWait    , RcvRst          , Closed       , ReportError      , none        >, // §3.10.7.4 second: RST
  Row < CloseWait    , RcvSynInWindow  , Closed       , ResetPeer        , none        >, // §3.10.7.4 fourth: RFC 793 reset
  Row < CloseWait    , UserTimeout     , Closed       , ReportError      , none        >, // §3.10.8 give up
  Row < CloseWait    , RcvIcmpSoftError, none         , RememberError    , none        >, // RFC 5461 §4.2: soft error
  Row < CloseWait    , Abort           , Closed       , SendRst          , none        >, // §3.10.5 ABORT, snd RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < Closing      , RcvAckOfFin     , TimeWait     , StartTimeWait    , none        >, // §3.10.7.4 fifth: FIN acked
  Row < Closing      , RcvRst          , Closed       , ReportError      , none        >, // §3.10.7.4 second: RST
  Row < Closing      , RcvSynInWindow  , Closed       , ResetPeer        , none        >, // §3.10.7.4 fourth: RFC 793 reset
  Row < Closing      , UserTimeout     , Closed       , ReportError      , none        >, // §3.10.8 give up
  Row < Closing      , RcvIcmpSoftError, none         , RememberError    , none        >, // RFC 5461 §4.2: soft error
  Row < Closing      , Abort           , Closed       , DeleteTcb        , none        >, // §3.10.5 ABORT, no RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < LastAck      , RcvAckOfFin     , Closed       , DeleteTcb        , none        >, // §3.10.7.4 fifth: FIN acked
  Row < LastAck      , RcvRst          , Closed       , ReportError      , none        >, // §3.10.7.4 second: RST
  Row < LastAck      , RcvSynInWindow  , Closed       , ResetPeer        , none        >, // §3.10.7.4 fourth: RFC 793 reset
  Row < LastAck      , UserTimeout     , Closed       , ReportError      , none        >, // §3.10.8 give up
  Row < LastAck      , RcvIcmpSoftError, none         , RememberError    , none        >, // RFC 5461 §4.2: soft error
  Row < LastAck      , Abort           , Closed       , DeleteTcb        , none        >, // §3.10.5 ABORT, no RST
  // ----------------+-----------------+--------------+------------------+-------------
  Row < TimeWait     , RcvFin          , none         , AckFinStartTimer , none        >, // §3.10.7.4 eighth: restart 2MSL
  Row < TimeWait     , TimeWaitTimeout , Closed       , DeleteTcb        , none        >, // §3.10.8 time-wait timeout
  Row < TimeWait     , RcvRst          , Closed       , ReportError      , none        >, // §3.10.7.4 second: RST
  Row < TimeWait     , RcvSynInWindow  , Closed       , ResetPeer        , none        >, // §3.10.7.4 fourth: RFC 793 reset
  Row < TimeWait     , Abort           , Closed       , DeleteTcb        , none        >  // §3.10.5 ABORT, no RST
  > {};

  // More rows than one MPL vector holds: the table is the two parts in order.
  struct transition_table : boost::mpl::joint_view<opening_rows, synchronized_rows> {};
  // clang-format on

  // No row matched: stay in the state, send nothing, keep a record (tested).
  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm& fsm, int) {
    fsm.tcb->record_ignored(Event::label, "no row of the transition table matches");
  }
};

}  // namespace synack::tcp::fsm

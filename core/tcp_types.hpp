// Vocabulary of the TCP endpoint: states, settings, what it tells the socket
// layer, and how state changes are recorded. Time is always an argument in
// microseconds; nothing here reads a clock.
#pragma once

#include <cstdint>
#include <string>

#include "seq.hpp"
#include "time.hpp"

namespace synack::tcp {

// The eleven states of RFC 9293 §3.3.2.
enum class State : std::uint8_t {
  Closed,
  Listen,
  SynSent,
  SynReceived,
  Established,
  FinWait1,
  FinWait2,
  CloseWait,
  Closing,
  LastAck,
  TimeWait,
};
inline constexpr int kStateCount = 11;
inline constexpr std::uint16_t kNoRow = 0xFFFF;

// RFC spelling: "SYN-RECEIVED", "TIME-WAIT", ...
const char* state_name(State s);
// Parses the RFC spelling (also '_' for '-', any case, and the short forms
// SYN-RCVD, ESTAB, CLOSE that ss, sockstat and packetdrill use); false if unknown.
bool parse_state(const std::string& text, State& out);

// Synchronized states (RFC 9293 §3.5.2): a connection has exchanged SYNs.
bool is_synchronized(State s);

// How a RST or SYN that is in the window but not exactly at RCV.NXT is treated.
enum class RstSynPolicy : std::uint8_t {
  Rfc5961,  // challenge ACK (RFC 5961 §3, §4; RFC 9293 §3.10.7.4 steps 2 and 4)
  Rfc793,   // accept an in-window RST; an in-window SYN resets the connection
};

// The largest window shift count (RFC 7323 §2.3).
inline constexpr std::uint8_t kMaxWindowShift = 14;

// ECN negotiation, with Linux's tcp_ecn and FreeBSD's ecn.enable values.
enum class Ecn : std::uint8_t {
  Off,     // 0: neither offered nor accepted
  On,      // 1: our SYN offers it, and a SYN that offers it is answered in kind
  Accept,  // 2: accepted when a peer's SYN offers it, never offered
};

// The congestion control algorithm: how cwnd grows in congestion avoidance
// and how far it falls on a loss.
enum class CongestionControl : std::uint8_t {
  Reno,   // RFC 5681 with NewReno fast recovery (RFC 6582)
  Cubic,  // RFC 9438 (what Linux and FreeBSD 14 run), the same loss recovery
};

// Which ICMP errors abort a connection still opening (SYN-SENT, SYN-RECEIVED).
// In the synchronized states every ICMP error is soft: remembered, never fatal
// (RFC 5461 §4.2, RFC 5927 §7).
enum class IcmpOpenPolicy : std::uint8_t {
  Any,      // every error, soft ones too (RFC 5461 §4.1; Linux's tcp_v4_err)
  Hard,     // RFC 1122 §4.2.3.9's hard errors: protocol, port unreachable, and the
            // administratively prohibited codes (RFC 1812 §5.2.7.1)
  HardTtl,  // those, and TTL exceeded in transit (FreeBSD's tcp_ctlinput)
  Never,    // none (FreeBSD with net.inet.tcp.icmp_may_rst=0)
};

// Policies RFC 9293 leaves open, with their defaults.
struct Settings {
  RstSynPolicy rst_policy = RstSynPolicy::Rfc5961;  // RST in the window (RFC 5961 §3)
  RstSynPolicy syn_policy = RstSynPolicy::Rfc5961;  // SYN on a synchronized connection (§4)
  // RFC 1337 F1: a RST cannot cut TIME-WAIT short ("TIME-WAIT assassination").
  // Off, a RST in TIME-WAIT closes the connection as RFC 9293 §3.10.7.4 says.
  bool time_wait_ignores_rst = true;
  // Behaviours of BSD-derived stacks, off by default (RFC 9293 behaviour):
  // process the ACK field of a segment that lies wholly before RCV.NXT after
  // answering it (RFC 9293 §3.10.7.4 drops it), and let an ACK we must send
  // ride on a retransmission of our unacknowledged FIN.
  bool ack_in_old_segment = false;
  bool ack_carries_unacked_fin = false;
  // Discard a SYN that also carries FIN in LISTEN and SYN-SENT: no real opening
  // sends one, port scanners do. RFC 9293 answers it like any SYN (off).
  bool drop_syn_fin = false;
  // RFC 9293 §3.6.1 (a MAY, which BSD and Linux do): once the application has
  // closed its socket, new data for it is answered with a RST.
  bool rst_on_data_after_close = true;
  // Keep-alives (RFC 1122 §4.2.3.6), off unless SO_KEEPALIVE: after `idle`
  // with nothing received, a probe every `interval`; `probes` unanswered ones
  // end the connection with ETIMEDOUT. The times are Linux's defaults.
  bool keepalive = false;
  TimeUs keepalive_idle = 7200 * kSeconds;
  TimeUs keepalive_interval = 75 * kSeconds;
  int keepalive_probes = 9;
  TimeUs msl = 30 * kSeconds;         // TIME-WAIT lasts 2*MSL (RFC 9293 §3.4.2)
  TimeUs initial_rto = 1 * kSeconds;  // RFC 6298 §2.1
  TimeUs min_rto = 1 * kSeconds;      // RFC 6298 §2.4
  TimeUs max_rto = 60 * kSeconds;     // RFC 6298 §2.5
  // Added to a backed-off RTO before max_rto bounds it (FreeBSD's rexmit_slop,
  // which leaves the first timeout of a connection alone).
  TimeUs rto_slop = 0;
  // An active opening not ESTABLISHED by then fails with ETIMEDOUT whatever the
  // SYN retries left (FreeBSD's keepinit, TCP_KEEPINIT); 0: only the retries end it.
  TimeUs connect_timeout = 0;
  int syn_retries = 6;       // retransmissions of SYN (and of SYN,ACK) before giving up
  int data_retries = 15;     // retransmissions of data/FIN before giving up (RFC 1122 R2)
  bool delayed_ack = false;  // RFC 9293 §3.8.6.3 / RFC 1122 §4.2.3.2
  TimeUs delayed_ack_timeout = 200 * kMillis;
  // A delayed ACK goes out with the second segment whatever its size (BSD's
  // DELAY_ACK); off, with the second full-sized one (RFC 5681 §4.2).
  bool ack_every_other_segment = false;
  bool nagle = true;  // RFC 9293 §3.7.4; TCP_NODELAY turns it off
  // RFC 1122 §4.2.3.4's strict Nagle holds a small segment while any data is
  // unacknowledged; off, only while an earlier small segment is (as Linux,
  // after Minshall), so a large write's short tail goes out with it.
  bool nagle_strict = false;
  // Initial congestion window in segments (RFC 6928 allows 10); 0 takes
  // RFC 5681 §3.1's rule: 2 to 4 segments by the MSS.
  std::uint32_t initial_window = 0;
  CongestionControl congestion_control = CongestionControl::Reno;
  IcmpOpenPolicy icmp_aborts_open = IcmpOpenPolicy::Any;
  // RFC 1122 §4.2.4.1: soft errors reach the application. On, SO_ERROR shows
  // the last one (Linux's sk_err_soft); off, only a timeout reports it.
  bool report_soft_errors = true;
  std::uint16_t mss = 1460;  // our MSS, announced on SYN
  // Options a SYN offers; each is used when both SYNs carry it. The textbook's
  // handshake carries the MSS alone.
  bool window_scaling = false;    // RFC 7323 §2
  std::uint8_t window_scale = 7;  // our shift count when it is offered, 0 to 14
  bool timestamps = false;        // RFC 7323 §3
  bool sack = false;              // SACK-permitted and SACK blocks (RFC 2018)
  bool no_options = false;        // not even MSS (FreeBSD's TCP_NOOPT)
  // ECN's handshake (RFC 3168 §6.1.1): an ECN-setup SYN carries ECE and CWR, a
  // SYN,ACK answering one carries ECE. The data path marks and reacts to nothing.
  Ecn ecn = Ecn::Off;
  // SYN retransmissions that still offer ECN (RFC 3168 §6.1.1.1 says none:
  // a lost ECN-setup SYN may have met a middlebox that drops them).
  int ecn_setup_retries = 0;
  // After this many SYN retransmissions the SYN offers the MSS only, in case a
  // middlebox drops SYNs with options (FreeBSD's rexmit_drop_options); 0: never.
  int syn_retries_with_options = 0;
  std::uint32_t receive_buffer = 65535;  // bytes; RCV.WND is what is free of it
  std::uint32_t send_buffer = 65535;     // bytes the application may queue
};

// Errors a connection ends with; the socket layer reports them as errno values.
enum class SocketError : std::uint8_t {
  None,
  ConnectionRefused,  // ECONNREFUSED: RST in answer to our SYN
  ConnectionReset,    // ECONNRESET: RST on a synchronized connection
  TimedOut,           // ETIMEDOUT: retransmissions exhausted
  HostUnreachable,    // EHOSTUNREACH: ICMP host unreachable, time exceeded, ARP failed
  NetUnreachable,     // ENETUNREACH: ICMP net unreachable
};

// What an ICMP error quoting one of our segments says (RFC 1122 §4.2.3.9,
// RFC 5461 §2), as the socket layer classified its type and code.
enum class IcmpKind : std::uint8_t {
  PortUnreachable,      // hard
  ProtocolUnreachable,  // hard
  Prohibited,           // hard: administratively prohibited (codes 9, 10, 13)
  NetUnreachable,       // soft: net unreachable, unknown, or for this TOS
  HostUnreachable,      // soft: the other unreachable codes; also ARP failing here
  TimeExceeded,         // soft: TTL exceeded in transit
  ReassemblyTimeout,    // soft: fragment reassembly time exceeded
  ParameterProblem,     // soft
};
// "rcv ICMP port unreachable": the cause the trace shows.
const char* icmp_kind_cause(IcmpKind k);
// RFC 1122 §4.2.3.9's hard errors: the destination itself says no.
bool icmp_is_hard(IcmpKind k);
// The error a socket reports for it: ECONNREFUSED for the hard ones (as BSD's
// inetctlerrmap), ENETUNREACH or EHOSTUNREACH for the others.
SocketError icmp_socket_error(IcmpKind k);

// An ICMP error for a connection: what it says and the sequence number of the
// segment it quotes (RFC 5927 §4.1 checks it).
struct IcmpError {
  IcmpKind kind = IcmpKind::HostUnreachable;
  SeqNum seq;
};

// What the endpoint tells the socket layer.
enum class Notice : std::uint8_t {
  Connected,   // connect() may return: SYN,ACK answered (or SYN-RECEIVED -> ESTABLISHED)
  Readable,    // new in-order data is in the receive buffer
  PeerClosed,  // FIN received: recv() returns 0 once the buffer is drained
  Writable,    // send buffer space freed by an ACK
  Error,       // the connection failed; see Endpoint::error()
  Closed,      // the TCB is gone (CLOSED reached after a normal close)
};
const char* notice_name(Notice n);

struct Notification {
  TimeUs time;
  Notice notice;
  SocketError error = SocketError::None;
};

// One state change, as recorded by the single function every change passes through.
struct StateChange {
  TimeUs time;
  State from;
  State to;
  std::string cause;  // the event that caused it, e.g. "rcv SYN,ACK"
  // The transition-table row that made it: an index into fsm_edges().
  std::uint16_t row = kNoRow;
};

// The endpoint's timers (RFC 9293 §3.8.1, §3.8.6, §3.10.8; RFC 6298). The
// retransmission timer is named for what it would resend: SYN, SYN,ACK or data.
enum class TimerKind : std::uint8_t {
  Retransmission,        // data or FIN unacknowledged (RFC 6298)
  SynRetransmission,     // our SYN unanswered (SYN-SENT)
  SynAckRetransmission,  // our SYN,ACK unanswered (SYN-RECEIVED)
  Persist,               // zero-window probe (§3.8.6.1)
  DelayedAck,            // ACK held back (§3.8.6.3)
  Keepalive,             // idle connection probe (RFC 1122 §4.2.3.6)
  TimeWait,              // 2MSL (§3.4.2)
  // An opening that must be done within Settings::connect_timeout (FreeBSD's keepinit)
  ConnectionEstablishment,
};
inline constexpr int kTimerKindCount = 8;
const char* timer_kind_name(TimerKind k);  // "retransmission", "TIME-WAIT (2MSL)", ...

enum class TimerOp : std::uint8_t { Set, Cancelled, Fired };
const char* timer_op_name(TimerOp op);  // "set", "cancelled", "fired"

// A timer set (or set again to a new deadline), cancelled before it ran out, or fired.
struct TimerChange {
  TimeUs time;
  TimerKind kind;
  TimerOp op;
  TimeUs deadline;
};

// The TCB variables a viewer follows (RFC 9293 §3.3.1), in a fixed order.
enum class TcbVar : std::uint8_t {
  SndUna,
  SndNxt,
  SndWnd,
  Iss,
  RcvNxt,
  RcvWnd,
  Irs,
  Rto,         // microseconds
  Srtt,        // microseconds; 0 before the first sample
  SendQueued,  // bytes accepted by SEND, not yet acknowledged
  Readable,    // bytes ready for RECEIVE
  Cwnd,        // congestion window, bytes (RFC 5681)
  Ssthresh,    // slow start threshold, bytes
  WMax,        // CUBIC's W_max, bytes (RFC 9438 §4.1.2); 0 under Reno or before a loss
};
inline constexpr int kTcbVarCount = 14;
const char* tcb_var_name(TcbVar v);  // "SND.UNA", "RCV.WND", "RTO", "send_queued", ...

// The variables after an input changed some of them: bit i of `changed` is
// set when variable i differs from the previous record (all set in the first).
struct TcbChange {
  TimeUs time;
  std::uint16_t changed;
  std::uint32_t values[kTcbVarCount];
};

// What happened to an input that changed no state: a segment dropped by an
// arrival step, or an event no table row matched.
struct IgnoredEvent {
  TimeUs time;
  State state;
  std::string event;   // "rcv ACK 1001:1001(0) ack 1", "CLOSE"
  std::string reason;  // "not acceptable: SEG.SEQ outside RCV.WND (first check)"
};

// Results of user calls (RFC 9293 §3.10.1–3.10.6 error texts).
enum class CallResult : std::uint8_t {
  Ok,
  ConnectionExists,       // "connection already exists"
  ConnectionNotExist,     // "connection does not exist"
  ConnectionClosing,      // "connection closing"
  ForeignUnspecified,     // "foreign socket unspecified"
  InsufficientResources,  // send buffer full
  ConnectionReset,        // the connection was reset / failed
};
const char* call_result_text(CallResult r);

}  // namespace synack::tcp

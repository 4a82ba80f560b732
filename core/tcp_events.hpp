// The events the TCB feeds to the transition table (internal to core/): user
// calls, classified segment arrivals and timeouts. Each carries what its
// actions and guards need to read: the segment, the error to report. The types
// are plain structs, so Boost.MSM stays inside tcp_fsm.cpp and tcp_fsm_graph.cpp.
#pragma once

#include <cstdint>

#include "tcp_segment.hpp"
#include "tcp_types.hpp"

namespace synack::tcp {

// Every event, with the label the diagram and the trace show for it.
#define SYNACK_EVENTS(X)                        \
  X(PassiveOpen, "passive OPEN")                \
  X(ActiveOpen, "active OPEN")                  \
  X(Send, "SEND")                               \
  X(Close, "CLOSE")                             \
  X(Abort, "ABORT")                             \
  X(RcvSyn, "rcv SYN")                          \
  X(RcvSynAck, "rcv SYN,ACK")                   \
  X(RcvAckOfSyn, "rcv ACK of SYN")              \
  X(RcvAckOfFin, "rcv ACK of FIN")              \
  X(RcvFin, "rcv FIN")                          \
  X(RcvBadAck, "rcv unacceptable ACK")          \
  X(RcvRst, "rcv RST")                          \
  X(RcvSynInWindow, "rcv SYN in window")        \
  X(RcvSynQueueFull, "rcv SYN, SYN queue full") \
  X(RcvCookieAck, "rcv ACK of SYN cookie")      \
  X(UserTimeout, "user timeout")                \
  X(ListenerClosed, "listener closed")          \
  X(RcvDataAfterClose, "rcv data after close")  \
  X(RcvIcmpHardError, "rcv ICMP hard error")    \
  X(RcvIcmpSoftError, "rcv ICMP soft error")    \
  X(TimeWaitTimeout, "timeout=2MSL")

enum class Ev : std::uint8_t {
#define SYNACK_ENUM(Name, Label) Name,
  SYNACK_EVENTS(SYNACK_ENUM)
#undef SYNACK_ENUM
};
#define SYNACK_COUNT(Name, Label) +1
inline constexpr int kEventCount = 0 SYNACK_EVENTS(SYNACK_COUNT);
#undef SYNACK_COUNT

inline constexpr const char* kEventLabels[] = {
#define SYNACK_LABEL(Name, Label) Label,
    SYNACK_EVENTS(SYNACK_LABEL)
#undef SYNACK_LABEL
};
inline const char* event_label(Ev e) { return kEventLabels[static_cast<int>(e)]; }
// Where RFC 9293 (or RFC 4987 for SYN cookies) says what `e` does in state
// `from`: "RFC 9293 §3.10.7.4, eighth: check the FIN bit".
const char* rfc_reference(State from, Ev e);

namespace ev {

#define SYNACK_EVENT_HEAD(Name)        \
  static constexpr Ev kind = Ev::Name; \
  static constexpr const char* label = kEventLabels[static_cast<int>(Ev::Name)];

struct PassiveOpen {
  SYNACK_EVENT_HEAD(PassiveOpen)
};
struct ActiveOpen {
  SYNACK_EVENT_HEAD(ActiveOpen)
};
struct Send {
  SYNACK_EVENT_HEAD(Send)
};
struct Close {
  SYNACK_EVENT_HEAD(Close)
};
struct Abort {
  SYNACK_EVENT_HEAD(Abort)
};
// A SYN in LISTEN, or in SYN-SENT without an ACK of ours (simultaneous open).
struct RcvSyn {
  SYNACK_EVENT_HEAD(RcvSyn)
  const Segment& seg;
};
// SYN-SENT: a SYN that acknowledges our SYN.
struct RcvSynAck {
  SYNACK_EVENT_HEAD(RcvSynAck)
  const Segment& seg;
};
// SYN-RECEIVED: an acceptable ACK, which acknowledges our SYN.
struct RcvAckOfSyn {
  SYNACK_EVENT_HEAD(RcvAckOfSyn)
  const Segment& seg;
};
struct RcvAckOfFin {
  SYNACK_EVENT_HEAD(RcvAckOfFin)
};
// A FIN at RCV.NXT (RCV.NXT has already moved past it).
struct RcvFin {
  SYNACK_EVENT_HEAD(RcvFin)
};
// An ACK that acknowledges something we never sent, while opening.
struct RcvBadAck {
  SYNACK_EVENT_HEAD(RcvBadAck)
  const Segment& seg;
};
// An accepted RST, with what the user is told (nothing for a passive
// connection still in SYN-RECEIVED, or in TIME-WAIT).
struct RcvRst {
  SYNACK_EVENT_HEAD(RcvRst)
  SocketError error;
};
// A SYN in the window of a synchronized connection under RFC 793 rules, or
// any SYN in SYN-RECEIVED (§3.10.7.4 fourth): the connection is reset.
struct RcvSynInWindow {
  SYNACK_EVENT_HEAD(RcvSynInWindow)
  static constexpr SocketError error = SocketError::ConnectionReset;
};
// LISTEN with no room for another half-open connection: answer with a SYN
// cookie and keep nothing (RFC 4987 §3.6).
struct RcvSynQueueFull {
  SYNACK_EVENT_HEAD(RcvSynQueueFull)
  const Segment& seg;
  SeqNum cookie;  // our ISS: the cookie
};
// LISTEN: the ACK that returns a valid cookie rebuilds the connection.
struct RcvCookieAck {
  SYNACK_EVENT_HEAD(RcvCookieAck)
  const Segment& seg;
  std::uint16_t peer_mss;  // the MSS the cookie kept
};
// Retransmissions exhausted (§3.10.8 USER TIMEOUT): ETIMEDOUT, or the soft
// error remembered meanwhile (RFC 1122 §4.2.3.9).
struct UserTimeout {
  SYNACK_EVENT_HEAD(UserTimeout)
  SocketError error = SocketError::TimedOut;
};
// The listening socket closed with this connection still in its SYN queue:
// the half-open entry is dropped without a RST, as BSD and Linux do (RFC 9293
// leaves listen queues to the socket layer).
struct ListenerClosed {
  SYNACK_EVENT_HEAD(ListenerClosed)
};
// New data for a connection whose application closed its socket and will
// read no more (RFC 9293 §3.6.1): the data is lost, so the peer is told.
struct RcvDataAfterClose {
  SYNACK_EVENT_HEAD(RcvDataAfterClose)
  const Segment& seg;
};
// An ICMP error quoting a segment we sent and have not seen acknowledged
// (RFC 5927 §4.1), with the error it means. Hard: it ends a connection still
// opening (RFC 1122 §4.2.3.9, RFC 5461 §4.1). Soft: remembered, reported if
// the connection times out.
struct RcvIcmpHardError {
  SYNACK_EVENT_HEAD(RcvIcmpHardError)
  SocketError error;
};
struct RcvIcmpSoftError {
  SYNACK_EVENT_HEAD(RcvIcmpSoftError)
  SocketError error;
};
struct TimeWaitTimeout {
  SYNACK_EVENT_HEAD(TimeWaitTimeout)
};

#undef SYNACK_EVENT_HEAD

}  // namespace ev
}  // namespace synack::tcp

// A passive observer: from the TCP segments seen at one point of the path, the
// state changes of each endpoint by RFC 9293's rules, with the simulator's
// state names and causes (the transition table's event labels and rows).
//
// Segments are grouped into connections by their 4-tuple; a SYN on a 4-tuple
// whose connection is over (both ends CLOSED or TIME-WAIT, after a FIN
// exchange or a RST) starts the next connection on it. A segment is taken as
// delivered when it is seen. What only the other end's answer shows (a passive
// OPEN shows by its SYN,ACK) is dated by the segment that caused it, so changes
// may come out of time order; sort them before recording.
//
// An observer cannot see everything: a change that rests on a segment the
// capture did not hold (data acknowledged but never seen, a sequence gap not
// yet acknowledged past, a RST not at the expected sequence number) is
// Uncertain, and so is the start of a connection first seen mid-stream, which
// begins in ESTABLISHED.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "core/isn.hpp"
#include "core/seq.hpp"
#include "core/tcp_events.hpp"
#include "core/tcp_types.hpp"
#include "sim/trace/trace.hpp"

namespace synack::capture {

using TimeUs = tcp::TimeUs;

// One TCP segment as seen on the path.
struct SeenSegment {
  TimeUs t = 0;
  std::uint32_t src_ip = 0, dst_ip = 0;
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint8_t flags = 0;
  SeqNum seq, ack;
  std::uint32_t payload_length = 0;
};

// One endpoint's state change. `id` is seen from that endpoint (local = the end
// that changed); `connection` counts the connections on that 4-tuple (0, 1, ...
// when a port is reused).
struct ObservedChange {
  TimeUs t = 0;
  tcp::ConnectionId id;
  std::uint32_t connection = 0;
  tcp::State from = tcp::State::Closed;
  tcp::State to = tcp::State::Closed;
  const char* cause = "";           // "rcv SYN,ACK", "CLOSE", ...
  std::uint16_t row = tcp::kNoRow;  // index into tcp::fsm_edges()
  trace::StateBasis basis = trace::StateBasis::Inferred;
};

// What the observer says of a connection that it first sees mid-stream.
inline constexpr const char* kMidStreamCause = "capture began mid-connection";

class Observer {
 public:
  // Feeds the next segment seen (in capture order); appends what it reveals.
  void on_segment(const SeenSegment& s, std::vector<ObservedChange>& out);
  // The capture is over: a FIN still waiting for its receiver's answer is
  // taken as received.
  void finish(std::vector<ObservedChange>& out);

 private:
  // A FIN seen on its way to an end, not yet known to have arrived before that
  // end's own FIN left (a simultaneous close).
  struct HeldFin {
    bool held = false;
    TimeUs t = 0;
    trace::StateBasis basis = trace::StateBasis::Inferred;
    bool acked_our_fin = false;
  };
  struct End {
    std::uint32_t ip = 0;
    std::uint16_t port = 0;
    tcp::State state = tcp::State::Closed;
    bool sent = false;  // anything seen from this end
    SeqNum iss;         // its SYN's seq
    SeqNum nxt;         // one past the highest sequence number seen or acknowledged
    bool fin_sent = false;
    SeqNum fin_seq;
    bool passive = false;      // reached SYN-RECEIVED from LISTEN
    bool syn_pending = false;  // got a SYN while CLOSED: LISTEN shows only by its answer
    TimeUs syn_at = 0;
    bool gap = false;             // sent bytes the capture has not shown were all delivered
    bool data_after_fin = false;  // got data after its own FIN
    HeldFin fin_held;
  };
  struct Connection {
    End end[2];
    std::uint32_t number = 0;
    bool over() const;
  };
  using Key = std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;

  Connection& connection_for(const SeenSegment& s, std::vector<ObservedChange>& out);
  void start_mid_stream(Connection& c, const SeenSegment& s, std::vector<ObservedChange>& out);
  void sender_side(Connection& c, End& x, End& y, const SeenSegment& s,
                   std::vector<ObservedChange>& out);
  void receiver_side(Connection& c, End& x, End& y, const SeenSegment& s, SeqNum x_nxt,
                     std::vector<ObservedChange>& out);
  void receive_fin(const Connection& c, End& y, const End& x, std::vector<ObservedChange>& out);
  // Moves `e` to `to` on event `ev`, from `from` (its state unless given).
  static void move(const Connection& c, End& e, const End& peer, TimeUs t, tcp::State from,
                   tcp::State to, tcp::Ev ev, trace::StateBasis basis,
                   std::vector<ObservedChange>& out);

  std::map<Key, Connection> connections_;
};

// Every TCP frame of `trace` at its first appearance, through an Observer; the
// changes sorted by time (stable).
std::vector<ObservedChange> observe(const trace::Trace& trace);

}  // namespace synack::capture

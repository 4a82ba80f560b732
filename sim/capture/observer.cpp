#include "sim/capture/observer.hpp"

#include <algorithm>

#include "core/tcp_fsm_graph.hpp"
#include "core/tcp_segment.hpp"
#include "sim/trace/frame_view.hpp"

namespace synack::capture {

namespace {

using tcp::Ev;
using tcp::State;
using trace::StateBasis;
namespace flag = tcp::flag;

bool has(const SeenSegment& s, std::uint8_t f) { return (s.flags & f) != 0; }

std::uint32_t seg_len(const SeenSegment& s) {
  return s.payload_length + (has(s, flag::SYN) ? 1 : 0) + (has(s, flag::FIN) ? 1 : 0);
}

bool syn_only(const SeenSegment& s) { return has(s, flag::SYN) && !has(s, flag::ACK); }

}  // namespace

bool Observer::Connection::over() const {
  const auto done = [](State s) { return s == State::Closed || s == State::TimeWait; };
  return done(end[0].state) && done(end[1].state) && (end[0].sent || end[1].sent);
}

void Observer::move(const Connection& c, End& e, const End& peer, TimeUs t, State from, State to,
                    Ev ev, StateBasis basis, std::vector<ObservedChange>& out) {
  ObservedChange change;
  change.t = t;
  change.id = tcp::ConnectionId{e.ip, e.port, peer.ip, peer.port};
  change.connection = c.number;
  change.from = from;
  change.to = to;
  change.cause = tcp::event_label(ev);
  change.row = tcp::table_row(from, ev, to);
  change.basis = basis;
  out.push_back(change);
  e.state = to;
}

Observer::Connection& Observer::connection_for(const SeenSegment& s,
                                               std::vector<ObservedChange>& out) {
  const bool src_first = std::tie(s.src_ip, s.src_port) < std::tie(s.dst_ip, s.dst_port);
  const Key key = src_first ? Key{s.src_ip, s.src_port, s.dst_ip, s.dst_port}
                            : Key{s.dst_ip, s.dst_port, s.src_ip, s.src_port};
  auto [it, fresh] = connections_.try_emplace(key);
  Connection& c = it->second;
  if (!fresh && syn_only(s) && c.over()) {
    // The 4-tuple is reused: the next connection on it.
    const std::uint32_t number = c.number + 1;
    c = Connection{};
    c.number = number;
    fresh = true;
  }
  if (fresh) {
    c.end[0] = End{};
    c.end[1] = End{};
    c.end[0].ip = std::get<0>(key);
    c.end[0].port = std::get<1>(key);
    c.end[1].ip = std::get<2>(key);
    c.end[1].port = std::get<3>(key);
    // A first segment that is neither a SYN nor a refusal: the capture began
    // after the handshake (or during it).
    if (!syn_only(s) && !has(s, flag::RST)) start_mid_stream(c, s, out);
  }
  return c;
}

void Observer::start_mid_stream(Connection& c, const SeenSegment& s,
                                std::vector<ObservedChange>& out) {
  const bool src_first = c.end[0].ip == s.src_ip && c.end[0].port == s.src_port;
  End& x = c.end[src_first ? 0 : 1];
  End& y = c.end[src_first ? 1 : 0];
  if (has(s, flag::SYN)) {
    // A SYN,ACK first: the SYN it answers was not captured.
    move(c, y, x, s.t, State::Closed, State::SynSent, Ev::ActiveOpen, StateBasis::Uncertain, out);
    move(c, x, y, s.t, State::Listen, State::SynReceived, Ev::RcvSyn, StateBasis::Uncertain, out);
    x.passive = true;
    y.sent = true;
    y.iss = s.ack - 1;
    y.nxt = s.ack;
    return;
  }
  for (End* e : {&x, &y}) {
    End& peer = e == &x ? y : x;
    ObservedChange change;
    change.t = s.t;
    change.id = tcp::ConnectionId{e->ip, e->port, peer.ip, peer.port};
    change.connection = c.number;
    change.from = State::Closed;
    change.to = State::Established;
    change.cause = kMidStreamCause;
    change.basis = StateBasis::Uncertain;
    out.push_back(change);
    e->state = State::Established;
  }
  if (has(s, flag::ACK)) {
    y.sent = true;
    y.nxt = s.ack;
  }
}

// What sending `s` shows of its sender `x`.
void Observer::sender_side(Connection& c, End& x, End& y, const SeenSegment& s,
                           std::vector<ObservedChange>& out) {
  const StateBasis inferred = StateBasis::Inferred;
  if (has(s, flag::SYN)) {
    if (!has(s, flag::ACK) && x.state == State::Closed) {
      move(c, x, y, s.t, State::Closed, State::SynSent, Ev::ActiveOpen, inferred, out);
      if (x.syn_pending) {
        // The other SYN, seen first, crossed this one: a simultaneous open.
        move(c, x, y, s.t, State::SynSent, State::SynReceived, Ev::RcvSyn, inferred, out);
        x.syn_pending = false;
      }
    } else if (has(s, flag::ACK) && x.state == State::Closed && x.syn_pending) {
      // It was listening: the SYN it got moved it, when it arrived.
      move(c, x, y, x.syn_at, State::Listen, State::SynReceived, Ev::RcvSyn, inferred, out);
      x.passive = true;
    }
    if (!x.sent || x.state == State::SynSent || x.state == State::SynReceived) x.iss = s.seq;
  }
  if (has(s, flag::FIN) && !x.fin_sent) {
    if (x.state == State::Established || x.state == State::SynReceived) {
      move(c, x, y, s.t, x.state, State::FinWait1, Ev::Close, inferred, out);
    } else if (x.state == State::CloseWait) {
      move(c, x, y, s.t, x.state, State::LastAck, Ev::Close, inferred, out);
    }
    x.fin_sent = true;
    x.fin_seq = s.seq + s.payload_length;
  }
  if (has(s, flag::RST)) {
    x.syn_pending = false;  // a refusal: nothing was listening
    switch (x.state) {
      case State::FinWait1:
      case State::FinWait2:
        move(c, x, y, s.t, x.state, State::Closed,
             x.data_after_fin ? Ev::RcvDataAfterClose : Ev::Abort, inferred, out);
        break;
      case State::SynReceived:
      case State::Established:
      case State::CloseWait:
      case State::Closing:
      case State::LastAck:
        move(c, x, y, s.t, x.state, State::Closed, Ev::Abort, inferred, out);
        break;
      default: break;  // an answer that changes nothing (an unacceptable ACK, a closed port)
    }
  }
  // Bytes after the highest seen: the capture missed some of what x sent.
  const SeqNum end = s.seq + seg_len(s);
  if (x.sent && s.seq > x.nxt) x.gap = true;
  if (!x.sent || end > x.nxt) x.nxt = end;
  x.sent = true;
}

// What receiving `s` from `x` does to `y`; `x_nxt` is x's next sequence
// number before `s`.
void Observer::receiver_side(Connection& c, End& x, End& y, const SeenSegment& s, SeqNum x_nxt,
                             std::vector<ObservedChange>& out) {
  const bool ack = has(s, flag::ACK);
  if (ack && y.sent) {
    // y's bytes acknowledged beyond what was seen; or all of them, gap or not.
    if (s.ack > y.nxt) {
      y.gap = true;
      y.nxt = s.ack;
    }
    if (s.ack >= y.nxt) y.gap = false;
  }
  if (y.fin_sent && s.payload_length > 0) y.data_after_fin = true;
  const StateBasis basis = x.gap ? StateBasis::Uncertain : StateBasis::Inferred;

  if (has(s, flag::RST)) {
    // RFC 5961: only a RST at exactly RCV.NXT resets at once.
    const StateBasis rst_basis = s.seq == x_nxt ? basis : StateBasis::Uncertain;
    switch (y.state) {
      case State::SynSent:
        if (ack && s.ack == y.iss + 1) {
          move(c, y, x, s.t, y.state, State::Closed, Ev::RcvRst, basis, out);
        }
        break;
      case State::SynReceived:
        move(c, y, x, s.t, y.state, y.passive ? State::Listen : State::Closed, Ev::RcvRst,
             rst_basis, out);
        break;
      case State::Established:
      case State::FinWait1:
      case State::FinWait2:
      case State::CloseWait:
      case State::Closing:
      case State::LastAck:
        move(c, y, x, s.t, y.state, State::Closed, Ev::RcvRst, rst_basis, out);
        break;
      default: break;  // TIME-WAIT keeps its 2MSL against a RST (RFC 1337)
    }
    return;
  }

  const bool syn = has(s, flag::SYN);
  switch (y.state) {
    case State::Closed:
      if (syn && !ack && !y.syn_pending) {
        y.syn_pending = true;
        y.syn_at = s.t;
      }
      return;
    case State::SynSent:
      if (syn && ack && s.ack == y.iss + 1) {
        move(c, y, x, s.t, y.state, State::Established, Ev::RcvSynAck, basis, out);
      } else if (syn && !ack) {
        move(c, y, x, s.t, y.state, State::SynReceived, Ev::RcvSyn, basis, out);  // simultaneous
      }
      return;
    case State::SynReceived:
      if (ack && s.ack > y.iss) {
        move(c, y, x, s.t, y.state, State::Established, Ev::RcvAckOfSyn, basis, out);
      }
      break;
    default: break;
  }

  const bool acks_fin = ack && y.fin_sent && s.ack >= y.fin_seq + 1;
  if (has(s, flag::FIN)) {
    // Held until y shows it got it (its ACK covers the FIN) or x sends more:
    // a FIN y sent meanwhile crossed this one (a simultaneous close).
    if (!y.fin_held.held && (y.state == State::Established || y.state == State::FinWait1 ||
                             y.state == State::FinWait2)) {
      y.fin_held = HeldFin{true, s.t, basis, acks_fin};
    }
    return;
  }
  if (!acks_fin) return;
  switch (y.state) {
    case State::FinWait1:
      move(c, y, x, s.t, y.state, State::FinWait2, Ev::RcvAckOfFin, basis, out);
      break;
    case State::Closing:
      move(c, y, x, s.t, y.state, State::TimeWait, Ev::RcvAckOfFin, basis, out);
      break;
    case State::LastAck:
      move(c, y, x, s.t, y.state, State::Closed, Ev::RcvAckOfFin, basis, out);
      break;
    default: break;
  }
}

void Observer::receive_fin(const Connection& c, End& y, const End& x,
                           std::vector<ObservedChange>& out) {
  const HeldFin fin = y.fin_held;
  y.fin_held = HeldFin{};
  if (!fin.held) return;
  switch (y.state) {
    case State::Established:
      move(c, y, x, fin.t, y.state, State::CloseWait, Ev::RcvFin, fin.basis, out);
      break;
    case State::FinWait1:
      move(c, y, x, fin.t, y.state, fin.acked_our_fin ? State::TimeWait : State::Closing,
           Ev::RcvFin, fin.basis, out);
      break;
    case State::FinWait2:
      move(c, y, x, fin.t, y.state, State::TimeWait, Ev::RcvFin, fin.basis, out);
      break;
    default: break;
  }
}

void Observer::on_segment(const SeenSegment& s, std::vector<ObservedChange>& out) {
  Connection& c = connection_for(s, out);
  const bool src_first = c.end[0].ip == s.src_ip && c.end[0].port == s.src_port;
  End& x = c.end[src_first ? 0 : 1];
  End& y = c.end[src_first ? 1 : 0];
  const SeqNum x_nxt = x.sent ? x.nxt : s.seq;
  // y got x's FIN before anything x sent after it; x got y's FIN if x's ACK
  // covers it, else x sent this before it arrived.
  receive_fin(c, y, x, out);
  if (x.fin_held.held) {
    if (has(s, flag::ACK) && y.fin_sent && s.ack >= y.fin_seq + 1) {
      receive_fin(c, x, y, out);
    } else {
      x.fin_held.t = s.t;
    }
  }
  sender_side(c, x, y, s, out);
  receiver_side(c, x, y, s, x_nxt, out);
}

void Observer::finish(std::vector<ObservedChange>& out) {
  for (auto& [key, c] : connections_) {
    receive_fin(c, c.end[0], c.end[1], out);
    receive_fin(c, c.end[1], c.end[0], out);
  }
}

std::vector<ObservedChange> observe(const trace::Trace& trace) {
  const std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(trace);
  std::vector<bool> seen(numbers.size(), false);
  Observer observer;
  std::vector<ObservedChange> out;
  for (const trace::Event& e : trace.events) {
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    if (f == nullptr || f->frame >= numbers.size() || seen[f->frame]) continue;
    seen[f->frame] = true;
    const trace::TcpNumbers& n = numbers[f->frame];
    if (!n.is_tcp) continue;
    observer.on_segment(SeenSegment{e.t, n.src_ip, n.dst_ip, n.src_port, n.dst_port, n.flags,
                                    SeqNum(n.seq), SeqNum(n.ack), n.len},
                        out);
  }
  observer.finish(out);
  std::stable_sort(out.begin(), out.end(),
                   [](const ObservedChange& a, const ObservedChange& b) { return a.t < b.t; });
  return out;
}

}  // namespace synack::capture

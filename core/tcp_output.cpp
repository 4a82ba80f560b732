// Sending (RFC 9293 §3.8, §3.10.2) and the timers (§3.10.8): segmentation by
// MSS and window, Nagle, the FIN after queued data, retransmission with an
// RFC 6298 RTO, zero-window probes, delayed ACKs.
#include <algorithm>
#include <cstdlib>

#include "tcp_tcb.hpp"

namespace synack::tcp {

// RCV.WND: the free part of the receive buffer. A passive SYN-RECEIVED holds
// only the window its SYN,ACK offered (a listener's queue entry, as BSD's
// syncache keeps), and TIME-WAIT the last one it could advertise; a window
// field holds at most 65535, shifted by our scale (RFC 7323 §2.2).
std::uint32_t Endpoint::Tcb::rcv_wnd() const {
  const auto used = static_cast<std::uint32_t>(readable_bytes);
  const std::uint32_t free = used >= settings.receive_buffer ? 0 : settings.receive_buffer - used;
  if (state == State::SynReceived && passive) return std::min<std::uint32_t>(free, 0xffff);
  if (state == State::TimeWait) return std::min<std::uint32_t>(free, 0xffffu << rcv_wscale);
  return free;
}

std::uint16_t Endpoint::Tcb::advertised_window() const {
  return static_cast<std::uint16_t>(std::min<std::uint32_t>(rcv_wnd() >> rcv_wscale, 0xffff));
}

std::uint32_t Endpoint::Tcb::ts_clock() const { return static_cast<std::uint32_t>(now / kMillis); }

void Endpoint::Tcb::add_options(Segment& s) {
  if (s.has(flag::RST)) return;
  if (ts_ok) s.timestamps = Timestamps{ts_clock(), ts_recent};
  if (s.has(flag::ACK)) {
    last_ack_sent = s.ack;
    if (sack_ok && !held.empty()) s.sack = sack_blocks();
  }
}

void Endpoint::Tcb::notify(Notice n, SocketError e) { notices.push_back(Notification{now, n, e}); }

// A segment at `seq` carrying `len` bytes of the send buffer from `data_offset`.
void Endpoint::Tcb::emit(std::uint8_t flags, SeqNum seq, std::size_t data_offset, std::size_t len) {
  Segment s;
  s.seq = seq;
  s.flags = flags;
  if (flags & flag::ACK) s.ack = rcv_nxt;
  s.window = (flags & flag::RST) ? 0 : advertised_window();
  s.payload.resize(len);
  send_buf.copy_out(data_offset, len, s.payload.data());
  add_options(s);
  if (flags & flag::ACK) {
    ack_needed = false;
    bytes_unacked = 0;
    segments_unacked = 0;
    cancel_timer(delack);
  }
  out.push_back(std::move(s));
}

void Endpoint::Tcb::emit_rst(SeqNum seq) { emit(flag::RST, seq); }

void Endpoint::Tcb::emit_ack_now() {
  if (settings.ack_carries_unacked_fin && fin_sent && snd_una != snd_max && send_seq == fin_seq) {
    emit(flag::FIN | flag::ACK, fin_seq);  // only the FIN is outstanding: resend it
    return;
  }
  emit(flag::ACK, snd_max);
}

// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2, §4.2, §5.2).
void Endpoint::Tcb::emit_challenge_ack() { emit(flag::ACK, snd_max); }

// ---- timers: every set, cancel and expiry is recorded as it happens ----

void Endpoint::Tcb::set_timer(Timer& t, TimerKind kind, TimeUs deadline) {
  if (t.deadline == deadline && t.kind == kind) return;
  t.deadline = deadline;
  t.kind = kind;
  records.emplace_back(TimerChange{now, kind, TimerOp::Set, deadline});
}

void Endpoint::Tcb::cancel_timer(Timer& t) {
  if (!t.deadline) return;
  records.emplace_back(TimerChange{now, t.kind, TimerOp::Cancelled, *t.deadline});
  t.deadline.reset();
}

bool Endpoint::Tcb::timer_due(Timer& t) {
  if (!t.deadline || now < *t.deadline) return false;
  records.emplace_back(TimerChange{now, t.kind, TimerOp::Fired, *t.deadline});
  t.deadline.reset();
  return true;
}

// The retransmission timer is named for what it would resend.
TimerKind Endpoint::Tcb::rtx_kind() const {
  if (state == State::SynSent) return TimerKind::SynRetransmission;
  if (snd_una == iss && is_synchronized(state)) return TimerKind::SynAckRetransmission;
  return TimerKind::Retransmission;
}

void Endpoint::Tcb::start_rtx_timer(TimerKind kind) {
  if (!rtx.deadline) set_timer(rtx, kind, later(now, rto));
  if (!rtt_seq) {
    rtt_seq = snd_nxt;
    rtt_start = now;
  }
}

void Endpoint::Tcb::clear_timers() {
  cancel_timer(rtx);
  cancel_timer(time_wait);
  cancel_timer(delack);
  cancel_timer(persist);
  cancel_timer(keepalive);
  cancel_timer(establish);
  rtt_seq.reset();
}

// RFC 1122 §4.2.3.6: probes only on an idle ESTABLISHED (or CLOSE-WAIT)
// connection; any segment from the peer shows it is alive.
void Endpoint::Tcb::restart_keepalive() {
  keepalive_probes_sent = 0;
  const bool idle_watch =
      settings.keepalive && (state == State::Established || state == State::CloseWait);
  if (idle_watch) {
    set_timer(keepalive, TimerKind::Keepalive, later(now, settings.keepalive_idle));
  } else {
    cancel_timer(keepalive);
  }
}

void Endpoint::Tcb::keepalive_expired() {
  if (!settings.keepalive || !(state == State::Established || state == State::CloseWait)) return;
  if (snd_una != snd_max) {  // data in flight: the retransmission timer watches the peer
    set_timer(keepalive, TimerKind::Keepalive, later(now, settings.keepalive_idle));
    return;
  }
  if (keepalive_probes_sent >= settings.keepalive_probes) {
    fire(ev::UserTimeout{timeout_error()}, "keepalive timeout");
    return;
  }
  // <SEQ=SND.NXT-1><ACK=RCV.NXT>, no data: an old octet the peer must answer.
  emit(flag::ACK, snd_max - 1);
  ++keepalive_probes_sent;
  set_timer(keepalive, TimerKind::Keepalive, later(now, settings.keepalive_interval));
}

// SND.UNA moves to `ack`: drop acknowledged bytes, sample the RTT, rearm the
// timer. Returns how many bytes of data it acknowledged.
std::uint32_t Endpoint::Tcb::acknowledge(SeqNum ack) {
  if (!(snd_una < ack)) return 0;
  const SeqNum acked_to = ack < data_end() ? ack : data_end();
  std::uint32_t acked = 0;
  if (send_seq < acked_to) {
    acked = static_cast<std::uint32_t>(acked_to - send_seq);
    send_buf.erase_begin(static_cast<std::size_t>(acked_to - send_seq));
    send_seq = acked_to;
    notify(Notice::Writable);
  }
  snd_una = ack;
  soft_error = SocketError::None;            // the path works again (as Linux's tcp_ack)
  if (snd_nxt < snd_una) snd_nxt = snd_una;  // ACKed past a resend that went back
  if (rtt_seq && *rtt_seq < ack) {           // RFC 6298 §2.2–2.3
    const TimeUs r = now - rtt_start;
    if (!srtt) {
      srtt = r;
      rttvar = r / 2;
    } else {
      rttvar = (3 * *rttvar + std::abs(*srtt - r)) / 4;
      srtt = (7 * *srtt + r) / 8;
    }
    rto = std::clamp(later(*srtt, std::max<TimeUs>(1000, scaled(*rttvar, 4))), settings.min_rto,
                     settings.max_rto);
    rtt_seq.reset();
  }
  retries = 0;
  if (snd_una != snd_max) {
    set_timer(rtx, rtx_kind(), later(now, rto));  // RFC 6298 §5.3: restart
  } else {
    cancel_timer(rtx);  // §5.2: everything acknowledged
  }
  return acked;
}

void Endpoint::Tcb::output(bool force) {
  const bool can_send_data = state == State::Established || state == State::CloseWait ||
                             state == State::FinWait1 || state == State::LastAck ||
                             state == State::Closing;
  if (can_send_data) {
    for (;;) {
      // Data from SND.NXT to the end of the buffer waits; the FIN comes after it.
      const SeqNum data_end = this->data_end();
      const auto in_flight = static_cast<std::size_t>(snd_nxt - send_seq);
      const std::size_t pending =
          snd_nxt < data_end ? static_cast<std::size_t>(data_end - snd_nxt) : 0;
      // What the receiver's window and the congestion window both allow
      // (RFC 5681 §3.1); a forced retransmission goes whatever they say.
      std::int32_t room = (snd_una + std::min(snd_wnd, cwnd)) - snd_nxt;
      if (fast_recovery && sack_ok) {
        // RFC 6675 §5 (C): cwnd bounds the pipe, not the flight, and new data
        // goes only in whole segments.
        const std::uint32_t in_network = pipe();
        const std::uint32_t free = cwnd > in_network ? cwnd - in_network : 0;
        room = free < smss()
                   ? 0
                   : std::min<std::int32_t>((snd_una + snd_wnd) - snd_nxt,
                                            static_cast<std::int32_t>(std::min(free, 0x7fffffffu)));
      }
      if (force) room = std::max<std::int32_t>(room, static_cast<std::int32_t>(smss()));
      std::size_t n =
          std::min<std::size_t>({pending, smss(), room > 0 ? static_cast<std::size_t>(room) : 0});
      const bool last = n == pending;
      const bool add_fin =
          last && fin_queued && snd_nxt + static_cast<std::uint32_t>(n) == data_end;
      if (n == 0 && !add_fin) {
        // Nothing fits: a zero window with data waiting and nothing in flight
        // needs the persist timer (§3.8.6.1).
        if (pending > 0 && snd_wnd == 0 && snd_una == snd_max && !persist.deadline) {
          persist_backoff = rto;
          set_timer(persist, TimerKind::Persist, later(now, persist_backoff));
        }
        break;
      }
      // Nagle (§3.7.4): hold a small segment while data (strict) or an
      // earlier small segment (Minshall's variant, as Linux) is unacknowledged.
      const bool small = n > 0 && n < smss();
      if (settings.nagle && small && !add_fin && !force) {
        const bool unacked = settings.nagle_strict
                                 ? snd_una != snd_max
                                 : small_segment_end && snd_una < *small_segment_end;
        if (unacked) break;
      }
      std::uint8_t flags = flag::ACK;
      if (n > 0 && last) flags |= flag::PSH;
      if (add_fin) flags |= flag::FIN;
      const SeqNum seq = snd_nxt;
      start_rtx_timer(rtx_kind());
      emit(flags, seq, in_flight, n);
      snd_nxt += static_cast<std::uint32_t>(n);
      if (small) small_segment_end = snd_nxt;
      force = false;
      if (add_fin) {
        fin_sent = true;
        fin_seq = snd_nxt;
        snd_nxt += 1;
      }
      snd_max = seq_max(snd_max, snd_nxt);
      if (add_fin) break;
    }
  }
  if (ack_needed && state != State::Closed && state != State::Listen) emit_ack_now();
  ack_needed = false;
}

bool Endpoint::Tcb::offer_options() const {
  return !(settings.syn_retries_with_options > 0 && state == State::SynSent &&
           retries >= settings.syn_retries_with_options);
}

// Our SYN, with the options we offer, or our SYN,ACK once the peer's ISN is
// known, with the ones it offered too (RFC 7323 §2.2, §3.2; RFC 2018 §2). The
// window of a SYN is never scaled.
void Endpoint::Tcb::emit_syn(bool with_ack) {
  Segment s;
  s.seq = iss;
  s.flags = with_ack ? (flag::SYN | flag::ACK) : flag::SYN;
  // RFC 3168 §6.1.1: the ECN-setup SYN, and the SYN,ACK that accepts one.
  if (with_ack && ecn_ok) s.flags |= flag::ECE;
  if (!with_ack && settings.ecn == Ecn::On && retries <= settings.ecn_setup_retries) {
    s.flags |= flag::ECE | flag::CWR;
  }
  if (with_ack) s.ack = rcv_nxt;
  s.window = static_cast<std::uint16_t>(std::min<std::uint32_t>(rcv_wnd(), 0xffff));
  if (!settings.no_options) s.mss = settings.mss;
  if (with_ack) {
    if (ws_ok) s.window_scale = rcv_wscale;
    s.sack_permitted = sack_ok;
    if (ts_ok) s.timestamps = Timestamps{ts_clock(), ts_recent};
  } else if (!settings.no_options && offer_options()) {
    if (settings.window_scaling) s.window_scale = settings.window_scale;
    s.sack_permitted = settings.sack;
    if (settings.timestamps) s.timestamps = Timestamps{ts_clock(), 0};
  }
  if (with_ack) last_ack_sent = rcv_nxt;
  out.push_back(std::move(s));
}

// Resend the oldest unacknowledged segment.
void Endpoint::Tcb::retransmit() {
  if (state == State::SynSent) return emit_syn(false);
  // Our SYN is unacknowledged: SYN-RECEIVED, or FIN-WAIT-1 reached from it.
  if (snd_una == iss) return emit_syn(true);
  resend(send_seq, smss());
}

SeqNum Endpoint::Tcb::resend(SeqNum seq, std::uint32_t len) {
  const auto unacked_data =
      static_cast<std::size_t>(std::max<std::int32_t>(0, (fin_sent ? fin_seq : snd_max) - seq));
  const std::size_t n = std::min<std::size_t>(unacked_data, len);
  std::uint8_t flags = flag::ACK;
  if (n > 0 && n == unacked_data) flags |= flag::PSH;
  const bool fin = fin_sent && n == unacked_data;
  if (fin) flags |= flag::FIN;
  emit(flags, seq, static_cast<std::size_t>(seq - send_seq), n);
  return seq + static_cast<std::uint32_t>(n) + (fin ? 1u : 0u);
}

void Endpoint::Tcb::timers_fire() {
  if (timer_due(time_wait)) fire(ev::TimeWaitTimeout{});
  if (timer_due(establish))
    fire(ev::UserTimeout{timeout_error()}, "connection-establishment timeout");
  if (timer_due(rtx)) {
    const bool opening = state == State::SynSent || state == State::SynReceived;
    const int limit = opening ? settings.syn_retries : settings.data_retries;
    if (retries >= limit) {
      fire(ev::UserTimeout{timeout_error()}, "retransmission timeout");
    } else {
      ++retries;
      if (opening) handshake_retransmitted = true;
      rto = std::min(scaled(rto, 2), settings.max_rto);  // RFC 6298 §5.5
      rtt_seq.reset();                                   // Karn: no sample from a retransmission
      set_timer(rtx, rtx_kind(),
                later(now, std::min(later(rto, settings.rto_slop), settings.max_rto)));
      if (opening || snd_una == iss) {
        retransmit();  // the SYN or SYN,ACK
      } else {
        on_retransmission_timeout();
        go_back_to_una();
        output(true);
      }
    }
  }
  if (timer_due(persist)) {
    // Zero-window probe (§3.8.6.1): one octet of new data, or the same octet
    // again while it is unacknowledged; probing never gives up (RFC 1122 §4.2.2.17).
    const auto offset = static_cast<std::size_t>(snd_una - send_seq);
    if (offset < send_buf.size()) {
      emit(flag::ACK, snd_una, offset, 1);
      if (snd_una == snd_nxt) snd_nxt += 1;
      snd_max = seq_max(snd_max, snd_nxt);
    }
    persist_backoff = std::min(scaled(persist_backoff, 2), settings.max_rto);
    set_timer(persist, TimerKind::Persist, later(now, persist_backoff));
  }
  if (timer_due(delack)) ack_needed = true;
  if (timer_due(keepalive)) keepalive_expired();
  finish_input();
}

// ---- what an input changed ----

void Endpoint::Tcb::record_variables() {
  // A connection without a peer (CLOSED, LISTEN) has no variables to follow.
  if (state == State::Closed || state == State::Listen) return;
  const std::uint32_t now_values[kTcbVarCount] = {
      snd_una.raw(),
      snd_nxt.raw(),
      snd_wnd,
      iss.raw(),
      rcv_nxt.raw(),
      rcv_wnd(),
      irs.raw(),
      static_cast<std::uint32_t>(rto),
      static_cast<std::uint32_t>(srtt.value_or(0)),
      static_cast<std::uint32_t>(send_buf.size()),
      static_cast<std::uint32_t>(readable_bytes),
      cwnd,
      ssthresh,
      cubic.reported_w_max(),
  };
  TcbChange change{now, 0, {}};
  for (int i = 0; i < kTcbVarCount; ++i) {
    change.values[i] = now_values[i];
    if (!reported_any || now_values[i] != reported[i]) change.changed |= 1u << i;
    reported[i] = now_values[i];
  }
  reported_any = true;
  if (change.changed != 0) records.emplace_back(change);
}

void Endpoint::Tcb::finish_input() {
  output();
  record_variables();
}

}  // namespace synack::tcp

// Sending (RFC 9293 §3.8, §3.10.2) and the timers (§3.10.8): segmentation by
// MSS and window, Nagle, the FIN after queued data, retransmission with an
// RFC 6298 RTO, zero-window probes, delayed ACKs.
#include <algorithm>
#include <cstdlib>

#include "tcp_tcb.hpp"

namespace synack::tcp {

std::uint32_t Endpoint::Tcb::rcv_wnd() const {
  const auto used = static_cast<std::uint32_t>(recv_buf.size());
  const std::uint32_t free = used >= settings.receive_buffer ? 0 : settings.receive_buffer - used;
  // TIME-WAIT keeps no receive buffer, only the last window it could advertise
  // (a window field without scaling holds at most 65535).
  return state == State::TimeWait ? std::min<std::uint32_t>(free, 0xffff) : free;
}

std::uint16_t Endpoint::Tcb::advertised_window() const {
  return static_cast<std::uint16_t>(std::min<std::uint32_t>(rcv_wnd(), 0xffff));
}

void Endpoint::Tcb::notify(Notice n, SocketError e) { notices.push_back(Notification{now, n, e}); }

void Endpoint::Tcb::emit(std::uint8_t flags, SeqNum seq, std::vector<std::uint8_t> payload) {
  Segment s;
  s.seq = seq;
  s.flags = flags;
  if (flags & flag::ACK) s.ack = rcv_nxt;
  s.window = (flags & flag::RST) ? 0 : advertised_window();
  s.payload = std::move(payload);
  if (flags & flag::ACK) {
    ack_needed = false;
    segments_unacked = 0;
    delack_deadline.reset();
  }
  out.push_back(std::move(s));
}

void Endpoint::Tcb::emit_rst(SeqNum seq) { emit(flag::RST, seq); }

void Endpoint::Tcb::emit_ack_now() {
  if (settings.ack_carries_unacked_fin && fin_sent && snd_una != snd_nxt && send_seq == fin_seq) {
    emit(flag::FIN | flag::ACK, fin_seq);  // only the FIN is outstanding: resend it
    return;
  }
  emit(flag::ACK, snd_nxt);
}

// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2, §4.2, §5.2).
void Endpoint::Tcb::emit_challenge_ack() { emit(flag::ACK, snd_nxt); }

void Endpoint::Tcb::start_rtx_timer() {
  if (!rtx_deadline) rtx_deadline = now + rto;
  if (!rtt_seq) {
    rtt_seq = snd_nxt;
    rtt_start = now;
  }
}

void Endpoint::Tcb::clear_timers() {
  rtx_deadline.reset();
  time_wait_deadline.reset();
  delack_deadline.reset();
  persist_deadline.reset();
  rtt_seq.reset();
}

// SND.UNA moves to `ack`: drop acknowledged bytes, sample the RTT, rearm the timer.
void Endpoint::Tcb::acknowledge(SeqNum ack) {
  if (!(snd_una < ack)) return;
  const SeqNum data_end = send_seq + static_cast<std::uint32_t>(send_buf.size());
  const SeqNum acked_to = ack < data_end ? ack : data_end;
  if (send_seq < acked_to) {
    const auto n = static_cast<std::size_t>(acked_to - send_seq);
    send_buf.erase(send_buf.begin(), send_buf.begin() + static_cast<std::ptrdiff_t>(n));
    send_seq = acked_to;
    notify(Notice::Writable);
  }
  snd_una = ack;
  if (rtt_seq && *rtt_seq < ack) {  // RFC 6298 §2.2–2.3
    const TimeUs r = now - rtt_start;
    if (!srtt) {
      srtt = r;
      rttvar = r / 2;
    } else {
      rttvar = (3 * *rttvar + std::abs(*srtt - r)) / 4;
      srtt = (7 * *srtt + r) / 8;
    }
    rto =
        std::clamp(*srtt + std::max<TimeUs>(1000, 4 * *rttvar), settings.min_rto, settings.max_rto);
    rtt_seq.reset();
  }
  retries = 0;
  rtx_deadline.reset();
  if (snd_una != snd_nxt) rtx_deadline = now + rto;  // RFC 6298 §5.3
}

void Endpoint::Tcb::output() {
  const bool can_send_data = state == State::Established || state == State::CloseWait ||
                             state == State::FinWait1 || state == State::LastAck ||
                             state == State::Closing;
  if (can_send_data) {
    for (;;) {
      const auto in_flight = static_cast<std::size_t>(snd_nxt - send_seq);
      const std::size_t pending = fin_sent ? 0 : send_buf.size() - in_flight;
      const std::int32_t room = (snd_una + snd_wnd) - snd_nxt;
      std::size_t n =
          std::min<std::size_t>({pending, peer_mss, room > 0 ? static_cast<std::size_t>(room) : 0});
      const bool last = n == pending;
      const bool add_fin = last && fin_queued && !fin_sent;
      if (n == 0 && !add_fin) {
        // Nothing fits: a zero window with data waiting and nothing in flight
        // needs the persist timer (§3.8.6.1).
        if (pending > 0 && snd_wnd == 0 && snd_una == snd_nxt && !persist_deadline) {
          persist_backoff = rto;
          persist_deadline = now + persist_backoff;
        }
        break;
      }
      // Nagle (§3.7.4): hold a small segment while data is unacknowledged.
      if (settings.nagle && n > 0 && n < peer_mss && snd_una != snd_nxt && !add_fin) break;
      const auto first = send_buf.begin() + static_cast<std::ptrdiff_t>(in_flight);
      std::vector<std::uint8_t> payload(first, first + static_cast<std::ptrdiff_t>(n));
      std::uint8_t flags = flag::ACK;
      if (n > 0 && last) flags |= flag::PSH;
      if (add_fin) flags |= flag::FIN;
      const SeqNum seq = snd_nxt;
      start_rtx_timer();
      emit(flags, seq, std::move(payload));
      snd_nxt += static_cast<std::uint32_t>(n);
      if (add_fin) {
        fin_sent = true;
        fin_seq = snd_nxt;
        snd_nxt += 1;
        break;
      }
    }
  }
  if (ack_needed && state != State::Closed && state != State::Listen) emit_ack_now();
  ack_needed = false;
}

// Our SYN (or SYN,ACK once the peer's ISN is known), with the MSS option.
void Endpoint::Tcb::emit_syn(bool with_ack) {
  Segment s;
  s.seq = iss;
  s.flags = with_ack ? (flag::SYN | flag::ACK) : flag::SYN;
  if (with_ack) s.ack = rcv_nxt;
  s.window = advertised_window();
  s.mss = settings.mss;
  out.push_back(std::move(s));
}

// Resend the oldest unacknowledged segment.
void Endpoint::Tcb::retransmit() {
  if (state == State::SynSent) return emit_syn(false);
  // Our SYN is unacknowledged: SYN-RECEIVED, or FIN-WAIT-1 reached from it.
  if (snd_una == iss) return emit_syn(true);
  const auto unacked_data = static_cast<std::size_t>(
      std::max<std::int32_t>(0, (fin_sent ? fin_seq : snd_nxt) - send_seq));
  const std::size_t n = std::min<std::size_t>(unacked_data, peer_mss);
  std::vector<std::uint8_t> payload(send_buf.begin(),
                                    send_buf.begin() + static_cast<std::ptrdiff_t>(n));
  std::uint8_t flags = flag::ACK;
  if (n > 0 && n == unacked_data) flags |= flag::PSH;
  if (fin_sent && n == unacked_data) flags |= flag::FIN;
  emit(flags, send_seq, std::move(payload));
}

void Endpoint::Tcb::timers_fire() {
  if (time_wait_deadline && now >= *time_wait_deadline) {
    time_wait_deadline.reset();
    fire(Ev::TimeWaitTimeout);
  }
  if (rtx_deadline && now >= *rtx_deadline) {
    rtx_deadline.reset();
    const bool opening = state == State::SynSent || state == State::SynReceived;
    const int limit = opening ? settings.syn_retries : settings.data_retries;
    if (retries >= limit) {
      fail(SocketError::TimedOut, "retransmission timeout");
    } else {
      ++retries;
      if (opening) handshake_retransmitted = true;
      rto = std::min(rto * 2, settings.max_rto);  // RFC 6298 §5.5
      rtt_seq.reset();                            // Karn: no sample from a retransmission
      retransmit();
      rtx_deadline = now + rto;
    }
  }
  if (persist_deadline && now >= *persist_deadline) {
    // Zero-window probe (§3.8.6.1): one octet of new data, or the same octet
    // again while it is unacknowledged; probing never gives up (RFC 1122 §4.2.2.17).
    const auto offset = static_cast<std::size_t>(snd_una - send_seq);
    if (offset < send_buf.size()) {
      emit(flag::ACK, snd_una, {send_buf[offset]});
      if (snd_una == snd_nxt) snd_nxt += 1;
    }
    persist_backoff = std::min(persist_backoff * 2, settings.max_rto);
    persist_deadline = now + persist_backoff;
  }
  if (delack_deadline && now >= *delack_deadline) {
    delack_deadline.reset();
    ack_needed = true;
  }
  output();
}

}  // namespace synack::tcp

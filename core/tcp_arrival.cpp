// SEGMENT ARRIVES (RFC 9293 §3.10.7), step by step in the RFC's order. The
// steps decide which event the transition table sees; the table decides the
// state.
#include <algorithm>

#include "tcp_tcb.hpp"

namespace synack::tcp {

std::optional<Segment> reset_for_unknown(const Segment& s) {
  if (s.has(flag::RST)) return std::nullopt;  // §3.10.7.1: an incoming RST is discarded
  Segment rst;
  if (s.has(flag::ACK)) {
    rst.seq = s.ack;  // <SEQ=SEG.ACK><CTL=RST>
    rst.flags = flag::RST;
  } else {
    rst.seq = SeqNum(0);  // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
    rst.ack = s.seq + s.seg_len();
    rst.flags = flag::RST | flag::ACK;
  }
  return rst;
}

void Endpoint::Tcb::segment_arrives(const Segment& s) {
  seg = &s;
  switch (state) {
    case State::Closed: arrive_closed(s); break;
    case State::Listen: arrive_listen(s); break;
    case State::SynSent: arrive_syn_sent(s); break;
    default: arrive_synchronized(s); break;
  }
  seg = nullptr;
  output();
}

// §3.10.7.1: no TCB; everything but a RST is answered with a RST.
void Endpoint::Tcb::arrive_closed(const Segment& s) {
  if (auto rst = reset_for_unknown(s)) out.push_back(std::move(*rst));
}

// §3.10.7.2
void Endpoint::Tcb::arrive_listen(const Segment& s) {
  if (s.has(flag::RST)) return;  // first: ignore RST
  if (s.has(flag::ACK)) {        // second: an ACK here is bad
    emit_rst(s.ack);
    return;
  }
  if (s.has(flag::SYN) && s.has(flag::FIN) && settings.drop_syn_fin) return;
  if (s.has(flag::SYN)) fire(Ev::RcvSyn);  // third: SYN (data on it is not acknowledged)
  // fourth: anything else is dropped
}

// §3.10.7.3
void Endpoint::Tcb::arrive_syn_sent(const Segment& s) {
  bool ack_ok = false;
  if (s.has(flag::ACK)) {  // first: check the ACK
    if (s.ack <= iss || s.ack > snd_nxt) {
      if (!s.has(flag::RST)) fire(Ev::RcvBadAck);
      return;
    }
    ack_ok = snd_una < s.ack && s.ack <= snd_nxt;
  }
  if (s.has(flag::RST)) {  // second: RST counts only when it acknowledges our SYN
    if (ack_ok) fail(SocketError::ConnectionRefused, "rcv RST");
    return;
  }
  if (!s.has(flag::SYN)) return;  // fifth: neither SYN nor RST
  if (s.has(flag::FIN) && settings.drop_syn_fin) return;
  // fourth: SYN
  if (ack_ok) {
    fire(Ev::RcvSynAck);
    // Text or FIN riding on the SYN,ACK continue at step six.
    process_text_and_fin(s.seq + 1, s.payload.data(), s.payload.size(), s.has(flag::FIN));
  } else {
    fire(Ev::RcvSyn);
  }
}

void Endpoint::Tcb::arrive_synchronized(const Segment& in) {
  if (state == State::TimeWait && in.has(flag::RST) && settings.time_wait_ignores_rst) return;
  // Simultaneous open (RFC 9293 Figure 8): the peer's SYN,ACK repeats the SYN we
  // already took; only its new part, the ACK, is processed.
  Segment trimmed;
  const bool repeated_syn =
      state == State::SynReceived && in.has(flag::SYN) && in.has(flag::ACK) && in.seq == irs;
  if (repeated_syn) {
    trimmed = in;
    trimmed.flags &= static_cast<std::uint8_t>(~flag::SYN);
    trimmed.seq = irs + 1;
  }
  const Segment& s = repeated_syn ? trimmed : in;

  // First: sequence number acceptability, four cases by SEG.LEN and RCV.WND.
  const std::uint32_t wnd = rcv_wnd();
  const std::uint32_t len = s.seg_len();
  const SeqNum wnd_end = rcv_nxt + wnd;
  bool acceptable;
  if (len == 0) {
    acceptable = wnd == 0 ? s.seq == rcv_nxt : seq_in_window(s.seq, rcv_nxt, wnd_end);
  } else {
    acceptable = wnd != 0 && (seq_in_window(s.seq, rcv_nxt, wnd_end) ||
                              seq_in_window(s.seq + (len - 1), rcv_nxt, wnd_end));
  }
  // A zero window still takes valid ACKs and RSTs at RCV.NXT; the text is dropped.
  const bool controls_only = !acceptable && wnd == 0 && s.seq == rcv_nxt;
  if (!acceptable && !controls_only) {
    if (state == State::TimeWait && s.has(flag::FIN) && s.has(flag::ACK) &&
        s.seq + len == rcv_nxt) {
      fire(Ev::RcvFin, "rcv FIN again");  // the peer's FIN retransmitted: ACK, restart 2MSL
      return;
    }
    if (s.has(flag::RST)) return;
    if (s.has(flag::SYN)) {
      emit_challenge_ack();
      return;
    }
    // A BSD host still takes the ACK field of a wholly old segment, then
    // answers it if the connection is still there.
    const bool old = s.seq + len <= rcv_nxt;
    if (settings.ack_in_old_segment && old && s.has(flag::ACK)) {
      const State before = state;
      Segment ack_only;
      ack_only.seq = rcv_nxt;
      ack_only.ack = s.ack;
      ack_only.flags = flag::ACK;
      ack_only.window = s.window;
      process_ack(ack_only, false);
      if (state != before) return;
    }
    emit_ack_now();
    return;
  }

  // Trim to the window: the part before RCV.NXT was seen, the part past the
  // right edge does not fit.
  SeqNum seq = s.seq;
  const std::uint8_t* data = s.payload.data();
  std::size_t n = s.payload.size();
  bool fin = s.has(flag::FIN);
  if (s.has(flag::SYN)) seq = seq + 1;
  if (seq < rcv_nxt) {
    const auto skip = std::min<std::size_t>(n, static_cast<std::size_t>(rcv_nxt - seq));
    data += skip;
    n -= skip;
    seq = seq + static_cast<std::uint32_t>(skip);
    if (seq < rcv_nxt) fin = false;  // the FIN too was already received
  }
  if (controls_only) {
    n = 0;
    fin = false;
    ack_needed = true;
  } else if (n > 0 && seq + static_cast<std::uint32_t>(n) > wnd_end) {
    n = static_cast<std::size_t>(wnd_end - seq);
    fin = false;
  }

  // Second: RST.
  if (s.has(flag::RST)) {
    if (settings.rst_policy == RstSynPolicy::Rfc5961 && s.seq != rcv_nxt) {
      emit_challenge_ack();  // RFC 5961 §3.2: in window but not exact
      return;
    }
    switch (state) {
      case State::SynReceived:
        fail(passive ? SocketError::None : SocketError::ConnectionRefused, "rcv RST");
        break;
      case State::TimeWait: fail(SocketError::None, "rcv RST"); break;
      default: fail(SocketError::ConnectionReset, "rcv RST"); break;
    }
    return;
  }

  // Fourth: SYN. A passive connection in SYN-RECEIVED goes back to LISTEN.
  if (s.has(flag::SYN)) {
    if (state == State::SynReceived && passive) {
      fail(SocketError::None, "rcv SYN");
      return;
    }
    if (settings.syn_policy == RstSynPolicy::Rfc5961) {
      emit_challenge_ack();  // RFC 5961 §4.2, whatever its sequence number
      return;
    }
    // RFC 793: an in-window SYN is an error; reset the connection. A SYN before
    // RCV.NXT (the segment was acceptable for a later octet) is old: ACK it.
    if (s.seq < rcv_nxt) {
      emit_ack_now();
      return;
    }
    emit(flag::RST | flag::ACK, snd_nxt);
    fail(SocketError::ConnectionReset, "rcv SYN");
    return;
  }

  // Fifth: ACK.
  if (!s.has(flag::ACK)) return;
  const bool fin_follows = fin && seq == rcv_nxt;  // the FIN will be processed in step eight
  if (!process_ack(s, fin_follows)) return;

  // Sixth (URG) is not modelled. Seventh and eighth: text, then FIN.
  process_text_and_fin(seq, data, n, fin);
}

// Step five for SYN-RECEIVED and the synchronized states. Returns false when the
// segment is finished with.
bool Endpoint::Tcb::process_ack(const Segment& s, bool fin_follows) {
  if (state == State::SynReceived) {
    if (!(snd_una < s.ack && s.ack <= snd_nxt)) {
      fire(Ev::RcvBadAck);
      return false;
    }
    fire(Ev::RcvAckOfSyn);
  }
  if (state == State::TimeWait) {
    // Only a retransmission of the peer's FIN should arrive; it is acknowledged
    // in step eight. Anything else but a duplicate ACK is answered with an ACK.
    const bool dup_ack =
        s.flags == flag::ACK && s.payload.empty() && s.seq == rcv_nxt && s.ack == snd_nxt;
    if (!fin_follows && !dup_ack) ack_needed = true;
    return true;
  }
  if (s.ack > snd_nxt) {  // acknowledges something not yet sent
    emit_ack_now();
    return false;
  }
  if (settings.rst_policy == RstSynPolicy::Rfc5961 && s.ack < snd_una - max_snd_wnd) {
    emit_challenge_ack();  // RFC 5961 §5.2: too old to be a plausible duplicate
    return false;
  }
  if (snd_una < s.ack) {
    acknowledge(s.ack);
    dup_acks = 0;
  } else if (s.ack == snd_una && s.payload.empty() && !s.has(flag::FIN) && s.window == snd_wnd &&
             s.window != 0 && snd_una != snd_nxt && ++dup_acks == 3) {
    // A zero window answers a window probe; it says nothing about loss.
    retransmit();  // fast retransmit on the third duplicate ACK (RFC 5681 §3.2)
  }
  // Window update, only from a segment newer than the last one used (§3.10.7.4).
  if (snd_una <= s.ack && (snd_wl1 < s.seq || (snd_wl1 == s.seq && snd_wl2 <= s.ack))) {
    snd_wnd = s.window;
    max_snd_wnd = std::max(max_snd_wnd, snd_wnd);
    snd_wl1 = s.seq;
    snd_wl2 = s.ack;
    if (snd_wnd > 0) {
      // A probe octet the receiver did not take is sent again as ordinary data,
      // as BSD pulls SND.NXT back when the window opens.
      if (persist_deadline && snd_una != snd_nxt) snd_nxt = snd_una;
      persist_deadline.reset();
    }
  }

  const bool fin_acked = g_our_fin_acked();
  switch (state) {
    case State::FinWait1:
      // A FIN,ACK that acknowledges our FIN goes straight to TIME-WAIT in step eight.
      if (fin_acked && !fin_follows) fire(Ev::RcvAckOfFin);
      return true;
    case State::Closing:
      if (fin_acked) fire(Ev::RcvAckOfFin);
      return false;
    case State::LastAck:
      if (fin_acked) fire(Ev::RcvAckOfFin);
      return false;
    default: return true;
  }
}

// Steps seven (text) and eight (FIN), for data starting at `seq`.
void Endpoint::Tcb::process_text_and_fin(SeqNum seq, const std::uint8_t* data, std::size_t len,
                                         bool fin) {
  const bool takes_text =
      state == State::Established || state == State::FinWait1 || state == State::FinWait2;
  if (len > 0 && !takes_text) return;  // CLOSE-WAIT and later: the peer already sent FIN
  if (seq != rcv_nxt) {
    // Out of order: keep it and send a duplicate ACK at once (RFC 5681 §4.2).
    if (takes_text && (len > 0 || fin)) {
      out_of_order.push_back(OutOfOrder{seq, std::vector<std::uint8_t>(data, data + len), fin});
      ack_needed = true;
    }
    return;
  }
  if (len > 0) {
    recv_buf.insert(recv_buf.end(), data, data + len);
    rcv_nxt += static_cast<std::uint32_t>(len);
    fin = drain_out_of_order() || fin;
    notify(Notice::Readable);
    ++segments_unacked;
    if (!settings.delayed_ack || segments_unacked >= 2 || !out_of_order.empty()) {
      ack_needed = true;
    } else if (!delack_deadline) {
      delack_deadline = now + settings.delayed_ack_timeout;
    }
  }
  if (fin) accept_fin();
}

// Moves queued pieces that now start at or before RCV.NXT into the receive
// buffer; true when one of them carried the FIN.
bool Endpoint::Tcb::drain_out_of_order() {
  bool fin = false;
  for (bool progressed = true; progressed;) {
    progressed = false;
    for (auto it = out_of_order.begin(); it != out_of_order.end(); ++it) {
      const SeqNum end = it->seq + static_cast<std::uint32_t>(it->data.size());
      if (rcv_nxt < it->seq) continue;
      if (rcv_nxt < end) {
        const auto skip = static_cast<std::ptrdiff_t>(rcv_nxt - it->seq);
        recv_buf.insert(recv_buf.end(), it->data.begin() + skip, it->data.end());
        rcv_nxt = end;
      }
      fin = fin || (it->fin && rcv_nxt == end);
      out_of_order.erase(it);
      progressed = true;
      break;
    }
  }
  return fin;
}

// Step eight: a FIN at RCV.NXT.
void Endpoint::Tcb::accept_fin() {
  switch (state) {
    case State::Established:  // SYN-RECEIVED became ESTABLISHED in step five
    case State::FinWait1:
    case State::FinWait2:
      rcv_nxt += 1;
      fin_received = true;
      fire(Ev::RcvFin);
      break;
    case State::TimeWait: fire(Ev::RcvFin, "rcv FIN again"); break;
    default: ack_needed = true; break;  // CLOSE-WAIT, CLOSING, LAST-ACK: remain
  }
}

void Endpoint::Tcb::fail(SocketError e, const char* why) {
  pending_error = e;
  fire(Ev::Reset, why);
}

}  // namespace synack::tcp

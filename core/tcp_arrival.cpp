// SEGMENT ARRIVES (RFC 9293 §3.10.7), step by step in the RFC's order. The
// steps decide which event the transition table sees; the table decides the
// state. A segment an early step throws away is recorded with the step's reason.
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
  switch (state) {
    case State::Closed: arrive_closed(s); break;
    case State::Listen: arrive_listen(s); break;
    case State::SynSent: arrive_syn_sent(s); break;
    case State::TimeWait: arrive_time_wait(s); break;
    default: arrive_synchronized(s); break;
  }
  restart_keepalive();  // anything from the peer shows it is alive
  finish_input();
}

// §3.10.7.1: no TCB; everything but a RST is answered with a RST.
void Endpoint::Tcb::arrive_closed(const Segment& s) {
  if (auto rst = reset_for_unknown(s)) {
    out.push_back(std::move(*rst));
    drop(s, "CLOSED: no connection; answered with RST (§3.10.7.1)");
  } else {
    drop(s, "CLOSED: a RST for no connection is discarded (§3.10.7.1)");
  }
}

// §3.10.7.2
void Endpoint::Tcb::arrive_listen(const Segment& s) {
  if (s.has(flag::RST)) return drop(s, "LISTEN, first: a RST is ignored");
  if (s.has(flag::ACK)) {
    emit_rst(s.ack);
    return drop(s, "LISTEN, second: an ACK here is bad; answered with RST");
  }
  if (s.has(flag::SYN)) {  // third: SYN (data on it is not acknowledged yet)
    if (s.has(flag::FIN) && settings.drop_syn_fin) {
      return drop(s, "LISTEN: SYN with FIN discarded (drop_syn_fin)");
    }
    return fire(ev::RcvSyn{s});
  }
  drop(s, "LISTEN, fourth: neither RST, ACK nor SYN");
}

// §3.10.7.3
void Endpoint::Tcb::arrive_syn_sent(const Segment& s) {
  // First: check the ACK bit.
  bool ack_ok = false;
  if (s.has(flag::ACK)) {
    if (s.ack <= iss || s.ack > snd_nxt) {
      if (s.has(flag::RST)) return drop(s, "SYN-SENT, first: a RST with a bad ACK is dropped");
      return fire(ev::RcvBadAck{s});
    }
    ack_ok = snd_una < s.ack && s.ack <= snd_nxt;
  }
  // Second: check the RST bit; it counts only when it acknowledges our SYN.
  if (s.has(flag::RST)) {
    if (!ack_ok) return drop(s, "SYN-SENT, second: a RST without an ACK of our SYN is dropped");
    return fire(ev::RcvRst{SocketError::ConnectionRefused});
  }
  // Fourth: check the SYN bit.
  if (s.has(flag::SYN)) {
    if (s.has(flag::FIN) && settings.drop_syn_fin) {
      return drop(s, "SYN-SENT: SYN with FIN discarded (drop_syn_fin)");
    }
    if (!ack_ok) return fire(ev::RcvSyn{s});  // simultaneous open
    fire(ev::RcvSynAck{s});
    // Text or FIN riding on the SYN,ACK continue at step six.
    return process_text_and_fin(s.seq + 1, s.payload.data(), s.payload.size(), s.has(flag::FIN));
  }
  // Fifth: neither SYN nor RST.
  drop(s, "SYN-SENT, fifth: neither SYN nor RST");
}

// First check, the four cases by SEG.LEN and RCV.WND. A zero window still takes
// valid ACKs and RSTs at RCV.NXT (`controls_only`); the text is dropped.
bool Endpoint::Tcb::acceptable(const Segment& s, bool& controls_only) const {
  const std::uint32_t wnd = rcv_wnd();
  const std::uint32_t len = s.seg_len();
  const SeqNum wnd_end = rcv_nxt + wnd;
  bool ok;
  if (len == 0) {
    ok = wnd == 0 ? s.seq == rcv_nxt : seq_in_window(s.seq, rcv_nxt, wnd_end);
  } else {
    ok = wnd != 0 && (seq_in_window(s.seq, rcv_nxt, wnd_end) ||
                      seq_in_window(s.seq + (len - 1), rcv_nxt, wnd_end));
  }
  controls_only = !ok && wnd == 0 && s.seq == rcv_nxt;
  return ok || controls_only;
}

// A segment outside the window: answered with an ACK (a RST is dropped, a SYN
// gets a challenge ACK), as §3.10.7.4 first says.
void Endpoint::Tcb::reject_unacceptable(const Segment& s) {
  if (s.has(flag::RST)) return drop(s, "not acceptable: RST outside RCV.WND (first check)");
  if (s.has(flag::SYN)) {
    emit_challenge_ack();
    return drop(s, "not acceptable: SYN outside RCV.WND; challenge ACK (first check)");
  }
  // A BSD host still takes the ACK field of a wholly old segment, then
  // answers it if the connection is still there (TIME-WAIT has nothing to learn).
  const bool old = s.seq + s.seg_len() <= rcv_nxt;
  if (settings.ack_in_old_segment && old && s.has(flag::ACK) && state != State::TimeWait) {
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
  drop(s, "not acceptable: SEG.SEQ outside RCV.WND; answered with ACK (first check)");
}

// Second: check the RST bit. True when the segment is finished with.
bool Endpoint::Tcb::check_rst(const Segment& s) {
  if (!s.has(flag::RST)) return false;
  if (settings.rst_policy == RstSynPolicy::Rfc5961 && s.seq != rcv_nxt) {
    emit_challenge_ack();  // RFC 5961 §3.2: in window but not exact
    drop(s, "RST in the window but not at RCV.NXT: challenge ACK (RFC 5961 §3.2)");
    return true;
  }
  SocketError reported_error = SocketError::ConnectionReset;
  if (state == State::SynReceived) {
    reported_error = passive ? SocketError::None : SocketError::ConnectionRefused;
  } else if (state == State::TimeWait) {
    reported_error = SocketError::None;
  }
  fire(ev::RcvRst{reported_error});
  return true;
}

// Fourth: check the SYN bit. True when the segment is finished with.
bool Endpoint::Tcb::check_syn(const Segment& s) {
  if (!s.has(flag::SYN)) return false;
  // A passive connection in SYN-RECEIVED goes back to LISTEN.
  if (state == State::SynReceived && passive) {
    fire(ev::RcvSynInWindow{});
    return true;
  }
  if (settings.syn_policy == RstSynPolicy::Rfc5961) {
    emit_challenge_ack();  // RFC 5961 §4.2, whatever its sequence number
    drop(s, "SYN on a synchronized connection: challenge ACK (RFC 5961 §4.2)");
    return true;
  }
  // RFC 793: an in-window SYN is an error; reset the connection. A SYN before
  // RCV.NXT (the segment was acceptable for a later octet) is old: ACK it.
  if (s.seq < rcv_nxt) {
    emit_ack_now();
    drop(s, "old SYN before RCV.NXT: answered with ACK (RFC 793)");
    return true;
  }
  fire(ev::RcvSynInWindow{});
  return true;
}

void Endpoint::Tcb::arrive_synchronized(const Segment& in) {
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

  // First: sequence number acceptability, after PAWS (RFC 7323 §5.3).
  if (check_timestamps(s)) return;
  bool controls_only = false;
  if (!acceptable(s, controls_only)) return reject_unacceptable(s);
  if (ts_ok && s.timestamps && s.seq <= last_ack_sent && tsval_not_older(s)) {
    ts_recent = s.timestamps->val;  // RFC 7323 §4.3 (R3)
  }

  // Trim to the window: the part before RCV.NXT was seen, the part past the
  // right edge does not fit.
  const SeqNum wnd_end = rcv_nxt + rcv_wnd();
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

  if (check_rst(s)) return;  // second
  if (check_syn(s)) return;  // fourth (third, security, is not modelled)

  // Fifth: check the ACK field.
  if (!s.has(flag::ACK)) return drop(s, "fifth: no ACK bit; the segment is dropped");
  const bool fin_follows = fin && seq == rcv_nxt;  // the FIN will be processed in step eight
  if (!process_ack(s, fin_follows)) return;

  // Sixth (URG) is not modelled. Seventh: text, which nobody reads once the
  // application has closed (§3.6.1); then eighth, FIN.
  if (n > 0 && released && settings.rst_on_data_after_close &&
      (state == State::FinWait1 || state == State::FinWait2)) {
    return fire(ev::RcvDataAfterClose{s});
  }
  process_text_and_fin(seq, data, n, fin);
}

// TIME-WAIT (§3.10.7.4 for this state): the only thing that should arrive is a
// retransmission of the peer's FIN, which is acknowledged and restarts 2MSL.
void Endpoint::Tcb::arrive_time_wait(const Segment& s) {
  if (s.has(flag::RST) && settings.time_wait_ignores_rst) {
    return drop(s, "TIME-WAIT: a RST does not end TIME-WAIT (RFC 1337)");
  }
  bool controls_only = false;
  if (!acceptable(s, controls_only)) {
    const bool fin_again = s.has(flag::FIN) && s.has(flag::ACK) && s.seq + s.seg_len() == rcv_nxt;
    if (fin_again) return fire(ev::RcvFin{}, "rcv FIN again");
    return reject_unacceptable(s);
  }
  if (check_rst(s)) return;
  if (check_syn(s)) return;
  if (!s.has(flag::ACK)) return drop(s, "fifth: no ACK bit; the segment is dropped");
  // Anything but a duplicate ACK, or text that came too late, is answered.
  const bool dup_ack =
      s.flags == flag::ACK && s.payload.empty() && s.seq == rcv_nxt && s.ack == snd_max;
  const bool fin_at_rcv_nxt = s.has(flag::FIN) && s.seq == rcv_nxt && s.payload.empty();
  if (fin_at_rcv_nxt) return fire(ev::RcvFin{}, "rcv FIN again");
  if (dup_ack) return drop(s, "TIME-WAIT: a duplicate ACK needs no answer");
  ack_needed = true;
  drop(s, "TIME-WAIT: only a retransmitted FIN is expected; answered with ACK");
}

// Step five for SYN-RECEIVED and the synchronized states. Returns false when the
// segment is finished with.
bool Endpoint::Tcb::process_ack(const Segment& s, bool fin_follows) {
  if (state == State::SynReceived) {
    if (!(snd_una < s.ack && s.ack <= snd_nxt)) {
      fire(ev::RcvBadAck{s});
      return false;
    }
    fire(ev::RcvAckOfSyn{s});
  }
  if (s.ack > snd_max) {  // acknowledges something not yet sent
    emit_ack_now();
    drop(s, "fifth: SEG.ACK > SND.NXT acknowledges nothing sent; answered with ACK");
    return false;
  }
  if (settings.rst_policy == RstSynPolicy::Rfc5961 && s.ack < snd_una - max_snd_wnd) {
    emit_challenge_ack();  // RFC 5961 §5.2: too old to be a plausible duplicate
    drop(s, "fifth: SEG.ACK too old to be a duplicate; challenge ACK (RFC 5961 §5.2)");
    return false;
  }
  if (snd_una < s.ack) {
    const std::uint32_t acked = acknowledge(s.ack);
    if (sack_ok) update_scoreboard(s);
    if (fast_recovery) {
      on_recovery_ack(s.ack, acked);
    } else {
      grow_congestion_window(acked);
    }
    dup_acks = 0;
  } else {
    if (sack_ok) update_scoreboard(s);
    if (s.ack == snd_una && s.payload.empty() && !s.has(flag::FIN) && seg_wnd(s) == snd_wnd &&
        s.window != 0 && snd_una != snd_max) {
      // A duplicate ACK (RFC 5681 §2); a zero window answers a window probe
      // and says nothing about loss.
      ++dup_acks;
      on_duplicate_ack();
    }
  }
  // Window update, only from a segment newer than the last one used (§3.10.7.4).
  if (snd_una <= s.ack && (snd_wl1 < s.seq || (snd_wl1 == s.seq && snd_wl2 <= s.ack))) {
    update_window(s);
    if (snd_wnd > 0) {
      // A probe octet the receiver did not take is sent again as ordinary data,
      // as BSD pulls SND.NXT back when the window opens.
      if (persist.deadline && snd_una != snd_nxt) snd_nxt = snd_una;
      cancel_timer(persist);
    }
  }

  const bool fin_acked = g_our_fin_acked();
  switch (state) {
    case State::FinWait1:
      // A FIN,ACK that acknowledges our FIN goes straight to TIME-WAIT in step eight.
      if (fin_acked && !fin_follows) fire(ev::RcvAckOfFin{});
      return true;
    case State::Closing:
    case State::LastAck:
      if (fin_acked) fire(ev::RcvAckOfFin{});
      return false;
    default: return true;
  }
}

// R1: a segment whose TSval is older than TS.Recent is an old duplicate; it
// is answered with an ACK and dropped, unless it is a RST.
bool Endpoint::Tcb::check_timestamps(const Segment& s) {
  if (!ts_ok || !s.timestamps || s.has(flag::RST)) return false;
  if (tsval_not_older(s)) return false;
  emit_ack_now();
  drop(s, "PAWS: SEG.TSval is older than TS.Recent; answered with ACK (RFC 7323 §5.3)");
  return true;
}

std::uint32_t Endpoint::Tcb::seg_wnd(const Segment& s) const {
  return s.has(flag::SYN) ? s.window : std::uint32_t{s.window} << snd_wscale;
}

// SND.WND and the segment it came from (SND.WL1, SND.WL2), in one place.
void Endpoint::Tcb::update_window(const Segment& s) {
  snd_wnd = seg_wnd(s);
  max_snd_wnd = std::max(max_snd_wnd, snd_wnd);
  snd_wl1 = s.seq;
  snd_wl2 = s.ack;
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
      hold_out_of_order(seq, data, len, fin);
      ack_needed = true;
    }
    return;
  }
  if (len > 0) {
    const bool filled_hole = !held.empty();
    // In order: the bytes go to the end of the readable part of the buffer.
    recv_buf.write_at(readable_bytes, data, len);
    readable_bytes += len;
    rcv_offset += len;
    rcv_nxt += static_cast<std::uint32_t>(len);
    fin = drain_out_of_order() || fin;
    notify(Notice::Readable);
    // ACK every second full-sized segment, and at once for one that fills a
    // hole (RFC 5681 §4.2); else within the delayed-ACK timeout.
    bytes_unacked += len;
    ++segments_unacked;
    const std::size_t full = std::min<std::uint32_t>(settings.mss, smss());
    const bool second =
        settings.ack_every_other_segment ? segments_unacked >= 2 : bytes_unacked >= 2 * full;
    if (!settings.delayed_ack || second || filled_hole) {
      ack_needed = true;
    } else if (!delack.deadline) {
      set_timer(delack, TimerKind::DelayedAck, later(now, settings.delayed_ack_timeout));
    }
  }
  if (fin) accept_fin();
}

// Writes bytes that start past RCV.NXT into the reassembly area and marks them
// held; a FIN among them is remembered by its stream offset.
void Endpoint::Tcb::hold_out_of_order(SeqNum seq, const std::uint8_t* data, std::size_t len,
                                      bool fin) {
  const auto ahead = static_cast<std::size_t>(seq - rcv_nxt);
  const std::uint64_t at = rcv_offset + ahead;
  if (len > 0) {
    const std::size_t pos = readable_bytes + ahead;
    recv_buf.write_at(pos, data, len);
    held.insert(boost::icl::interval<std::uint64_t>::right_open(at, at + len));
    note_sack_block(at);
  }
  if (fin) held_fin = at + len;
}

void Endpoint::Tcb::note_sack_block(std::uint64_t at) {
  const auto stretch = held.find(at);
  if (stretch == held.end()) return;
  const std::pair<std::uint64_t, std::uint64_t> block{stretch->lower(), stretch->upper()};
  // Blocks it swallowed are reported in it from now on.
  sack_recent.erase(std::remove_if(sack_recent.begin(), sack_recent.end(),
                                   [&](const auto& b) {
                                     return block.first <= b.first && b.second <= block.second;
                                   }),
                    sack_recent.end());
  sack_recent.insert(sack_recent.begin(), block);
}

std::vector<SackBlock> Endpoint::Tcb::sack_blocks() {
  sack_recent.erase(std::remove_if(sack_recent.begin(), sack_recent.end(),
                                   [&](const auto& b) { return b.second <= rcv_offset; }),
                    sack_recent.end());
  const std::size_t most = ts_ok ? kMaxSackBlocksWithTimestamps : kMaxSackBlocks;
  std::vector<SackBlock> blocks;
  for (const auto& [lower, upper] : sack_recent) {
    if (blocks.size() == most) break;
    const auto seq_at = [&](std::uint64_t offset) {
      return rcv_nxt + static_cast<std::uint32_t>(offset - rcv_offset);
    };
    blocks.push_back({seq_at(lower), seq_at(upper)});
  }
  return blocks;
}

// RCV.NXT moves over held stretches that now join it; true when it reaches a
// held FIN. Each stretch is looked at once.
bool Endpoint::Tcb::drain_out_of_order() {
  while (!held.empty() && held.begin()->lower() <= rcv_offset) {
    const std::uint64_t end = held.begin()->upper();
    held.erase(held.begin());
    if (end <= rcv_offset) continue;
    const auto n = static_cast<std::size_t>(end - rcv_offset);
    readable_bytes += n;
    rcv_offset = end;
    rcv_nxt += static_cast<std::uint32_t>(n);
  }
  if (held_fin && *held_fin <= rcv_offset) {
    const bool at_fin = *held_fin == rcv_offset;
    held_fin.reset();
    return at_fin;
  }
  return false;
}

// Step eight: a FIN at RCV.NXT.
void Endpoint::Tcb::accept_fin() {
  switch (state) {
    case State::Established:  // SYN-RECEIVED became ESTABLISHED in step five
    case State::FinWait1:
    case State::FinWait2:
      rcv_nxt += 1;
      fin_received = true;
      fire(ev::RcvFin{});
      break;
    default: ack_needed = true; break;  // CLOSE-WAIT, CLOSING, LAST-ACK: remain
  }
}

}  // namespace synack::tcp

// The actions and guards the transition table names. They change TCB variables
// and queue control segments; ordinary data and ACKs go out through output().
#include <algorithm>

#include "tcp_tcb.hpp"

namespace synack::tcp {

void Endpoint::Tcb::a_listen() { passive = true; }

// The one place a connection picks its ISS (RFC 9293 §3.4.1), with the RTO it
// starts from (RFC 6298 §2.1).
void Endpoint::Tcb::select_iss() {
  rto = settings.initial_rto;
  iss = isn->next(now, id);
  snd_una = iss;
  snd_nxt = iss + 1;
  snd_max = snd_nxt;
  send_seq = iss + 1;
}

// What the peer's SYN tells us: its ISN, its window and its MSS.
void Endpoint::Tcb::learn_peer_syn(const Segment& syn) {
  irs = syn.seq;
  rcv_nxt = irs + 1;
  if (syn.mss) peer_mss = syn.mss;
  // An option is in use when both SYNs carry it: ours offers what the
  // settings allow (a SYN,ACK answers with those the peer's SYN offered).
  const bool offered = !settings.no_options && offer_options();
  ws_ok = offered && settings.window_scaling && syn.window_scale.has_value();
  rcv_wscale = ws_ok ? std::min<std::uint8_t>(settings.window_scale, kMaxWindowShift) : 0;
  // RFC 7323 §2.3: a shift above 14 is taken as 14.
  snd_wscale = ws_ok ? std::min<std::uint8_t>(*syn.window_scale, kMaxWindowShift) : 0;
  sack_ok = offered && settings.sack && syn.sack_permitted;
  ts_ok = offered && settings.timestamps && syn.timestamps.has_value();
  if (ts_ok) ts_recent = syn.timestamps->val;
  // RFC 3168 §6.1.1: an ECN-setup SYN has ECE and CWR; the SYN,ACK answering
  // ours (which offered it only when ecn is On) has ECE alone.
  ecn_ok = syn.has(flag::ACK)
               ? settings.ecn == Ecn::On && syn.has(flag::ECE) && !syn.has(flag::CWR)
               : settings.ecn != Ecn::Off && syn.has(flag::ECE) && syn.has(flag::CWR);
  update_window(syn);
  open_congestion_window();
}

// Active OPEN (§3.10.1) or SEND/OPEN in LISTEN: the connection becomes active.
void Endpoint::Tcb::a_send_syn() {
  passive = false;
  select_iss();
  emit_syn(false);
  start_rtx_timer(TimerKind::SynRetransmission);
  rtt_seq = iss;  // the handshake gives the first RTT sample (RFC 6298 §2.2)
  if (settings.connect_timeout > 0) {
    set_timer(establish, TimerKind::ConnectionEstablishment, later(now, settings.connect_timeout));
  }
}

// SYN in LISTEN (§3.10.7.2) or in SYN-SENT (simultaneous open, §3.10.7.3): the
// peer's ISN is learned; a passive open also picks our ISS now.
void Endpoint::Tcb::a_send_syn_ack(const Segment& syn) {
  if (state == State::Listen) select_iss();
  learn_peer_syn(syn);
  // Text on the SYN waits for ESTABLISHED (§3.10.7.2, §3.10.7.3); it is not
  // acknowledged yet. A FIN on it is left for the peer to retransmit.
  if (!syn.payload.empty()) {
    hold_out_of_order(rcv_nxt, syn.payload.data(), syn.payload.size(), false);
  }
  emit_syn(true);
  retries = 0;
  start_rtx_timer(TimerKind::SynAckRetransmission);
  rtt_seq = iss;
}

// LISTEN with a full SYN queue (RFC 4987 §3.6): the SYN,ACK carries the cookie
// as its sequence number and nothing is kept; the listener stays in LISTEN.
void Endpoint::Tcb::a_send_cookie_syn_ack(const ev::RcvSynQueueFull& e) {
  Segment s;
  s.seq = e.cookie;
  s.ack = e.seg.seq + 1;
  s.flags = flag::SYN | flag::ACK;
  s.window = advertised_window();
  s.mss = settings.mss;
  out.push_back(std::move(s));
}

// The ACK of a SYN cookie (RFC 4987 §3.6): the connection is rebuilt from the
// ACK alone, as if its SYN had been kept: ISS = SEG.ACK - 1, IRS = SEG.SEQ - 1.
void Endpoint::Tcb::a_open_from_cookie(const ev::RcvCookieAck& e) {
  rto = settings.initial_rto;
  iss = e.seg.ack - 1;
  snd_una = e.seg.ack;
  snd_nxt = e.seg.ack;
  snd_max = snd_nxt;
  send_seq = e.seg.ack;
  irs = e.seg.seq - 1;
  rcv_nxt = e.seg.seq;
  peer_mss = e.peer_mss;
  update_window(e.seg);
  open_congestion_window();
  connection_opened();
}

void Endpoint::Tcb::connection_opened() {
  cancel_timer(establish);
  notify(Notice::Connected);
}

// SYN,ACK in SYN-SENT (§3.10.7.3 fourth): both SYNs are acknowledged.
void Endpoint::Tcb::a_complete_open(const Segment& syn_ack) {
  learn_peer_syn(syn_ack);
  acknowledge(syn_ack.ack);
  ack_needed = true;
  connection_opened();
  start_data_rto();
}

// ACK of our SYN in SYN-RECEIVED (§3.10.7.4 fifth); SND.UNA advances in process_ack.
void Endpoint::Tcb::a_accept_open(const Segment& ack) {
  update_window(ack);
  open_congestion_window();  // now that we know whether the SYN,ACK was retransmitted
  connection_opened();
  start_data_rto();
  deliver_queued_syn_text();
}

// RFC 6298 §5.7: a SYN or SYN,ACK that timed out with an RTO under 3 s leaves
// no RTT sample; data transmission starts with an RTO of 3 s.
void Endpoint::Tcb::start_data_rto() {
  if (handshake_retransmitted && !srtt && settings.initial_rto < 3 * kSeconds) {
    rto = std::min(3 * kSeconds, settings.max_rto);
  }
}

// CLOSE (§3.10.4): the FIN goes out after all queued data (see output()).
void Endpoint::Tcb::a_queue_fin() { fin_queued = true; }

// FIN accepted (§3.10.7.4 eighth): RCV.NXT has already moved past it.
void Endpoint::Tcb::a_ack_fin() {
  ack_needed = true;
  notify(Notice::PeerClosed);
}

void Endpoint::Tcb::a_ack_fin_time_wait() {
  if (state != State::TimeWait) notify(Notice::PeerClosed);
  ack_needed = true;
  a_start_time_wait();
}

// TIME-WAIT: only the 2MSL timer runs (§3.10.7.4 eighth).
void Endpoint::Tcb::a_start_time_wait() {
  clear_timers();
  set_timer(time_wait, TimerKind::TimeWait, later(now, scaled(settings.msl, 2)));
}

// What every way out of a connection drops: timers, unsent data, held pieces.
void Endpoint::Tcb::discard_queues() {
  clear_timers();
  send_buf.clear();
  recv_buf.erase_end(recv_buf.size() - readable_bytes);  // the reassembly area
  held.clear();
  sack_recent.clear();
  held_fin.reset();
  fin_queued = false;
  ack_needed = false;
}

void Endpoint::Tcb::a_delete_tcb() {
  discard_queues();
  notify(Notice::Closed);
}

// ABORT in a synchronized state (§3.10.5): <SEQ=SND.NXT><CTL=RST>.
void Endpoint::Tcb::a_send_rst_delete() {
  emit_rst(snd_nxt);
  a_delete_tcb();
}

// RFC 793's answer to a SYN in the window: reset the connection, tell the peer.
void Endpoint::Tcb::a_reset_peer_delete(SocketError e) {
  emit(flag::RST | flag::ACK, snd_nxt);
  a_report_error(e);
}

// Unacceptable ACK in SYN-SENT or SYN-RECEIVED: <SEQ=SEG.ACK><CTL=RST>.
void Endpoint::Tcb::a_reply_rst(const Segment& bad) { emit_rst(bad.ack); }

// Data nobody will read (§3.6.1): the RST answers the segment that brought it.
void Endpoint::Tcb::a_reply_rst_delete(const Segment& bad) {
  emit_rst(bad.ack);
  a_delete_tcb();
}

// The connection ends without a FIN exchange; the user hears why, if anyone
// is to be told (a RST in TIME-WAIT reports nothing).
void Endpoint::Tcb::a_report_error(SocketError e) {
  if (e != SocketError::None) {
    error = e;
    notify(Notice::Error, error);
  }
  discard_queues();
}

// An ICMP soft error changes nothing now; it is what a later timeout reports.
void Endpoint::Tcb::a_remember_soft_error(SocketError e) {
  soft_error = e;
  record_ignored(cause, "soft error remembered: a timeout reports it (RFC 1122 §4.2.3.9)");
}

// A passive connection reset in SYN-RECEIVED forgets its peer (§3.10.7.4 second).
void Endpoint::Tcb::a_return_to_listen() {
  discard_queues();
  recv_buf.clear();
  readable_bytes = 0;
  fin_sent = fin_received = false;
  retries = 0;
  rto = settings.initial_rto;
}

// Text that came with the peer's SYN becomes readable once the connection is
// established; its ACK may wait for the delayed-ACK timer or ride on data.
void Endpoint::Tcb::deliver_queued_syn_text() {
  const SeqNum before = rcv_nxt;
  drain_out_of_order();
  if (rcv_nxt == before) return;
  notify(Notice::Readable);
  if (!delack.deadline)
    set_timer(delack, TimerKind::DelayedAck, later(now, settings.delayed_ack_timeout));
}

bool Endpoint::Tcb::g_our_fin_acked() const { return fin_sent && snd_una == snd_max; }

}  // namespace synack::tcp

// The actions and guards the transition table names. They change TCB variables
// and queue control segments; ordinary data and ACKs go out through output().
#include <algorithm>

#include "tcp_tcb.hpp"

namespace synack::tcp {

void Endpoint::Tcb::a_listen() { passive = true; }

SeqNum Endpoint::Tcb::choose_iss() { return isn->next(now, id); }

// Active OPEN (§3.10.1) or SEND/OPEN in LISTEN: the connection becomes active.
void Endpoint::Tcb::a_send_syn() {
  passive = false;
  rto = settings.initial_rto;  // RFC 6298 §2.1, as set when the connection opens
  iss = choose_iss();
  snd_una = iss;
  snd_nxt = iss + 1;
  send_seq = iss + 1;
  emit_syn(false);
  start_rtx_timer();
  rtt_seq = iss;  // the handshake gives the first RTT sample (RFC 6298 §2.2)
}

// SYN in LISTEN (§3.10.7.2) or in SYN-SENT (simultaneous open, §3.10.7.3): the
// peer's ISN is learned; a passive open also picks our ISS now.
void Endpoint::Tcb::a_send_syn_ack() {
  irs = seg->seq;
  rcv_nxt = irs + 1;
  if (state == State::Listen) {
    rto = settings.initial_rto;
    iss = choose_iss();
    snd_una = iss;
    snd_nxt = iss + 1;
    send_seq = iss + 1;
  }
  snd_wnd = seg->window;
  max_snd_wnd = std::max(max_snd_wnd, snd_wnd);
  snd_wl1 = seg->seq;
  if (seg->mss) peer_mss = seg->mss;
  // Text on the SYN waits for ESTABLISHED (§3.10.7.2, §3.10.7.3); it is not
  // acknowledged yet. A FIN on it is left for the peer to retransmit.
  if (!seg->payload.empty()) out_of_order.push_back(OutOfOrder{rcv_nxt, seg->payload, false});
  emit_syn(true);
  retries = 0;
  start_rtx_timer();
  rtt_seq = iss;
}

// SYN,ACK in SYN-SENT (§3.10.7.3 fourth): both SYNs are acknowledged.
void Endpoint::Tcb::a_complete_open() {
  irs = seg->seq;
  rcv_nxt = irs + 1;
  if (seg->mss) peer_mss = seg->mss;
  acknowledge(seg->ack);
  snd_wnd = seg->window;
  max_snd_wnd = std::max(max_snd_wnd, snd_wnd);
  snd_wl1 = seg->seq;
  snd_wl2 = seg->ack;
  ack_needed = true;
  notify(Notice::Connected);
  start_data_rto();
}

// ACK of our SYN in SYN-RECEIVED (§3.10.7.4 fifth); SND.UNA advances in process_ack.
void Endpoint::Tcb::a_accept_open() {
  snd_wnd = seg->window;
  max_snd_wnd = std::max(max_snd_wnd, snd_wnd);
  snd_wl1 = seg->seq;
  snd_wl2 = seg->ack;
  notify(Notice::Connected);
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
  time_wait_deadline = now + 2 * settings.msl;
}

// What every way out of a connection drops: timers, unsent data, held pieces.
void Endpoint::Tcb::discard_queues() {
  clear_timers();
  send_buf.clear();
  out_of_order.clear();
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

// Unacceptable ACK in SYN-SENT or SYN-RECEIVED: <SEQ=SEG.ACK><CTL=RST>.
void Endpoint::Tcb::a_reply_rst() { emit_rst(seg->ack); }

void Endpoint::Tcb::a_report_reset() {
  if (pending_error != SocketError::None) {
    error = pending_error;
    notify(Notice::Error, error);
  }
  pending_error = SocketError::None;
  discard_queues();
}

// A passive connection reset in SYN-RECEIVED forgets its peer (§3.10.7.4 second).
void Endpoint::Tcb::a_return_to_listen() {
  pending_error = SocketError::None;
  discard_queues();
  recv_buf.clear();
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
  if (!delack_deadline) delack_deadline = now + settings.delayed_ack_timeout;
}

bool Endpoint::Tcb::g_our_fin_acked() const { return fin_sent && snd_una == snd_nxt; }

}  // namespace synack::tcp

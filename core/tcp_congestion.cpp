// Congestion control (RFC 5681): slow start from an initial window, congestion
// avoidance, the answer to a timeout; fast retransmit and NewReno fast
// recovery (RFC 6582) on three duplicate ACKs.
#include <algorithm>

#include "tcp_tcb.hpp"

namespace synack::tcp {

// RFC 5681 §3.1: IW by the MSS (or a setting, RFC 6928); one segment when the
// SYN or SYN,ACK had to be retransmitted.
void Endpoint::Tcb::open_congestion_window() {
  const std::uint32_t mss = smss();
  std::uint32_t iw = mss > 2190 ? 2 * mss : mss > 1095 ? 3 * mss : 4 * mss;
  if (settings.initial_window != 0) iw = settings.initial_window * mss;
  if (handshake_retransmitted) iw = mss;
  cwnd = iw;
  ssthresh = 0xFFFFFFFFu;
  recover = iss;  // RFC 6582 §3.2: recover starts at the ISS
  fast_recovery = false;
}

// New data acknowledged outside fast recovery (RFC 5681 §3.1).
void Endpoint::Tcb::grow_congestion_window(std::uint32_t acked) {
  if (acked == 0) return;
  if (cwnd < ssthresh) {
    cwnd += std::min(acked, smss());  // slow start: about doubling per round trip
  } else {
    cwnd += std::max<std::uint32_t>(1, smss() * smss() / std::max(cwnd, 1u));  // avoidance
  }
}

// A duplicate ACK (counted in dup_acks). The third enters fast retransmit and
// fast recovery, unless it only repeats what a recovery already covered
// (RFC 6582 §3.2 step 2); each later one inflates the window by one segment.
void Endpoint::Tcb::on_duplicate_ack() {
  if (fast_recovery) {
    cwnd += smss();
    return;
  }
  if (dup_acks != 3 || !(snd_una > recover)) return;
  ssthresh = std::max(flight_size() / 2, 2 * smss());
  recover = snd_max;
  fast_recovery = true;
  retransmit();  // the segment the duplicates say is missing
  cwnd = ssthresh + 3 * smss();
}

// New data acknowledged during fast recovery: a full ACK ends it, a partial
// one retransmits the next hole and deflates the window (RFC 6582 §3.2).
void Endpoint::Tcb::on_recovery_ack(SeqNum ack, std::uint32_t acked) {
  if (ack >= recover) {
    cwnd = std::min(ssthresh, std::max(flight_size(), smss()) + smss());
    fast_recovery = false;
    return;
  }
  retransmit();
  cwnd = cwnd > acked ? cwnd - acked : 0;
  if (acked >= smss()) cwnd += smss();
}

// After a timeout everything from SND.UNA on is sent again, as the window
// lets it (BSD and Linux pull SND.NXT back the same way); the FIN follows.
void Endpoint::Tcb::go_back_to_una() {
  snd_nxt = snd_una;
  small_segment_end.reset();
}

}  // namespace synack::tcp

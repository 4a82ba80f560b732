// Congestion control (RFC 5681): slow start from an initial window, congestion
// avoidance, the answer to a timeout; fast retransmit and NewReno fast
// recovery (RFC 6582) on three duplicate ACKs, or SACK-based loss recovery
// (RFC 6675) when SACK was agreed. The algorithm chosen by the
// congestion_control setting decides two things only, each in one function
// here: how cwnd grows in congestion avoidance (avoid_congestion) and what
// ssthresh a congestion event leaves (reduce_on_congestion). Reno is RFC
// 5681's; CUBIC is RFC 9438's, with RFC 5681's slow start (no HyStart).
#include <algorithm>
#include <cmath>

#include "tcp_tcb.hpp"

namespace synack::tcp {

namespace {

constexpr double kCubicC = 0.4;     // RFC 9438 §5.1: C, in segments per second cubed
constexpr double kCubicBeta = 0.7;  // §4.6: beta_cubic
// §4.3: alpha_cubic, Reno's additive increase that gives the same average
// window as Reno's under the same loss rate.
constexpr double kCubicAlpha = 3 * (1 - kCubicBeta) / (1 + kCubicBeta);
constexpr double kMaxWindow = 4294967295.0;  // cwnd is 32 bits
constexpr int kDupThresh = 3;                // RFC 6675 §2: DupThresh

double seconds(TimeUs t) { return static_cast<double>(t) / static_cast<double>(kSeconds); }

std::uint32_t window_bytes(double w) { return static_cast<std::uint32_t>(std::min(w, kMaxWindow)); }

}  // namespace

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
    avoid_congestion(acked);
  }
}

// Congestion avoidance: the algorithm's growth.
void Endpoint::Tcb::avoid_congestion(std::uint32_t acked) {
  switch (settings.congestion_control) {
    case CongestionControl::Reno:  // RFC 5681 (3): about one segment per round trip
      cwnd += std::max<std::uint32_t>(1, smss() * smss() / std::max(cwnd, 1u));
      return;
    case CongestionControl::Cubic: return cubic_avoid_congestion(acked);
  }
}

// RFC 9438 §4.2–4.5: the window follows W_cubic(t) = C (t - K)^3 + W_max from
// the start of the congestion avoidance stage, concave below W_max and convex
// above it, unless Reno's estimate W_est is ahead (the Reno-friendly region).
void Endpoint::Tcb::cubic_avoid_congestion(std::uint32_t acked) {
  const double mss = smss();
  CubicState& c = cubic;
  if (!c.t_epoch) {  // the stage begins with this ACK
    c.t_epoch = now;
    c.cwnd_epoch = cwnd;
    c.w_est = cwnd;
    c.carry = 0;
    if (c.w_max <= c.cwnd_epoch) {
      // §4.8: after a timeout (or with no loss above this window) the curve
      // starts here, K = 0, W_max = cwnd.
      c.w_max = c.cwnd_epoch;
      c.k = 0;
    } else {
      c.k = std::cbrt((c.w_max - c.cwnd_epoch) / (kCubicC * mss));  // §4.2 (2)
    }
  }
  const auto w_cubic = [&](double t) { return kCubicC * mss * std::pow(t - c.k, 3) + c.w_max; };
  const double t = seconds(now - *c.t_epoch);
  const double w = cwnd;
  // §4.3: W_est grows as Reno would; alpha becomes 1 once W_est reaches the
  // window of the last reduction.
  const double alpha = c.w_est >= c.cwnd_prior ? 1.0 : kCubicAlpha;
  c.w_est += alpha * acked * mss / w;
  if (w_cubic(t) < c.w_est) {
    cwnd = std::max(cwnd, window_bytes(c.w_est));
    return;
  }
  // §4.4–4.5: toward W_cubic one round trip ahead, growing at most by half.
  const double target = std::clamp(w_cubic(t + seconds(srtt.value_or(0))), w, 1.5 * w);
  c.carry += (target - w) / w * acked;
  const double whole = std::floor(c.carry);
  c.carry -= whole;
  cwnd = window_bytes(w + whole);
}

// A congestion event (the third duplicate ACK, or a timeout) sets ssthresh
// from what is in flight, by the algorithm's factor.
void Endpoint::Tcb::reduce_on_congestion(bool timeout) {
  switch (settings.congestion_control) {
    case CongestionControl::Reno:  // RFC 5681 (4): half
      ssthresh = std::max(flight_size() / 2, 2 * smss());
      return;
    case CongestionControl::Cubic: {
      CubicState& c = cubic;
      const double w = cwnd;
      // §4.7 fast convergence: a window that stopped short of the last W_max
      // gives up some more, to leave room for newer flows. §4.8: after a
      // timeout the next stage starts with K = 0 from the window it begins
      // with (as Linux's bictcp_reset() forgets W_max).
      c.w_max = timeout ? 0 : w < c.w_max ? w * (1 + kCubicBeta) / 2 : w;
      c.cwnd_prior = w;
      c.t_epoch.reset();  // §4.6: a new congestion avoidance stage follows
      ssthresh = std::max(window_bytes(flight_size() * kCubicBeta), 2 * smss());
      return;
    }
  }
}

// A duplicate ACK (counted in dup_acks). The third enters fast retransmit and
// fast recovery, unless it only repeats what a recovery already covered
// (RFC 6582 §3.2 step 2); each later one inflates the window by one segment.
// With SACK, recovery also begins when the scoreboard shows SND.UNA lost
// (RFC 6675 §5 step 2b), and later duplicates send by the pipe, not inflate.
void Endpoint::Tcb::on_duplicate_ack() {
  if (fast_recovery) {
    if (sack_ok) return sack_retransmit();
    cwnd += smss();
    return;
  }
  const bool loss = dup_acks >= kDupThresh || (sack_ok && is_lost(snd_una));
  if (!loss || !(snd_una > recover)) return;
  reduce_on_congestion(false);
  recover = snd_max;
  fast_recovery = true;
  if (sack_ok) {  // RFC 6675 §5 step 4
    cwnd = ssthresh;
    high_rxt = resend(snd_una, smss());
    return sack_retransmit();
  }
  retransmit();  // the segment the duplicates say is missing
  cwnd = ssthresh + 3 * smss();
}

// New data acknowledged during fast recovery: a full ACK ends it, a partial
// one retransmits the next hole and deflates the window (RFC 6582 §3.2), or
// with SACK sends what the scoreboard and the pipe allow (RFC 6675 §5 step C).
void Endpoint::Tcb::on_recovery_ack(SeqNum ack, std::uint32_t acked) {
  if (ack >= recover) {
    cwnd = std::min(ssthresh, std::max(flight_size(), smss()) + smss());
    fast_recovery = false;
    return;
  }
  if (sack_ok) {
    high_rxt = seq_max(high_rxt, snd_una);
    return sack_retransmit();
  }
  retransmit();
  cwnd = cwnd > acked ? cwnd - acked : 0;
  if (acked >= smss()) cwnd += smss();
}

// RFC 5681 §3.1 (and RFC 9438 §4.8): one segment's window after a timeout,
// ssthresh from what was in flight. Recovery after a timeout is not fast
// recovery.
void Endpoint::Tcb::on_retransmission_timeout() {
  reduce_on_congestion(true);
  cwnd = smss();
  fast_recovery = false;
  recover = snd_max;
  dup_acks = 0;
  scoreboard.clear();  // RFC 2018 §8: after a timeout the SACKed bits are forgotten
}

// ---- SACK-based loss recovery (RFC 6675) ----

// §5: each SACK block within what is outstanding joins the scoreboard; what
// SND.UNA passed leaves it.
void Endpoint::Tcb::update_scoreboard(const Segment& s) {
  std::vector<SackBlock> kept;
  for (const SackBlock& b : scoreboard) {
    if (snd_una < b.right) kept.push_back({seq_max(b.left, snd_una), b.right});
  }
  for (const SackBlock& b : s.sack) {
    if (!(b.left < b.right) || !(snd_una < b.right) || snd_max < b.right) continue;
    SackBlock add{seq_max(b.left, snd_una), b.right};
    std::vector<SackBlock> merged;
    bool placed = false;
    for (const SackBlock& have : kept) {
      if (have.right < add.left) {
        merged.push_back(have);
      } else if (add.right < have.left) {
        if (!placed) merged.push_back(add);
        placed = true;
        merged.push_back(have);
      } else {  // they touch or overlap: one stretch
        add = {seq_min(add.left, have.left), seq_max(add.right, have.right)};
      }
    }
    if (!placed) merged.push_back(add);
    kept = std::move(merged);
  }
  scoreboard = std::move(kept);
}

// §4 IsLost: DupThresh SACKed stretches above `seq`, or more than
// (DupThresh - 1) * SMSS SACKed octets.
bool Endpoint::Tcb::is_lost(SeqNum seq) const {
  int stretches = 0;
  std::uint32_t octets = 0;
  for (const SackBlock& b : scoreboard) {
    if (!(seq < b.right)) continue;
    ++stretches;
    octets += static_cast<std::uint32_t>(b.right - seq_max(b.left, seq));
  }
  return stretches >= kDupThresh || octets > (kDupThresh - 1) * smss();
}

// §4 SetPipe: the octets thought to be in the network: each unSACKed one not
// lost, and each one this recovery retransmitted. Within a hole between
// SACKed stretches IsLost gives one answer.
std::uint32_t Endpoint::Tcb::pipe() const {
  std::uint32_t total = 0;
  const auto hole = [&](SeqNum a, SeqNum b) {
    if (!(a < b)) return;
    if (!is_lost(a)) total += static_cast<std::uint32_t>(b - a);
    if (a < high_rxt) total += static_cast<std::uint32_t>(seq_min(b, high_rxt) - a);
  };
  SeqNum from = snd_una;
  for (const SackBlock& b : scoreboard) {
    hole(from, b.left);
    from = b.right;
  }
  hole(from, snd_max);
  return total;
}

// §4 NextSeg, rules 1 and 3: the first unSACKed octet from HighRxt on below
// the highest SACKed one (that is lost, for rule 1), with what follows it in
// its hole, one segment at most.
std::optional<SackBlock> Endpoint::Tcb::next_hole(bool lost_only) const {
  SeqNum from = snd_una;
  for (const SackBlock& b : scoreboard) {
    const SeqNum at = seq_max(from, high_rxt);
    if (at < b.left && (!lost_only || is_lost(at))) {
      return SackBlock{
          at, at + std::min<std::uint32_t>(static_cast<std::uint32_t>(b.left - at), smss())};
    }
    from = b.right;
  }
  return std::nullopt;
}

// Rule 2's new data: some waits and the receiver's window has room for it.
bool Endpoint::Tcb::new_data_can_go() const {
  return snd_nxt < data_end() && snd_nxt < snd_una + snd_wnd;
}

// §5 step C: while cwnd - pipe leaves room for a segment, the lost holes go
// again (rule 1); then new data, which output() sends in the room left (rule
// 2); with none to send, the holes not yet deemed lost (rule 3).
void Endpoint::Tcb::sack_retransmit() {
  while (pipe() + smss() <= cwnd) {
    std::optional<SackBlock> hole = next_hole(true);
    if (!hole && !new_data_can_go()) hole = next_hole(false);
    if (!hole) return;
    const SeqNum end = resend(hole->left, static_cast<std::uint32_t>(hole->right - hole->left));
    if (!(hole->left < end)) return;
    high_rxt = end;
  }
}

// After a timeout everything from SND.UNA on is sent again, as the window
// lets it (BSD and Linux pull SND.NXT back the same way); the FIN follows.
void Endpoint::Tcb::go_back_to_una() {
  snd_nxt = snd_una;
  small_segment_end.reset();
}

}  // namespace synack::tcp

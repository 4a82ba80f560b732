// CUBIC (RFC 9438) as a sender: the window after a loss, the cubic curve it
// grows along (concave up to W_max, convex past it), the Reno-friendly region
// when round trips are short, fast convergence, and the answer to a timeout.
// The peer ACKs everything in flight at once, so one ACK moves cwnd to the
// curve's target; the test holds cwnd to W_cubic(t) = C (t - K)^3 + W_max
// computed here from the RFC's constants. The peer's MSS is kPeerMss (1000).
#include <gtest/gtest.h>

#include <cmath>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

constexpr double kC = 0.4;
constexpr double kBeta = 0.7;
constexpr double kAlpha = 3 * (1 - kBeta) / (1 + kBeta);
constexpr double kMss = kPeerMss;

// The congestion variables as last recorded.
struct Window {
  double cwnd = 0, ssthresh = 0, w_max = 0;
  TimeUs srtt = 0;
};

class CubicSender {
 public:
  explicit CubicSender(CongestionControl cc = CongestionControl::Cubic) : ep_(make(cc)) { read(); }

  Endpoint& ep() { return ep_; }
  const Window& window() const { return w_; }
  std::uint32_t in_flight() const { return ep_.status().snd_nxt - ep_.status().snd_una; }

  // The peer ACKs everything sent so far at `t`.
  void ack_all(TimeUs t) { ack(t, ep_.status().snd_nxt); }
  // The first segment in flight is lost: three duplicate ACKs, then (at
  // `t_full`) the ACK of everything sent before the retransmission.
  void lose_one(TimeUs t, TimeUs t_full) {
    const SeqNum una = ep_.status().snd_una;
    const SeqNum recover = ep_.status().snd_nxt;
    for (int i = 0; i < 3; ++i) ack(t, una);
    ack(t_full, recover);
  }
  // Slow start, an ACK for each segment, round trips `rtt` apart, until cwnd
  // reaches ssthresh: the next ACK begins congestion avoidance.
  TimeUs slow_start(TimeUs t, TimeUs rtt) {
    while (w_.cwnd < w_.ssthresh) {
      t += rtt;
      const SeqNum nxt = ep_.status().snd_nxt;
      for (SeqNum a = ep_.status().snd_una + kPeerMss; a <= nxt && w_.cwnd < w_.ssthresh;
           a += kPeerMss) {
        ack(t, a);
      }
    }
    return t;
  }

 private:
  static Endpoint make(CongestionControl cc) {
    Settings s;
    s.congestion_control = cc;
    s.nagle = false;
    s.initial_window = 20;
    s.send_buffer = 1u << 24;
    Endpoint ep = established(s);
    send_text(ep, kNow, std::string(8u << 20, 'x'));
    return ep;
  }
  void ack(TimeUs t, SeqNum a) {
    ep_.on_segment(t, seg(".", kIrs + 1, a.raw()));
    ep_.take_segments();
    read();
  }
  void read() {
    for (const Record& r : ep_.take_records()) {
      if (const auto* c = std::get_if<TcbChange>(&r)) {
        w_.cwnd = c->values[static_cast<int>(TcbVar::Cwnd)];
        w_.ssthresh = c->values[static_cast<int>(TcbVar::Ssthresh)];
        w_.w_max = c->values[static_cast<int>(TcbVar::WMax)];
        w_.srtt = c->values[static_cast<int>(TcbVar::Srtt)];
      }
    }
  }

  Endpoint ep_;
  Window w_;
};

double seconds(TimeUs t) { return static_cast<double>(t) / kSeconds; }

// RFC 9438 §4.6: the third duplicate ACK leaves ssthresh at 0.7 of what was
// in flight, and W_max at the window before the loss; Reno halves.
TEST(Cubic, Loss_SsthreshIsSevenTenthsAndWMaxTheWindowBefore) {
  CubicSender c;
  c.ack_all(kNow + 100 * kMillis);  // slow start: 21 segments in flight
  const double before = c.window().cwnd;
  ASSERT_EQ(c.in_flight(), 21000u);
  c.lose_one(kNow + 200 * kMillis, kNow + 300 * kMillis);
  EXPECT_EQ(c.window().ssthresh, std::floor(21000 * kBeta));
  EXPECT_EQ(c.window().w_max, before);

  CubicSender reno(CongestionControl::Reno);
  reno.ack_all(kNow + 100 * kMillis);
  reno.lose_one(kNow + 200 * kMillis, kNow + 300 * kMillis);
  EXPECT_EQ(reno.window().ssthresh, 21000 / 2);
  EXPECT_EQ(reno.window().w_max, 0);  // Reno keeps no W_max
}

// RFC 9438 §4.2, §4.4, §4.5: with long round trips the window follows the
// cubic curve from the start of congestion avoidance: below W_max each round
// trip adds less (concave), past t = K each adds more (convex). Each ACK of
// the whole flight moves cwnd to W_cubic one SRTT ahead (at most 1.5 × cwnd).
TEST(Cubic, CongestionAvoidance_FollowsTheCubicCurve) {
  constexpr TimeUs kRtt = 500 * kMillis;
  CubicSender c;
  TimeUs t = kNow + kRtt;
  c.ack_all(t);
  c.lose_one(t + kRtt, t + 2 * kRtt);
  t = c.slow_start(t + 2 * kRtt, kRtt);
  const double w_max = c.window().w_max;
  ASSERT_EQ(w_max, 21000);
  // The stage begins with the next ACK, from this window.
  const double cwnd_epoch = c.window().cwnd;
  const double k = std::cbrt((w_max - cwnd_epoch) / (kC * kMss));
  const TimeUs epoch = t + kRtt;
  std::vector<double> growth;
  double w_est = cwnd_epoch;
  for (int round = 0; round < 12; ++round) {
    t += kRtt;
    const double w = c.window().cwnd;
    const double acked = c.in_flight();
    c.ack_all(t);
    const double at = seconds(t - epoch);
    const auto w_cubic = [&](double x) { return kC * kMss * std::pow(x - k, 3) + w_max; };
    w_est += (w_est >= 21000 ? 1.0 : kAlpha) * acked * kMss / w;
    double want = 0;
    if (w_cubic(at) < w_est) {
      want = std::floor(w_est);  // §4.3: only at the stage's first ACK here
      EXPECT_EQ(round, 0);
    } else {
      const double target = std::clamp(w_cubic(at + seconds(c.window().srtt)), w, 1.5 * w);
      want = std::floor(w + (target - w) / w * acked);
    }
    EXPECT_NEAR(c.window().cwnd, want, 1.0) << "round " << round << " at " << at << " s";
    growth.push_back(c.window().cwnd - w);
    if (at + seconds(c.window().srtt) < k) {
      EXPECT_LE(c.window().cwnd, w_max) << "concave: up to W_max until K";
    }
  }
  // Concave: growth shrinks while the target is short of K; convex after.
  EXPECT_GT(growth[1], growth[2]);
  EXPECT_GT(growth[2], growth[3]);
  EXPECT_LT(growth[6], growth[7]);
  EXPECT_LT(growth[7], growth[8]);
  EXPECT_GT(c.window().cwnd, w_max);
}

// RFC 9438 §4.3: with short round trips Reno would grow faster than the
// curve, so cwnd follows W_est, alpha_cubic (about 0.53) segments per round
// trip, and one segment once W_est has passed the window of the last loss.
TEST(Cubic, ShortRoundTrips_RenoFriendlyRegion) {
  constexpr TimeUs kRtt = 2 * kMillis;
  CubicSender c;
  TimeUs t = kNow + kRtt;
  c.ack_all(t);
  c.lose_one(t + kRtt, t + 2 * kRtt);
  t = c.slow_start(t + 2 * kRtt, kRtt);
  double w_est = c.window().cwnd;
  std::vector<double> growth;
  for (int round = 0; round < 20; ++round) {
    const double w = c.window().cwnd;
    const double acked = c.in_flight();
    ASSERT_EQ(acked, w);
    c.ack_all(t += kRtt);
    w_est += (w_est >= 21000 ? 1.0 : kAlpha) * acked * kMss / w;
    EXPECT_EQ(c.window().cwnd, std::floor(w_est)) << "round " << round;
    growth.push_back(c.window().cwnd - w);
  }
  EXPECT_NEAR(growth[1], kAlpha * kMss, 1.0);  // less than Reno's one segment
  EXPECT_GT(c.window().cwnd, 21000);
  EXPECT_NEAR(growth.back(), kMss, 1.0);  // past the last loss's window: Reno's pace
}

// RFC 9438 §4.7: a loss before the window is back at W_max lowers W_max to
// (1 + beta) / 2 of the window, making room for newer flows.
TEST(Cubic, FastConvergence_LossShortOfWMaxLowersIt) {
  constexpr TimeUs kRtt = 500 * kMillis;
  CubicSender c;
  TimeUs t = kNow + kRtt;
  c.ack_all(t);
  c.lose_one(t + kRtt, t + 2 * kRtt);
  t = c.slow_start(t + 2 * kRtt, kRtt);
  c.ack_all(t += kRtt);
  const double w = c.window().cwnd;
  ASSERT_LT(w, c.window().w_max);
  c.lose_one(t + kRtt, t + 2 * kRtt);
  EXPECT_EQ(c.window().w_max, std::floor(w * (1 + kBeta) / 2));
  EXPECT_EQ(c.window().ssthresh, std::floor(w * kBeta));
}

// RFC 9438 §4.8: a timeout leaves one segment's window and ssthresh at 0.7 of
// the flight; the next stage starts its curve at its own window (K = 0).
TEST(Cubic, Timeout_OneSegmentAndCurveFromTheNewWindow) {
  CubicSender c;
  c.ack_all(kNow + 100 * kMillis);
  const double flight = c.in_flight();
  c.ep().on_timer(*c.ep().poll_at());
  c.ep().take_segments();
  c.ack_all(*c.ep().poll_at() - 1);  // the resent segment's ACK
  EXPECT_EQ(c.window().ssthresh, std::floor(flight * kBeta));
  EXPECT_EQ(c.window().w_max, 0);
}

}  // namespace
}  // namespace synack::tcp::test

// The transmission control block behind tcp::Endpoint (internal to core/).
// Split by concern like the endpoint itself: user calls in tcp_endpoint.cpp,
// segment arrival in tcp_arrival.cpp, sending and timers in tcp_output.cpp,
// the transition table in tcp_fsm.cpp.
#pragma once

#include <algorithm>
#include <boost/icl/interval_set.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/byte_ring.hpp"
#include "tcp_endpoint.hpp"
#include "tcp_events.hpp"

namespace synack::tcp {

struct Machine;  // the Boost.MSM back-end, defined in tcp_fsm.cpp
struct MachineDeleter {
  void operator()(Machine* m) const;
};

// One of the endpoint's timers: an optional deadline and what it is for.
struct Timer {
  std::optional<TimeUs> deadline;
  TimerKind kind = TimerKind::Retransmission;
};

// CUBIC's variables (RFC 9438 §4.1.2), in bytes and seconds. The arithmetic
// is in doubles from the input times only, so a run gives the same windows
// every time.
struct CubicState {
  double w_max = 0;               // the window just before the last reduction (§4.7 may lower it)
  double cwnd_prior = 0;          // cwnd when ssthresh was last set (§4.3's switch of alpha)
  double cwnd_epoch = 0;          // cwnd when the current congestion avoidance stage began
  double k = 0;                   // seconds from the stage's start until W_cubic reaches W_max
  double w_est = 0;               // the Reno-friendly estimate (§4.3)
  double carry = 0;               // growth of less than a byte not yet in cwnd
  std::optional<TimeUs> t_epoch;  // the stage's start; none until the first ACK in it
  std::uint32_t reported_w_max() const {
    return static_cast<std::uint32_t>(std::min(w_max, 4294967295.0));
  }
};

struct Endpoint::Tcb {
  Tcb(Settings s, IsnSource* source);
  // A new TCB in LISTEN for one connection request, forked from a listening
  // TCB (as BSD's sonewconn copies the listening socket): same settings, same
  // local address, no peer yet.
  Tcb(const Tcb& listener, const ConnectionId& id);

  Settings settings;
  IsnSource* isn;
  ConnectionId id;
  std::unique_ptr<Machine, MachineDeleter> machine;
  State state = State::Closed;  // written only by enter()
  bool passive = false;
  SocketError error = SocketError::None;
  // The last ICMP soft error (RFC 1122 §4.2.3.9), until an ACK shows the path works.
  SocketError soft_error = SocketError::None;
  const char* cause = nullptr;  // why the current event happened (while one runs)
  Ev event = Ev::PassiveOpen;   // the event being processed (while one runs)

  // Send sequence space (RFC 9293 §3.3.1).
  SeqNum iss, snd_una, snd_nxt, snd_wl1, snd_wl2;
  // The highest SND.NXT reached: after a timeout SND.NXT goes back to SND.UNA
  // and ACKs up to SND.MAX are still for data we sent (as BSD keeps snd_max).
  SeqNum snd_max;
  std::uint32_t snd_wnd = 0;
  std::uint32_t max_snd_wnd = 0;
  std::uint16_t peer_mss = 536;  // RFC 9293 §3.7.1 default without the option
  // Options agreed in the handshake (RFC 7323 §2.2, §3.2; RFC 2018 §2).
  bool ws_ok = false;
  std::uint8_t snd_wscale = 0;  // the peer's shift: its window fields are << this
  std::uint8_t rcv_wscale = 0;  // ours: the windows we send are >> this
  bool ts_ok = false;
  std::uint32_t ts_recent = 0;  // TS.Recent (RFC 7323 §4.3)
  SeqNum last_ack_sent;         // Last.ACK.sent
  bool sack_ok = false;
  bool ecn_ok = false;  // the peer's SYN was an ECN-setup SYN we accept (RFC 3168 §6.1.1)
  // The held stretches (stream offsets) SACK blocks report, the one that
  // changed last first (RFC 2018 §4).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> sack_recent;
  // Receive sequence space.
  SeqNum irs, rcv_nxt;

  // Bytes accepted by SEND and not yet acknowledged; the first is at send_seq.
  ByteRing send_buf;
  SeqNum send_seq;
  bool fin_queued = false;  // CLOSE issued: FIN follows the queued data
  bool fin_sent = false;
  SeqNum fin_seq;

  // The receive buffer holds the readable bytes (up to RCV.NXT) followed by
  // the reassembly area for segments that arrived out of order; `held` marks
  // which stretches of that area hold data, as offsets past RCV.NXT's stream
  // position `rcv_offset` (bytes taken into the buffer since the SYN).
  ByteRing recv_buf;
  std::size_t readable_bytes = 0;
  std::uint64_t rcv_offset = 0;
  boost::icl::interval_set<std::uint64_t> held;
  std::optional<std::uint64_t> held_fin;  // stream offset of an out-of-order FIN
  bool fin_received = false;
  bool released = false;  // the application closed its socket: it reads no more

  // Timers (absolute deadlines), each set, cancelled and fired through the
  // functions below so every change is recorded.
  Timer rtx, time_wait, delack, persist, keepalive;
  Timer establish;  // an active opening's connect_timeout
  int keepalive_probes_sent = 0;
  TimeUs rto;
  TimeUs persist_backoff = 0;
  int retries = 0;
  int dup_acks = 0;
  // Congestion control (RFC 5681) and NewReno fast recovery (RFC 6582).
  std::uint32_t cwnd = 0;
  std::uint32_t ssthresh = 0xFFFFFFFFu;  // "arbitrarily high" until the first loss
  bool fast_recovery = false;
  SeqNum recover;  // SND.NXT when fast recovery began (RFC 6675's RecoveryPoint)
  // SACK-based loss recovery (RFC 6675): the stretches above SND.UNA the
  // peer's SACK blocks reported, in order and apart, and HighRxt, the end of
  // what this recovery retransmitted.
  std::vector<SackBlock> scoreboard;
  SeqNum high_rxt;
  CubicState cubic;                         // with congestion_control cubic
  std::optional<SeqNum> small_segment_end;  // end of the last sub-MSS segment sent (Nagle)
  bool handshake_retransmitted = false;
  std::optional<TimeUs> srtt, rttvar;
  std::optional<SeqNum> rtt_seq;  // the segment being timed (Karn: never a retransmission)
  TimeUs rtt_start = 0;

  // The input being processed.
  TimeUs now = 0;
  bool ack_needed = false;
  std::size_t bytes_unacked = 0;  // received since our last ACK: ACK every 2nd full segment
  int segments_unacked = 0;       // the same, in segments

  std::vector<Segment> out;
  // The options our SYN offers now (fewer after syn_retries_with_options).
  bool offer_options() const;
  std::vector<Notification> notices;
  std::vector<StateChange> history;
  std::vector<IgnoredEvent> ignored;
  std::vector<Record> records;
  std::uint32_t reported[kTcbVarCount] = {};  // TCB variables as last recorded
  bool reported_any = false;

  // --- the transition table (tcp_fsm.cpp) ---
#define SYNACK_FIRE(Name, Label) void fire(const ev::Name& e, const char* why = nullptr);
  SYNACK_EVENTS(SYNACK_FIRE)
#undef SYNACK_FIRE
  // The one place every state change goes through.
  void enter(State to);
  void record_ignored(const char* event, const char* reason);
  // An arriving segment that changes nothing but perhaps an answer: recorded.
  void drop(const Segment& s, const char* reason);

  // --- actions named in the table (tcp_fsm_actions.cpp) ---
  void a_listen();
  void a_send_syn();
  void a_send_syn_ack(const Segment& syn);
  void a_send_cookie_syn_ack(const ev::RcvSynQueueFull& e);
  void a_open_from_cookie(const ev::RcvCookieAck& e);
  void a_complete_open(const Segment& syn_ack);
  void a_accept_open(const Segment& ack);
  void a_queue_fin();
  void a_ack_fin();
  void a_ack_fin_time_wait();
  void a_start_time_wait();
  void a_delete_tcb();
  void a_send_rst_delete();
  void a_reset_peer_delete(SocketError e);
  void a_reply_rst(const Segment& bad);
  void a_reply_rst_delete(const Segment& bad);
  void a_report_error(SocketError e);
  void a_return_to_listen();
  void a_remember_soft_error(SocketError e);
  // What a USER TIMEOUT reports: the soft error remembered, else ETIMEDOUT.
  SocketError timeout_error() const {
    return soft_error != SocketError::None ? soft_error : SocketError::TimedOut;
  }
  void discard_queues();
  void deliver_queued_syn_text();
  void start_data_rto();
  // The handshake is done: the application hears of it, and the opening's
  // time limit is over.
  void connection_opened();
  void select_iss();
  void learn_peer_syn(const Segment& syn);
  bool g_our_fin_acked() const;

  // --- segment arrival (tcp_arrival.cpp) ---
  void segment_arrives(const Segment& s);
  void icmp_arrives(const IcmpError& e);
  void arrive_closed(const Segment& s);
  void arrive_listen(const Segment& s);
  void arrive_syn_sent(const Segment& s);
  void arrive_synchronized(const Segment& s);
  void arrive_time_wait(const Segment& s);
  bool acceptable(const Segment& s, bool& controls_only) const;
  void reject_unacceptable(const Segment& s);
  bool check_rst(const Segment& s);
  bool check_syn(const Segment& s);
  bool process_ack(const Segment& s, bool fin_follows);
  // RFC 7323 §5.3 R1 and R3: PAWS, then TS.Recent. True when the segment is
  // finished with.
  bool check_timestamps(const Segment& s);
  // SEG.TSval at or after TS.Recent, in modulo-2^32 order (RFC 7323 §5.2).
  bool tsval_not_older(const Segment& s) const {
    return s.timestamps->val - ts_recent < 0x80000000u;
  }
  // SEG.WND as bytes: shifted by the peer's scale except on a SYN (RFC 7323 §2.3).
  std::uint32_t seg_wnd(const Segment& s) const;
  void update_window(const Segment& s);
  void process_text_and_fin(SeqNum seq, const std::uint8_t* data, std::size_t len, bool fin);
  void hold_out_of_order(SeqNum seq, const std::uint8_t* data, std::size_t len, bool fin);
  bool drain_out_of_order();
  // The held stretch that holds stream offset `at` becomes the first SACK block.
  void note_sack_block(std::uint64_t at);
  // SACK blocks for an ACK now (RFC 2018 §4): the latest first, as many as fit.
  std::vector<SackBlock> sack_blocks();
  void accept_fin();

  // --- sending and timers (tcp_output.cpp) ---
  // Sends what the windows allow; `force` sends the first segment whatever
  // the windows (a retransmission after a timeout).
  void output(bool force = false);
  void emit(std::uint8_t flags, SeqNum seq, std::size_t data_offset = 0, std::size_t len = 0);
  void emit_rst(SeqNum seq);
  void emit_syn(bool with_ack);
  // Timestamps and SACK blocks every segment of the connection carries.
  void add_options(Segment& s);
  std::uint32_t ts_clock() const;  // TSval: milliseconds, the endpoint's clock
  void emit_ack_now();
  void emit_challenge_ack();
  std::uint32_t acknowledge(SeqNum ack);
  void retransmit();
  // Sends again up to `len` octets from `seq` (the FIN too when the data
  // before it fits); returns the end of what went.
  SeqNum resend(SeqNum seq, std::uint32_t len);
  // SMSS: the peer's MSS within our own (RFC 9293 §3.7.1), less the options
  // every segment carries (RFC 6691).
  std::uint32_t smss() const {
    return std::min<std::uint32_t>(peer_mss, settings.mss) - (ts_ok ? 12u : 0u);
  }
  std::uint32_t flight_size() const { return static_cast<std::uint32_t>(snd_max - snd_una); }
  // The sequence number after the last byte the application queued.
  SeqNum data_end() const { return send_seq + static_cast<std::uint32_t>(send_buf.size()); }
  void open_congestion_window();
  void grow_congestion_window(std::uint32_t acked);
  void avoid_congestion(std::uint32_t acked);
  void cubic_avoid_congestion(std::uint32_t acked);
  void reduce_on_congestion(bool timeout);
  void on_duplicate_ack();
  void on_recovery_ack(SeqNum ack, std::uint32_t acked);
  void on_retransmission_timeout();
  // RFC 6675 (tcp_congestion.cpp)
  void update_scoreboard(const Segment& s);
  bool is_lost(SeqNum seq) const;
  std::uint32_t pipe() const;
  std::optional<SackBlock> next_hole(bool lost_only) const;
  void sack_retransmit();
  bool new_data_can_go() const;
  void go_back_to_una();
  void timers_fire();
  void start_rtx_timer(TimerKind kind);
  TimerKind rtx_kind() const;
  void set_timer(Timer& t, TimerKind kind, TimeUs deadline);
  void cancel_timer(Timer& t);
  bool timer_due(Timer& t);
  void clear_timers();
  // Keep-alive: (re)starts the idle time after anything arrived, or stops it.
  void restart_keepalive();
  void keepalive_expired();
  void notify(Notice n, SocketError e = SocketError::None);
  std::uint32_t rcv_wnd() const;
  std::uint16_t advertised_window() const;
  // Records the TCB variables that changed since the last record.
  void record_variables();
  // After every input: send what is due, then record what changed.
  void finish_input();
};

}  // namespace synack::tcp

// The transmission control block behind tcp::Endpoint (internal to core/).
// Split by concern like the endpoint itself: user calls in tcp_endpoint.cpp,
// segment arrival in tcp_arrival.cpp, sending and timers in tcp_output.cpp,
// the transition table in tcp_fsm.cpp.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "tcp_endpoint.hpp"

namespace synack::tcp {

// Events the TCB feeds to the transition table. Each has a type of the same
// name in tcp_fsm_table.hpp; the enum keeps Boost.MSM inside one file.
enum class Ev : std::uint8_t {
  PassiveOpen,
  ActiveOpen,
  Send,
  Close,
  Abort,
  RcvSyn,
  RcvSynAck,
  RcvAckOfSyn,
  RcvAckOfFin,
  RcvFin,
  RcvBadAck,
  Reset,
  TimeWaitTimeout,
};

struct Machine;  // the Boost.MSM back-end, defined in tcp_fsm.cpp
struct MachineDeleter {
  void operator()(Machine* m) const;
};

struct Endpoint::Tcb {
  Tcb(Settings s, IsnSource* source);

  Settings settings;
  IsnSource* isn;
  ConnectionId id;
  std::unique_ptr<Machine, MachineDeleter> machine;
  State state = State::Closed;  // written only by enter()
  bool passive = false;
  SocketError error = SocketError::None;
  SocketError pending_error = SocketError::None;  // carried by an Ev::Reset
  const char* cause = nullptr;                    // why the current event happened (while one runs)

  // Send sequence space (RFC 9293 §3.3.1).
  SeqNum iss, snd_una, snd_nxt, snd_wl1, snd_wl2;
  std::uint32_t snd_wnd = 0;
  std::uint32_t max_snd_wnd = 0;
  std::uint16_t peer_mss = 536;  // RFC 9293 §3.7.1 default without the option
  // Receive sequence space.
  SeqNum irs, rcv_nxt;

  // Bytes accepted by SEND and not yet acknowledged; the first is at send_seq.
  std::deque<std::uint8_t> send_buf;
  SeqNum send_seq;
  bool fin_queued = false;  // CLOSE issued: FIN follows the queued data
  bool fin_sent = false;
  SeqNum fin_seq;

  std::deque<std::uint8_t> recv_buf;
  bool fin_received = false;
  struct OutOfOrder {
    SeqNum seq;
    std::vector<std::uint8_t> data;
    bool fin;
  };
  std::vector<OutOfOrder> out_of_order;

  // Timers (absolute deadlines).
  std::optional<TimeUs> rtx_deadline, time_wait_deadline, delack_deadline, persist_deadline;
  TimeUs rto;
  TimeUs persist_backoff = 0;
  int retries = 0;
  int dup_acks = 0;
  bool handshake_retransmitted = false;
  std::optional<TimeUs> srtt, rttvar;
  std::optional<SeqNum> rtt_seq;  // the segment being timed (Karn: never a retransmission)
  TimeUs rtt_start = 0;

  // The input being processed.
  TimeUs now = 0;
  const Segment* seg = nullptr;
  bool ack_needed = false;
  int segments_unacked = 0;  // for delayed ACK: ack at least every second segment

  std::vector<Segment> out;
  std::vector<Notification> notices;
  std::vector<StateChange> history;
  std::vector<IgnoredEvent> ignored;

  // --- the transition table (tcp_fsm.cpp) ---
  void fire(Ev ev, const char* why = nullptr);
  // The one place every state change goes through.
  void enter(State to);
  void record_ignored(const char* event);

  // --- actions named in the table (tcp_fsm_actions.cpp) ---
  void a_listen();
  void a_send_syn();
  void a_send_syn_ack();
  void a_complete_open();
  void a_accept_open();
  void a_queue_fin();
  void a_ack_fin();
  void a_ack_fin_time_wait();
  void a_start_time_wait();
  void a_delete_tcb();
  void a_send_rst_delete();
  void a_reply_rst();
  void a_report_reset();
  void a_return_to_listen();
  void discard_queues();
  void deliver_queued_syn_text();
  void start_data_rto();
  bool g_our_fin_acked() const;

  // --- segment arrival (tcp_arrival.cpp) ---
  void segment_arrives(const Segment& s);
  void arrive_closed(const Segment& s);
  void arrive_listen(const Segment& s);
  void arrive_syn_sent(const Segment& s);
  void arrive_synchronized(const Segment& s);
  bool process_ack(const Segment& s, bool fin_follows);
  void process_text_and_fin(SeqNum seq, const std::uint8_t* data, std::size_t len, bool fin);
  void accept_fin();
  bool drain_out_of_order();
  void fail(SocketError e, const char* why);

  // --- sending and timers (tcp_output.cpp) ---
  void output();
  void emit(std::uint8_t flags, SeqNum seq, std::vector<std::uint8_t> payload = {});
  void emit_rst(SeqNum seq);
  void emit_syn(bool with_ack);
  void emit_ack_now();
  void emit_challenge_ack();
  void acknowledge(SeqNum ack);
  void retransmit();
  void timers_fire();
  void start_rtx_timer();
  void clear_timers();
  void notify(Notice n, SocketError e = SocketError::None);
  std::uint32_t rcv_wnd() const;
  std::uint16_t advertised_window() const;
  SeqNum choose_iss();
};

}  // namespace synack::tcp

// One TCP connection endpoint (a TCB) as pure logic, in the manner of RFC 9293
// §3.10: inputs are user calls, arriving segments and timer expiries, each with
// the current time; outputs are segments to send, notifications for a socket
// layer, and the next deadline. Nothing here reads a clock or does I/O.
//
// The states and transitions are a Boost.MSM transition table (tcp_fsm_table.hpp);
// this header keeps Boost out of the way of its users.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "isn.hpp"
#include "tcp_segment.hpp"
#include "tcp_types.hpp"

namespace synack::tcp {

// STATUS (RFC 9293 §3.10.6): the TCB variables a user may look at.
struct Status {
  State state = State::Closed;
  SeqNum iss, snd_una, snd_nxt;
  std::uint32_t snd_wnd = 0;
  SeqNum irs, rcv_nxt;
  std::uint32_t rcv_wnd = 0;
  std::size_t send_queued = 0;     // bytes accepted by SEND, not yet acknowledged
  std::size_t receive_queued = 0;  // bytes ready for RECEIVE
  TimeUs rto = 0;
  int retransmissions = 0;  // of the oldest unacknowledged segment
  bool fin_received = false;
  // What the handshake agreed (tcpi_options' bits)
  bool timestamps = false, sack = false, window_scaling = false, ecn = false;
};

// What the endpoint records for a viewer, in the order it happened: state
// changes, timers, TCB variables, inputs it did not act on.
using Record = std::variant<StateChange, TimerChange, TcbChange, IgnoredEvent>;

class Endpoint {
 public:
  explicit Endpoint(Settings settings = {}, IsnSource* isn = nullptr);
  // A new endpoint in LISTEN for one connection request to `listener` (which
  // must be in LISTEN), as BSD's sonewconn copies a listening socket: its
  // settings and local address, the peer given by `id`. Its first record is
  // the change the SYN (or a cookie's ACK) makes.
  static Endpoint fork(const Endpoint& listener, const ConnectionId& id);
  ~Endpoint();
  Endpoint(Endpoint&&) noexcept;
  Endpoint& operator=(Endpoint&&) noexcept;
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  void set_id(const ConnectionId& id);
  const ConnectionId& id() const;
  const Settings& settings() const;
  Settings& settings();  // policies may change between events (e.g. TCP_NODELAY)

  // User calls (RFC 9293 §3.10.1–3.10.5).
  CallResult open_active(TimeUs now);
  CallResult open_passive(TimeUs now);
  // SEND: queues up to `len` bytes; `accepted` (if given) gets how many fit.
  CallResult send(TimeUs now, const std::uint8_t* data, std::size_t len,
                  std::size_t* accepted = nullptr);
  // RECEIVE: copies up to `cap` bytes of in-order data; returns how many.
  std::size_t receive(TimeUs now, std::uint8_t* buf, std::size_t cap);
  // The same bytes, left in the buffer (MSG_PEEK).
  std::size_t peek(std::uint8_t* buf, std::size_t cap) const;
  CallResult close(TimeUs now);
  CallResult abort(TimeUs now);
  // The application closed its socket (not just its sending side): it will
  // read no more, so new data is answered with a RST (RFC 9293 §3.6.1).
  void release();
  // Policies changed (settings()): arms or stops the keep-alive timer and
  // sends what Nagle may now let go, as a socket option does at once.
  void apply_settings(TimeUs now);
  // The listening socket this connection was queued on closed before the
  // connection was accepted: a half-open one is dropped silently (no RST).
  void listener_closed(TimeUs now);
  // Would `seg` complete the handshake (SYN-RECEIVED + the ACK of our SYN)?
  // The socket layer asks before a full accept queue makes it drop the ACK.
  bool completes_open(const Segment& seg) const;
  Status status() const;

  // A segment for this connection arrives (RFC 9293 §3.10.7).
  void on_segment(TimeUs now, const Segment& seg);
  // An ICMP error quoting a segment of this connection arrives (RFC 1122
  // §4.2.3.9, RFC 5461, RFC 5927 §4.1).
  void on_icmp(TimeUs now, const IcmpError& e);
  // The soft error remembered, cleared: what SO_ERROR reports when the
  // connection has no hard error (Linux's sk_err_soft).
  SocketError take_soft_error();
  // LISTEN with a full SYN queue: answer `syn` with a SYN,ACK whose sequence
  // number is `cookie`, keeping nothing (RFC 4987 §3.6).
  void answer_with_cookie(TimeUs now, const Segment& syn, SeqNum cookie);
  // LISTEN (a forked endpoint): `ack` returned a valid cookie that kept the
  // peer's MSS; the connection is rebuilt and the ACK processed (RFC 4987 §3.6).
  void open_from_cookie(TimeUs now, const Segment& ack, std::uint16_t peer_mss);
  // Runs every timer whose deadline is at or before `now` (§3.10.8).
  void on_timer(TimeUs now);
  // The earliest pending deadline, if any.
  std::optional<TimeUs> poll_at() const;

  // Outputs, drained by the caller.
  std::vector<Segment> take_segments();
  std::vector<Notification> take_notifications();
  std::vector<Record> take_records();

  State state() const;
  SocketError error() const;
  bool passive() const;  // the connection came from a passive OPEN
  std::size_t readable() const;
  bool peer_closed() const;  // FIN received (recv returns 0 once drained)
  std::size_t send_space() const;
  const std::vector<StateChange>& history() const;
  const std::vector<IgnoredEvent>& ignored() const;

  struct Tcb;  // the transmission control block, in tcp_tcb.hpp

 private:
  explicit Endpoint(std::unique_ptr<Tcb> tcb);
  std::unique_ptr<Tcb> tcb_;
};

// RFC 9293 §3.10.7.1: the reply of a host with no connection for `seg`
// (nothing for a RST).
std::optional<Segment> reset_for_unknown(const Segment& seg);

}  // namespace synack::tcp

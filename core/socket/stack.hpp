// The socket layer of one host, as pure logic: Berkeley sockets (TCP and UDP)
// over the TCP endpoint. It demultiplexes segments to connections, keeps
// listening sockets with their SYN and accept queues and SYN cookies, applies
// socket options, binds ports and maps results to errno values. Every driver
// (the simulator's hosts, the packetdrill runner) is a thin adapter over it.
//
// Like the endpoint it never reads a clock or does I/O: calls, segments,
// datagrams and timer expiries come in with `now`; what to send and what to
// record comes out of take_output(), in the order it happened. Calls never
// block: one that would returns EAGAIN (EINPROGRESS for a connect and for a
// close that lingers), and the driver decides whether to wait (a Ready output
// says when to try again).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "core/isn.hpp"
#include "core/tcp_endpoint.hpp"
#include "core/wire/icmp.hpp"

namespace synack::sock {

using tcp::TimeUs;
using Ip = std::uint32_t;  // IPv4 address, host byte order
// A connection (or a listener's own endpoint) for its whole life.
using ConnHandle = std::uint32_t;
inline constexpr ConnHandle kNoConn = 0xFFFFFFFFu;

enum class SockOpt : std::uint8_t {
  ReuseAddr,
  Linger,  // seconds; -1 off; 0 resets on close; more makes close wait for the FIN's ACK
  NoDelay,
  Broadcast,
  RcvBuf,     // bytes
  SndBuf,     // bytes
  KeepAlive,  // SO_KEEPALIVE
  KeepIdle,   // TCP_KEEPIDLE, seconds
  KeepIntvl,  // TCP_KEEPINTVL, seconds
  KeepCnt,    // TCP_KEEPCNT, probes
  NoOptions,  // TCP_NOOPT (FreeBSD): SYNs carry no options, not even MSS
  KeepInit,   // TCP_KEEPINIT (FreeBSD), seconds: the connection-establishment timeout
};
enum class Shut : std::uint8_t { Rd, Wr, RdWr };

// The host's policies around the endpoint's own.
struct StackSettings {
  tcp::Settings tcp;
  int synack_retries = 5;    // SYN,ACK retransmissions before a half-open entry is dropped
  bool syn_cookies = false;  // answer SYNs with a cookie when the SYN queue is full
  // Linux's accept queue holds one more than the backlog (sk_acceptq_is_full
  // compares with >); BSD's and the textbook's hold the backlog.
  bool accept_backlog_plus_one = false;
  // Linux reuses a port held by a TIME-WAIT connection only when both sockets
  // had SO_REUSEADDR; BSD's and the textbook's only ask it of the new socket.
  bool reuse_addr_both = false;
  // A close() whose SO_LINGER time runs out before the FIN is acknowledged
  // fails with EWOULDBLOCK, as FreeBSD's soclose() returns tsleep()'s error;
  // off, it returns 0 as Linux's tcp_close() does.
  bool linger_timeout_ewouldblock = false;
  std::uint16_t ephemeral_port_first = 49152;
  std::size_t max_datagram = 1500 - 20 - 8;  // largest UDP payload: one frame, no fragments
};

// What the socket layer needs to know of the host's addresses and routes.
class Interfaces {
 public:
  virtual ~Interfaces() = default;
  virtual bool is_local(Ip ip) const = 0;
  // Our address for talking to `dst`; nullopt when there is no route.
  virtual std::optional<Ip> source_for(Ip dst) const = 0;
  virtual bool is_broadcast(Ip ip) const = 0;
  // The address a socket bound to any address names itself by.
  virtual Ip primary() const = 0;
};

// A call's result: a value (fd, byte count, 0) or an errno value in `err`.
struct Result {
  std::int64_t value = 0;
  int err = 0;
  ConnHandle conn = kNoConn;  // the connection the call made or acts on
};

struct Datagram {
  Ip src = 0;
  std::uint16_t port = 0;
  std::vector<std::uint8_t> data;
};

// ---- outputs ------------------------------------------------------------------

struct SendSegment {
  Ip src = 0, dst = 0;
  std::uint16_t src_port = 0, dst_port = 0;
  tcp::Segment seg;
};
struct SendDatagram {
  Ip src = 0, dst = 0;
  std::uint16_t src_port = 0, dst_port = 0;
  std::vector<std::uint8_t> data;
};
// A new endpoint: a connection, or a listening socket's own (remote 0.0.0.0:0).
struct ConnOpened {
  ConnHandle conn = kNoConn;
  tcp::ConnectionId id;
};
// One of an endpoint's records (state change, timer, TCB variables, ignored input).
struct ConnRecord {
  ConnHandle conn = kNoConn;
  tcp::Record record;
};
// A listening socket's queues after a change.
struct QueueChange {
  std::uint16_t port = 0;
  std::uint16_t syn_queue = 0, accept_queue = 0, backlog = 0;
};
struct Note {
  std::string text;
};
// A counter to increment; names are listed in docs/scenarios.md.
struct Count {
  const char* counter;
};
// A call on `fd` that would have blocked may succeed now.
struct Ready {
  int fd = -1;
};
using Output = std::variant<SendSegment, SendDatagram, ConnOpened, ConnRecord, QueueChange, Note,
                            Count, Ready>;

class Stack {
 public:
  Stack(StackSettings settings, tcp::IsnSource* isn, std::uint64_t secret,
        const Interfaces& interfaces);
  ~Stack();
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  // ---- calls (socket(2) and friends); `now` is the time of the call
  int socket(bool udp);
  Result bind(TimeUs now, int fd, Ip ip, std::uint16_t port);
  Result listen(TimeUs now, int fd, int backlog);
  Result accept(TimeUs now, int fd);  // the new fd; EAGAIN while the queue is empty
  // Starts the handshake: EINPROGRESS (or an error at once). A UDP socket just
  // takes its peer.
  Result connect(TimeUs now, int fd, Ip ip, std::uint16_t port);
  // How a started connect ended: 0 once connected, its error, EALREADY while pending.
  Result connect_result(int fd);
  Result send(TimeUs now, int fd, const std::uint8_t* data, std::size_t len);  // bytes taken
  // Bytes read into `buf`; 0 at the end of the stream; EAGAIN when none yet.
  // `peek` leaves the bytes in the buffer (MSG_PEEK).
  Result recv(TimeUs now, int fd, std::uint8_t* buf, std::size_t cap, bool peek = false);
  Result shutdown(TimeUs now, int fd, Shut how);
  // With SO_LINGER at a positive time on a connection whose FIN is then
  // unacknowledged, EINPROGRESS: close_result says when it returns. The socket
  // is closed for every other call at once.
  Result close(TimeUs now, int fd);
  // How a lingering close ended: 0 once the FIN is acknowledged (or the
  // connection is gone), 0 or EWOULDBLOCK (linger_timeout_ewouldblock) when
  // the linger time ran out first, EALREADY while it waits.
  Result close_result(TimeUs now, int fd);
  Result setsockopt(TimeUs now, int fd, SockOpt opt, int value);
  Result sendto(TimeUs now, int fd, const std::uint8_t* data, std::size_t len, Ip ip,
                std::uint16_t port);
  // One datagram, cut to `cap` bytes (what does not fit is lost); EAGAIN when none.
  Result recvfrom(TimeUs now, int fd, std::size_t cap, Datagram& out);
  Result take_error(int fd);  // SO_ERROR: the pending error, cleared

  // ---- inputs
  void on_segment(TimeUs now, Ip src, Ip dst, std::uint16_t src_port, std::uint16_t dst_port,
                  const tcp::Segment& seg);
  // False when no socket is bound to `dst_port`: the host answers with ICMP
  // port unreachable (RFC 1122 §4.1.3.1).
  bool on_datagram(TimeUs now, Ip src, std::uint16_t src_port, std::uint16_t dst_port,
                   std::vector<std::uint8_t> data);
  // An ICMP error (`type`, `code`) quoting a datagram this host sent; `local`
  // when the host itself found the destination unreachable (ARP failed), as
  // Linux's dst_link_failure reports it to its own sockets.
  void on_icmp(TimeUs now, std::uint8_t type, std::uint8_t code, const wire::IcmpQuote& quote,
               bool local = false);
  void on_timer(TimeUs now);
  std::optional<TimeUs> poll_at();
  std::vector<Output> take_output();

  // ---- looking in (tests, the packetdrill runner's assertions)
  bool is_open(int fd) const;
  bool is_listening(int fd) const;
  std::size_t accept_ready(int fd) const;  // connections waiting in fd's accept queue
  ConnHandle conn_of(int fd) const;        // kNoConn when the socket has none
  // What sockstat lists: every endpoint not yet CLOSED (listeners included),
  // and CLOSED ones whose socket is still open.
  std::vector<ConnHandle> connections() const;
  const tcp::Endpoint& endpoint(ConnHandle c) const;
  void abort(TimeUs now, ConnHandle c);  // as tcpdrop does
  // Changes the policies of the stack and of every endpoint alive.
  void update_settings(const std::function<void(tcp::Settings&)>& change);
  const StackSettings& settings() const { return settings_; }

 private:
  // An endpoint and what the socket layer knows of it.
  struct Conn {
    tcp::Endpoint ep;
    tcp::ConnectionId id;
    int fd = -1;        // the socket it belongs to; -1 while queued or after close()
    int listener = -1;  // the listening socket while in its SYN or accept queue
    bool in_accept_queue = false;
    bool reuse_addr = false;
    bool connected = false;  // Connected notice seen
    bool gone = false;       // CLOSED (or back to LISTEN): out of the demultiplexer
    bool lingering = false;  // its socket's close() waits for the FIN's ACK
    std::optional<TimeUs> deadline;
  };

  struct Socket {
    int fd = -1;
    bool udp = false;
    bool bound = false;
    Ip local_ip = 0;  // 0 = any
    std::uint16_t local_port = 0;
    bool reuse_addr = false;
    std::optional<int> linger;           // SO_LINGER seconds when on
    std::optional<TimeUs> linger_until;  // closed, its close() waiting until then at the latest
    bool nodelay = false;
    bool no_options = false;
    bool broadcast = false;  // SO_BROADCAST
    std::optional<std::uint32_t> rcvbuf, sndbuf;
    std::optional<bool> keepalive;
    std::optional<TimeUs> keep_idle, keep_interval, keep_init;
    std::optional<int> keep_count;
    bool listening = false;
    int backlog = 0;
    ConnHandle listen_ep = kNoConn;  // a listener's own endpoint, in LISTEN
    std::deque<ConnHandle> syn_queue, accept_queue;
    ConnHandle conn = kNoConn;
    bool connect_reported = false;  // a blocked connect has been told it connected
    bool shut_rd = false, shut_wr = false;
    int so_error = 0;  // reported once, by the next call or SO_ERROR
    std::deque<Datagram> datagrams;
    bool has_peer = false;  // UDP connect()
    Ip peer_ip = 0;
    std::uint16_t peer_port = 0;
  };

  Socket* find(int fd);
  const Socket* find(int fd) const;
  int lowest_free_fd() const;
  bool port_in_use(const Socket& s, std::uint16_t port) const;
  std::uint16_t ephemeral_port(bool udp);
  int bind_to(Socket& s, Ip ip, std::uint16_t port);
  tcp::Settings settings_for(const Socket& s) const;
  ConnHandle add_conn(tcp::Endpoint ep, const tcp::ConnectionId& id, int fd, int listener);
  // Outputs, queues and wake-ups of one endpoint; a listener answers `reply_to`.
  void pump(ConnHandle c, const tcp::ConnectionId* reply_to = nullptr);
  void forget(ConnHandle c);
  template <class T>
  void emit(T&& out) {
    out_.emplace_back(std::forward<T>(out));
  }
  void send_segment(const tcp::ConnectionId& id, tcp::Segment seg);
  void record_queues(const Socket& listener);
  std::size_t accept_capacity(const Socket& listener) const;  // connections it may hold
  bool leave_syn_queue(Socket& listener, ConnHandle c);
  void on_listener_segment(TimeUs now, Socket& l, const tcp::ConnectionId& id,
                           const tcp::Segment& seg);
  std::uint32_t cookie(const tcp::ConnectionId& id, std::uint32_t peer_isn, TimeUs epoch) const;
  // FIN-WAIT-1, CLOSING, LAST-ACK: our FIN is unacknowledged (Linux's sk_stream_closing()).
  static bool awaits_fin_ack(tcp::State s);
  static int errno_of(tcp::CallResult r);
  static int errno_of(tcp::SocketError e);

  StackSettings settings_;
  tcp::IsnSource* isn_;
  std::uint64_t secret_;
  const Interfaces& interfaces_;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::map<std::tuple<std::uint16_t, Ip, std::uint16_t>, ConnHandle> demux_;
  std::map<int, Socket> sockets_;
  // Deadlines by connection, earliest first; an entry is stale once its
  // connection's deadline moved (checked when it comes up).
  std::priority_queue<std::pair<TimeUs, ConnHandle>, std::vector<std::pair<TimeUs, ConnHandle>>,
                      std::greater<>>
      deadlines_;
  std::set<std::pair<TimeUs, int>> linger_deadlines_;  // of sockets whose close() waits
  std::uint16_t next_ephemeral_ = 0;
  std::vector<Output> out_;
};

}  // namespace synack::sock

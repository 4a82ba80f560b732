// A host: one IPv4 interface, a TCP/UDP stack over the core endpoint, and a
// Berkeley-sockets API whose blocking calls block in virtual time. A host runs
// its script steps on named threads; the steps of one thread run one after
// another, each starting no earlier than its `at`.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/tcp_endpoint.hpp"
#include "sim/world/l3.hpp"

namespace synack::sim {

// One TCP connection: the endpoint plus what the socket layer knows of it.
struct Conn {
  tcp::Endpoint ep;
  std::unique_ptr<tcp::IsnSource> own_isn;  // SYN cookie connections
  tcp::ConnectionId id;
  trace::ConnId trace_id = trace::kNone;
  int fd = -1;        // the socket it belongs to; -1 while queued or after close()
  int listener = -1;  // the listening socket while in its SYN or accept queue
  bool in_accept_queue = false;
  bool reuse_addr = false;
  bool connected = false;  // Connected notice seen
  bool gone = false;       // CLOSED (or back to LISTEN): no longer in the demultiplexer
  std::size_t history_seen = 0;
  TimeUs timer_at = 0;  // pending wake-up, 0 when none
};

struct Datagram {
  wire::Ipv4Address src;
  std::uint16_t port = 0;
  std::vector<std::uint8_t> data;
};

struct Socket {
  int fd = -1;
  bool udp = false;
  bool bound = false;
  wire::Ipv4Address local_ip;  // unspecified = any
  std::uint16_t local_port = 0;
  bool reuse_addr = false;
  std::optional<int> linger;  // SO_LINGER seconds when on
  bool nodelay = false;
  bool broadcast = false;  // SO_BROADCAST
  bool listening = false;
  int backlog = 0;
  trace::ConnId listen_conn = trace::kNone;         // the listener's own record (remote 0.0.0.0:0)
  std::deque<std::size_t> syn_queue, accept_queue;  // indices into Host::conns_
  std::optional<std::size_t> conn;
  bool shut_rd = false, shut_wr = false;
  std::deque<Datagram> datagrams;
  bool has_peer = false;  // UDP connect()
  wire::Ipv4Address peer_ip;
  std::uint16_t peer_port = 0;
};

// What a call returned.
struct CallOutcome {
  std::int64_t result = 0;
  int err = 0;
  std::string text{};  // data read (recv, recvfrom); else empty
  bool has_data = false;
  trace::ConnId conn = trace::kNone;
};

class Host final : public L3Node {
 public:
  Host(World& world, NodeId id, Interface iface, std::optional<wire::Ipv4Address> gateway,
       const scenario::HostSettings& settings, const scenario::Scenario& scenario);
  ~Host() override;

  // Script steps of this host, by index into scenario.steps, in file order.
  void add_step(std::uint32_t index);
  // Schedules each thread's first step.
  void start();

 protected:
  void deliver_ip(std::size_t iface, const wire::DecodedFrame& frame) override;
  void forward_ip(std::size_t, const wire::DecodedFrame&, wire::ByteView) override;
  std::optional<NextHop> route(wire::Ipv4Address dst) const override;

 private:
  struct Thread {
    std::string name;
    std::vector<std::uint32_t> steps{};
    std::size_t next = 0;
    bool waiting = false;               // the current step blocked
    std::size_t sent = 0;               // bytes of a blocked send already accepted
    trace::ConnId conn = trace::kNone;  // the connection a blocked connect made
    std::string got{};                  // bytes a blocked MSG_WAITALL recv already read
    int wait_fd = -1;                   // the socket a blocked call waits on
  };

  // ---- script (host_script.cpp)
  void run_thread(std::size_t t);
  void schedule_thread(std::size_t t);
  // Blocked calls on socket `fd` (all sockets: -1) may proceed: retry them, soon.
  void wake(int fd);
  bool may_proceed(const Thread& thread);
  void set_waiting(std::size_t t, bool waiting, int fd);
  std::optional<CallOutcome> attempt(Thread& thread, const scenario::Step& step);
  std::string describe(const scenario::Step& step) const;
  trace::CallEvent call_event(std::uint32_t step, trace::TextId name, const scenario::Step& s,
                              int fd);

  // ---- socket calls (host_calls.cpp)
  std::optional<CallOutcome> call_socket(const scenario::Step& s);
  std::optional<CallOutcome> call_bind(const scenario::Step& s);
  std::optional<CallOutcome> call_listen(const scenario::Step& s);
  std::optional<CallOutcome> call_accept(const scenario::Step& s);
  std::optional<CallOutcome> call_connect(Thread& thread, const scenario::Step& s);
  std::optional<CallOutcome> call_send(Thread& thread, const scenario::Step& s);
  std::optional<CallOutcome> call_recv(Thread& thread, const scenario::Step& s);
  std::optional<CallOutcome> call_shutdown(const scenario::Step& s);
  std::optional<CallOutcome> call_close(const scenario::Step& s);
  std::optional<CallOutcome> call_setsockopt(const scenario::Step& s);
  std::optional<CallOutcome> call_sendto(const scenario::Step& s, wire::Ipv4Address addr,
                                         std::uint16_t port);
  std::optional<CallOutcome> call_recvfrom(const scenario::Step& s);
  std::optional<CallOutcome> call_syn_flood(const scenario::Step& s);
  Socket* socket_for(const std::string& label);
  int lowest_free_fd() const;
  bool port_in_use(const Socket& s, std::uint16_t port) const;
  std::uint16_t ephemeral_port(bool udp);
  int bind_to(Socket& s, wire::Ipv4Address addr, std::uint16_t port);

  // ---- TCP (host_tcp.cpp)
  std::size_t new_conn(const tcp::ConnectionId& id, const tcp::Settings& settings,
                       std::unique_ptr<tcp::IsnSource> own_isn = nullptr);
  void pump(std::size_t c);  // sends output, records state changes, handles notices
  // From a socket call: pump once the call itself is recorded, so a ladder reads
  // "connect() blocks" before the SYN it sends.
  void pump_soon(std::size_t c) {
    world_.at(world_.now, [this, c] { pump(c); });
  }
  void schedule_timer(std::size_t c);
  void on_tcp(const wire::Ipv4Repr& ip, const wire::TcpRepr& tcp);
  void on_listener_segment(Socket& listener, const wire::Ipv4Repr& ip, const wire::TcpRepr& tcp);
  void send_tcp(wire::Ipv4Address src, wire::Ipv4Address dst, const wire::TcpRepr& repr);
  void send_udp(wire::Ipv4Address dst, const wire::UdpRepr& repr);
  void send_packet(wire::Ipv4Address src, wire::Ipv4Address dst, std::uint8_t protocol,
                   const std::vector<std::uint8_t>& payload);
  bool leave_syn_queue(Socket& listener, std::size_t c);  // false if it was not there
  void record_queues(const Socket& listener);
  void forget(std::size_t c);  // the connection is gone
  std::uint32_t cookie(const tcp::ConnectionId& id, std::uint32_t peer_seq, TimeUs epoch) const;
  const char* timer_name(const Conn& c) const;
  wire::Ipv4Address local_ip() const { return ifaces_[0].ip(); }

  const scenario::Scenario& scenario_;
  std::optional<wire::Ipv4Address> gateway_;
  std::unique_ptr<tcp::IsnSource> isn_;
  std::uint64_t secret_;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::map<std::tuple<std::uint16_t, std::uint32_t, std::uint16_t>, std::size_t> demux_;
  std::map<int, Socket> sockets_;
  std::map<std::string, int> labels_;
  std::vector<Thread> threads_;
  bool wake_pending_ = false;
  bool wake_all_ = false;
  std::vector<int> woken_fds_;
  std::map<int, std::vector<std::size_t>> waiters_;  // blocked threads by the socket they wait on
  std::uint16_t next_ephemeral_ = 0;
  std::uint16_t ip_id_ = 0;
};

}  // namespace synack::sim

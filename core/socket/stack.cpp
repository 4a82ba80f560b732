// The socket calls: file descriptors, ports, options, and the mapping of the
// endpoint's call results (RFC 9293 §3.10) to errno values.
#include "core/socket/stack.hpp"

#include <algorithm>
#include <cerrno>
#include <string>
#include <utility>

namespace synack::sock {

namespace {

Result ok(std::int64_t value = 0) { return Result{value, 0}; }
Result fail(int err) { return Result{-1, err}; }

}  // namespace

Stack::Stack(StackSettings settings, tcp::IsnSource* isn, std::uint64_t secret,
             const Interfaces& interfaces)
    : settings_(settings), isn_(isn), secret_(secret), interfaces_(interfaces) {}

Stack::~Stack() = default;

// The one mapping of what the endpoint says to errno values: call results
// (RFC 9293 §3.10 texts) and the errors a connection ends with.
int Stack::errno_of(tcp::CallResult r) {
  switch (r) {
    case tcp::CallResult::Ok: return 0;
    case tcp::CallResult::InsufficientResources: return EAGAIN;
    case tcp::CallResult::ConnectionClosing: return EPIPE;
    case tcp::CallResult::ConnectionReset: return ECONNRESET;
    case tcp::CallResult::ConnectionExists: return EISCONN;
    case tcp::CallResult::ForeignUnspecified: return EDESTADDRREQ;
    case tcp::CallResult::ConnectionNotExist: return ENOTCONN;
  }
  return EINVAL;
}

int Stack::errno_of(tcp::SocketError e) {
  switch (e) {
    case tcp::SocketError::None: return 0;
    case tcp::SocketError::ConnectionRefused: return ECONNREFUSED;  // RST in answer to our SYN
    case tcp::SocketError::ConnectionReset: return ECONNRESET;      // RST on a synchronized one
    case tcp::SocketError::TimedOut: return ETIMEDOUT;              // retransmissions exhausted
    case tcp::SocketError::HostUnreachable: return EHOSTUNREACH;    // ICMP, or ARP failed
    case tcp::SocketError::NetUnreachable: return ENETUNREACH;      // ICMP net unreachable
  }
  return EIO;
}

bool Stack::awaits_fin_ack(tcp::State s) {
  return s == tcp::State::FinWait1 || s == tcp::State::Closing || s == tcp::State::LastAck;
}

// A socket whose close() lingers is closed for every call but close_result;
// its number stays taken until that returns.
Stack::Socket* Stack::find(int fd) {
  auto it = sockets_.find(fd);
  return it == sockets_.end() || it->second.linger_until ? nullptr : &it->second;
}

const Stack::Socket* Stack::find(int fd) const {
  auto it = sockets_.find(fd);
  return it == sockets_.end() || it->second.linger_until ? nullptr : &it->second;
}

int Stack::lowest_free_fd() const {
  int fd = 3;  // 0, 1 and 2 are the standard streams
  while (sockets_.count(fd) != 0) ++fd;
  return fd;
}

// A listener always holds its port; a TIME-WAIT connection holds it unless
// the new socket has SO_REUSEADDR (and, with reuse_addr_both as on Linux, the
// connection's socket had it too); any other socket or connection holds it
// unless both have SO_REUSEADDR.
bool Stack::port_in_use(const Socket& s, std::uint16_t port) const {
  for (const auto& [fd, other] : sockets_) {
    if (fd == s.fd || other.udp != s.udp || !other.bound || other.local_port != port) continue;
    if (other.listening || !(s.reuse_addr && other.reuse_addr)) return true;
  }
  if (s.udp) return false;
  for (const auto& c : conns_) {
    if (c->gone || c->id.local_port != port || c->id.remote_port == 0) continue;
    if (c->ep.state() == tcp::State::TimeWait) {
      if (!s.reuse_addr || (settings_.reuse_addr_both && !c->reuse_addr)) return true;
    } else if (!(s.reuse_addr && c->reuse_addr)) {
      return true;
    }
  }
  return false;
}

std::uint16_t Stack::ephemeral_port(bool udp) {
  Socket probe;
  probe.udp = udp;
  const std::uint16_t first = settings_.ephemeral_port_first;
  if (next_ephemeral_ < first) next_ephemeral_ = first;
  for (int tries = 0; tries <= 65535 - first; ++tries) {
    const std::uint16_t port = next_ephemeral_;
    next_ephemeral_ = port == 65535 ? first : static_cast<std::uint16_t>(port + 1);
    if (!port_in_use(probe, port)) return port;
  }
  return 0;
}

int Stack::bind_to(Socket& s, Ip ip, std::uint16_t port) {
  if (s.bound) return EINVAL;
  if (ip != 0 && !interfaces_.is_local(ip)) return EADDRNOTAVAIL;
  if (port == 0) {
    port = ephemeral_port(s.udp);
    if (port == 0) return EADDRINUSE;
  } else if (port_in_use(s, port)) {
    return EADDRINUSE;
  }
  s.bound = true;
  s.local_ip = ip;
  s.local_port = port;
  return 0;
}

// A connection's policies: the host's, with what the socket set.
tcp::Settings Stack::settings_for(const Socket& s) const {
  tcp::Settings t = settings_.tcp;
  t.nagle = t.nagle && !s.nodelay;
  t.no_options = t.no_options || s.no_options;
  if (s.rcvbuf) t.receive_buffer = *s.rcvbuf;
  if (s.sndbuf) t.send_buffer = *s.sndbuf;
  if (s.keepalive) t.keepalive = *s.keepalive;
  if (s.keep_idle) t.keepalive_idle = *s.keep_idle;
  if (s.keep_interval) t.keepalive_interval = *s.keep_interval;
  if (s.keep_count) t.keepalive_probes = *s.keep_count;
  if (s.keep_init) t.connect_timeout = *s.keep_init;
  return t;
}

int Stack::socket(bool udp) {
  const int fd = lowest_free_fd();
  Socket s;
  s.fd = fd;
  s.udp = udp;
  sockets_[fd] = s;
  return fd;
}

Result Stack::bind(TimeUs, int fd, Ip ip, std::uint16_t port) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  const int err = bind_to(*s, ip, port);
  return err ? fail(err) : ok();
}

Result Stack::listen(TimeUs now, int fd, int backlog) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (s->udp) return fail(EOPNOTSUPP);
  if (s->conn != kNoConn) return fail(EINVAL);
  if (s->listening) {  // listening already: only the backlog changes
    s->backlog = std::max(1, backlog);
    record_queues(*s);
    return ok();
  }
  if (!s->bound) {
    if (int err = bind_to(*s, 0, 0)) return fail(err);
  }
  for (const auto& [other_fd, other] : sockets_) {
    if (other_fd != fd && other.listening && !other.udp && other.local_port == s->local_port) {
      return fail(EADDRINUSE);
    }
  }
  s->listening = true;
  s->backlog = std::max(1, backlog);
  const Ip ip = s->local_ip != 0 ? s->local_ip : interfaces_.primary();
  const tcp::ConnectionId id{ip, s->local_port, 0, 0};
  tcp::Endpoint ep(settings_for(*s), isn_);
  ep.set_id(id);
  s->listen_ep = add_conn(std::move(ep), id, fd, -1);
  conns_[s->listen_ep]->ep.open_passive(now);
  pump(s->listen_ep);
  record_queues(*s);
  Result r = ok();
  r.conn = s->listen_ep;
  return r;
}

Result Stack::accept(TimeUs, int fd) {
  Socket* l = find(fd);
  if (!l) return fail(EBADF);
  if (!l->listening) return fail(EINVAL);
  if (l->accept_queue.empty()) return fail(EAGAIN);
  const ConnHandle c = l->accept_queue.front();
  l->accept_queue.pop_front();
  record_queues(*l);
  Conn& conn = *conns_[c];
  const int child_fd = lowest_free_fd();
  Socket s;
  s.fd = child_fd;
  s.bound = true;
  s.local_ip = conn.id.local_ip;
  s.local_port = conn.id.local_port;
  s.reuse_addr = l->reuse_addr;
  s.nodelay = l->nodelay;
  s.no_options = l->no_options;
  s.linger = l->linger;  // as BSD's sonewconn and Linux's sk_clone copy it
  s.keepalive = l->keepalive;
  s.keep_idle = l->keep_idle;
  s.keep_interval = l->keep_interval;
  s.keep_count = l->keep_count;
  s.conn = c;
  s.connect_reported = true;
  // An error that came while it waited in the queue is the new socket's.
  if (conn.ep.error() != tcp::SocketError::None) s.so_error = errno_of(conn.ep.error());
  sockets_[child_fd] = s;
  conn.fd = child_fd;
  conn.listener = -1;
  conn.in_accept_queue = false;
  Result r = ok(child_fd);
  r.conn = c;
  return r;
}

Result Stack::connect(TimeUs now, int fd, Ip ip, std::uint16_t port) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (s->udp) {
    s->has_peer = true;
    s->peer_ip = ip;
    s->peer_port = port;
    if (!s->bound) {
      if (int err = bind_to(*s, 0, 0)) return fail(err);
    }
    return ok();
  }
  if (s->listening) return fail(EINVAL);
  if (s->conn != kNoConn) return fail(conns_[s->conn]->connected ? EISCONN : EALREADY);
  const std::optional<Ip> route = interfaces_.source_for(ip);
  if (!route) return fail(ENETUNREACH);
  if (!s->bound) {
    if (int err = bind_to(*s, 0, 0)) return fail(err);
  }
  const Ip src = s->local_ip != 0 ? s->local_ip : *route;
  const tcp::ConnectionId id{src, s->local_port, ip, port};
  if (demux_.count({id.local_port, id.remote_ip, id.remote_port})) return fail(EADDRNOTAVAIL);
  tcp::Endpoint ep(settings_for(*s), isn_);
  ep.set_id(id);
  const ConnHandle c = add_conn(std::move(ep), id, fd, -1);
  conns_[c]->reuse_addr = s->reuse_addr;
  s->conn = c;
  conns_[c]->ep.open_active(now);
  pump(c);
  Result r = fail(EINPROGRESS);
  r.conn = c;
  return r;
}

Result Stack::connect_result(int fd) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (s->conn == kNoConn) return fail(ENOTCONN);
  Result r;
  r.conn = s->conn;
  if (s->so_error != 0) {
    r.value = -1;
    r.err = std::exchange(s->so_error, 0);
    s->connect_reported = true;
  } else if (conns_[s->conn]->connected) {
    s->connect_reported = true;
  } else {
    r.value = -1;
    r.err = EALREADY;
  }
  return r;
}

Result Stack::send(TimeUs now, int fd, const std::uint8_t* data, std::size_t len) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (s->udp) {
    if (!s->has_peer) return fail(EDESTADDRREQ);
    return sendto(now, fd, data, len, s->peer_ip, s->peer_port);
  }
  if (s->so_error != 0) return fail(std::exchange(s->so_error, 0));
  if (s->conn == kNoConn) return fail(ENOTCONN);
  if (s->shut_wr) return fail(EPIPE);
  // A connection that ended (its error already reported) takes no more data.
  if (conns_[s->conn]->ep.state() == tcp::State::Closed) return fail(EPIPE);
  std::size_t accepted = 0;
  const tcp::CallResult r = conns_[s->conn]->ep.send(now, data, len, &accepted);
  pump(s->conn);
  if (r != tcp::CallResult::Ok) return fail(errno_of(r));
  return ok(static_cast<std::int64_t>(accepted));
}

Result Stack::recv(TimeUs now, int fd, std::uint8_t* buf, std::size_t cap, bool peek) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (s->udp) {
    Datagram d;
    Result r = recvfrom(now, fd, cap, d);
    if (r.err == 0) std::copy(d.data.begin(), d.data.end(), buf);
    return r;
  }
  if (s->conn == kNoConn) return fail(ENOTCONN);
  if (s->shut_rd || cap == 0) return ok(0);
  Conn& conn = *conns_[s->conn];
  if (conn.ep.readable() > 0 && peek) return ok(static_cast<std::int64_t>(conn.ep.peek(buf, cap)));
  if (conn.ep.readable() > 0) {
    const std::size_t n = conn.ep.receive(now, buf, cap);
    pump(s->conn);  // the window may open again
    return ok(static_cast<std::int64_t>(n));
  }
  if (s->so_error != 0) return fail(std::exchange(s->so_error, 0));
  const bool ended = conn.ep.peer_closed() || conn.gone || conn.ep.state() == tcp::State::Closed;
  return ended ? ok(0) : fail(EAGAIN);
}

Result Stack::shutdown(TimeUs now, int fd, Shut how) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (s->udp || s->conn == kNoConn) return fail(ENOTCONN);
  if (!tcp::is_synchronized(conns_[s->conn]->ep.state())) return fail(ENOTCONN);
  if (how != Shut::Wr) s->shut_rd = true;
  if (how != Shut::Rd && !s->shut_wr) {
    s->shut_wr = true;
    conns_[s->conn]->ep.close(now);
    pump(s->conn);
  }
  return ok();
}

Result Stack::close(TimeUs now, int fd) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (s->listening) {
    // Connections not yet accepted go with their listener: half-open ones are
    // dropped silently, established ones are reset (as BSD and Linux do).
    std::vector<ConnHandle> queued(s->syn_queue.begin(), s->syn_queue.end());
    queued.insert(queued.end(), s->accept_queue.begin(), s->accept_queue.end());
    s->syn_queue.clear();
    s->accept_queue.clear();
    for (ConnHandle c : queued) {
      conns_[c]->listener = -1;
      conns_[c]->ep.listener_closed(now);
      pump(c);
    }
    conns_[s->listen_ep]->fd = -1;  // the number may go to a new socket at once
    conns_[s->listen_ep]->ep.close(now);
    pump(s->listen_ep);
  } else if (s->conn != kNoConn) {
    const ConnHandle c = s->conn;
    Conn& conn = *conns_[c];
    conn.fd = -1;
    conn.ep.release();
    if (s->linger && *s->linger == 0) {
      conn.ep.abort(now);  // SO_LINGER with a zero timeout: RST, no TIME-WAIT
    } else if (conn.ep.readable() > 0) {
      // Unread data would be lost silently; like Linux, tell the peer with a RST (RFC 2525 §2.17).
      emit(Note{"close() with " + std::to_string(conn.ep.readable()) +
                " unread bytes: connection reset"});
      conn.ep.abort(now);
    } else if (!s->shut_wr) {
      conn.ep.close(now);
    }
    pump(c);
    if (s->linger && *s->linger > 0 && awaits_fin_ack(conn.ep.state())) {
      // SO_LINGER with a time: close() returns once the FIN is acknowledged,
      // or when the time runs out (Linux's tcp_close(), FreeBSD's soclose()).
      conn.fd = fd;
      conn.lingering = true;
      s->linger_until = tcp::later(now, tcp::scaled(*s->linger, tcp::kSeconds));
      linger_deadlines_.emplace(*s->linger_until, fd);
      emit(Ready{fd});  // other calls waiting on the socket find it closed
      return fail(EINPROGRESS);
    }
  }
  sockets_.erase(fd);
  emit(Ready{fd});
  return ok();
}

Result Stack::close_result(TimeUs now, int fd) {
  auto it = sockets_.find(fd);
  if (it == sockets_.end() || !it->second.linger_until) return fail(EBADF);
  Socket& s = it->second;
  Conn& conn = *conns_[s.conn];
  const bool ran_out = conn.lingering && now >= *s.linger_until;
  if (conn.lingering && !ran_out) return fail(EALREADY);
  linger_deadlines_.erase({*s.linger_until, fd});
  conn.lingering = false;
  conn.fd = -1;
  sockets_.erase(it);
  if (!ran_out) return ok();
  emit(Note{"close(): the SO_LINGER time ran out before the FIN was acknowledged"});
  return settings_.linger_timeout_ewouldblock ? fail(EWOULDBLOCK) : ok();
}

Result Stack::setsockopt(TimeUs now, int fd, SockOpt opt, int value) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  const bool tcp_only = opt == SockOpt::NoDelay || opt == SockOpt::NoOptions ||
                        opt == SockOpt::KeepAlive || opt == SockOpt::KeepIdle ||
                        opt == SockOpt::KeepIntvl || opt == SockOpt::KeepCnt ||
                        opt == SockOpt::KeepInit;
  if (tcp_only && s->udp) return fail(EOPNOTSUPP);
  switch (opt) {
    case SockOpt::ReuseAddr: s->reuse_addr = value != 0; break;
    case SockOpt::Linger:
      if (value >= 0) {
        s->linger = value;
      } else {
        s->linger.reset();
      }
      break;
    case SockOpt::Broadcast: s->broadcast = value != 0; break;
    case SockOpt::NoDelay: s->nodelay = value != 0; break;
    case SockOpt::NoOptions: s->no_options = value != 0; break;
    case SockOpt::KeepAlive: s->keepalive = value != 0; break;
    case SockOpt::RcvBuf:
    case SockOpt::SndBuf:
    case SockOpt::KeepIdle:
    case SockOpt::KeepIntvl:
    case SockOpt::KeepCnt:
    case SockOpt::KeepInit:
      if (value <= 0) return fail(EINVAL);
      if (opt == SockOpt::RcvBuf) s->rcvbuf = static_cast<std::uint32_t>(value);
      if (opt == SockOpt::SndBuf) s->sndbuf = static_cast<std::uint32_t>(value);
      if (opt == SockOpt::KeepIdle) s->keep_idle = value * tcp::kSeconds;
      if (opt == SockOpt::KeepIntvl) s->keep_interval = value * tcp::kSeconds;
      if (opt == SockOpt::KeepCnt) s->keep_count = value;
      if (opt == SockOpt::KeepInit) s->keep_init = value * tcp::kSeconds;
      break;
  }
  // The socket's endpoint (a listener's own one, whose children copy it)
  // takes the new policies at once.
  const ConnHandle c = s->listening ? s->listen_ep : s->conn;
  if (c != kNoConn) {
    tcp::Endpoint& ep = conns_[c]->ep;
    const tcp::Settings wanted = settings_for(*s);
    tcp::Settings& t = ep.settings();
    t.nagle = wanted.nagle;
    t.no_options = wanted.no_options;
    t.receive_buffer = wanted.receive_buffer;
    t.send_buffer = wanted.send_buffer;
    t.keepalive = wanted.keepalive;
    t.keepalive_idle = wanted.keepalive_idle;
    t.keepalive_interval = wanted.keepalive_interval;
    t.keepalive_probes = wanted.keepalive_probes;
    t.connect_timeout = wanted.connect_timeout;
    ep.apply_settings(now);
    pump(c);
  }
  return ok();
}

Result Stack::sendto(TimeUs, int fd, const std::uint8_t* data, std::size_t len, Ip ip,
                     std::uint16_t port) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (!s->udp) return fail(EOPNOTSUPP);
  if (s->so_error != 0) return fail(std::exchange(s->so_error, 0));  // an ICMP error came
  if (len > settings_.max_datagram) return fail(EMSGSIZE);
  if (interfaces_.is_broadcast(ip) && !s->broadcast) {
    return fail(EACCES);  // SO_BROADCAST first, as udp(7) says
  }
  const std::optional<Ip> src = interfaces_.source_for(ip);
  if (!src) return fail(ENETUNREACH);
  if (!s->bound) {
    if (int err = bind_to(*s, 0, 0)) return fail(err);
  }
  emit(SendDatagram{s->local_ip != 0 ? s->local_ip : *src, ip, s->local_port, port,
                    std::vector<std::uint8_t>(data, data + len)});
  return ok(static_cast<std::int64_t>(len));
}

Result Stack::recvfrom(TimeUs, int fd, std::size_t cap, Datagram& out) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (!s->udp) return fail(EOPNOTSUPP);
  if (s->so_error != 0) return fail(std::exchange(s->so_error, 0));  // an ICMP error came
  if (s->datagrams.empty()) return fail(EAGAIN);
  out = std::move(s->datagrams.front());
  s->datagrams.pop_front();
  const std::size_t size = out.data.size();
  if (cap < size) {
    // A datagram is read whole or not at all: what does not fit is discarded.
    out.data.resize(cap);
    emit(Note{"recvfrom: datagram of " + std::to_string(size) + " bytes truncated to " +
              std::to_string(cap) + "; " + std::to_string(size - cap) + " bytes lost"});
    emit(Count{"udp_truncated"});
  }
  return ok(static_cast<std::int64_t>(out.data.size()));
}

Result Stack::take_error(int fd) {
  Socket* s = find(fd);
  if (!s) return fail(EBADF);
  if (s->so_error != 0) return ok(std::exchange(s->so_error, 0));
  // No hard error: the soft one remembered, where the host reports it (Linux).
  if (s->conn != kNoConn && settings_.tcp.report_soft_errors) {
    return ok(errno_of(conns_[s->conn]->ep.take_soft_error()));
  }
  return ok(0);
}

bool Stack::on_datagram(TimeUs, Ip src, std::uint16_t src_port, std::uint16_t dst_port,
                        std::vector<std::uint8_t> data) {
  for (auto& [fd, s] : sockets_) {
    // A connected UDP socket hears only its peer.
    if (s.has_peer && (s.peer_ip != src || s.peer_port != src_port)) continue;
    if (s.udp && s.bound && s.local_port == dst_port) {
      s.datagrams.push_back(Datagram{src, src_port, std::move(data)});
      emit(Ready{fd});
      return true;
    }
  }
  emit(Note{"UDP datagram to port " + std::to_string(dst_port) + ": no socket bound there"});
  emit(Count{"udp_no_socket"});
  return false;
}

bool Stack::is_open(int fd) const { return find(fd) != nullptr; }

bool Stack::is_listening(int fd) const {
  const Socket* s = find(fd);
  return s && s->listening;
}

std::size_t Stack::accept_ready(int fd) const {
  const Socket* s = find(fd);
  return s ? s->accept_queue.size() : 0;
}

ConnHandle Stack::conn_of(int fd) const {
  const Socket* s = find(fd);
  if (!s) return kNoConn;
  return s->listening ? s->listen_ep : s->conn;
}

std::vector<ConnHandle> Stack::connections() const {
  std::vector<ConnHandle> listed;
  for (std::size_t c = 0; c < conns_.size(); ++c) {
    const Conn& conn = *conns_[c];
    const bool held = conn.fd >= 0 && find(conn.fd) != nullptr;
    if (held || conn.ep.state() != tcp::State::Closed) listed.push_back(static_cast<ConnHandle>(c));
  }
  return listed;
}

const tcp::Endpoint& Stack::endpoint(ConnHandle c) const { return conns_[c]->ep; }

void Stack::abort(TimeUs now, ConnHandle c) {
  conns_[c]->ep.abort(now);
  pump(c);
}

void Stack::update_settings(const std::function<void(tcp::Settings&)>& change) {
  change(settings_.tcp);
  for (auto& c : conns_) change(c->ep.settings());
}

std::vector<Output> Stack::take_output() { return std::exchange(out_, {}); }

}  // namespace synack::sock

// The Berkeley sockets API of a host. Each call either returns now (an
// outcome) or blocks (nullopt) and is attempted again when the stack changes.
#include <fmt/format.h>

#include <cerrno>

#include "sim/world/host.hpp"

namespace synack::sim {

using scenario::Step;
using wire::Ipv4Address;

namespace {

CallOutcome ok(std::int64_t result = 0) { return CallOutcome{result, 0}; }
CallOutcome fail(int err) { return CallOutcome{-1, err}; }

// The largest UDP payload that fits one Ethernet frame: there is no IP fragmentation here.
constexpr std::size_t kMaxDatagram = 1500 - 20 - 8;

}  // namespace

Socket* Host::socket_for(const std::string& label) {
  auto l = labels_.find(label);
  if (l == labels_.end()) return nullptr;
  auto s = sockets_.find(l->second);
  return s == sockets_.end() ? nullptr : &s->second;
}

int Host::lowest_free_fd() const {
  int fd = 3;  // 0, 1 and 2 are the standard streams
  while (sockets_.count(fd) != 0) ++fd;
  return fd;
}

// Linux's rules, simplified: a listener always holds its port; a TIME-WAIT
// connection holds it unless the new socket has SO_REUSEADDR; any other
// socket or connection holds it unless both have SO_REUSEADDR.
bool Host::port_in_use(const Socket& s, std::uint16_t port) const {
  for (const auto& [fd, other] : sockets_) {
    if (fd == s.fd || other.udp != s.udp || !other.bound || other.local_port != port) continue;
    if (other.listening || !(s.reuse_addr && other.reuse_addr)) return true;
  }
  if (s.udp) return false;
  for (const auto& c : conns_) {
    if (c->gone || c->id.local_port != port) continue;
    if (c->ep.state() == tcp::State::TimeWait) {
      if (!s.reuse_addr) return true;
    } else if (!(s.reuse_addr && c->reuse_addr)) {
      return true;
    }
  }
  return false;
}

std::uint16_t Host::ephemeral_port(bool udp) {
  Socket probe;
  probe.udp = udp;
  std::uint16_t first = settings_.ephemeral_port_first;
  if (next_ephemeral_ < first) next_ephemeral_ = first;
  for (int tries = 0; tries <= 65535 - first; ++tries) {
    std::uint16_t port = next_ephemeral_;
    next_ephemeral_ = port == 65535 ? first : static_cast<std::uint16_t>(port + 1);
    if (!port_in_use(probe, port)) return port;
  }
  return 0;
}

int Host::bind_to(Socket& s, Ipv4Address addr, std::uint16_t port) {
  if (s.bound) return EINVAL;
  if (addr != Ipv4Address() && !is_local(addr)) return EADDRNOTAVAIL;
  if (port == 0) {
    port = ephemeral_port(s.udp);
    if (port == 0) return EADDRINUSE;
  } else if (port_in_use(s, port)) {
    return EADDRINUSE;
  }
  s.bound = true;
  s.local_ip = addr;
  s.local_port = port;
  return 0;
}

std::optional<CallOutcome> Host::call_socket(const Step& st) {
  int fd = lowest_free_fd();
  Socket s;
  s.fd = fd;
  s.udp = st.udp;
  sockets_[fd] = s;
  if (!st.as.empty()) labels_[st.as] = fd;
  return ok(fd);
}

std::optional<CallOutcome> Host::call_bind(const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  int err = bind_to(*s, st.addr.value_or(Ipv4Address()), st.port);
  return err ? fail(err) : ok();
}

std::optional<CallOutcome> Host::call_listen(const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  if (s->udp) return fail(EOPNOTSUPP);
  if (s->conn) return fail(EINVAL);
  if (s->listening) {  // listening already: only the backlog changes
    s->backlog = std::max(1, st.backlog);
    record_queues(*s);
    return ok();
  }
  if (!s->bound) {
    if (int err = bind_to(*s, Ipv4Address(), 0)) return fail(err);
  }
  for (const auto& [fd, other] : sockets_) {
    if (fd != s->fd && other.listening && !other.udp && other.local_port == s->local_port) {
      return fail(EADDRINUSE);
    }
  }
  s->listening = true;
  s->backlog = std::max(1, st.backlog);
  Ipv4Address ip = s->local_ip == Ipv4Address() ? local_ip() : s->local_ip;
  s->listen_conn = world_.trace.add_conn(id_, tcp::ConnectionId{ip.value(), s->local_port, 0, 0});
  // Recorded after the call itself, like the connections' own changes.
  world_.at(world_.now, [this, fd = s->fd, conn = s->listen_conn] {
    world_.record(trace::StateEvent{id_, conn, tcp::State::Closed, tcp::State::Listen,
                                    world_.text("listen()")});
    auto l = sockets_.find(fd);
    if (l != sockets_.end() && l->second.listen_conn == conn) record_queues(l->second);
  });
  CallOutcome out = ok();
  out.conn = s->listen_conn;
  return out;
}

std::optional<CallOutcome> Host::call_accept(const Step& st) {
  Socket* l = socket_for(st.fd);
  if (!l) return fail(EBADF);
  if (!l->listening) return fail(EINVAL);
  if (l->accept_queue.empty()) return std::nullopt;
  std::size_t c = l->accept_queue.front();
  l->accept_queue.pop_front();
  record_queues(*l);
  Conn& conn = *conns_[c];
  int fd = lowest_free_fd();
  Socket s;
  s.fd = fd;
  s.bound = true;
  s.local_ip = Ipv4Address(conn.id.local_ip);
  s.local_port = conn.id.local_port;
  s.reuse_addr = l->reuse_addr;
  s.nodelay = l->nodelay;
  s.conn = c;
  sockets_[fd] = s;
  conn.fd = fd;
  conn.listener = -1;
  conn.in_accept_queue = false;
  if (!st.as.empty()) labels_[st.as] = fd;
  CallOutcome out = ok(fd);
  out.conn = conn.trace_id;
  return out;
}

std::optional<CallOutcome> Host::call_connect(Thread& thread, const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  Ipv4Address dst = st.addr.value_or(Ipv4Address());
  if (s->udp) {
    s->has_peer = true;
    s->peer_ip = dst;
    s->peer_port = st.port;
    if (!s->bound) {
      if (int err = bind_to(*s, Ipv4Address(), 0)) return fail(err);
    }
    return ok();
  }
  if (thread.conn == trace::kNone) {  // first attempt: start the handshake
    if (s->listening) return fail(EINVAL);
    if (s->conn) return fail(conns_[*s->conn]->connected ? EISCONN : EALREADY);
    if (!route(dst)) return fail(ENETUNREACH);
    if (!s->bound) {
      if (int err = bind_to(*s, Ipv4Address(), 0)) return fail(err);
    }
    Ipv4Address src = s->local_ip == Ipv4Address() ? local_ip() : s->local_ip;
    tcp::ConnectionId id{src.value(), s->local_port, dst.value(), st.port};
    if (demux_.count({id.local_port, id.remote_ip, id.remote_port})) return fail(EADDRNOTAVAIL);
    tcp::Settings settings = settings_.tcp;
    settings.nagle = settings.nagle && !s->nodelay;
    std::size_t c = new_conn(id, settings);
    conns_[c]->fd = s->fd;
    conns_[c]->reuse_addr = s->reuse_addr;
    s->conn = c;
    thread.conn = conns_[c]->trace_id;
    conns_[c]->ep.open_active(world_.now);
    pump_soon(c);
  }
  if (!s->conn) return fail(EBADF);
  Conn& conn = *conns_[*s->conn];
  CallOutcome out;
  out.conn = conn.trace_id;
  if (conn.connected) return out;
  if (conn.ep.error() != tcp::SocketError::None) {
    out.result = -1;
    out.err = tcp::to_errno(conn.ep.error());
    return out;
  }
  return std::nullopt;
}

std::optional<CallOutcome> Host::call_send(Thread& thread, const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  if (s->udp) {
    if (!s->has_peer) return fail(EDESTADDRREQ);
    return call_sendto(st, s->peer_ip, s->peer_port);
  }
  if (!s->conn) return fail(ENOTCONN);
  if (s->shut_wr) return fail(EPIPE);
  Conn& conn = *conns_[*s->conn];
  if (conn.ep.error() != tcp::SocketError::None) return fail(tcp::to_errno(conn.ep.error()));
  if (thread.sent < st.data.size()) {
    std::size_t accepted = 0;
    tcp::CallResult r = conn.ep.send(world_.now, st.data.data() + thread.sent,
                                     st.data.size() - thread.sent, &accepted);
    thread.sent += accepted;
    pump_soon(*s->conn);
    if (r != tcp::CallResult::Ok && r != tcp::CallResult::InsufficientResources) {
      return fail(r == tcp::CallResult::ConnectionReset ? ECONNRESET : EPIPE);
    }
  }
  if (thread.sent < st.data.size()) return std::nullopt;  // the send buffer is full
  return ok(static_cast<std::int64_t>(st.data.size()));
}

std::optional<CallOutcome> Host::call_recv(Thread& thread, const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  if (s->udp) return call_recvfrom(st);
  if (!s->conn) return fail(ENOTCONN);
  CallOutcome out;
  out.has_data = true;
  if (s->shut_rd || st.size == 0) return out;
  std::size_t c = *s->conn;
  Conn& conn = *conns_[c];
  std::size_t want = st.waitall ? st.size - thread.got.size() : st.size;
  if (conn.ep.readable() > 0 && want > 0) {
    std::vector<std::uint8_t> buf(std::min(want, conn.ep.readable()));
    std::size_t n = conn.ep.receive(world_.now, buf.data(), buf.size());
    pump_soon(c);  // the window opens again
    thread.got.append(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  bool done = !thread.got.empty() && (!st.waitall || thread.got.size() == st.size);
  bool ended = conn.ep.error() != tcp::SocketError::None || conn.ep.peer_closed() || conn.gone;
  if (!done && ended && conn.ep.readable() == 0) {
    if (thread.got.empty() && conn.ep.error() != tcp::SocketError::None) {
      return fail(tcp::to_errno(conn.ep.error()));
    }
    done = true;  // end of file: what was read so far, or 0
  }
  if (!done) return std::nullopt;
  out.result = static_cast<std::int64_t>(thread.got.size());
  out.text = thread.got;
  return out;
}

std::optional<CallOutcome> Host::call_shutdown(const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  if (s->udp || !s->conn) return fail(ENOTCONN);
  if (st.how != scenario::ShutHow::Wr) s->shut_rd = true;
  if (st.how != scenario::ShutHow::Rd && !s->shut_wr) {
    s->shut_wr = true;
    conns_[*s->conn]->ep.close(world_.now);
    pump_soon(*s->conn);
  }
  return ok();
}

std::optional<CallOutcome> Host::call_close(const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  int fd = s->fd;
  if (s->listening) {
    // Connections not yet accepted die with their listener.
    std::vector<std::size_t> queued(s->syn_queue.begin(), s->syn_queue.end());
    queued.insert(queued.end(), s->accept_queue.begin(), s->accept_queue.end());
    s->syn_queue.clear();
    s->accept_queue.clear();
    for (std::size_t c : queued) {
      conns_[c]->listener = -1;
      conns_[c]->ep.abort(world_.now);
      pump_soon(c);
    }
    // Recorded after the call itself, like the connections' own changes.
    world_.at(world_.now, [this, conn = s->listen_conn] {
      world_.record(trace::StateEvent{id_, conn, tcp::State::Listen, tcp::State::Closed,
                                      world_.text("close()")});
    });
  } else if (s->conn) {
    std::size_t c = *s->conn;
    Conn& conn = *conns_[c];
    conn.fd = -1;
    if (s->linger && *s->linger == 0) {
      conn.ep.abort(world_.now);  // SO_LINGER with a zero timeout: RST, no TIME-WAIT
    } else if (conn.ep.readable() > 0) {
      // Unread data would be lost silently; like Linux, tell the peer with a RST (RFC 2525 §2.17).
      world_.note(
          id_, fmt::format("close() with {} unread bytes: connection reset", conn.ep.readable()));
      conn.ep.abort(world_.now);
    } else if (!s->shut_wr) {
      conn.ep.close(world_.now);
    }
    pump_soon(c);
  }
  sockets_.erase(fd);
  wake(-1);
  return ok();
}

std::optional<CallOutcome> Host::call_setsockopt(const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  switch (st.option) {
    case scenario::SockOpt::ReuseAddr: s->reuse_addr = st.value != 0; break;
    case scenario::SockOpt::Linger:
      if (st.value >= 0) {
        s->linger = st.value;
      } else {
        s->linger.reset();
      }
      break;
    case scenario::SockOpt::Broadcast: s->broadcast = st.value != 0; break;
    case scenario::SockOpt::NoDelay:
      if (s->udp) return fail(EOPNOTSUPP);
      s->nodelay = st.value != 0;
      if (s->conn) {
        std::size_t c = *s->conn;
        conns_[c]->ep.settings().nagle = settings_.tcp.nagle && !s->nodelay;
        conns_[c]->ep.on_timer(world_.now);  // what Nagle held may go now, as on Linux
        pump_soon(c);
      }
      break;
  }
  return ok();
}

std::optional<CallOutcome> Host::call_sendto(const Step& st, Ipv4Address dst, std::uint16_t port) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  if (!s->udp) return fail(EOPNOTSUPP);
  if (st.data.size() > kMaxDatagram) return fail(EMSGSIZE);
  bool to_broadcast =
      dst == Ipv4Address::broadcast() || dst == ifaces_[0].address.broadcast_address();
  if (to_broadcast && !s->broadcast) return fail(EACCES);  // SO_BROADCAST first, as udp(7) says
  if (!route(dst)) return fail(ENETUNREACH);
  if (!s->bound) {
    if (int err = bind_to(*s, Ipv4Address(), 0)) return fail(err);
  }
  send_udp(dst, wire::UdpRepr{s->local_port, port, st.data});
  return ok(static_cast<std::int64_t>(st.data.size()));
}

std::optional<CallOutcome> Host::call_recvfrom(const Step& st) {
  Socket* s = socket_for(st.fd);
  if (!s) return fail(EBADF);
  if (!s->udp) return fail(EOPNOTSUPP);
  if (s->datagrams.empty()) return std::nullopt;
  Datagram d = std::move(s->datagrams.front());
  s->datagrams.pop_front();
  std::size_t n = std::min(st.size, d.data.size());
  if (n < d.data.size()) {
    // A datagram is read whole or not at all: what does not fit is discarded.
    world_.note(id_, fmt::format("recvfrom: datagram of {} bytes truncated to {}; {} bytes lost",
                                 d.data.size(), n, d.data.size() - n));
    world_.count(id_, "udp_truncated");
  }
  CallOutcome out;
  out.result = static_cast<std::int64_t>(n);
  out.has_data = true;
  out.text.assign(d.data.begin(), d.data.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

std::optional<CallOutcome> Host::call_syn_flood(const Step& st) {
  Ipv4Address dst = st.addr.value_or(Ipv4Address());
  for (int i = 0; i < st.count; ++i) {
    world_.at(world_.now + i * st.interval, [this, dst, port = st.port, spoof = st.spoof] {
      Ipv4Address src = local_ip();
      if (spoof) {
        std::uint64_t hosts = spoof->address_count();
        std::uint32_t offset =
            hosts > 2 ? 1 + world_.rng.below(static_cast<std::uint32_t>(hosts - 2)) : 0;
        src = Ipv4Address(spoof->network_address().value() + offset);
      }
      tcp::Segment syn;
      syn.seq = SeqNum(static_cast<std::uint32_t>(world_.rng.next()));
      syn.flags = tcp::flag::SYN;
      syn.window = 65535;
      syn.mss = 1460;
      auto sport = static_cast<std::uint16_t>(1024 + world_.rng.below(65535 - 1024));
      world_.count(id_, "syn_flood_sent");
      send_tcp(src, dst, wire::TcpRepr{sport, port, syn});
    });
  }
  return ok(st.count);
}

}  // namespace synack::sim

#include "sim/live/real_sockets.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace synack::live {

using scenario::CallKind;
using scenario::Step;
using sim::CallOutcome;
using sim::CallProgress;

namespace {

sockaddr_in socket_address(std::uint32_t ip, std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(ip);
  a.sin_port = htons(port);
  return a;
}

bool ready(int real, short events) {
  pollfd p{real, events, 0};
  return poll(&p, 1, 0) > 0;
}

}  // namespace

namespace {

bool same_ends(const tcp::ConnectionId& a, const tcp::ConnectionId& b) {
  return a.local_ip == b.local_ip && a.local_port == b.local_port && a.remote_ip == b.remote_ip &&
         a.remote_port == b.remote_port;
}

}  // namespace

trace::ConnId conn_of(trace::Trace& trace, trace::NodeId host, const tcp::ConnectionId& id,
                      std::uint32_t number) {
  std::uint32_t seen = 0;
  for (trace::ConnId c = 0; c < trace.conns.size(); ++c) {
    if (trace.conns[c].host != host || !same_ends(trace.conns[c].id, id)) continue;
    if (seen++ == number) return c;
  }
  trace::ConnId c = trace::kNone;
  for (; seen <= number; ++seen) c = trace.add_conn(host, id);
  return c;
}

RealSockets::RealSockets(trace::Trace& trace, trace::NodeId host, wire::Ipv4Address address,
                         int netns_fd, const scenario::HostSettings& settings)
    : trace_(trace), host_(host), address_(address), netns_fd_(netns_fd), settings_(settings) {}

RealSockets::~RealSockets() { reset_all(); }

void RealSockets::reset_all() {
  for (const auto& [fd, r] : fds_) {
    const linger off{1, 0};
    setsockopt(r, SOL_SOCKET, SO_LINGER, &off, sizeof off);
    close(r);
  }
  fds_.clear();
}

int RealSockets::real(int fd) const {
  auto it = fds_.find(fd);
  return it == fds_.end() ? -1 : it->second;
}

int RealSockets::add_fd(int r) {
  int fd = 3;
  while (fds_.count(fd) != 0) ++fd;
  fds_[fd] = r;
  return fd;
}

std::size_t RealSockets::accept_ready(int fd) const {
  const int r = real(fd);
  return r >= 0 && ready(r, POLLIN) ? 1 : 0;
}

bool RealSockets::is_listening(int fd) const {
  auto it = listening_.find(fd);
  return it != listening_.end() && it->second;
}

std::vector<RealSockets::Wait> RealSockets::waits() const {
  std::vector<Wait> out;
  for (const auto& [fd, events] : waits_) {
    if (const int r = real(fd); r >= 0) out.push_back(Wait{fd, r, events});
  }
  return out;
}

CallOutcome RealSockets::done(long value) {
  return value < 0 ? CallOutcome{-1, errno} : CallOutcome{value, 0};
}

// The connection a socket stands for, by its two ends; a listener's remote end
// is 0.0.0.0:0 and its local address the host's, as the simulator names it.
trace::ConnId RealSockets::conn_for(int r, bool listener, const sockaddr_in* to) {
  sockaddr_in local{}, remote{};
  socklen_t len = sizeof local;
  getsockname(r, reinterpret_cast<sockaddr*>(&local), &len);
  tcp::ConnectionId id;
  id.local_ip = ntohl(local.sin_addr.s_addr);
  id.local_port = ntohs(local.sin_port);
  if (listener) {
    if (id.local_ip == 0) id.local_ip = address_.value();
  } else {
    len = sizeof remote;
    if (to != nullptr) {
      remote = *to;  // a connect in progress has no peer name yet
    } else if (getpeername(r, reinterpret_cast<sockaddr*>(&remote), &len) != 0) {
      return trace::kNone;
    }
    id.remote_ip = ntohl(remote.sin_addr.s_addr);
    id.remote_port = ntohs(remote.sin_port);
  }
  std::uint32_t before = 0;
  for (const trace::ConnInfo& c : trace_.conns)
    before += c.host == host_ && same_ends(c.id, id) ? 1 : 0;
  return conn_of(trace_, host_, id, before);
}

std::optional<CallOutcome> RealSockets::attempt(CallProgress& progress, const sim::Call& call) {
  const Step& s = call.step;
  const int fd = call.fd;
  const int r = real(fd);
  const bool needs_socket = s.call != CallKind::Socket && s.call != CallKind::SynFlood;
  if (needs_socket && r < 0) return CallOutcome{-1, EBADF};
  std::optional<CallOutcome> out;
  switch (s.call) {
    case CallKind::Socket: {
      // Made in the host's namespace; the calling thread stays there.
      if (setns(netns_fd_, CLONE_NEWNET) != 0) return CallOutcome{-1, errno};
      const int made = socket(AF_INET, (s.udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK, 0);
      if (made < 0) return CallOutcome{-1, errno};
      const scenario::HostSettings linux_defaults;
      const int one = 1;
      if (!s.udp && !settings_.tcp.nagle) {
        setsockopt(made, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      }
      if (settings_.tcp.send_buffer != linux_defaults.tcp.send_buffer) {
        const int size = static_cast<int>(settings_.tcp.send_buffer);
        setsockopt(made, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
      }
      if (settings_.tcp.receive_buffer != linux_defaults.tcp.receive_buffer) {
        const int size = static_cast<int>(settings_.tcp.receive_buffer);
        setsockopt(made, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
      }
      out = CallOutcome{add_fd(made), 0};
      break;
    }
    case CallKind::Bind: {
      const sockaddr_in a = socket_address(call.to_ip.value(), call.to_port);
      out = done(bind(r, reinterpret_cast<const sockaddr*>(&a), sizeof a));
      break;
    }
    case CallKind::Listen: {
      out = done(listen(r, s.backlog));
      if (out->err == 0) {
        listening_[fd] = true;
        out->conn = conn_for(r, true);
      }
      break;
    }
    case CallKind::Accept: {
      const int got = accept4(r, nullptr, nullptr, SOCK_NONBLOCK);
      if (got < 0 && errno == EAGAIN) {
        block(fd, POLLIN);
        return std::nullopt;
      }
      if (got < 0) {
        out = CallOutcome{-1, errno};
        break;
      }
      out = CallOutcome{add_fd(got), 0};
      out->conn = conn_for(got, false);
      break;
    }
    case CallKind::Connect: out = call_connect(progress, call); break;
    case CallKind::Send: out = call_send(progress, call); break;
    case CallKind::Recv: out = call_recv(progress, call); break;
    case CallKind::Shutdown: {
      const int how[] = {SHUT_RD, SHUT_WR, SHUT_RDWR};
      out = done(shutdown(r, how[static_cast<int>(s.how)]));
      break;
    }
    case CallKind::Close:
      out = done(close(r));
      fds_.erase(fd);
      listening_.erase(fd);
      break;
    case CallKind::Setsockopt: out = call_setsockopt(call); break;
    case CallKind::Sendto: {
      const sockaddr_in a = socket_address(call.to_ip.value(), call.to_port);
      out = done(sendto(r, s.data.data(), s.data.size(), MSG_NOSIGNAL,
                        reinterpret_cast<const sockaddr*>(&a), sizeof a));
      break;
    }
    case CallKind::Recvfrom: out = call_recvfrom(call); break;
    // Spoofed SYNs need a raw socket and addresses not ours: not sent live.
    case CallKind::SynFlood: out = CallOutcome{-1, EOPNOTSUPP}; break;
  }
  if (needs_socket && out) waits_.erase(fd);
  return out;
}

std::optional<CallOutcome> RealSockets::call_connect(CallProgress& progress,
                                                     const sim::Call& call) {
  const int fd = call.fd;
  const int r = real(fd);
  if (!progress.started) {
    progress.started = true;
    const sockaddr_in a = socket_address(call.to_ip.value(), call.to_port);
    if (connect(r, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0) {
      CallOutcome out{0, 0};
      out.conn = conn_for(r, false);
      return out;
    }
    if (errno != EINPROGRESS) return CallOutcome{-1, errno};
    progress.conn = conn_for(r, false, &a);
    block(fd, POLLOUT);
    return std::nullopt;
  }
  if (!ready(r, POLLOUT)) {
    block(fd, POLLOUT);
    return std::nullopt;
  }
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(r, SOL_SOCKET, SO_ERROR, &err, &len);
  return err == 0 ? CallOutcome{0, 0} : CallOutcome{-1, err};
}

std::optional<CallOutcome> RealSockets::call_send(CallProgress& progress, const sim::Call& call) {
  const Step& s = call.step;
  const int fd = call.fd;
  const int r = real(fd);
  while (progress.sent < s.data.size() || !progress.started) {
    progress.started = true;
    const ssize_t n =
        send(r, s.data.data() + progress.sent, s.data.size() - progress.sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EAGAIN) {
      block(fd, POLLOUT);
      return std::nullopt;
    }
    if (n < 0) return CallOutcome{-1, errno};
    progress.sent += static_cast<std::size_t>(n);
    if (n == 0) break;
  }
  return CallOutcome{static_cast<std::int64_t>(s.data.size()), 0};
}

std::optional<CallOutcome> RealSockets::call_recv(CallProgress& progress, const sim::Call& call) {
  const Step& s = call.step;
  const int fd = call.fd;
  const std::size_t want = s.waitall ? s.size - progress.got.size() : s.size;
  std::string buf(want, '\0');
  const ssize_t n = recv(real(fd), buf.data(), want, 0);
  if (n < 0 && errno == EAGAIN) {
    block(fd, POLLIN);
    return std::nullopt;
  }
  if (n < 0 && progress.got.empty()) return CallOutcome{-1, errno};
  if (n > 0) {
    progress.got.append(buf.data(), static_cast<std::size_t>(n));
    if (s.waitall && progress.got.size() < s.size) {
      block(fd, POLLIN);
      return std::nullopt;
    }
  }
  CallOutcome out{static_cast<std::int64_t>(progress.got.size()), 0};
  out.has_data = true;
  out.text = progress.got;
  return out;
}

std::optional<CallOutcome> RealSockets::call_recvfrom(const sim::Call& call) {
  const int fd = call.fd;
  const std::size_t size = call.step.size;
  std::string buf(size, '\0');
  sockaddr_in from{};
  socklen_t from_len = sizeof from;
  const ssize_t n =
      recvfrom(real(fd), buf.data(), size, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
  if (n < 0 && errno == EAGAIN) {
    block(fd, POLLIN);
    return std::nullopt;
  }
  if (n < 0) return CallOutcome{-1, errno};
  CallOutcome out{n, 0};
  out.has_data = true;
  out.text.assign(buf.data(), static_cast<std::size_t>(n));
  out.from_ip = ntohl(from.sin_addr.s_addr);
  out.from_port = ntohs(from.sin_port);
  return out;
}

CallOutcome RealSockets::call_setsockopt(const sim::Call& call) {
  const int r = real(call.fd);
  const int v = call.step.value;
  switch (call.step.option) {
    case scenario::SockOpt::ReuseAddr:
      return done(setsockopt(r, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
    case scenario::SockOpt::Linger: {
      const linger l{v >= 0 ? 1 : 0, v >= 0 ? v : 0};
      return done(setsockopt(r, SOL_SOCKET, SO_LINGER, &l, sizeof l));
    }
    case scenario::SockOpt::NoDelay:
      return done(setsockopt(r, IPPROTO_TCP, TCP_NODELAY, &v, sizeof v));
    case scenario::SockOpt::Broadcast:
      return done(setsockopt(r, SOL_SOCKET, SO_BROADCAST, &v, sizeof v));
    case scenario::SockOpt::KeepAlive:
      return done(setsockopt(r, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v));
    case scenario::SockOpt::KeepIdle:
      return done(setsockopt(r, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v));
    case scenario::SockOpt::KeepIntvl:
      return done(setsockopt(r, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof v));
    case scenario::SockOpt::KeepCnt:
      return done(setsockopt(r, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v));
  }
  return CallOutcome{-1, ENOPROTOOPT};
}

}  // namespace synack::live

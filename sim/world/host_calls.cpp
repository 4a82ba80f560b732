// Each script step's call, made on the host's socket layer. A call that would
// block (EAGAIN, a connect in progress, a close that lingers) blocks in virtual time: attempt()
// returns nullopt and the runner tries again when the socket has news.
#include <cerrno>

#include "sim/scenario/counters.hpp"
#include "sim/world/host.hpp"

namespace synack::sim {

using scenario::CallKind;
using scenario::Step;

namespace {

bool would_block(const sock::Result& r) { return r.err == EAGAIN || r.err == EALREADY; }

sock::SockOpt stack_option(scenario::SockOpt o) {
  switch (o) {
    case scenario::SockOpt::ReuseAddr: return sock::SockOpt::ReuseAddr;
    case scenario::SockOpt::Linger: return sock::SockOpt::Linger;
    case scenario::SockOpt::NoDelay: return sock::SockOpt::NoDelay;
    case scenario::SockOpt::Broadcast: return sock::SockOpt::Broadcast;
    case scenario::SockOpt::KeepAlive: return sock::SockOpt::KeepAlive;
    case scenario::SockOpt::KeepIdle: return sock::SockOpt::KeepIdle;
    case scenario::SockOpt::KeepIntvl: return sock::SockOpt::KeepIntvl;
    case scenario::SockOpt::KeepCnt: return sock::SockOpt::KeepCnt;
  }
  return sock::SockOpt::ReuseAddr;
}

sock::Shut stack_shut(scenario::ShutHow how) {
  switch (how) {
    case scenario::ShutHow::Rd: return sock::Shut::Rd;
    case scenario::ShutHow::Wr: return sock::Shut::Wr;
    case scenario::ShutHow::RdWr: return sock::Shut::RdWr;
  }
  return sock::Shut::RdWr;
}

}  // namespace

CallOutcome Host::outcome(const sock::Result& r) {
  CallOutcome out;
  out.result = r.value;
  out.err = r.err;
  if (r.conn != sock::kNoConn) out.conn = trace_conn(r.conn);
  return out;
}

// The stack answers EBADF for a label that names no socket (-1) or a closed one.
std::optional<CallOutcome> Host::attempt(CallProgress& progress, const Call& call) {
  const TimeUs now = world_.now;
  const Step& s = call.step;
  const int fd = call.fd;
  const sock::Ip addr = call.to_ip.value();
  std::optional<CallOutcome> out;
  switch (s.call) {
    case CallKind::Socket: {
      out = CallOutcome{stack_->socket(s.udp), 0};
      break;
    }
    case CallKind::Bind: out = outcome(stack_->bind(now, fd, addr, call.to_port)); break;
    case CallKind::Listen: out = outcome(stack_->listen(now, fd, s.backlog)); break;
    case CallKind::Accept: {
      const sock::Result r = stack_->accept(now, fd);
      if (would_block(r)) return std::nullopt;
      out = outcome(r);
      break;
    }
    case CallKind::Connect: out = call_connect(progress, call); break;
    case CallKind::Send: out = call_send(progress, call); break;
    case CallKind::Recv: out = call_recv(progress, call); break;
    case CallKind::Shutdown: out = outcome(stack_->shutdown(now, fd, stack_shut(s.how))); break;
    case CallKind::Close: out = call_close(progress, call); break;
    case CallKind::Setsockopt:
      out = outcome(stack_->setsockopt(now, fd, stack_option(s.option), s.value));
      break;
    case CallKind::Sendto:
      out = outcome(stack_->sendto(now, fd, s.data.data(), s.data.size(), addr, call.to_port));
      break;
    case CallKind::Recvfrom: out = call_recvfrom(call); break;
    case CallKind::SynFlood: out = call_syn_flood(call); break;
  }
  drain_after_call();
  return out;
}

std::optional<CallOutcome> Host::call_connect(CallProgress& progress, const Call& call) {
  const int fd = call.fd;
  sock::Result r;
  if (!progress.started) {  // first attempt: start the handshake
    r = stack_->connect(world_.now, fd, call.to_ip.value(), call.to_port);
    progress.started = true;
    if (r.conn != sock::kNoConn) progress.conn = trace_conn(r.conn);
    if (r.err != EINPROGRESS) return outcome(r);
    return std::nullopt;
  }
  r = stack_->connect_result(fd);
  if (would_block(r)) return std::nullopt;
  return outcome(r);
}

std::optional<CallOutcome> Host::call_send(CallProgress& progress, const Call& call) {
  const Step& s = call.step;
  const int fd = call.fd;
  while (progress.sent < s.data.size() || !progress.started) {
    progress.started = true;
    const sock::Result r =
        stack_->send(world_.now, fd, s.data.data() + progress.sent, s.data.size() - progress.sent);
    if (r.err == EAGAIN) return std::nullopt;  // the send buffer is full
    if (r.err != 0) return outcome(r);
    progress.sent += static_cast<std::size_t>(r.value);
    if (r.value == 0) break;
  }
  return CallOutcome{static_cast<std::int64_t>(s.data.size()), 0};
}

// Returns when data is there (with MSG_WAITALL: all of it), at the end of the
// stream (what was read so far, or 0), or with the error the connection ended with.
std::optional<CallOutcome> Host::call_recv(CallProgress& progress, const Call& call) {
  const Step& s = call.step;
  if (s.waitall) progress.got.reserve(s.size);  // grown once, not by doubling
  // With MSG_WAITALL, read on until the buffer is full, the stream ends, or
  // nothing more is there: the socket says once that data came, even when
  // the stream's end came with it.
  for (;;) {
    const std::size_t want = s.waitall ? s.size - progress.got.size() : s.size;
    // Room for `want` bytes, made once: a recv of 1 MB tried on each
    // arriving segment must not clear 1 MB each time.
    if (recv_room_.size() < want) recv_room_.resize(want);
    const sock::Result r = stack_->recv(world_.now, call.fd, recv_room_.data(), want);
    if (r.err == EAGAIN) return std::nullopt;
    if (r.err != 0 && progress.got.empty()) return outcome(r);
    if (r.err != 0 || r.value == 0) break;
    progress.got.append(reinterpret_cast<const char*>(recv_room_.data()),
                        static_cast<std::size_t>(r.value));
    if (!s.waitall || progress.got.size() >= s.size) break;
  }
  CallOutcome out{static_cast<std::int64_t>(progress.got.size()), 0};
  out.has_data = true;
  out.text = std::move(progress.got);  // the call is over
  return out;
}

// With SO_LINGER at a positive time, close() returns once the FIN is
// acknowledged or the time runs out.
std::optional<CallOutcome> Host::call_close(CallProgress& progress, const Call& call) {
  const int fd = call.fd;
  if (!progress.started) {
    progress.started = true;
    const sock::Result r = stack_->close(world_.now, fd);
    if (r.err != EINPROGRESS) return outcome(r);
    return std::nullopt;
  }
  const sock::Result r = stack_->close_result(world_.now, fd);
  if (r.err == EALREADY) return std::nullopt;
  return outcome(r);
}

std::optional<CallOutcome> Host::call_recvfrom(const Call& call) {
  sock::Datagram d;
  const sock::Result r = stack_->recvfrom(world_.now, call.fd, call.step.size, d);
  if (r.err == EAGAIN) return std::nullopt;
  CallOutcome out = outcome(r);
  if (r.err == 0) {
    out.has_data = true;
    out.text.assign(d.data.begin(), d.data.end());
    out.from_ip = d.src;
    out.from_port = d.port;
  }
  return out;
}

// Spoofed SYNs from a tool, not from the host's own stack: nothing is kept.
CallOutcome Host::call_syn_flood(const Call& call) {
  const Step& st = call.step;
  const wire::Ipv4Address dst = call.to_ip;
  for (int i = 0; i < st.count; ++i) {
    world_.at(tcp::later(world_.now, tcp::scaled(st.interval, static_cast<std::int64_t>(i))),
              [this, dst, port = call.to_port, spoof = st.spoof] {
                wire::Ipv4Address src = local_ip();
                if (spoof) {
                  const std::uint64_t hosts = spoof->address_count();
                  const std::uint32_t offset =
                      hosts > 2 ? 1 + world_.rng.below(static_cast<std::uint32_t>(hosts - 2)) : 0;
                  src = wire::Ipv4Address(spoof->network_address().value() + offset);
                }
                tcp::Segment syn;
                syn.seq = SeqNum(static_cast<std::uint32_t>(world_.rng.next()));
                syn.flags = tcp::flag::SYN;
                syn.window = 65535;
                syn.mss = 1460;
                const auto sport =
                    static_cast<std::uint16_t>(1024 + world_.rng.below(65535 - 1024));
                world_.count(id_, scenario::counter::kSynFloodSent);
                send_tcp(src, dst, wire::TcpRepr{sport, port, syn});
              });
  }
  return CallOutcome{st.count, 0};
}

}  // namespace synack::sim

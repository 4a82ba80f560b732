// Running a host's script: threads of steps, blocking calls that wait in
// virtual time and are retried whenever the stack has news.
#include <fmt/format.h>

#include <algorithm>

#include "sim/world/host.hpp"

namespace synack::sim {

using scenario::CallKind;
using scenario::Step;

void Host::add_step(std::uint32_t index) {
  const Step& s = scenario_.steps[index];
  auto it = std::find_if(threads_.begin(), threads_.end(),
                         [&](const Thread& t) { return t.name == s.thread; });
  if (it == threads_.end()) {
    threads_.push_back(Thread{s.thread, {}});
    it = threads_.end() - 1;
  }
  it->steps.push_back(index);
}

void Host::start() {
  for (std::size_t t = 0; t < threads_.size(); ++t) schedule_thread(t);
}

void Host::schedule_thread(std::size_t t) {
  const Thread& th = threads_[t];
  if (th.next >= th.steps.size()) return;
  std::uint32_t step = th.steps[th.next];
  world_.start_step(scenario_.steps[step].at, step, [this, t] { run_thread(t); });
}

trace::CallEvent Host::call_event(std::uint32_t step, trace::TextId name, const Step& s, int fd) {
  trace::CallEvent e;
  e.host = id_;
  e.step = step;
  e.call = name;
  e.text = world_.text(describe(s));
  e.fd = fd;
  return e;
}

// Runs the thread's current step; when it returns, the next step of the
// thread is queued to start (steps due at the same time start in file order).
void Host::run_thread(std::size_t t) {
  Thread& th = threads_[t];
  std::uint32_t index = th.steps[th.next];
  const Step& s = scenario_.steps[index];
  std::optional<CallOutcome> out = attempt(th, s);
  auto label = labels_.find(s.fd);
  int fd = label == labels_.end() ? -1 : label->second;
  trace::TextId name = world_.text(scenario::call_name(s.call));
  if (!out) {
    if (!th.waiting) {
      set_waiting(t, true, fd);
      trace::CallEvent issued = call_event(index, name, s, fd);
      issued.conn = th.conn;
      issued.phase = trace::CallPhase::Issued;
      world_.record(issued);
    }
    return;
  }
  trace::CallEvent returned = call_event(index, name, s, fd);
  if (out->has_data) returned.data = world_.text(out->text);
  returned.conn = out->conn != trace::kNone ? out->conn : th.conn;
  returned.err = out->err;
  returned.result = static_cast<std::int32_t>(out->result);
  world_.record(returned);
  set_waiting(t, false, fd);
  th.sent = 0;
  th.got.clear();
  th.conn = trace::kNone;
  ++th.next;
  schedule_thread(t);
}

void Host::wake(int fd) {
  if (fd < 0) {
    wake_all_ = true;
  } else if (std::find(woken_fds_.begin(), woken_fds_.end(), fd) == woken_fds_.end()) {
    woken_fds_.push_back(fd);
  }
  if (wake_pending_) return;
  wake_pending_ = true;
  world_.at(world_.now, [this] {
    wake_pending_ = false;
    std::vector<int> fds;
    if (wake_all_) {
      for (const auto& [waited, threads] : waiters_) fds.push_back(waited);
    } else {
      fds.swap(woken_fds_);
    }
    wake_all_ = false;
    woken_fds_.clear();
    std::vector<std::size_t> ready;
    for (int waited : fds) {
      auto it = waiters_.find(waited);
      if (it == waiters_.end()) continue;
      // On a listener, only as many accepts as there are connections to take.
      auto s = sockets_.find(waited);
      std::size_t n = it->second.size();
      if (s != sockets_.end() && s->second.listening)
        n = std::min(n, s->second.accept_queue.size());
      ready.insert(ready.end(), it->second.begin(),
                   it->second.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (fds.size() > 1) std::sort(ready.begin(), ready.end());  // thread order, whatever woke them
    for (std::size_t t : ready) {
      if (threads_[t].waiting && may_proceed(threads_[t])) run_thread(t);
    }
  });
}

// Only a cheap filter: an accept with an empty queue stays blocked.
bool Host::may_proceed(const Thread& th) {
  if (scenario_.steps[th.steps[th.next]].call != CallKind::Accept) return true;
  auto s = sockets_.find(th.wait_fd);
  return s == sockets_.end() || !s->second.accept_queue.empty();
}

void Host::set_waiting(std::size_t t, bool waiting, int fd) {
  Thread& th = threads_[t];
  if (th.waiting == waiting) return;
  if (waiting) {
    th.wait_fd = fd;
    waiters_[fd].push_back(t);
  } else {
    auto& list = waiters_[th.wait_fd];
    list.erase(std::find(list.begin(), list.end(), t));
    if (list.empty()) waiters_.erase(th.wait_fd);
  }
  th.waiting = waiting;
}

std::optional<CallOutcome> Host::attempt(Thread& thread, const Step& s) {
  switch (s.call) {
    case CallKind::Socket: return call_socket(s);
    case CallKind::Bind: return call_bind(s);
    case CallKind::Listen: return call_listen(s);
    case CallKind::Accept: return call_accept(s);
    case CallKind::Connect: return call_connect(thread, s);
    case CallKind::Send: return call_send(thread, s);
    case CallKind::Recv: return call_recv(thread, s);
    case CallKind::Shutdown: return call_shutdown(s);
    case CallKind::Close: return call_close(s);
    case CallKind::Setsockopt: return call_setsockopt(s);
    case CallKind::Sendto: return call_sendto(s, s.addr.value_or(wire::Ipv4Address()), s.port);
    case CallKind::Recvfrom: return call_recvfrom(s);
    case CallKind::SynFlood: return call_syn_flood(s);
  }
  return CallOutcome{-1, EINVAL};
}

std::string Host::describe(const Step& s) const {
  auto label = labels_.find(s.fd);
  std::string fd = label != labels_.end() ? std::to_string(label->second) : s.fd;
  std::string to = trace::endpoint_name(s.addr.value_or(wire::Ipv4Address()).value(), s.port);
  switch (s.call) {
    case CallKind::Socket: return s.udp ? "socket(UDP)" : "socket(TCP)";
    case CallKind::Bind: return fmt::format("bind({}, {})", fd, to);
    case CallKind::Listen: return fmt::format("listen({}, {})", fd, s.backlog);
    case CallKind::Accept: return fmt::format("accept({})", fd);
    case CallKind::Connect: return fmt::format("connect({}, {})", fd, to);
    case CallKind::Send: return fmt::format("send({}, {} bytes)", fd, s.data.size());
    case CallKind::Recv:
      return fmt::format("recv({}, {}{})", fd, s.size, s.waitall ? ", MSG_WAITALL" : "");
    case CallKind::Shutdown: {
      const char* how[] = {"SHUT_RD", "SHUT_WR", "SHUT_RDWR"};
      return fmt::format("shutdown({}, {})", fd, how[static_cast<int>(s.how)]);
    }
    case CallKind::Close: return fmt::format("close({})", fd);
    case CallKind::Setsockopt: {
      const char* opt[] = {"SO_REUSEADDR", "SO_LINGER", "TCP_NODELAY", "SO_BROADCAST"};
      return fmt::format("setsockopt({}, {}, {})", fd, opt[static_cast<int>(s.option)], s.value);
    }
    case CallKind::Sendto: return fmt::format("sendto({}, {} bytes, {})", fd, s.data.size(), to);
    case CallKind::Recvfrom: return fmt::format("recvfrom({}, {})", fd, s.size);
    case CallKind::SynFlood: return fmt::format("syn_flood({}, {} SYNs)", to, s.count);
  }
  return "?";
}

}  // namespace synack::sim

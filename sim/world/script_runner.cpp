#include "sim/world/script_runner.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace synack::sim {

using scenario::CallKind;
using scenario::Step;

ScriptRunner::ScriptRunner(const scenario::Scenario& scenario, trace::NodeId host,
                           ScriptSockets& sockets, ScriptClock& clock)
    : scenario_(scenario), host_(host), sockets_(sockets), clock_(clock) {}

void ScriptRunner::add_step(std::uint32_t index) {
  const Step& s = scenario_.steps[index];
  auto it = std::find_if(threads_.begin(), threads_.end(),
                         [&](const Thread& t) { return t.name == s.thread; });
  if (it == threads_.end()) {
    threads_.push_back(Thread{s.thread});
    it = threads_.end() - 1;
  }
  it->steps.push_back(index);
}

void ScriptRunner::start() {
  for (std::size_t t = 0; t < threads_.size(); ++t) schedule_thread(t);
}

void ScriptRunner::schedule_thread(std::size_t t) {
  const Thread& th = threads_[t];
  if (th.next >= th.steps.size()) return;
  const std::uint32_t step = th.steps[th.next];
  clock_.start_step(scenario_.steps[step].at, step, [this, t] { run_thread(t); });
}

trace::CallEvent ScriptRunner::call_event(std::uint32_t step, trace::TextId name, const Step& s,
                                          int fd) {
  trace::CallEvent e;
  e.host = host_;
  e.step = step;
  e.call = name;
  e.text = clock_.text(describe(s));
  e.fd = fd;
  return e;
}

// Runs the thread's current step; when it returns, the next step of the
// thread is queued to start (steps due at the same time start in file order).
void ScriptRunner::run_thread(std::size_t t) {
  Thread& th = threads_[t];
  const std::uint32_t index = th.steps[th.next];
  const Step& s = scenario_.steps[index];
  const std::optional<CallOutcome> out = sockets_.attempt(th.progress, s);
  const int fd = sockets_.fd_of(s.fd);
  const trace::TextId name = clock_.text(scenario::call_name(s.call));
  if (!out) {
    if (!th.waiting) {
      set_waiting(t, true, fd);
      trace::CallEvent issued = call_event(index, name, s, fd);
      issued.conn = th.progress.conn;
      issued.phase = trace::CallPhase::Issued;
      clock_.record(issued);
    }
    return;
  }
  trace::CallEvent returned = call_event(index, name, s, fd);
  if (out->has_data) returned.data = clock_.text(out->text);
  returned.conn = out->conn != trace::kNone ? out->conn : th.progress.conn;
  returned.err = out->err;
  returned.result = static_cast<std::int32_t>(out->result);
  clock_.record(returned);
  set_waiting(t, false, fd);
  th.progress = CallProgress{};
  ++th.next;
  schedule_thread(t);
}

void ScriptRunner::wake(int fd) {
  if (std::find(woken_fds_.begin(), woken_fds_.end(), fd) == woken_fds_.end()) {
    woken_fds_.push_back(fd);
  }
  if (wake_pending_) return;
  wake_pending_ = true;
  clock_.soon([this] {
    wake_pending_ = false;
    std::vector<int> fds;
    fds.swap(woken_fds_);
    std::vector<std::size_t> ready;
    for (int waited : fds) {
      auto it = waiters_.find(waited);
      if (it == waiters_.end()) continue;
      // On a listener, only as many accepts as there are connections to take.
      std::size_t n = it->second.size();
      if (sockets_.is_listening(waited)) n = std::min(n, sockets_.accept_ready(waited));
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
bool ScriptRunner::may_proceed(const Thread& th) const {
  if (scenario_.steps[th.steps[th.next]].call != CallKind::Accept) return true;
  return !sockets_.is_listening(th.wait_fd) || sockets_.accept_ready(th.wait_fd) > 0;
}

void ScriptRunner::set_waiting(std::size_t t, bool waiting, int fd) {
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

std::string ScriptRunner::describe(const Step& s) const {
  const int label = sockets_.fd_of(s.fd);
  const std::string fd = label >= 0 ? std::to_string(label) : s.fd;
  const std::string to = trace::endpoint_name(s.addr.value_or(wire::Ipv4Address()).value(), s.port);
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
      return fmt::format("setsockopt({}, {}, {})", fd, scenario::sockopt_name(s.option), s.value);
    }
    case CallKind::Sendto: return fmt::format("sendto({}, {} bytes, {})", fd, s.data.size(), to);
    case CallKind::Recvfrom: return fmt::format("recvfrom({}, {})", fd, s.size);
    case CallKind::SynFlood: return fmt::format("syn_flood({}, {} SYNs)", to, s.count);
  }
  return "?";
}

}  // namespace synack::sim

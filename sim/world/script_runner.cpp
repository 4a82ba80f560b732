#include "sim/world/script_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

namespace synack::sim {

using scenario::CallKind;
using scenario::Step;

void StepReturns::on_return(std::uint32_t step, std::function<void(trace::TimeUs)> fn) {
  if (at_[step]) {
    fn(*at_[step]);
  } else {
    waiting_[step].push_back(std::move(fn));
  }
}

void StepReturns::returned(std::uint32_t step, trace::TimeUs t) {
  if (at_[step]) return;
  at_[step] = t;
  std::vector<std::function<void(trace::TimeUs)>> waiting;
  waiting.swap(waiting_[step]);
  for (auto& fn : waiting) fn(t);
}

ScriptRunner::ScriptRunner(const scenario::Scenario& scenario, trace::NodeId host,
                           ScriptSockets& sockets, ScriptClock& clock, StepReturns& returns)
    : scenario_(scenario), host_(host), sockets_(sockets), clock_(clock), returns_(returns) {}

void ScriptRunner::add_step(std::uint32_t index) {
  const Step& s = scenario_.steps[index];
  if (s.in_each) return;  // run by the threads its accept starts
  const auto [it, fresh] = thread_named_.try_emplace(s.thread, threads_.size());
  if (fresh) threads_.push_back(Thread{s.thread});
  threads_[it->second].steps.push_back(index);
}

void ScriptRunner::start() {
  for (std::size_t t = 0; t < threads_.size(); ++t) schedule_thread(t);
}

// A step starts at its `at`, or once the step it is `after` returned.
void ScriptRunner::schedule_thread(std::size_t t) {
  const Thread& th = threads_[t];
  if (th.next >= th.steps.size()) return;
  const std::uint32_t step = th.steps[th.next];
  const Step& s = scenario_.steps[step];
  if (!s.after) {
    clock_.start_step(s.at, step, [this, t] { run_thread(t); });
    return;
  }
  returns_.on_return(*s.after, [this, t, step, delay = s.after_delay](trace::TimeUs returned) {
    clock_.start_step(tcp::later(returned, delay), step, [this, t] { run_thread(t); });
  });
}

int ScriptRunner::fd_of(const Thread& thread, const std::string& label) const {
  if (auto own = thread.labels.find(label); own != thread.labels.end()) return own->second;
  auto it = labels_.find(label);
  return it == labels_.end() ? -1 : it->second;
}

Call ScriptRunner::resolve(const Thread& thread, const Step& s) const {
  Call call{s, fd_of(thread, s.fd), s.addr.value_or(wire::Ipv4Address()), s.port};
  if (s.to_peer) {
    if (auto peer = peers_.find(call.fd); peer != peers_.end()) {
      call.to_ip = wire::Ipv4Address(peer->second.first);
      call.to_port = peer->second.second;
    }
  }
  return call;
}

trace::CallEvent ScriptRunner::call_event(std::uint32_t step, trace::TextId name,
                                          const Call& call) {
  trace::CallEvent e;
  e.host = host_;
  e.step = step;
  e.call = name;
  e.text = clock_.text(describe(call));
  e.fd = call.fd;
  return e;
}

// Runs the thread's current step; when it returns, the next step of the
// thread is queued to start (steps due at the same time start in file order).
void ScriptRunner::run_thread(std::size_t t) {
  if (halted_) return;
  Thread& th = threads_[t];
  const std::uint32_t index = th.steps[th.next];
  const Step& s = scenario_.steps[index];
  const Call call = resolve(th, s);
  std::optional<CallOutcome> out;
  if (s.to_peer && peers_.count(call.fd) == 0) {
    out = CallOutcome{-1, EDESTADDRREQ};  // no recvfrom has heard from anyone yet
  } else {
    out = sockets_.attempt(th.progress, call);
  }
  const trace::TextId name = clock_.text(scenario::call_name(s.call));
  if (!out) {
    if (!th.waiting) {
      set_waiting(t, true, call.fd);
      trace::CallEvent issued = call_event(index, name, call);
      issued.conn = th.progress.conn;
      issued.phase = trace::CallPhase::Issued;
      clock_.record(issued);
    }
    return;
  }
  trace::CallEvent ret = call_event(index, name, call);
  if (out->has_data) ret.data = clock_.text(out->text);
  ret.conn = out->conn != trace::kNone ? out->conn : th.progress.conn;
  ret.err = out->err;
  ret.result = static_cast<std::int32_t>(out->result);
  clock_.record(ret);
  set_waiting(t, false, call.fd);
  th.progress = CallProgress{};
  if (returned(t, s, call, *out)) ++th.next;
  returns_.returned(index, clock_.now());
  schedule_thread(t);
}

bool ScriptRunner::returned(std::size_t t, const Step& s, const Call& call,
                            const CallOutcome& out) {
  Thread& th = threads_[t];
  auto& labels = th.spawned ? th.labels : labels_;
  const bool made = out.err == 0 && out.result >= 0 && !s.as.empty();
  switch (s.call) {
    case CallKind::Socket:
      if (made) labels[s.as] = static_cast<int>(out.result);
      return true;
    case CallKind::Recvfrom:
      if (out.err == 0) peers_[call.fd] = {out.from_ip, out.from_port};
      return true;
    case CallKind::Accept: {
      if (!made) return true;
      if (s.each.empty()) {
        labels[s.as] = static_cast<int>(out.result);
        return true;
      }
      // A thread of its own for this connection, then accept again.
      Thread child{th.name + "/" + s.as + std::to_string(++th.accepted), s.each};
      child.spawned = true;
      child.labels = th.labels;
      child.labels[s.as] = static_cast<int>(out.result);
      const bool done = s.count != 0 && th.accepted >= s.count;
      threads_.push_back(std::move(child));
      schedule_thread(threads_.size() - 1);
      return done;
    }
    default: return true;
  }
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

std::string ScriptRunner::describe(const Call& call) const {
  const Step& s = call.step;
  const std::string fd = call.fd >= 0 ? std::to_string(call.fd) : s.fd;
  const std::string to = s.to_peer && call.to_port == 0
                             ? "peer"
                             : trace::endpoint_name(call.to_ip.value(), call.to_port);
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

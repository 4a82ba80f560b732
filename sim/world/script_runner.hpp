// Running one host's script: threads of steps, each step starting no earlier
// than its `at` and after the thread's previous step returned; blocking calls
// wait and are tried again whenever their socket has news. The runner knows
// nothing of how sockets work: it drives a ScriptSockets (the simulator's
// socket layer, or real sockets) on a ScriptClock (virtual or real time).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::sim {

// What a call returned.
struct CallOutcome {
  std::int64_t result = 0;  // socket, accept: the new socket's number
  int err = 0;
  std::string text{};  // data read (recv, recvfrom); else empty
  bool has_data = false;
  trace::ConnId conn = trace::kNone;
  std::uint32_t from_ip = 0;  // recvfrom: who sent the datagram
  std::uint16_t from_port = 0;
};

// How far a blocking call got before it blocked; kept between attempts.
struct CallProgress {
  bool started = false;               // the call was made once (connect: handshake begun)
  std::size_t sent = 0;               // bytes of a blocked send already accepted
  std::string got{};                  // bytes a blocked MSG_WAITALL recv already read
  trace::ConnId conn = trace::kNone;  // the connection a blocked connect made
};

// One attempt at a step's call, with what the runner resolved for it.
struct Call {
  const scenario::Step& step;
  int fd = -1;                // the socket the step's label stands for now; -1 when none
  wire::Ipv4Address to_ip{};  // connect, sendto, syn_flood: the destination
  std::uint16_t to_port = 0;
};

// The sockets a script's calls are made on.
class ScriptSockets {
 public:
  virtual ~ScriptSockets() = default;
  // Makes the call, or continues it; nullopt when it blocks (the runner tries
  // again after a wake-up of the socket it waits on).
  virtual std::optional<CallOutcome> attempt(CallProgress& progress, const Call& call) = 0;
  // Connections waiting to be accepted on `fd` (a blocked accept waits for one).
  virtual std::size_t accept_ready(int fd) const = 0;
  virtual bool is_listening(int fd) const = 0;
};

// When each step first returned, shared by the runners of every host, so a
// step can start after a step of another host (`after:`).
class StepReturns {
 public:
  explicit StepReturns(std::size_t steps) : at_(steps), waiting_(steps) {}
  // Calls `fn` with the time `step` returned: now if it has, else when it does.
  void on_return(std::uint32_t step, std::function<void(trace::TimeUs)> fn);
  void returned(std::uint32_t step, trace::TimeUs t);

 private:
  std::vector<std::optional<trace::TimeUs>> at_;
  std::vector<std::vector<std::function<void(trace::TimeUs)>>> waiting_;
};

// The clock and the record a script runs against.
class ScriptClock {
 public:
  virtual ~ScriptClock() = default;
  virtual trace::TimeUs now() const = 0;
  // Starts script step `step` at `t`; steps due at the same time start in file order.
  virtual void start_step(trace::TimeUs t, std::uint32_t step, std::function<void()> run) = 0;
  // Runs `fn` after what is running now, at the same time.
  virtual void soon(std::function<void()> fn) = 0;
  virtual void record(trace::Record r) = 0;
  virtual trace::TextId text(std::string_view s) = 0;
};

class ScriptRunner {
 public:
  ScriptRunner(const scenario::Scenario& scenario, trace::NodeId host, ScriptSockets& sockets,
               ScriptClock& clock, StepReturns& returns);

  // Script steps of this host, by index into scenario.steps, in file order.
  void add_step(std::uint32_t index);
  // Schedules each thread's first step.
  void start();
  // Blocked calls on socket `fd` may proceed: try them again, soon.
  void wake(int fd);
  // The host went down: no step runs again, whatever was queued.
  void halt() { halted_ = true; }

 private:
  struct Thread {
    std::string name;
    std::vector<std::uint32_t> steps{};
    std::size_t next = 0;
    bool waiting = false;  // the current step blocked
    CallProgress progress{};
    int wait_fd = -1;      // the socket a blocked call waits on
    int accepted = 0;      // connections the current accept (with `each`) started threads for
    bool spawned = false;  // started by an accept's `each`: its labels are its own
    std::map<std::string, int, std::less<>> labels{};  // a spawned thread's own labels
  };

  void run_thread(std::size_t t);
  void schedule_thread(std::size_t t);
  bool may_proceed(const Thread& thread) const;
  void set_waiting(std::size_t t, bool waiting, int fd);
  // The socket number `label` stands for in thread `t`; -1 when none.
  int fd_of(const Thread& thread, const std::string& label) const;
  Call resolve(const Thread& thread, const scenario::Step& s) const;
  // What the script learns from a call that returned: labels, the peer of a
  // recvfrom, the threads an accept starts. True when the step is done.
  bool returned(std::size_t t, const scenario::Step& s, const Call& call, const CallOutcome& out);
  // "connect(3, 10.0.0.2:80)": the call as made, with socket numbers for labels.
  std::string describe(const Call& call) const;
  trace::CallEvent call_event(std::uint32_t step, trace::TextId name, const Call& call);

  const scenario::Scenario& scenario_;
  trace::NodeId host_;
  ScriptSockets& sockets_;
  ScriptClock& clock_;
  StepReturns& returns_;
  std::deque<Thread> threads_;  // spawned threads join while others run
  std::map<std::string, std::size_t, std::less<>> thread_named_;  // the script's threads
  std::map<std::string, int, std::less<>> labels_;  // socket labels of the host's threads
  std::map<int, std::pair<std::uint32_t, std::uint16_t>> peers_;  // last recvfrom source by socket
  bool halted_ = false;
  bool wake_pending_ = false;
  std::vector<int> woken_fds_;
  std::map<int, std::vector<std::size_t>> waiters_;  // blocked threads by the socket they wait on
};

}  // namespace synack::sim

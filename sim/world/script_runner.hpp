// Running one host's script: threads of steps, each step starting no earlier
// than its `at` and after the thread's previous step returned; blocking calls
// wait and are tried again whenever their socket has news. The runner knows
// nothing of how sockets work: it drives a ScriptSockets (the simulator's
// socket layer, or real sockets) on a ScriptClock (virtual or real time).
#pragma once

#include <cstdint>
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
  std::int64_t result = 0;
  int err = 0;
  std::string text{};  // data read (recv, recvfrom); else empty
  bool has_data = false;
  trace::ConnId conn = trace::kNone;
};

// How far a blocking call got before it blocked; kept between attempts.
struct CallProgress {
  bool started = false;               // the call was made once (connect: handshake begun)
  std::size_t sent = 0;               // bytes of a blocked send already accepted
  std::string got{};                  // bytes a blocked MSG_WAITALL recv already read
  trace::ConnId conn = trace::kNone;  // the connection a blocked connect made
};

// The sockets a script's calls are made on.
class ScriptSockets {
 public:
  virtual ~ScriptSockets() = default;
  // Makes the step's call, or continues it; nullopt when it blocks (the runner
  // tries again after a wake-up of the socket it waits on).
  virtual std::optional<CallOutcome> attempt(CallProgress& progress,
                                             const scenario::Step& step) = 0;
  // The socket number a label stands for now; -1 when none.
  virtual int fd_of(const std::string& label) const = 0;
  // Connections waiting to be accepted on `fd` (a blocked accept waits for one).
  virtual std::size_t accept_ready(int fd) const = 0;
  virtual bool is_listening(int fd) const = 0;
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
               ScriptClock& clock);

  // Script steps of this host, by index into scenario.steps, in file order.
  void add_step(std::uint32_t index);
  // Schedules each thread's first step.
  void start();
  // Blocked calls on socket `fd` may proceed: try them again, soon.
  void wake(int fd);

  // "connect(3, 10.0.0.2:80)": the call as made, with socket numbers for labels.
  std::string describe(const scenario::Step& step) const;

 private:
  struct Thread {
    std::string name;
    std::vector<std::uint32_t> steps{};
    std::size_t next = 0;
    bool waiting = false;  // the current step blocked
    CallProgress progress{};
    int wait_fd = -1;  // the socket a blocked call waits on
  };

  void run_thread(std::size_t t);
  void schedule_thread(std::size_t t);
  bool may_proceed(const Thread& thread) const;
  void set_waiting(std::size_t t, bool waiting, int fd);
  trace::CallEvent call_event(std::uint32_t step, trace::TextId name, const scenario::Step& s,
                              int fd);

  const scenario::Scenario& scenario_;
  trace::NodeId host_;
  ScriptSockets& sockets_;
  ScriptClock& clock_;
  std::vector<Thread> threads_;
  bool wake_pending_ = false;
  std::vector<int> woken_fds_;
  std::map<int, std::vector<std::size_t>> waiters_;  // blocked threads by the socket they wait on
};

}  // namespace synack::sim

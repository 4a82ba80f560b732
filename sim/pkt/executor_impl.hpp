// The executor's state, shared by executor.cpp (time, segments) and
// executor_calls.cpp (system calls, shell lines, code blocks).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/tcp_endpoint.hpp"
#include "sim/pkt/executor.hpp"

namespace synack::pkt {

// Thrown to end a script: a failed expectation or an unsupported construct.
struct Stop : std::runtime_error {
  Stop(Verdict v, int l, const std::string& m) : std::runtime_error(m), verdict(v), line(l) {}
  Verdict verdict;
  int line;
};

// Initial sequence numbers. The model's is 0, so that replies computed from a
// peer's ACK field (<SEQ=SEG.ACK><CTL=RST>) read the same relative and absolute.
inline constexpr std::uint32_t kLocalIss = 0;
inline constexpr std::uint32_t kRemoteIsn = 0x40000000;
// The largest payload or byte count a script may ask for (the model holds bytes).
inline constexpr std::int64_t kMaxBytes = 16 * 1024 * 1024;

struct Socket {
  std::unique_ptr<tcp::Endpoint> ep;
  bool listener = false;
  int backlog = 0;
  std::vector<std::unique_ptr<tcp::Endpoint>> pending;  // SYN-RECEIVED or not yet accepted
  bool nonblocking = false;
  bool linger_abort = false;  // SO_LINGER with a zero timeout: close() sends RST
  int so_error = 0;
};

class Executor {
 public:
  explicit Executor(const Script& s);
  Outcome run();

  // executor_calls.cpp
  void syscall(const Event& e, const SyscallEvent& call);
  void shell(const Event& e, const ShellEvent& sh);
  void code(const Event& e, const CodeEvent& c);

 private:
  friend struct CallContext;
  const Script& script_;
  tcp::Settings settings_;
  tcp::FixedIsn isn_{kLocalIss};
  tcp::TimeUs now_ = 0;
  std::map<int, Socket> fds_;
  std::vector<std::unique_ptr<tcp::Endpoint>> orphans_;  // closed by the application
  struct Sent {
    tcp::TimeUs time;
    tcp::Segment seg;
  };
  std::deque<Sent> outbound_;
  int last_fd_ = -1;

  tcp::TimeUs event_time(const Event& e, tcp::TimeUs previous) const;
  std::unique_ptr<tcp::Endpoint> new_endpoint();
  std::vector<tcp::Endpoint*> endpoints();
  void collect();
  void take_output(tcp::Endpoint& ep);
  void advance_to(tcp::TimeUs t, bool stop_on_output);
  void inject(const Event& e, const TcpPacket& p);
  tcp::TimeUs expect(const Event& e, const TcpPacket& p, tcp::TimeUs t);
  std::string model_state() const;
  [[noreturn]] void fail(const Event& e, const std::string& message) const;
  [[noreturn]] void skip(const Event& e, const std::string& message) const;

  Socket& socket_at(const Event& e, const SyscallEvent& call, std::size_t arg);
  void check_result(const Event& e, const SyscallEvent& call, long result, const char* err);
  void apply_sysctl(const std::string& name, long value);
  int count_in_state(tcp::State s);
};

}  // namespace synack::pkt

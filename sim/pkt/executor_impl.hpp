// The executor's state, shared by executor.cpp (time, segments) and
// executor_calls.cpp (system calls, shell lines, code blocks).
#pragma once

#include <fmt/format.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/socket/stack.hpp"
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
// The longest time a sysctl may give (`net.inet.tcp.rexmit_initial=MS`), in milliseconds: one day.
inline constexpr std::int64_t kMaxSysctlMs = 86'400'000;

// A time in the messages: "3.200" (seconds).
inline std::string seconds(tcp::TimeUs t) {
  return fmt::format("{:.3f}", static_cast<double>(t) / 1e6);
}

// The one host the script talks to, and its one peer.
inline constexpr std::uint32_t kLocalIp = 0x0a000001;   // 10.0.0.1
inline constexpr std::uint32_t kRemoteIp = 0xc0000201;  // 192.0.2.1
inline constexpr std::uint16_t kPort = 8080;            // both ends'

// The model's host: one address, every destination reachable.
struct ModelInterfaces final : sock::Interfaces {
  bool is_local(sock::Ip ip) const override { return ip == kLocalIp; }
  std::optional<sock::Ip> source_for(sock::Ip) const override { return kLocalIp; }
  bool is_broadcast(sock::Ip) const override { return false; }
  sock::Ip primary() const override { return kLocalIp; }
};

class Executor {
 public:
  explicit Executor(const Script& s);
  Outcome run();

  // executor_calls.cpp
  // `end`: when the call must return, give or take the tolerance.
  void syscall(const Event& e, const SyscallEvent& call, tcp::TimeUs end);
  void shell(const Event& e, const ShellEvent& sh);
  void code(const Event& e, const CodeEvent& c);

 private:
  const Script& script_;
  tcp::FixedIsn isn_{kLocalIss};
  ModelInterfaces interfaces_;
  std::unique_ptr<sock::Stack> stack_;  // the model: a socket layer over the endpoint
  tcp::TimeUs now_ = 0;
  std::set<int> nonblocking_;  // sockets with O_NONBLOCK
  struct Sent {
    tcp::TimeUs time;
    tcp::Segment seg;
  };
  std::deque<Sent> outbound_;
  // A blocking call still waiting, as packetdrill's system-call thread runs it:
  // the script goes on, and the call must return at its end time.
  struct Blocked {
    const Event* event = nullptr;
    const SyscallEvent* call = nullptr;
    tcp::TimeUs end = 0;
    std::function<sock::Result()> retry;  // the call again: EAGAIN, EALREADY or EINPROGRESS
  };
  std::optional<Blocked> blocked_;
  int last_fd_ = -1;
  sock::ConnHandle last_closed_ = sock::kNoConn;  // the connection of the socket last closed

  tcp::TimeUs event_time(const Event& e, tcp::TimeUs previous) const;
  // The latest time of a range (`t~end`, a blocking call's `t...end`); `t` without one.
  tcp::TimeUs end_time(const Event& e, tcp::TimeUs previous, std::optional<std::int64_t> end,
                       tcp::TimeUs t) const;
  tcp::TimeUs tolerance() const { return script_.tolerance_usecs; }
  void finish_blocked();
  [[noreturn]] void still_blocked() const;
  void collect();
  void advance_to(tcp::TimeUs t, bool stop_on_output);
  void inject(const Event& e, const TcpPacket& p);
  void inject_icmp(const IcmpPacket& p);
  tcp::TimeUs expect(const Event& e, const TcpPacket& p, tcp::TimeUs t, tcp::TimeUs latest);
  std::string model_state() const;
  [[noreturn]] void fail(const Event& e, const std::string& message) const;
  [[noreturn]] void skip(const Event& e, const std::string& message) const;

  int socket_at(const Event& e, const SyscallEvent& call, std::size_t arg);
  void check_result(const Event& e, const SyscallEvent& call, tcp::TimeUs end,
                    const sock::Result& r);
  void apply_sysctl(const std::string& name, std::int64_t value);
  // The number at byte `at` of a shell line's or a code block's text (which starts at `start`
  // in the script), from min to max; a ParseError naming file:line:column otherwise.
  std::int64_t number(Position start, std::string_view text, std::size_t at, std::int64_t min,
                      std::int64_t max, const std::string& what) const;
  int count_in_state(tcp::State s) const;
};

}  // namespace synack::pkt

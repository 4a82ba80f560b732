// A host's script calls on real, non-blocking Linux sockets in the host's
// network namespace. A call that would block (EAGAIN, a connect in
// progress) returns nullopt, and the socket's readiness (poll) wakes the
// runner, so the script's steps block for real while one thread drives every
// host. Socket numbers are given as a fresh process would get them (3, 4, ...
// lowest free), so results read as the simulator's do.
#pragma once

#include <netinet/in.h>
#include <poll.h>

#include <map>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/world/script_runner.hpp"

namespace synack::live {

// Connection `number` (0, 1, ... when a 4-tuple is used again) with the ends
// `id` on `host` in the trace, added (with those before it) when new.
trace::ConnId conn_of(trace::Trace& trace, trace::NodeId host, const tcp::ConnectionId& id,
                      std::uint32_t number = 0);

class RealSockets final : public sim::ScriptSockets {
 public:
  // `netns_fd`: an open descriptor of the host's namespace (sockets are made there).
  RealSockets(trace::Trace& trace, trace::NodeId host, wire::Ipv4Address address, int netns_fd,
              const scenario::HostSettings& settings);
  ~RealSockets() override;
  RealSockets(const RealSockets&) = delete;
  RealSockets& operator=(const RealSockets&) = delete;

  std::optional<sim::CallOutcome> attempt(sim::CallProgress& progress,
                                          const sim::Call& call) override;
  std::size_t accept_ready(int fd) const override;
  bool is_listening(int fd) const override;

  // What blocked calls wait for: (socket number, real descriptor, poll events).
  struct Wait {
    int fd = -1;
    int real = -1;
    short events = 0;
  };
  std::vector<Wait> waits() const;
  // Resets every socket still open (SO_LINGER 0, close), so none outlives the run.
  void reset_all();

 private:
  int real(int fd) const;
  int add_fd(int real);
  sim::CallOutcome done(long value);  // value, or -1 with errno
  // A new connection in the trace for a socket that listen, connect or accept
  // made, named by its two ends (each such call makes a connection of its own).
  trace::ConnId conn_for(int real, bool listener, const sockaddr_in* remote = nullptr);
  std::optional<sim::CallOutcome> call_connect(sim::CallProgress& progress, const sim::Call& call);
  std::optional<sim::CallOutcome> call_send(sim::CallProgress& progress, const sim::Call& call);
  std::optional<sim::CallOutcome> call_recv(sim::CallProgress& progress, const sim::Call& call);
  std::optional<sim::CallOutcome> call_recvfrom(const sim::Call& call);
  sim::CallOutcome call_setsockopt(const sim::Call& call);
  void block(int fd, short events) { waits_[fd] |= events; }

  trace::Trace& trace_;
  trace::NodeId host_;
  wire::Ipv4Address address_;
  int netns_fd_;
  const scenario::HostSettings& settings_;
  std::map<int, int> fds_;  // socket number -> real descriptor
  std::map<int, bool> listening_;
  std::map<int, short> waits_;
};

}  // namespace synack::live

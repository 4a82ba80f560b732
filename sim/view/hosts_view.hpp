// What the Hosts panel shows at step N: each host's interfaces (address, mask,
// network by AND), ARP cache and sockets with their states, each switch's MAC
// table, each listener's SYN and accept queues, and the counters, as they were
// after the first N records; what the N-th record changed is marked. Folding
// moves forward from where it was, and from a checkpoint when it goes back,
// so stepping through a million records stays cheap.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/trace/trace.hpp"

namespace synack::view {

using trace::kNone;

struct InterfaceRow {
  std::string name;     // "eth0"
  std::string address;  // "10.0.0.1/24"
  std::string mask;     // "255.255.255.0"
  std::string network;  // "10.0.0.0/24"
  std::string and_sum;  // "10.0.0.1 AND 255.255.255.0 = 10.0.0.0"
  std::string mac;
};
std::vector<InterfaceRow> interface_rows(const trace::NodeInfo& node);

// `changed_at` is the index of the record that last changed an entry.
struct ArpEntry {
  wire::MacAddress mac;
  trace::ArpOp op = trace::ArpOp::Learned;
  std::uint32_t changed_at = kNone;
  bool present() const { return op == trace::ArpOp::Learned || op == trace::ArpOp::Updated; }
};
struct MacEntry {
  std::uint16_t port = 0;
  trace::MacOp op = trace::MacOp::Learned;
  std::uint32_t changed_at = kNone;
  bool present() const { return op != trace::MacOp::Aged; }
};
struct SocketEntry {
  tcp::State state = tcp::State::Closed;
  std::uint32_t changed_at = kNone;
};
struct QueueEntry {
  std::uint16_t syn_queue = 0, accept_queue = 0, backlog = 0;
  std::uint32_t changed_at = kNone;
  // How full each queue is, 0 to 1, as a bar shows it.
  float syn_fill() const { return backlog == 0 ? 0 : std::min(1.0f, float(syn_queue) / backlog); }
  float accept_fill() const {
    return backlog == 0 ? 0 : std::min(1.0f, float(accept_queue) / backlog);
  }
};
struct CounterEntry {
  std::int64_t value = 0;
  std::uint32_t changed_at = kNone;
};

struct NodeState {
  std::map<std::uint32_t, ArpEntry> arp;         // by IPv4 address
  std::map<wire::MacAddress, MacEntry> macs;     // switches
  std::vector<trace::ConnId> sockets;            // in the order they appeared
  std::map<std::uint16_t, QueueEntry> queues;    // by listening port
  std::map<std::string, CounterEntry> counters;  // by name
};

struct HostsState {
  std::size_t step = 0;            // records applied
  std::vector<NodeState> nodes;    // by NodeId
  std::vector<SocketEntry> conns;  // by ConnId
  // Whether the record that made step N (the last one applied) changed it.
  bool changed_now(std::uint32_t changed_at) const { return step > 0 && changed_at == step - 1; }
};

class HostsFolder {
 public:
  static constexpr std::size_t kCheckpointEvery = 1 << 16;

  explicit HostsFolder(const trace::Trace& trace);
  // The world after the first `step` records (clamped to the trace).
  const HostsState& at(std::size_t step);

 private:
  void apply(std::uint32_t index);

  const trace::Trace& trace_;
  HostsState state_;
  std::vector<HostsState>
      checkpoints_;  // checkpoints_[k] is the state at step k * kCheckpointEvery
};

}  // namespace synack::view

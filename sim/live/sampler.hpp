// Follows the kernel's TCP states of every socket in the lab's hosts and
// routers through the sock_diag netlink interface (inet_diag: what `ss`
// reads; TIME-WAIT and SYN-RECEIVED are visible there, unlike in TCP_INFO),
// the ARP caches through the neighbour table, and the switches' MAC tables
// through the bridges' forwarding databases, on one thread, until stop().
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/live/lab.hpp"

namespace synack::live {

// A socket's state as one sample saw it change; Closed when it is gone.
struct SampledState {
  tcp::TimeUs t_us = 0;  // real time
  trace::NodeId host = 0;
  tcp::ConnectionId id;  // local first; a listener's remote end is 0.0.0.0:0
  tcp::State state = tcp::State::Closed;
};

// A neighbour (ARP) entry or a bridge forwarding entry that appeared or changed.
struct SampledEntry {
  tcp::TimeUs t_us = 0;
  trace::NodeId node = 0;
  wire::Ipv4Address ip;  // ARP entries
  wire::MacAddress mac;
  std::uint16_t port = 0;  // bridge entries: the switch port
  bool failed = false;     // ARP resolution failed
  bool changed = false;    // an entry that was there before with another MAC or port
};

// A listening socket's queues after a change: half-open connections (request
// sockets on its port), connections waiting for accept, and its backlog.
struct SampledQueue {
  tcp::TimeUs t_us = 0;
  trace::NodeId host = 0;
  std::uint16_t port = 0;
  std::uint16_t syn_queue = 0, accept_queue = 0, backlog = 0;
};

struct Samples {
  std::vector<SampledState> states;
  std::vector<SampledQueue> queues;
  std::vector<SampledEntry> arp;
  std::vector<SampledEntry> mac;
  std::uint64_t rounds = 0;
  tcp::TimeUs longest_gap_us = 0;  // the longest time between two samples of one namespace
};

class Sampler {
 public:
  // Opens the netlink sockets inside each namespace; throws std::runtime_error.
  Sampler(const Lab& lab, const trace::Trace& header);
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  void start();
  Samples stop();
  // Sockets in TIME-WAIT at the last sample.
  int time_wait() const { return time_wait_; }
  // Neighbour entries still being resolved (ARP requests going out) at the last sample.
  int resolving() const { return resolving_; }

 private:
  struct Node {
    trace::NodeId id = 0;
    bool is_switch = false;
    int diag = -1;                                     // NETLINK_SOCK_DIAG (hosts, routers)
    int route = -1;                                    // NETLINK_ROUTE
    std::vector<std::pair<int, std::uint16_t>> ports;  // bridge port ifindex -> port number
  };
  void run();
  void sample_sockets(Node& node);
  void sample_neighbours(Node& node);

  using SocketKey =
      std::tuple<trace::NodeId, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;
  std::vector<Node> nodes_;
  Samples samples_;
  std::map<SocketKey, tcp::State> known_;  // every socket's state at the last sample
  std::map<std::pair<trace::NodeId, std::uint32_t>, SampledEntry> arp_;     // by node and IP
  std::map<std::pair<trace::NodeId, std::string>, std::uint16_t> fdb_;      // by switch and MAC
  std::map<std::pair<trace::NodeId, std::uint16_t>, SampledQueue> queues_;  // by host, port
  std::atomic<int> time_wait_{0};
  std::atomic<int> resolving_{0};
  int resolving_now_ = 0;  // counted over one round
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace synack::live

// The benchmark's workload as a scenario: N clients each connect to one
// server, send B bytes and close; the server reads to the end and closes too.
// ARP starts with empty caches.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/scenario/scenario.hpp"

namespace synack::sim {

enum class BenchTopology : std::uint8_t {
  // One learning switch, every host on one /16: each client's ARP broadcast
  // reaches every other host, so frames grow as N².
  Lan,
  // Clients in /24 subnets of kBenchSubnetHosts behind access routers of
  // kBenchSubnetsPerRouter subnets each, joined by a backbone switch to the
  // server's router: a broadcast stays in its subnet. Clients' links are 100
  // Mbps; the server's, the routers' uplinks and the backbone 10 Gbps.
  Routed,
};
const char* bench_topology_name(BenchTopology t);  // "lan", "routed"

inline constexpr int kBenchSubnetHosts = 250;
inline constexpr int kBenchSubnetsPerRouter = 250;
// The most clients each topology has addresses for.
inline constexpr int kBenchMaxLanClients = 65533;  // a /16 less the server and broadcast
inline constexpr int kBenchMaxRoutedClients = 1'000'000;

struct BenchWorkload {
  int clients = 100;
  std::size_t bytes = 1000;
  BenchTopology topology = BenchTopology::Lan;
};

scenario::Scenario bench_workload(const BenchWorkload& w);

// The server's name in it, and the address clients connect to.
inline constexpr const char* kBenchServer = "server";

}  // namespace synack::sim

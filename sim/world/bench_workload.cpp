#include "sim/world/bench_workload.hpp"

#include <fmt/format.h>

#include "sim/scenario/load.hpp"

namespace synack::sim {

namespace {

using scenario::CallKind;
using scenario::Step;
using wire::Ipv4Address;

Ipv4Address ip(unsigned a, unsigned b, unsigned c, unsigned d) {
  return Ipv4Address((a << 24) | (b << 16) | (c << 8) | d);
}

Step step(const std::string& host, CallKind call, const std::string& fd,
          const std::string& thread) {
  Step s;
  s.host = host;
  s.call = call;
  s.fd = fd;
  s.thread = thread;
  return s;
}

// A client's link, and the links towards the server on the routed topology,
// which carry every client's traffic (as a data centre's uplinks do): at 100
// Mbps they would queue segments past the RTO at 100 000 clients.
constexpr std::uint64_t kEdgeBps = 100'000'000;
constexpr std::uint64_t kCoreBps = 10'000'000'000;

// Hosts, routers and switches with their links; every node's MAC comes from
// its index, as the loader numbers them.
class Network {
 public:
  explicit Network(scenario::Scenario& s) : s_(s) {}

  void add_switch(const std::string& name) {
    s_.switches.push_back(scenario::SwitchSpec{name, 300 * tcp::kSeconds, {}});
  }
  void add_host(const std::string& name, wire::Ipv4Cidr address, std::optional<Ipv4Address> gateway,
                const std::string& on_switch, std::uint64_t bps = kEdgeBps) {
    scenario::HostSpec h;
    h.name = name;
    h.iface.address = address;
    h.iface.mac = scenario::default_mac(nodes_++, 0);
    h.gateway = gateway;
    s_.hosts.push_back(h);
    link(name, "", on_switch, bps);
  }
  // A router's interfaces, each on its switch; the first `core` on core links.
  void add_router(const std::string& name,
                  const std::vector<std::pair<wire::Ipv4Cidr, std::string>>& ifaces,
                  std::vector<scenario::StaticRoute> routes, std::size_t core) {
    scenario::RouterSpec r;
    r.name = name;
    r.routes = std::move(routes);
    const std::size_t index = nodes_++;
    for (std::size_t i = 0; i < ifaces.size(); ++i) {
      scenario::InterfaceSpec iface;
      iface.name = fmt::format("eth{}", i);
      iface.address = ifaces[i].first;
      iface.mac = scenario::default_mac(index, i);
      r.interfaces.push_back(iface);
      link(name, iface.name, ifaces[i].second, i < core ? kCoreBps : kEdgeBps);
    }
    s_.routers.push_back(std::move(r));
  }

 private:
  void link(const std::string& node, const std::string& iface, const std::string& on_switch,
            std::uint64_t bps) {
    scenario::LinkSpec l;
    l.bandwidth_bps = bps;
    l.name = fmt::format("{}{}{}-{}", node, iface.empty() ? "" : ":", iface, on_switch);
    l.a.node = node;
    l.a.iface = iface;
    l.b.node = on_switch;
    s_.links.push_back(l);
  }
  scenario::Scenario& s_;
  std::size_t nodes_ = 0;
};

// Where client i (from 0) lives on the routed topology: access router k
// (from 1), subnet j on it, 10.k.j.0/24, host m of that subnet (.2 up).
struct Place {
  unsigned router, subnet, host;
};
Place place(int i) {
  const auto n = static_cast<unsigned>(i);
  const auto per_router = static_cast<unsigned>(kBenchSubnetHosts * kBenchSubnetsPerRouter);
  return {n / per_router + 1, n % per_router / kBenchSubnetHosts, n % kBenchSubnetHosts};
}

// Builds the nodes; returns each client's name and the server's address.
Ipv4Address build_topology(const BenchWorkload& w, scenario::Scenario& s,
                           std::vector<std::string>& clients) {
  Network net(s);
  for (int i = 0; i < w.clients; ++i) clients.push_back(fmt::format("client{}", i + 1));
  if (w.topology == BenchTopology::Lan) {
    net.add_switch("sw");
    net.add_host(kBenchServer, wire::Ipv4Cidr(ip(10, 0, 0, 1), 16), std::nullopt, "sw");
    for (int i = 0; i < w.clients; ++i) {
      const auto n = static_cast<unsigned>(i + 2);
      net.add_host(clients[i], wire::Ipv4Cidr(ip(10, 0, n >> 8, n & 0xFF), 16), std::nullopt, "sw");
    }
    return ip(10, 0, 0, 1);
  }
  // The server's LAN 10.0.0.0/24 and its router "gw", whose other side is the
  // backbone 10.255.0.0/24 with the access routers r1, r2, ...
  const int routers = w.clients == 0 ? 0 : static_cast<int>(place(w.clients - 1).router);
  net.add_switch("sw-server");
  net.add_switch("backbone");
  net.add_host(kBenchServer, wire::Ipv4Cidr(ip(10, 0, 0, 2), 24), ip(10, 0, 0, 1), "sw-server",
               kCoreBps);
  std::vector<scenario::StaticRoute> to_clients;
  for (int k = 1; k <= routers; ++k) {
    const auto r = static_cast<unsigned>(k);
    to_clients.push_back({wire::Ipv4Cidr(ip(10, r, 0, 0), 16), ip(10, 255, 0, r + 1), {}});
  }
  net.add_router("gw",
                 {{wire::Ipv4Cidr(ip(10, 0, 0, 1), 24), "sw-server"},
                  {wire::Ipv4Cidr(ip(10, 255, 0, 1), 24), "backbone"}},
                 std::move(to_clients), 2);
  for (int first = 0; first < w.clients;) {
    const unsigned k = place(first).router;
    std::vector<std::pair<wire::Ipv4Cidr, std::string>> ifaces = {
        {wire::Ipv4Cidr(ip(10, 255, 0, k + 1), 24), "backbone"}};
    int i = first;
    for (; i < w.clients && place(i).router == k; ++i) {
      const Place p = place(i);
      const std::string sw = fmt::format("sw{}-{}", k, p.subnet);
      if (p.host == 0) {
        net.add_switch(sw);
        ifaces.push_back({wire::Ipv4Cidr(ip(10, k, p.subnet, 1), 24), sw});
      }
      net.add_host(clients[i], wire::Ipv4Cidr(ip(10, k, p.subnet, p.host + 2), 24),
                   ip(10, k, p.subnet, 1), sw);
    }
    net.add_router(fmt::format("r{}", k), ifaces, {{wire::Ipv4Cidr(), ip(10, 255, 0, 1), {}}},
                   1);  // default route: gw
    first = i;
  }
  return ip(10, 0, 0, 2);
}

}  // namespace

const char* bench_topology_name(BenchTopology t) {
  return t == BenchTopology::Lan ? "lan" : "routed";
}

scenario::Scenario bench_workload(const BenchWorkload& w) {
  scenario::Scenario s;
  s.name = "bench";
  s.description =
      fmt::format("{} clients each send {} bytes to one server {}", w.clients, w.bytes,
                  w.topology == BenchTopology::Lan ? "over one switch" : "from behind routers");
  // Room for all at once: growing would copy every step.
  const auto n = static_cast<std::size_t>(w.clients);
  s.hosts.reserve(n + 1);
  s.links.reserve(n + 1 + 2 * (n / kBenchSubnetHosts + 2));
  s.steps.reserve(3 + 8 * n);
  std::vector<std::string> clients;
  clients.reserve(n);
  const Ipv4Address server = build_topology(w, s, clients);

  // Each step is built in its place (a step holding 1 MB is not copied).
  const auto add = [&s](const std::string& host, CallKind call, const std::string& fd,
                        const std::string& thread) -> Step& {
    return s.steps.emplace_back(step(host, call, fd, thread));
  };
  add(kBenchServer, CallKind::Socket, "", "main").as = "l";
  add(kBenchServer, CallKind::Bind, "l", "main").port = 80;
  add(kBenchServer, CallKind::Listen, "l", "main").backlog = w.clients;
  std::vector<std::uint8_t> payload(w.bytes);
  for (std::size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<std::uint8_t>('a' + i % 26);
  for (int i = 0; i < w.clients; ++i) {
    const std::string thread = fmt::format("t{}", i), conn = fmt::format("c{}", i);
    add(kBenchServer, CallKind::Accept, "l", thread).as = conn;
    Step& recv = add(kBenchServer, CallKind::Recv, conn, thread);
    recv.size = w.bytes;
    recv.waitall = true;
    add(kBenchServer, CallKind::Recv, conn, thread).size = 1;  // the end of the stream
    add(kBenchServer, CallKind::Close, conn, thread);
  }
  for (const std::string& name : clients) {
    add(name, CallKind::Socket, "", "main").as = "s";
    Step& connect = add(name, CallKind::Connect, "s", "main");
    connect.addr = server;
    connect.port = 80;
    add(name, CallKind::Send, "s", "main").data = payload;
    add(name, CallKind::Close, "s", "main");
  }
  return s;
}

}  // namespace synack::sim

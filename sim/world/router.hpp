// A router: IPv4 forwarding between its interfaces' subnets (RFC 1812 §5.2):
// longest-prefix match over connected subnets and static routes, TTL
// decremented, ARP on the outgoing side, a new frame with the router's own MAC
// as source. A packet it cannot forward gets an ICMP error (RFC 1812 §4.3.3.1,
// §5.3.1): net unreachable without a route, time exceeded when its TTL runs
// out, host unreachable when ARP for the next hop fails.
#pragma once

#include "sim/world/l3.hpp"

namespace synack::sim {

class Router final : public L3Node {
 public:
  Router(World& world, NodeId id, std::vector<Interface> ifaces,
         std::vector<scenario::StaticRoute> routes, const scenario::HostSettings& settings)
      : L3Node(world, id, std::move(ifaces), settings), routes_(std::move(routes)) {}

 protected:
  // Nothing listens here.
  void deliver_ip(std::size_t, const wire::DecodedFrame&, wire::ByteView) override {}
  void forward_ip(std::size_t iface, const wire::DecodedFrame& frame,
                  wire::ByteView ip_packet) override;
  std::optional<NextHop> route(wire::Ipv4Address dst) const override;

 private:
  std::vector<scenario::StaticRoute> routes_;
};

}  // namespace synack::sim

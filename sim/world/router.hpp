// A router: IPv4 forwarding between its interfaces' subnets (RFC 1812 §5.2):
// longest-prefix match over connected subnets and static routes, TTL
// decremented (and the packet discarded when it reaches zero), ARP on the
// outgoing side, a new frame with the router's own MAC as source.
#pragma once

#include "sim/world/l3.hpp"

namespace synack::sim {

class Router final : public L3Node {
 public:
  Router(World& world, NodeId id, std::vector<Interface> ifaces,
         std::vector<scenario::StaticRoute> routes, const scenario::HostSettings& settings)
      : L3Node(world, id, std::move(ifaces), settings), routes_(std::move(routes)) {}

 protected:
  void deliver_ip(std::size_t, const wire::DecodedFrame&) override {}  // nothing listens here
  void forward_ip(std::size_t iface, const wire::DecodedFrame& frame,
                  wire::ByteView ip_packet) override;
  std::optional<NextHop> route(wire::Ipv4Address dst) const override;

 private:
  std::vector<scenario::StaticRoute> routes_;
};

}  // namespace synack::sim

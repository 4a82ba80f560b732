#include "sim/world/host.hpp"

namespace synack::sim {

Host::Host(World& world, NodeId id, Interface iface, std::optional<wire::Ipv4Address> gateway,
           const scenario::HostSettings& settings, const scenario::Scenario& scenario)
    : L3Node(world, id, {std::move(iface)}, settings),
      scenario_(scenario),
      gateway_(gateway),
      // A per-host key for ISNs and SYN cookies, from the scenario seed.
      secret_(Rng(world.trace.seed ^ (std::uint64_t{id} << 32)).next()) {
  if (settings.isn) {
    isn_ = std::make_unique<tcp::FixedIsn>(*settings.isn);
  } else {
    isn_ = std::make_unique<tcp::ClockIsn>(secret_);
  }
}

Host::~Host() = default;

std::optional<NextHop> Host::route(wire::Ipv4Address dst) const {
  if (dst == wire::Ipv4Address::broadcast()) return NextHop{0, dst};
  if (std::optional<NextHop> direct = connected_route(dst)) return direct;
  if (gateway_) {
    if (std::optional<NextHop> via = connected_route(*gateway_))
      return NextHop{via->iface, *gateway_};
  }
  return std::nullopt;
}

// Hosts do not forward (RFC 1122 §3.3.1.4): a packet for another address is dropped.
void Host::forward_ip(std::size_t, const wire::DecodedFrame& frame, wire::ByteView) {
  world_.note(id_, "packet for " + frame.ipv4->dst.to_string() + " is not for this host; dropped");
}

}  // namespace synack::sim

#include "sim/world/router.hpp"

#include <fmt/format.h>

#include "core/wire/checksum.hpp"
#include "sim/scenario/counters.hpp"

namespace synack::sim {

void Router::forward_ip(std::size_t, const wire::DecodedFrame& frame, wire::ByteView ip_packet) {
  const wire::Ipv4Repr& ip = *frame.ipv4;
  if (ip.ttl <= 1) {
    world_.note(id_, fmt::format("TTL expired for a packet to {}: discarded", ip.dst.to_string()));
    world_.count(id_, scenario::counter::kTtlExceeded);
    send_icmp_error(wire::icmp_type::TimeExceeded, wire::time_exceeded_code::InTransit, ip_packet);
    return;
  }
  if (!route(ip.dst)) {
    world_.note(id_, fmt::format("no route to {}: packet dropped", ip.dst.to_string()));
    world_.count(id_, scenario::counter::kNoRoute);
    send_icmp_error(wire::icmp_type::DestinationUnreachable, wire::unreachable_code::Net,
                    ip_packet);
    return;
  }
  std::vector<std::uint8_t> packet(ip_packet.data(), ip_packet.data() + ip_packet.size());
  std::size_t header = frame.ipv4_header_length;
  packet[8] = static_cast<std::uint8_t>(ip.ttl - 1);
  packet[10] = packet[11] = 0;
  std::uint16_t sum = wire::internet_checksum(wire::ByteView(packet.data(), header));
  packet[10] = static_cast<std::uint8_t>(sum >> 8);
  packet[11] = static_cast<std::uint8_t>(sum & 0xFF);
  if (send_ip(std::move(packet), ip.dst, false))
    world_.count(id_, scenario::counter::kPacketsForwarded);
}

// Longest prefix wins; a connected subnet beats a static route of equal length.
std::optional<NextHop> Router::route(wire::Ipv4Address dst) const {
  std::optional<NextHop> best;
  int best_length = -1;
  for (std::size_t i = 0; i < ifaces_.size(); ++i) {
    const wire::Ipv4Cidr& net = ifaces_[i].address;
    if (net.contains(dst) && net.prefix_length() > best_length) {
      best = NextHop{i, dst};
      best_length = net.prefix_length();
    }
  }
  for (const scenario::StaticRoute& r : routes_) {
    if (!r.destination.contains(dst) || r.destination.prefix_length() <= best_length) continue;
    if (std::optional<NextHop> via = connected_route(r.via)) {
      best = NextHop{via->iface, r.via};
      best_length = r.destination.prefix_length();
    }
  }
  return best;
}

}  // namespace synack::sim

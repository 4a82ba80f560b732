// What hosts and routers share: IPv4 interfaces on Ethernet, ARP (RFC 826)
// with a cache that ages, packets held while an address is being resolved,
// and the choice of next hop: on-link when the destination is in an
// interface's subnet (IP AND mask equal), else a gateway or route.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/net/arp_cache.hpp"
#include "sim/world/world.hpp"

namespace synack::sim {

struct Interface {
  std::string name;
  wire::MacAddress mac;
  wire::Ipv4Cidr address;
  wire::Ipv4Address ip() const { return address.address(); }
};

// Where a packet goes next: out of `iface`, to `next_hop` (the destination
// itself when it is on-link).
struct NextHop {
  std::size_t iface = 0;
  wire::Ipv4Address next_hop;
};

class L3Node : public Node {
 public:
  L3Node(World& world, NodeId id, std::vector<Interface> ifaces,
         const scenario::HostSettings& settings);
  void receive(std::size_t port, FrameId frame) override;
  const std::vector<Interface>& interfaces() const { return ifaces_; }
  bool is_local(wire::Ipv4Address ip) const;

 protected:
  // An IPv4 packet for one of our addresses (or broadcast) arrived; `ip_packet`
  // is its bytes, header included.
  virtual void deliver_ip(std::size_t iface, const wire::DecodedFrame& frame,
                          wire::ByteView ip_packet) = 0;
  // An IPv4 packet for someone else arrived (hosts drop it, routers forward).
  virtual void forward_ip(std::size_t iface, const wire::DecodedFrame& frame,
                          wire::ByteView ip_packet) = 0;
  virtual std::optional<NextHop> route(wire::Ipv4Address dst) const = 0;
  // ARP for the next hop of `ip_packet` failed (RFC 1122 §2.3.2.2); the packet
  // is dropped. A router answers with host unreachable (RFC 1812 §4.3.3.1).
  virtual void next_hop_failed(const std::vector<std::uint8_t>& ip_packet);

  // Sends an ICMP error about `offending` (a whole IPv4 packet) to its source
  // (RFC 1122 §3.2.2, RFC 1812 §4.3.2), unless that packet is an ICMP error,
  // a broadcast or a later fragment, or the destination's rate limit is spent.
  void send_icmp_error(std::uint8_t type, std::uint8_t code, wire::ByteView offending);
  // Sends a whole IPv4 packet (header included) towards its destination:
  // looks up the next hop, resolves its MAC (queueing the packet meanwhile),
  // frames it. Returns false when there is no route.
  bool send_ip(std::vector<std::uint8_t> ip_packet, wire::Ipv4Address dst, bool first_hop = true);
  // Sends a frame built from an IP packet to a known MAC.
  void send_frame(std::size_t iface, const wire::MacAddress& dst,
                  const std::vector<std::uint8_t>& ip_packet, bool first_hop);
  // Loses what the network layer learned, as a machine that stops does: the
  // ARP cache (each entry recorded as gone), packets waiting for ARP, the
  // ICMP rate limits.
  void forget_all();
  // The on-link route out of a connected interface, if any holds `dst`.
  std::optional<NextHop> connected_route(wire::Ipv4Address dst) const;

  std::vector<Interface> ifaces_;
  scenario::HostSettings settings_;

 private:
  bool arp_for_others(wire::ByteView bytes, const Interface& iface) const;
  void handle_arp(std::size_t iface, const wire::ArpRepr& arp);
  void learn(wire::Ipv4Address ip, const wire::MacAddress& mac, bool only_if_present);
  void request(std::size_t iface, wire::Ipv4Address ip);
  void retry(wire::Ipv4Address ip);
  void schedule_expiry(TimeUs t);
  bool icmp_allowed(wire::Ipv4Address dst);

  struct Pending {
    std::size_t iface = 0;
    int requests = 0;
    std::vector<std::vector<std::uint8_t>> packets;  // whole IPv4 packets
    std::vector<bool> first_hop;
  };
  net::ArpCache arp_;
  std::map<wire::Ipv4Address, Pending> pending_;
  TimeUs expiry_check_ = 0;
  // The ICMP rate limit's token bucket of each destination: microseconds of
  // credit, and when it was last filled.
  struct IcmpBucket {
    TimeUs credit = 0;
    TimeUs filled = 0;
  };
  std::map<wire::Ipv4Address, IcmpBucket> icmp_buckets_;
  std::uint16_t icmp_id_ = 0;
  std::vector<std::uint8_t> frame_room_;  // each frame is made here, then stored in the trace
};

}  // namespace synack::sim

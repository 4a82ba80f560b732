#include "sim/world/l3.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/scenario/counters.hpp"

namespace synack::sim {

using wire::ArpOperation;
using wire::ArpRepr;
using wire::Ipv4Address;
using wire::MacAddress;

L3Node::L3Node(World& world, NodeId id, std::vector<Interface> ifaces,
               const scenario::HostSettings& settings)
    : Node(world, id),
      ifaces_(std::move(ifaces)),
      settings_(settings),
      arp_(settings.arp_cache_timeout) {}

bool L3Node::is_local(Ipv4Address ip) const {
  if (ip.is_loopback()) return true;
  for (const Interface& i : ifaces_) {
    if (i.ip() == ip) return true;
  }
  return false;
}

void L3Node::receive(std::size_t port, FrameId frame) {
  wire::ByteView bytes = world_.trace.frame(frame);
  const Interface& iface = ifaces_[port];
  if (bytes.size() < wire::EthernetRepr::kHeaderLength) {
    world_.arrived(id_, port, frame, trace::Fate::Dropped, "malformed Ethernet frame");
    return;
  }
  wire::MacAddress dst_mac = wire::read_mac(bytes, 0);
  if (dst_mac != iface.mac && !dst_mac.is_broadcast()) {
    // A flooded frame meant for another station: the NIC filters it out.
    world_.arrived(id_, port, frame, trace::Fate::Dropped, "not for this MAC");
    return;
  }
  if (arp_for_others(bytes, iface)) {
    world_.arrived(id_, port, frame, trace::Fate::Delivered);
    return;
  }
  wire::DecodedFrame d = wire::decode_frame(bytes);
  if (!d.ok()) {
    world_.arrived(id_, port, frame, trace::Fate::Dropped, d.error->message);
    return;
  }
  world_.arrived(id_, port, frame, trace::Fate::Delivered);
  if (d.arp) {
    handle_arp(port, *d.arp);
  } else if (d.ipv4) {
    Ipv4Address dst = d.ipv4->dst;
    if (is_local(dst) || dst == Ipv4Address::broadcast() ||
        dst == iface.address.broadcast_address()) {
      deliver_ip(port, d,
                 bytes.sub(wire::EthernetRepr::kHeaderLength,
                           bytes.size() - wire::EthernetRepr::kHeaderLength));
    } else {
      forward_ip(port, d,
                 bytes.sub(wire::EthernetRepr::kHeaderLength,
                           bytes.size() - wire::EthernetRepr::kHeaderLength));
    }
  }
}

// A broadcast ARP request for another address from a sender we have no entry
// for: RFC 826 leaves nothing to do. Most frames a host sees in a busy LAN are
// these, so they are recognised without decoding the whole frame.
bool L3Node::arp_for_others(wire::ByteView bytes, const Interface& iface) const {
  constexpr std::size_t kArp = wire::EthernetRepr::kHeaderLength;
  if (bytes.size() < kArp + wire::ArpRepr::kLength) return false;
  const std::uint8_t* b = bytes.data();
  auto ip_at = [b](std::size_t at) {
    return Ipv4Address((std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
                       (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]});
  };
  // Ethertype ARP; Ethernet/IPv4 addresses (htype 1, ptype 0x0800, hlen 6, plen 4).
  static constexpr std::uint8_t kArpHeader[] = {0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04};
  for (std::size_t i = 0; i < sizeof kArpHeader; ++i) {
    if (b[12 + i] != kArpHeader[i]) return false;
  }
  return ip_at(kArp + 24) != iface.ip() && arp_.entries().count(ip_at(kArp + 14)) == 0;
}

// RFC 826 "Packet Reception": merge the sender into the cache if it is there;
// if we are the target, add it, and answer a request.
void L3Node::handle_arp(std::size_t iface, const ArpRepr& arp) {
  const Interface& me = ifaces_[iface];
  bool for_us = arp.target_ip == me.ip();
  learn(arp.sender_ip, arp.sender_mac, !for_us);
  if (!for_us || arp.operation != ArpOperation::request) return;
  ArpRepr reply{ArpOperation::reply, me.mac, me.ip(), arp.sender_mac, arp.sender_ip};
  world_.transmit(id_, iface,
                  world_.add_frame(wire::build_arp_frame(me.mac, arp.sender_mac, reply)), false,
                  true);
}

void L3Node::learn(Ipv4Address ip, const MacAddress& mac, bool only_if_present) {
  net::ArpCache::Change change = only_if_present ? arp_.update_if_present(ip, mac, world_.now)
                                                 : arp_.insert(ip, mac, world_.now);
  if (change != net::ArpCache::Change::None) {
    auto op =
        change == net::ArpCache::Change::Learned ? trace::ArpOp::Learned : trace::ArpOp::Updated;
    world_.record(trace::ArpEvent{id_, ip, mac, op});
  }
  if (arp_.expires(ip) != 0) schedule_expiry(arp_.expires(ip));
  auto it = pending_.find(ip);
  if (it == pending_.end() || arp_.lookup(ip, world_.now) == nullptr) return;
  Pending waiting = std::move(it->second);
  pending_.erase(it);
  for (std::size_t i = 0; i < waiting.packets.size(); ++i) {
    send_frame(waiting.iface, mac, waiting.packets[i], waiting.first_hop[i]);
  }
}

void L3Node::request(std::size_t iface, Ipv4Address ip) {
  const Interface& me = ifaces_[iface];
  ArpRepr who_has{ArpOperation::request, me.mac, me.ip(), MacAddress(), ip};
  ++pending_[ip].requests;
  world_.count(id_, scenario::counter::kArpRequests);
  world_.transmit(id_, iface,
                  world_.add_frame(wire::build_arp_frame(me.mac, MacAddress::broadcast(), who_has)),
                  false, true);
  TimeUs deadline = tcp::later(world_.now, settings_.arp_retry_interval);
  world_.record(trace::TimerEvent{id_, trace::kNone, world_.text("ARP retry"), trace::TimerOp::Set,
                                  deadline});
  world_.at(deadline, [this, ip] { retry(ip); });
}

void L3Node::retry(Ipv4Address ip) {
  auto it = pending_.find(ip);
  if (it == pending_.end()) return;  // resolved meanwhile
  if (it->second.requests < settings_.arp_retries) {
    request(it->second.iface, ip);
    return;
  }
  world_.record(trace::ArpEvent{id_, ip, MacAddress(), trace::ArpOp::Failed});
  world_.note(id_, fmt::format("ARP: no reply from {} after {} requests; {} packet(s) dropped",
                               ip.to_string(), it->second.requests, it->second.packets.size()));
  world_.count(id_, scenario::counter::kArpFailures);
  const Pending failed = std::move(it->second);
  pending_.erase(it);
  for (const std::vector<std::uint8_t>& packet : failed.packets) next_hop_failed(packet);
}

void L3Node::next_hop_failed(const std::vector<std::uint8_t>& ip_packet) {
  send_icmp_error(wire::icmp_type::DestinationUnreachable, wire::unreachable_code::Host, ip_packet);
}

// Linux's inet_peer_xrlim_allow: a bucket of `icmp_burst` messages per
// destination, refilled with one every `icmp_ratelimit`, full at first.
bool L3Node::icmp_allowed(Ipv4Address dst) {
  const TimeUs cost = settings_.icmp_ratelimit;
  if (cost == 0) return true;
  const TimeUs capacity = cost * settings_.icmp_burst;
  auto [it, fresh] = icmp_buckets_.try_emplace(dst, IcmpBucket{capacity, world_.now});
  IcmpBucket& b = it->second;
  if (!fresh) b.credit = std::min(capacity, tcp::later(b.credit, world_.now - b.filled));
  b.filled = world_.now;
  if (b.credit < cost) return false;
  b.credit -= cost;
  return true;
}

void L3Node::send_icmp_error(std::uint8_t type, std::uint8_t code, wire::ByteView offending) {
  auto packet = wire::decode_ipv4(offending, wire::ChecksumPolicy::lenient);
  if (!packet) return;
  const wire::Ipv4Repr& bad = packet.value().repr;
  // RFC 1122 §3.2.2: never about an ICMP error, a broadcast, a later fragment.
  if (bad.protocol == wire::ip_protocol::ICMP) {
    auto icmp = wire::decode_icmp(packet.value().payload, wire::ChecksumPolicy::lenient);
    if (!icmp || icmp.value().is_error()) return;
  }
  if (bad.dst == Ipv4Address::broadcast() || bad.fragment_offset != 0) return;
  for (const Interface& i : ifaces_) {
    if (bad.dst == i.address.broadcast_address()) return;
  }
  wire::IcmpRepr icmp = wire::icmp_error(type, code, offending);
  if (!icmp_allowed(bad.src)) {
    world_.note(id_, fmt::format("{} to {} not sent: ICMP rate limit", wire::describe(icmp),
                                 bad.src.to_string()));
    world_.count(id_, scenario::counter::kIcmpRateLimited);
    return;
  }
  wire::Ipv4Repr ip;
  const std::optional<NextHop> back = route(bad.src);
  ip.src = back ? ifaces_[back->iface].ip() : ifaces_[0].ip();
  ip.dst = bad.src;
  ip.protocol = wire::ip_protocol::ICMP;
  ip.ttl = settings_.ttl;
  ip.identification = icmp_id_++;
  ip.dont_fragment = false;
  ip.dscp_ecn = 0xc0;  // CS6, network control, as Linux sends its ICMP errors
  std::vector<std::uint8_t> message;
  wire::encode_icmp(icmp, message);
  std::vector<std::uint8_t> out;
  wire::encode_ipv4(ip, message, out);
  world_.count(id_, scenario::counter::kIcmpSent);
  send_ip(std::move(out), bad.src);
}

void L3Node::forget_all() {
  for (const auto& entry : arp_.entries()) {
    world_.record(trace::ArpEvent{id_, entry.first, MacAddress(), trace::ArpOp::Expired});
  }
  arp_ = net::ArpCache(arp_.timeout());
  pending_.clear();
  icmp_buckets_.clear();
  expiry_check_ = 0;
}

void L3Node::schedule_expiry(TimeUs t) {
  if (expiry_check_ != 0 && expiry_check_ <= t) return;
  expiry_check_ = t;
  world_.at(
      t,
      [this, t] {
        if (expiry_check_ != t) return;  // superseded by an earlier check
        expiry_check_ = 0;
        for (Ipv4Address ip : arp_.expire(world_.now)) {
          world_.record(trace::ArpEvent{id_, ip, MacAddress(), trace::ArpOp::Expired});
        }
        if (const TimeUs next = arp_.next_expiry(); next != 0) schedule_expiry(next);
      },
      true);
}

std::optional<NextHop> L3Node::connected_route(Ipv4Address dst) const {
  for (std::size_t i = 0; i < ifaces_.size(); ++i) {
    if (ifaces_[i].address.contains(dst)) return NextHop{i, dst};
  }
  return std::nullopt;
}

bool L3Node::send_ip(std::vector<std::uint8_t> ip_packet, Ipv4Address dst, bool first_hop) {
  if (is_local(dst)) {
    // To ourselves: the loopback interface, never on a wire (RFC 1122
    // §3.3.1.1). Its frames carry zero MACs, as Linux's lo does, and are
    // recorded on a link from this node to itself.
    std::vector<std::uint8_t> frame;
    wire::encode_ethernet(wire::EthernetRepr{MacAddress(), MacAddress(), wire::ethertype::IPV4},
                          ip_packet, frame);
    const FrameId id = world_.add_frame(frame);
    const LinkId lo = world_.loopback(id_);
    world_.record(trace::FrameEvent{id, lo, id_, id_, trace::Fate::Sent, false});
    world_.at(world_.now + World::kLoopbackDelay, [this, id, lo] {
      world_.record(trace::FrameEvent{id, lo, id_, id_, trace::Fate::Delivered, false});
      const wire::ByteView bytes = world_.trace.frame(id);
      const wire::DecodedFrame d = wire::decode_frame(bytes);
      if (d.ok() && d.ipv4) deliver_ip(0, d, bytes.from(wire::EthernetRepr::kHeaderLength));
    });
    return true;
  }
  std::optional<NextHop> hop = route(dst);
  if (!hop) {
    world_.note(id_, fmt::format("no route to {}: packet dropped", dst.to_string()));
    world_.count(id_, scenario::counter::kNoRoute);
    return false;
  }
  const Interface& out = ifaces_[hop->iface];
  if (dst == Ipv4Address::broadcast() || dst == out.address.broadcast_address()) {
    send_frame(hop->iface, MacAddress::broadcast(), ip_packet, first_hop);
    return true;
  }
  if (const MacAddress* mac = arp_.lookup(hop->next_hop, world_.now)) {
    send_frame(hop->iface, *mac, ip_packet, first_hop);
    return true;
  }
  auto [it, fresh] = pending_.try_emplace(hop->next_hop);
  it->second.iface = hop->iface;
  it->second.packets.push_back(std::move(ip_packet));
  it->second.first_hop.push_back(first_hop);
  if (fresh) {
    world_.note(id_, fmt::format("ARP: {} is not in the cache; packet held while resolving",
                                 hop->next_hop.to_string()));
    request(hop->iface, hop->next_hop);
  }
  return true;
}

void L3Node::send_frame(std::size_t iface, const MacAddress& dst,
                        const std::vector<std::uint8_t>& ip_packet, bool first_hop) {
  frame_room_.clear();
  wire::encode_ethernet(wire::EthernetRepr{dst, ifaces_[iface].mac, wire::ethertype::IPV4},
                        ip_packet, frame_room_);
  world_.transmit(id_, iface, world_.add_frame(frame_room_), false, first_hop);
}

}  // namespace synack::sim

#include "frame.hpp"

#include <utility>

namespace synack::wire {

namespace {

constexpr std::size_t kIpv4FrameOverhead = EthernetRepr::kHeaderLength + Ipv4Repr::kMinHeaderLength;

void encode_ethernet_header(const MacAddress& src_mac, const MacAddress& dst_mac,
                            std::uint16_t type, std::vector<std::uint8_t>& out) {
  encode_ethernet(EthernetRepr{dst_mac, src_mac, type}, ByteView(), out);
}

}  // namespace

std::vector<std::uint8_t> build_arp_frame(const MacAddress& src_mac, const MacAddress& dst_mac,
                                          const ArpRepr& arp) {
  std::vector<std::uint8_t> frame;
  frame.reserve(EthernetRepr::kHeaderLength + ArpRepr::kLength);
  encode_ethernet_header(src_mac, dst_mac, ethertype::ARP, frame);
  encode_arp(arp, frame);
  return frame;
}

std::vector<std::uint8_t> build_tcp_frame(const MacAddress& src_mac, const MacAddress& dst_mac,
                                          const Ipv4Repr& ip, const TcpRepr& tcp) {
  const std::size_t tcp_length = tcp_header_length(tcp) + tcp.seg.payload.size();
  std::vector<std::uint8_t> frame;
  frame.reserve(kIpv4FrameOverhead + tcp_length);
  encode_ethernet_header(src_mac, dst_mac, ethertype::IPV4, frame);
  Ipv4Repr header = ip;
  header.protocol = ip_protocol::TCP;
  encode_ipv4_header(header, tcp_length, frame);
  encode_tcp(tcp, ip.src, ip.dst, frame);
  return frame;
}

std::vector<std::uint8_t> build_udp_frame(const MacAddress& src_mac, const MacAddress& dst_mac,
                                          const Ipv4Repr& ip, const UdpRepr& udp) {
  const std::size_t udp_length = UdpRepr::kHeaderLength + udp.payload.size();
  std::vector<std::uint8_t> frame;
  frame.reserve(kIpv4FrameOverhead + udp_length);
  encode_ethernet_header(src_mac, dst_mac, ethertype::IPV4, frame);
  Ipv4Repr header = ip;
  header.protocol = ip_protocol::UDP;
  encode_ipv4_header(header, udp_length, frame);
  encode_udp(udp, ip.src, ip.dst, frame);
  return frame;
}

std::vector<std::uint8_t> build_icmp_frame(const MacAddress& src_mac, const MacAddress& dst_mac,
                                           const Ipv4Repr& ip, const IcmpRepr& icmp) {
  std::vector<std::uint8_t> frame;
  frame.reserve(kIpv4FrameOverhead + IcmpRepr::kHeaderLength + icmp.data.size());
  encode_ethernet_header(src_mac, dst_mac, ethertype::IPV4, frame);
  Ipv4Repr header = ip;
  header.protocol = ip_protocol::ICMP;
  encode_ipv4_header(header, IcmpRepr::kHeaderLength + icmp.data.size(), frame);
  encode_icmp(icmp, frame);
  return frame;
}

DecodedFrame decode_frame(ByteView frame, ChecksumPolicy policy) {
  DecodedFrame layers;
  auto ethernet = decode_ethernet(frame);
  if (!ethernet) {
    layers.error = ethernet.error();
    return layers;
  }
  layers.ethernet = ethernet.value().repr;
  const ByteView payload = ethernet.value().payload;

  if (layers.ethernet->ethertype == ethertype::ARP) {
    auto arp = decode_arp(payload);
    if (arp) {
      layers.arp = arp.value();
    } else {
      layers.error = arp.error();
    }
    return layers;
  }
  if (layers.ethernet->ethertype != ethertype::IPV4) return layers;

  auto ipv4 = decode_ipv4(payload, policy);
  if (!ipv4) {
    layers.error = ipv4.error();
    return layers;
  }
  const Ipv4Packet& packet = ipv4.value();
  layers.ipv4 = packet.repr;
  layers.ipv4_header_length = packet.header_length;
  // A fragment holds only part of the transport segment; reassembly is not ours.
  if (packet.repr.is_fragment()) return layers;

  if (packet.repr.protocol == ip_protocol::TCP) {
    auto tcp = decode_tcp(packet.payload, packet.repr.src, packet.repr.dst, policy);
    if (tcp) {
      layers.tcp = std::move(tcp.value());
    } else {
      layers.error = tcp.error();
    }
  } else if (packet.repr.protocol == ip_protocol::UDP) {
    auto udp = decode_udp(packet.payload, packet.repr.src, packet.repr.dst, policy);
    if (udp) {
      layers.udp = std::move(udp.value());
    } else {
      layers.error = udp.error();
    }
  } else if (packet.repr.protocol == ip_protocol::ICMP) {
    auto icmp = decode_icmp(packet.payload, policy);
    if (icmp) {
      layers.icmp = std::move(icmp.value());
    } else {
      layers.error = icmp.error();
    }
  }
  return layers;
}

}  // namespace synack::wire

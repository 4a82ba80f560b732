// Whole frames: build Ethernet+ARP and Ethernet+IPv4+TCP, UDP or ICMP in one
// call, and take any frame apart into the layers this library knows.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "arp.hpp"
#include "bytes.hpp"
#include "decode.hpp"
#include "ethernet.hpp"
#include "icmp.hpp"
#include "ipv4_packet.hpp"
#include "tcp_header.hpp"
#include "udp.hpp"

namespace synack::wire {

std::vector<std::uint8_t> build_arp_frame(const MacAddress& src_mac, const MacAddress& dst_mac,
                                          const ArpRepr& arp);
// `ip.protocol` is set to TCP or UDP to match; checksums use `ip.src` and `ip.dst`.
std::vector<std::uint8_t> build_tcp_frame(const MacAddress& src_mac, const MacAddress& dst_mac,
                                          const Ipv4Repr& ip, const TcpRepr& tcp);
std::vector<std::uint8_t> build_udp_frame(const MacAddress& src_mac, const MacAddress& dst_mac,
                                          const Ipv4Repr& ip, const UdpRepr& udp);
std::vector<std::uint8_t> build_icmp_frame(const MacAddress& src_mac, const MacAddress& dst_mac,
                                           const Ipv4Repr& ip, const IcmpRepr& icmp);

// The layers of one frame, outermost first. Decoding stops at the first layer
// that is malformed (recorded in `error`, the layers before it still filled
// in) or that is not decoded here: another ethertype or IP protocol, or an IPv4
// fragment, leaves the inner layers empty without an error. Owns its data, so
// it outlives the frame's buffer.
struct DecodedFrame {
  std::optional<EthernetRepr> ethernet;
  std::optional<ArpRepr> arp;
  std::optional<Ipv4Repr> ipv4;
  std::size_t ipv4_header_length = 0;
  std::optional<TcpRepr> tcp;
  std::optional<UdpRepr> udp;
  std::optional<IcmpRepr> icmp;
  std::optional<DecodeError> error;

  bool ok() const { return !error.has_value(); }
};

// A pcap importer wants ChecksumPolicy::lenient: captured checksums may be offloaded.
DecodedFrame decode_frame(ByteView frame, ChecksumPolicy policy = ChecksumPolicy::strict);

}  // namespace synack::wire

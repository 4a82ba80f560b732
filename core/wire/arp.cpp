#include "arp.hpp"

#include <string>

namespace synack::wire {

namespace {

constexpr std::uint16_t kHardwareEthernet = 1;
constexpr std::uint8_t kMacLength = 6;
constexpr std::uint8_t kIpv4Length = 4;

DecodeError unsupported(const std::string& what) {
  return {DecodeErrc::unsupported, "ARP " + what};
}

}  // namespace

DecodeResult<ArpRepr> decode_arp(ByteView packet) {
  if (packet.size() < ArpRepr::kLength) {
    return DecodeError{DecodeErrc::truncated,
                       "ARP packet needs 28 bytes, buffer has " + std::to_string(packet.size())};
  }
  const std::uint16_t htype = packet.u16(0);
  const std::uint16_t ptype = packet.u16(2);
  const std::uint8_t hlen = packet.u8(4);
  const std::uint8_t plen = packet.u8(5);
  const std::uint16_t oper = packet.u16(6);
  if (htype != kHardwareEthernet) {
    return unsupported("hardware type " + std::to_string(htype) + " is not Ethernet (1)");
  }
  if (ptype != ethertype::IPV4) {
    return unsupported("protocol type " + to_hex(ptype, 4) + " is not IPv4 (0x0800)");
  }
  // Lengths disagreeing with the types make the rest of the packet unreadable.
  if (hlen != kMacLength) {
    return DecodeError{
        DecodeErrc::bad_value,
        "ARP hardware address length " + std::to_string(hlen) + " does not match Ethernet's 6"};
  }
  if (plen != kIpv4Length) {
    return DecodeError{
        DecodeErrc::bad_value,
        "ARP protocol address length " + std::to_string(plen) + " does not match IPv4's 4"};
  }
  if (oper != 1 && oper != 2) {
    return unsupported("operation " + std::to_string(oper) +
                       " is neither request (1) nor reply (2)");
  }
  ArpRepr repr;
  repr.operation = static_cast<ArpOperation>(oper);
  repr.sender_mac = read_mac(packet, 8);
  repr.sender_ip = Ipv4Address(packet.u32(14));
  repr.target_mac = read_mac(packet, 18);
  repr.target_ip = Ipv4Address(packet.u32(24));
  return repr;
}

void encode_arp(const ArpRepr& repr, std::vector<std::uint8_t>& out) {
  ByteWriter w(out);
  w.u16(kHardwareEthernet);
  w.u16(ethertype::IPV4);
  w.u8(kMacLength);
  w.u8(kIpv4Length);
  w.u16(static_cast<std::uint16_t>(repr.operation));
  write_mac(w, repr.sender_mac);
  w.u32(repr.sender_ip.value());
  write_mac(w, repr.target_mac);
  w.u32(repr.target_ip.value());
}

}  // namespace synack::wire

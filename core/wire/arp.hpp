// ARP (RFC 826) for Ethernet hardware and IPv4 protocol addresses only, the
// one combination a LAN of IPv4 hosts uses.
#pragma once

#include <cstdint>
#include <vector>

#include "bytes.hpp"
#include "decode.hpp"
#include "ethernet.hpp"
#include "ipv4_address.hpp"

namespace synack::wire {

enum class ArpOperation : std::uint16_t { request = 1, reply = 2 };

struct ArpRepr {
  ArpOperation operation = ArpOperation::request;
  MacAddress sender_mac;
  Ipv4Address sender_ip;
  MacAddress target_mac;  // all zeros in a request: it is what the sender asks for
  Ipv4Address target_ip;

  static constexpr std::size_t kLength = 28;

  friend bool operator==(const ArpRepr& a, const ArpRepr& b) {
    return a.operation == b.operation && a.sender_mac == b.sender_mac &&
           a.sender_ip == b.sender_ip && a.target_mac == b.target_mac && a.target_ip == b.target_ip;
  }
};

// Rejects other hardware or protocol types and address lengths; bytes past
// the 28 ARP bytes (Ethernet padding) are ignored.
DecodeResult<ArpRepr> decode_arp(ByteView packet);
void encode_arp(const ArpRepr& repr, std::vector<std::uint8_t>& out);

}  // namespace synack::wire

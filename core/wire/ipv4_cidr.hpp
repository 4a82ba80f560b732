// Classless prefixes (RFC 4632): an address plus a prefix length 0..32, and
// the subnet arithmetic a learner does by hand — mask, network and broadcast
// address, host count, overlap, and splitting by borrowing host bits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "decode.hpp"
#include "ipv4_address.hpp"

namespace synack::wire {

// Mask with `prefix_length` leading one bits; requires prefix_length <= 32.
Ipv4Address mask_from_prefix_length(std::uint8_t prefix_length);

// Inverse of mask_from_prefix_length. A mask whose one bits are not all in
// front (255.0.255.0) names no prefix and is an error.
DecodeResult<std::uint8_t> prefix_length_from_mask(Ipv4Address mask);

// Whether both addresses fall in the same network under the given prefix
// length: the test a host makes before deciding to ARP directly or via a router.
bool same_subnet(Ipv4Address a, Ipv4Address b, std::uint8_t prefix_length);

// Keeps the address as given, host bits included, so one type serves both as
// an interface address ("10.0.0.5/24") and as a network ("10.0.0.0/24").
class Ipv4Cidr {
 public:
  // 0.0.0.0/0, the prefix that holds every address (a default route).
  Ipv4Cidr() = default;
  // Requires prefix_length <= 32; use parse() for untrusted input.
  Ipv4Cidr(Ipv4Address address, std::uint8_t prefix_length);

  // "192.168.1.0/24" or "192.168.1.0/255.255.255.0".
  static DecodeResult<Ipv4Cidr> parse(std::string_view text);
  static DecodeResult<Ipv4Cidr> from_mask(Ipv4Address address, Ipv4Address mask);

  Ipv4Address address() const { return address_; }
  std::uint8_t prefix_length() const { return prefix_length_; }
  Ipv4Address mask() const { return mask_from_prefix_length(prefix_length_); }
  // address AND mask.
  Ipv4Address network_address() const;
  // Host bits all set; for /31 and /32 this is simply the highest address.
  Ipv4Address broadcast_address() const;
  // This prefix with the host bits cleared.
  Ipv4Cidr network() const { return Ipv4Cidr(network_address(), prefix_length_); }

  // Every address in the block, 2^(32 - prefix length).
  std::uint64_t address_count() const;
  // Assignable host addresses: the block minus network and broadcast, except
  // that a /31 has two (RFC 3021 point-to-point) and a /32 has one.
  std::uint64_t host_count() const;

  bool contains(Ipv4Address a) const;
  // Whether every address of `other` lies inside this prefix.
  bool contains(const Ipv4Cidr& other) const;
  // CIDR blocks are either nested or disjoint, so they overlap exactly when
  // one contains the other.
  bool overlaps(const Ipv4Cidr& other) const;

  // The 2^borrowed_bits equal subnets made by moving the prefix boundary right,
  // in address order: 192.168.1.0/24 borrowing 2 gives four /26 networks.
  // Fails when the new prefix would pass /32, and past kMaxBorrowedBits.
  static constexpr std::uint8_t kMaxBorrowedBits = 16;
  DecodeResult<std::vector<Ipv4Cidr>> split(std::uint8_t borrowed_bits) const;

  std::string to_string() const;

  friend bool operator==(const Ipv4Cidr& a, const Ipv4Cidr& b) {
    return a.address_ == b.address_ && a.prefix_length_ == b.prefix_length_;
  }
  friend bool operator!=(const Ipv4Cidr& a, const Ipv4Cidr& b) { return !(a == b); }

 private:
  Ipv4Address address_;
  std::uint8_t prefix_length_ = 0;
};

}  // namespace synack::wire

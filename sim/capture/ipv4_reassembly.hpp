// IPv4 fragments put back together (RFC 791 §3.2; holes kept as RFC 815
// does): the fragments of one datagram share source, destination, protocol and
// identification, and it is whole once every byte up to the end of its last
// fragment has come. Memory stays bounded: a datagram can be no larger than
// IPv4 allows, and only so many wait at once (the oldest gives way).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/wire/ipv4_packet.hpp"

namespace synack::capture {

class Ipv4Reassembly {
 public:
  static constexpr std::size_t kMaxWaiting = 256;

  enum class Outcome { Waiting, Whole, Bad };
  // Adds one fragment. Whole: `out` holds the datagram as one unfragmented
  // IPv4 packet. Bad: `error` says what is wrong with the fragment.
  Outcome add(const wire::Ipv4Packet& fragment, std::vector<std::uint8_t>& out, std::string& error);

  std::size_t waiting() const { return datagrams_.size(); }
  // Datagrams that gave way to newer ones before they were whole.
  std::size_t given_up() const { return given_up_; }

 private:
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint8_t, std::uint16_t>;
  struct Datagram {
    wire::Ipv4Repr header;  // the first fragment's
    std::vector<std::uint8_t> data;
    std::vector<bool> have;     // per 8-byte block
    std::int32_t total = -1;    // known from the last fragment
    std::uint64_t arrival = 0;  // for giving way, oldest first
  };
  std::map<Key, Datagram> datagrams_;
  std::uint64_t arrivals_ = 0;
  std::size_t given_up_ = 0;
};

}  // namespace synack::capture

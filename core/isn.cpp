#include "isn.hpp"

#include <random>

namespace synack::tcp {
namespace {

// SplitMix64 finalizer: a cheap keyed mix, enough to keep ISNs of different
// four-tuples apart. It is not a cryptographic PRF.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

SeqNum ClockIsn::next(TimeUs now, const ConnectionId& id) {
  std::uint64_t h = mix(key_ ^ (std::uint64_t{id.local_ip} << 32 | id.remote_ip));
  h = mix(h ^ (std::uint64_t{id.local_port} << 16 | id.remote_port));
  const auto m = static_cast<std::uint32_t>(now / 4);
  return SeqNum(m + static_cast<std::uint32_t>(h));
}

IsnSource& default_isn_source() {
  static ClockIsn source(std::random_device{}() * 0x100000001b3ULL ^ std::random_device{}());
  return source;
}

}  // namespace synack::tcp

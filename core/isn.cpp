#include "isn.hpp"

#include <random>

#include "rng.hpp"

namespace synack::tcp {

using Mix = SplitMix64;

SeqNum ClockIsn::next(TimeUs now, const ConnectionId& id) {
  std::uint64_t h = Mix::mix(key_ ^ (std::uint64_t{id.local_ip} << 32 | id.remote_ip));
  h = Mix::mix(h ^ (std::uint64_t{id.local_port} << 16 | id.remote_port));
  const auto m = static_cast<std::uint32_t>(now / 4);
  return SeqNum(m + static_cast<std::uint32_t>(h));
}

IsnSource& default_isn_source() {
  static ClockIsn source(std::random_device{}() * 0x100000001b3ULL ^ std::random_device{}());
  return source;
}

}  // namespace synack::tcp

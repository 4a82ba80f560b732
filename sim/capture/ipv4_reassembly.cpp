#include "sim/capture/ipv4_reassembly.hpp"

#include <algorithm>

namespace synack::capture {

namespace {
constexpr std::size_t kMaxPayload = 65535 - wire::Ipv4Repr::kMinHeaderLength;
}

Ipv4Reassembly::Outcome Ipv4Reassembly::add(const wire::Ipv4Packet& fragment,
                                            std::vector<std::uint8_t>& out, std::string& error) {
  const wire::Ipv4Repr& ip = fragment.repr;
  const std::size_t offset = ip.fragment_offset;
  const std::size_t length = fragment.payload.size();
  if (offset + length > kMaxPayload) {
    error = "IPv4 fragment at offset " + std::to_string(offset) + " with " +
            std::to_string(length) + " bytes reaches past the largest datagram";
    return Outcome::Bad;
  }
  if (ip.more_fragments && length % 8 != 0) {
    error = "IPv4 fragment of " + std::to_string(length) +
            " bytes that is not the last is not a multiple of 8";
    return Outcome::Bad;
  }
  const Key key{ip.src.value(), ip.dst.value(), ip.protocol, ip.identification};
  auto it = datagrams_.find(key);
  if (it == datagrams_.end()) {
    if (datagrams_.size() >= kMaxWaiting) {
      const auto oldest = std::min_element(
          datagrams_.begin(), datagrams_.end(),
          [](const auto& a, const auto& b) { return a.second.arrival < b.second.arrival; });
      datagrams_.erase(oldest);
      ++given_up_;
    }
    it = datagrams_.emplace(key, Datagram{}).first;
    it->second.header = ip;
    it->second.arrival = arrivals_++;
  }
  Datagram& d = it->second;
  if (offset == 0) d.header = ip;
  if (!ip.more_fragments) d.total = static_cast<std::int32_t>(offset + length);
  if (d.data.size() < offset + length) {
    d.data.resize(offset + length);
    d.have.resize((offset + length + 7) / 8, false);
  }
  std::copy(fragment.payload.data(), fragment.payload.data() + length, d.data.begin() + offset);
  for (std::size_t b = offset / 8; b < (offset + length + 7) / 8; ++b) d.have[b] = true;

  if (d.total < 0) return Outcome::Waiting;
  const std::size_t blocks = (static_cast<std::size_t>(d.total) + 7) / 8;
  if (d.have.size() < blocks ||
      !std::all_of(d.have.begin(), d.have.begin() + static_cast<std::ptrdiff_t>(blocks),
                   [](bool b) { return b; })) {
    return Outcome::Waiting;
  }
  wire::Ipv4Repr whole = d.header;
  whole.more_fragments = false;
  whole.fragment_offset = 0;
  d.data.resize(static_cast<std::size_t>(d.total));
  out.clear();
  wire::encode_ipv4(whole, wire::ByteView(d.data), out);
  datagrams_.erase(it);
  return Outcome::Whole;
}

}  // namespace synack::capture

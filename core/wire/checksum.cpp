#include "checksum.hpp"

namespace synack::wire {

void ChecksumAccumulator::add(ByteView bytes) {
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  if (n == 0) return;
  if (odd_) {  // finish the word the previous piece started
    sum_ += *p++;
    --n;
    odd_ = false;
  }
  for (; n >= 2; p += 2, n -= 2) sum_ += (std::uint32_t{p[0]} << 8) | p[1];
  if (n == 1) {
    sum_ += std::uint32_t{p[0]} << 8;
    odd_ = true;
  }
}

void ChecksumAccumulator::add_u16(std::uint16_t word) {
  const std::uint8_t bytes[2] = {static_cast<std::uint8_t>(word >> 8),
                                 static_cast<std::uint8_t>(word)};
  add(ByteView(bytes, 2));
}

void ChecksumAccumulator::add_u32(std::uint32_t word) {
  add_u16(static_cast<std::uint16_t>(word >> 16));
  add_u16(static_cast<std::uint16_t>(word));
}

std::uint16_t ChecksumAccumulator::finish() const {
  // Fold the carries back in (end-around carry); a trailing odd byte was
  // already added as if padded with a zero byte (RFC 1071 §4.1).
  std::uint64_t sum = sum_;
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::uint16_t internet_checksum(ByteView bytes) {
  ChecksumAccumulator acc;
  acc.add(bytes);
  return acc.finish();
}

ChecksumAccumulator pseudo_header_sum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                      std::uint16_t length) {
  ChecksumAccumulator acc;
  acc.add_u32(src.value());
  acc.add_u32(dst.value());
  acc.add_u16(protocol);
  acc.add_u16(length);
  return acc;
}

std::uint16_t transport_checksum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                 ByteView segment, std::size_t checksum_offset) {
  ChecksumAccumulator acc =
      pseudo_header_sum(src, dst, protocol, static_cast<std::uint16_t>(segment.size()));
  acc.add(segment.sub(0, checksum_offset));
  acc.add(segment.from(checksum_offset + 2));
  return acc.finish();
}

}  // namespace synack::wire

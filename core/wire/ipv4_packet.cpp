#include "ipv4_packet.hpp"

#include <cassert>
#include <string>

#include "checksum.hpp"

namespace synack::wire {

namespace {

constexpr std::uint16_t kDontFragment = 0x4000;
constexpr std::uint16_t kMoreFragments = 0x2000;
constexpr std::uint16_t kOffsetMask = 0x1FFF;
constexpr std::size_t kChecksumOffset = 10;

DecodeError error(DecodeErrc code, const std::string& what) {
  return {code, "IPv4 " + what};
}

// The header's checksum as it should be, leaving the stored field out of the sum.
std::uint16_t header_checksum(ByteView header) {
  ChecksumAccumulator acc;
  acc.add(header.sub(0, kChecksumOffset));
  acc.add(header.from(kChecksumOffset + 2));
  return acc.finish();
}

}  // namespace

DecodeResult<Ipv4Packet> decode_ipv4(ByteView packet, ChecksumPolicy policy) {
  const std::size_t available = packet.size();
  if (available < Ipv4Repr::kMinHeaderLength) {
    return error(DecodeErrc::truncated,
                 "header needs 20 bytes, buffer has " + std::to_string(available));
  }
  const unsigned version = packet.u8(0) >> 4;
  const unsigned ihl = packet.u8(0) & 0x0F;
  if (version != 4) {
    return error(DecodeErrc::bad_value, "version " + std::to_string(version) + " is not 4");
  }
  if (ihl < 5) {
    return error(DecodeErrc::bad_value, "IHL " + std::to_string(ihl) + " is below the minimum 5");
  }
  const std::size_t header_length = std::size_t{ihl} * 4;
  if (header_length > available) {
    return error(DecodeErrc::truncated,
                 "header length " + std::to_string(header_length) + " (IHL " + std::to_string(ihl) +
                     ") exceeds buffer of " + std::to_string(available) + " bytes");
  }
  const std::size_t total_length = packet.u16(2);
  if (total_length < header_length) {
    return error(DecodeErrc::bad_length, "total length " + std::to_string(total_length) +
                                             " is below the header length " +
                                             std::to_string(header_length));
  }
  if (total_length > available) {
    return error(DecodeErrc::bad_length, "total length " + std::to_string(total_length) +
                                             " exceeds buffer of " + std::to_string(available) +
                                             " bytes");
  }

  const ByteView header = packet.sub(0, header_length);
  const std::uint16_t stored = packet.u16(kChecksumOffset);
  const std::uint16_t computed = header_checksum(header);
  if (stored != computed && policy == ChecksumPolicy::strict) {
    return error(DecodeErrc::bad_checksum, "header checksum " + to_hex(stored, 4) +
                                               " does not match computed " + to_hex(computed, 4));
  }

  Ipv4Packet result;
  Ipv4Repr& repr = result.repr;
  repr.dscp_ecn = packet.u8(1);
  repr.identification = packet.u16(4);
  const std::uint16_t flags_offset = packet.u16(6);
  repr.dont_fragment = (flags_offset & kDontFragment) != 0;
  repr.more_fragments = (flags_offset & kMoreFragments) != 0;
  repr.fragment_offset = static_cast<std::uint16_t>((flags_offset & kOffsetMask) * 8);
  repr.ttl = packet.u8(8);
  repr.protocol = packet.u8(9);
  repr.src = Ipv4Address(packet.u32(12));
  repr.dst = Ipv4Address(packet.u32(16));
  repr.checksum_ok = stored == computed;
  result.header_length = header_length;
  result.payload = packet.sub(header_length, total_length - header_length);
  return result;
}

void encode_ipv4_header(const Ipv4Repr& repr, std::size_t payload_length,
                        std::vector<std::uint8_t>& out) {
  const std::size_t total_length = Ipv4Repr::kMinHeaderLength + payload_length;
  assert(total_length <= 0xFFFF);
  assert(repr.fragment_offset % 8 == 0);
  ByteWriter w(out);
  const std::size_t start = w.position();
  w.u8(0x45);  // version 4, IHL 5: no options
  w.u8(repr.dscp_ecn);
  w.u16(static_cast<std::uint16_t>(total_length));
  w.u16(repr.identification);
  std::uint16_t flags_offset = static_cast<std::uint16_t>(repr.fragment_offset / 8);
  if (repr.dont_fragment) flags_offset |= kDontFragment;
  if (repr.more_fragments) flags_offset |= kMoreFragments;
  w.u16(flags_offset);
  w.u8(repr.ttl);
  w.u8(repr.protocol);
  w.u16(0);  // checksum, filled in below
  w.u32(repr.src.value());
  w.u32(repr.dst.value());
  w.patch_u16(start + kChecksumOffset, header_checksum(w.written_since(start)));
}

void encode_ipv4(const Ipv4Repr& repr, ByteView payload, std::vector<std::uint8_t>& out) {
  encode_ipv4_header(repr, payload.size(), out);
  ByteWriter(out).bytes(payload);
}

}  // namespace synack::wire

#include "udp.hpp"

#include <cassert>
#include <string>

#include "checksum.hpp"
#include "ipv4_packet.hpp"

namespace synack::wire {

namespace {

constexpr std::size_t kChecksumOffset = 6;

DecodeError error(DecodeErrc code, const std::string& what) {
  return {code, "UDP " + what};
}

std::uint16_t udp_checksum(Ipv4Address src, Ipv4Address dst, ByteView datagram) {
  const std::uint16_t sum =
      transport_checksum(src, dst, ip_protocol::UDP, datagram, kChecksumOffset);
  return sum == 0 ? 0xFFFF : sum;
}

}  // namespace

DecodeResult<UdpRepr> decode_udp(ByteView datagram, Ipv4Address src, Ipv4Address dst,
                                 ChecksumPolicy policy) {
  const std::size_t available = datagram.size();
  if (available < UdpRepr::kHeaderLength) {
    return error(DecodeErrc::truncated,
                 "header needs 8 bytes, buffer has " + std::to_string(available));
  }
  const std::size_t length = datagram.u16(4);
  if (length < UdpRepr::kHeaderLength) {
    return error(DecodeErrc::bad_length,
                 "length " + std::to_string(length) + " is below the header's 8 bytes");
  }
  if (length > available) {
    return error(DecodeErrc::bad_length, "length " + std::to_string(length) +
                                             " exceeds buffer of " + std::to_string(available) +
                                             " bytes");
  }
  const ByteView body = datagram.sub(0, length);
  const std::uint16_t stored = body.u16(kChecksumOffset);
  UdpRepr repr;
  repr.checksum_present = stored != 0;
  if (repr.checksum_present) {
    const std::uint16_t computed = udp_checksum(src, dst, body);
    repr.checksum_ok = stored == computed;
    if (!repr.checksum_ok && policy == ChecksumPolicy::strict) {
      return error(DecodeErrc::bad_checksum, "checksum " + to_hex(stored, 4) +
                                                 " does not match computed " + to_hex(computed, 4));
    }
  }
  repr.src_port = body.u16(0);
  repr.dst_port = body.u16(2);
  repr.payload = body.from(UdpRepr::kHeaderLength).to_vector();
  return repr;
}

void encode_udp(const UdpRepr& repr, Ipv4Address src, Ipv4Address dst,
                std::vector<std::uint8_t>& out) {
  const std::size_t length = UdpRepr::kHeaderLength + repr.payload.size();
  assert(length <= 0xFFFF);
  ByteWriter w(out);
  const std::size_t start = w.position();
  w.u16(repr.src_port);
  w.u16(repr.dst_port);
  w.u16(static_cast<std::uint16_t>(length));
  w.u16(0);  // checksum, filled in below
  w.bytes(repr.payload);
  w.patch_u16(start + kChecksumOffset, udp_checksum(src, dst, w.written_since(start)));
}

}  // namespace synack::wire

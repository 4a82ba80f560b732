// The wire decoders on any bytes. The first byte picks the decoder (a whole
// frame, strict or lenient, or one of Ethernet, ARP, IPv4, TCP, UDP, ICMP, an
// ICMP error's quote); the rest is its input. A decoder returns a value or an error and reads only its input.
#include <cstddef>
#include <cstdint>

#include "core/wire/frame.hpp"

namespace wire = synack::wire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const wire::ByteView bytes(data + 1, size - 1);
  const wire::Ipv4Address src(0x0a000001), dst(0x0a000002);
  switch (data[0] % 9) {
    case 0: wire::decode_frame(bytes); break;
    case 1: wire::decode_frame(bytes, wire::ChecksumPolicy::lenient); break;
    case 2: (void)wire::decode_ethernet(bytes); break;
    case 3: (void)wire::decode_arp(bytes); break;
    case 4: (void)wire::decode_ipv4(bytes, wire::ChecksumPolicy::lenient); break;
    case 5: (void)wire::decode_tcp(bytes, src, dst, wire::ChecksumPolicy::lenient); break;
    case 6: (void)wire::decode_udp(bytes, src, dst, wire::ChecksumPolicy::lenient); break;
    case 7: (void)wire::decode_icmp(bytes, wire::ChecksumPolicy::lenient); break;
    case 8: (void)wire::decode_icmp_quote(bytes); break;
  }
  return 0;
}

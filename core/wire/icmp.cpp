#include "icmp.hpp"

#include <string>

#include "checksum.hpp"
#include "ipv4_packet.hpp"

namespace synack::wire {

namespace {

constexpr std::size_t kChecksumOffset = 2;

DecodeError error(DecodeErrc code, const std::string& what) {
  return {code, "ICMP " + what};
}

std::uint16_t message_checksum(ByteView message) {
  ChecksumAccumulator acc;
  acc.add(message.sub(0, kChecksumOffset));
  acc.add(message.from(kChecksumOffset + 2));
  return acc.finish();
}

const char* const kUnreachableCodes[] = {
    "net unreachable",
    "host unreachable",
    "protocol unreachable",
    "port unreachable",
    "fragmentation needed",
    "source route failed",
    "destination network unknown",
    "destination host unknown",
    "source host isolated",
    "network administratively prohibited",
    "host administratively prohibited",
    "network unreachable for TOS",
    "host unreachable for TOS",
    "communication administratively prohibited",
    "host precedence violation",
    "precedence cutoff in effect",
};

}  // namespace

bool IcmpRepr::is_error() const {
  return type == icmp_type::DestinationUnreachable || type == icmp_type::SourceQuench ||
         type == icmp_type::Redirect || type == icmp_type::TimeExceeded ||
         type == icmp_type::ParameterProblem;
}

DecodeResult<IcmpRepr> decode_icmp(ByteView message, ChecksumPolicy policy) {
  if (message.size() < IcmpRepr::kHeaderLength) {
    return error(DecodeErrc::truncated,
                 "header needs 8 bytes, buffer has " + std::to_string(message.size()));
  }
  const std::uint16_t stored = message.u16(kChecksumOffset);
  const std::uint16_t computed = message_checksum(message);
  if (stored != computed && policy == ChecksumPolicy::strict) {
    return error(DecodeErrc::bad_checksum,
                 "checksum " + to_hex(stored, 4) + " does not match computed " + to_hex(computed, 4));
  }
  IcmpRepr repr;
  repr.type = message.u8(0);
  repr.code = message.u8(1);
  repr.rest = message.u32(4);
  repr.data = message.from(IcmpRepr::kHeaderLength).to_vector();
  repr.checksum_ok = stored == computed;
  return repr;
}

void encode_icmp(const IcmpRepr& repr, std::vector<std::uint8_t>& out) {
  ByteWriter w(out);
  const std::size_t start = w.position();
  w.u8(repr.type);
  w.u8(repr.code);
  w.u16(0);  // checksum, filled in below
  w.u32(repr.rest);
  w.bytes(repr.data);
  w.patch_u16(start + kChecksumOffset, message_checksum(w.written_since(start)));
}

IcmpRepr icmp_error(std::uint8_t type, std::uint8_t code, ByteView offending) {
  const std::size_t header = offending.empty() ? 0 : std::size_t{offending.u8(0) & 0x0Fu} * 4;
  IcmpRepr repr;
  repr.type = type;
  repr.code = code;
  repr.data = offending.sub(0, header + IcmpRepr::kQuotedPayload).to_vector();
  return repr;
}

DecodeResult<IcmpQuote> decode_icmp_quote(ByteView quoted) {
  if (quoted.size() < Ipv4Repr::kMinHeaderLength) {
    return error(DecodeErrc::truncated, "quoted IPv4 header needs 20 bytes, message quotes " +
                                            std::to_string(quoted.size()));
  }
  const unsigned version = quoted.u8(0) >> 4;
  const std::size_t header = std::size_t{quoted.u8(0) & 0x0Fu} * 4;
  if (version != 4 || header < Ipv4Repr::kMinHeaderLength) {
    return error(DecodeErrc::bad_value, "quoted datagram is not IPv4 (version " +
                                            std::to_string(version) + ", IHL " +
                                            std::to_string(header / 4) + ")");
  }
  if (quoted.size() < header + IcmpRepr::kQuotedPayload) {
    return error(DecodeErrc::truncated,
                 "quote needs the IP header and 8 bytes (" +
                     std::to_string(header + IcmpRepr::kQuotedPayload) + "), has " +
                     std::to_string(quoted.size()));
  }
  IcmpQuote q;
  q.protocol = quoted.u8(9);
  q.src = Ipv4Address(quoted.u32(12));
  q.dst = Ipv4Address(quoted.u32(16));
  q.src_port = quoted.u16(header);
  q.dst_port = quoted.u16(header + 2);
  q.tcp_seq = quoted.u32(header + 4);
  return q;
}

std::string icmp_type_name(std::uint8_t type) {
  switch (type) {
    case icmp_type::EchoReply: return "echo reply";
    case icmp_type::DestinationUnreachable: return "destination unreachable";
    case icmp_type::SourceQuench: return "source quench";
    case icmp_type::Redirect: return "redirect";
    case icmp_type::EchoRequest: return "echo request";
    case icmp_type::TimeExceeded: return "time exceeded";
    case icmp_type::ParameterProblem: return "parameter problem";
    default: return "type " + std::to_string(type);
  }
}

std::string icmp_code_name(std::uint8_t type, std::uint8_t code) {
  if (type == icmp_type::DestinationUnreachable) {
    if (code < std::size(kUnreachableCodes)) return kUnreachableCodes[code];
  } else if (type == icmp_type::TimeExceeded) {
    if (code == time_exceeded_code::InTransit) return "TTL exceeded in transit";
    if (code == time_exceeded_code::Reassembly) return "fragment reassembly time exceeded";
  } else if (code == 0 && type != icmp_type::Redirect && type != icmp_type::ParameterProblem) {
    return "";
  }
  return "code " + std::to_string(code);
}

std::string describe(const IcmpRepr& repr) {
  std::string text = "ICMP " + icmp_type_name(repr.type);
  if (repr.type == icmp_type::EchoRequest || repr.type == icmp_type::EchoReply) {
    return text + " id " + std::to_string(repr.identifier()) + " seq " +
           std::to_string(repr.sequence());
  }
  const std::string code = icmp_code_name(repr.type, repr.code);
  if (!code.empty()) text += " (" + code + ")";
  if (repr.type == icmp_type::DestinationUnreachable &&
      repr.code == unreachable_code::FragmentationNeeded) {
    text += " mtu " + std::to_string(repr.next_hop_mtu());
  }
  return text;
}

}  // namespace synack::wire

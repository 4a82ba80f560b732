#include "tcp_header.hpp"

#include <cassert>
#include <optional>

#include "checksum.hpp"
#include "ipv4_packet.hpp"

namespace synack::wire {

namespace {

constexpr std::size_t kChecksumOffset = 16;
constexpr std::size_t kMssLength = 4;

DecodeError error(DecodeErrc code, const std::string& what) {
  return {code, "TCP " + what};
}

// Reads the option area (header bytes 20..data offset) into `repr`. Each
// option's length is checked against the bytes left before it is skipped, so a
// bad length can neither loop forever nor read past the header.
std::optional<DecodeError> parse_options(ByteView area, TcpRepr& repr) {
  std::size_t i = 0;
  while (i < area.size()) {
    const std::uint8_t kind = area.u8(i);
    const std::size_t at = TcpRepr::kMinHeaderLength + i;  // offset in the header
    if (kind == tcp_option_kind::EOL) {
      repr.options.push_back({kind, {}});
      break;  // what follows is padding
    }
    if (kind == tcp_option_kind::NOP) {
      repr.options.push_back({kind, {}});
      ++i;
      continue;
    }
    const std::string name =
        "option kind " + std::to_string(kind) + " at offset " + std::to_string(at);
    if (i + 1 >= area.size()) {
      return error(DecodeErrc::bad_length, name + " has no length byte");
    }
    const std::size_t length = area.u8(i + 1);
    if (length < 2) {
      return error(DecodeErrc::bad_length,
                   name + " has length " + std::to_string(length) + ", below the minimum 2");
    }
    if (i + length > area.size()) {
      return error(DecodeErrc::bad_length,
                   name + " has length " + std::to_string(length) + ", past the header's end at " +
                       std::to_string(TcpRepr::kMinHeaderLength + area.size()));
    }
    if (kind == tcp_option_kind::MSS) {
      if (length != kMssLength) {
        return error(DecodeErrc::bad_length,
                     "MSS option length " + std::to_string(length) + " is not 4");
      }
      repr.seg.mss = area.u16(i + 2);
    } else {
      repr.options.push_back({kind, area.sub(i + 2, length - 2).to_vector()});
    }
    i += length;
  }
  return std::nullopt;
}

std::string join_u32s(ByteView data, const char* separator, std::size_t per_group) {
  std::string text;
  for (std::size_t i = 0; i + 4 <= data.size(); i += 4) {
    if (i > 0) text += (i / 4) % per_group == 0 ? " " : separator;
    text += std::to_string(data.u32(i));
  }
  return text;
}

}  // namespace

std::size_t TcpOption::wire_length() const {
  if (kind == tcp_option_kind::EOL || kind == tcp_option_kind::NOP) return 1;
  return 2 + data.size();
}

std::string describe(const TcpOption& option) {
  const ByteView data(option.data);
  switch (option.kind) {
    case tcp_option_kind::EOL:
      return "eol";
    case tcp_option_kind::NOP:
      return "nop";
    case tcp_option_kind::MSS:
      if (data.size() == 2) return "mss " + std::to_string(data.u16(0));
      break;
    case tcp_option_kind::WINDOW_SCALE:
      if (data.size() == 1) return "wscale " + std::to_string(data.u8(0));
      break;
    case tcp_option_kind::SACK_PERMITTED:
      if (data.empty()) return "sackOK";
      break;
    case tcp_option_kind::SACK:
      if (!data.empty() && data.size() % 8 == 0) return "sack " + join_u32s(data, ":", 2);
      break;
    case tcp_option_kind::TIMESTAMPS:
      if (data.size() == 8) {
        return "TS val " + std::to_string(data.u32(0)) + " ecr " + std::to_string(data.u32(4));
      }
      break;
    default:
      break;
  }
  return "opt-" + std::to_string(option.kind) + " len " + std::to_string(option.wire_length());
}

std::size_t tcp_header_length(const TcpRepr& repr) {
  std::size_t options = repr.seg.mss != 0 ? kMssLength : 0;
  for (const TcpOption& option : repr.options) options += option.wire_length();
  return TcpRepr::kMinHeaderLength + (options + 3) / 4 * 4;
}

DecodeResult<TcpRepr> decode_tcp(ByteView segment, Ipv4Address src, Ipv4Address dst,
                                 ChecksumPolicy policy) {
  const std::size_t available = segment.size();
  if (available < TcpRepr::kMinHeaderLength) {
    return error(DecodeErrc::truncated,
                 "header needs 20 bytes, segment has " + std::to_string(available));
  }
  const unsigned data_offset = segment.u8(12) >> 4;
  if (data_offset < 5) {
    return error(DecodeErrc::bad_value,
                 "data offset " + std::to_string(data_offset) + " is below the minimum 5");
  }
  const std::size_t header_length = std::size_t{data_offset} * 4;
  if (header_length > available) {
    return error(DecodeErrc::bad_length, "data offset " + std::to_string(data_offset) + " (" +
                                             std::to_string(header_length) +
                                             " bytes) exceeds segment of " +
                                             std::to_string(available) + " bytes");
  }
  const std::uint16_t stored = segment.u16(kChecksumOffset);
  const std::uint16_t computed =
      transport_checksum(src, dst, ip_protocol::TCP, segment, kChecksumOffset);
  if (stored != computed && policy == ChecksumPolicy::strict) {
    return error(DecodeErrc::bad_checksum, "checksum " + to_hex(stored, 4) +
                                               " does not match computed " + to_hex(computed, 4));
  }

  TcpRepr repr;
  repr.src_port = segment.u16(0);
  repr.dst_port = segment.u16(2);
  repr.seg.seq = SeqNum(segment.u32(4));
  repr.seg.ack = SeqNum(segment.u32(8));
  // The low nibble of byte 12 (reserved, once NS) is not kept.
  repr.seg.flags = segment.u8(13);
  repr.seg.window = segment.u16(14);
  repr.urgent_pointer = segment.u16(18);
  if (auto bad = parse_options(
          segment.sub(TcpRepr::kMinHeaderLength, header_length - TcpRepr::kMinHeaderLength),
          repr)) {
    return *bad;
  }
  repr.seg.payload = segment.from(header_length).to_vector();
  repr.checksum_ok = stored == computed;
  return repr;
}

void encode_tcp(const TcpRepr& repr, Ipv4Address src, Ipv4Address dst,
                std::vector<std::uint8_t>& out) {
  const std::size_t header_length = tcp_header_length(repr);
  assert(header_length <= TcpRepr::kMaxHeaderLength);
  ByteWriter w(out);
  const std::size_t start = w.position();
  w.u16(repr.src_port);
  w.u16(repr.dst_port);
  w.u32(repr.seg.seq.raw());
  w.u32(repr.seg.ack.raw());
  w.u8(static_cast<std::uint8_t>((header_length / 4) << 4));
  w.u8(repr.seg.flags);
  w.u16(repr.seg.window);
  w.u16(0);  // checksum, filled in below
  w.u16(repr.urgent_pointer);
  if (repr.seg.mss != 0) {
    w.u8(tcp_option_kind::MSS);
    w.u8(kMssLength);
    w.u16(repr.seg.mss);
  }
  for (const TcpOption& option : repr.options) {
    assert(option.kind != tcp_option_kind::MSS);
    w.u8(option.kind);
    if (option.wire_length() == 1) continue;
    w.u8(static_cast<std::uint8_t>(option.wire_length()));
    w.bytes(option.data);
  }
  // Zero bytes are EOL, so padding also ends the option list (RFC 9293 §3.1).
  w.zeros(start + header_length - w.position());
  w.bytes(repr.seg.payload);
  const ByteView segment = w.written_since(start);
  w.patch_u16(start + kChecksumOffset,
              transport_checksum(src, dst, ip_protocol::TCP, segment, kChecksumOffset));
}

}  // namespace synack::wire

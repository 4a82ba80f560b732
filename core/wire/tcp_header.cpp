#include "tcp_header.hpp"

#include <cassert>
#include <optional>

#include "checksum.hpp"
#include "ipv4_packet.hpp"

namespace synack::wire {

namespace {

constexpr std::size_t kChecksumOffset = 16;
constexpr std::size_t kMssLength = 4;

DecodeError error(DecodeErrc code, const std::string& what) { return {code, "TCP " + what}; }

// Reads the option area (header bytes 20..data offset) into `repr`. Each
// option's length is checked against the bytes left before it is skipped, so a
// bad length can neither loop forever nor read past the header.
std::optional<DecodeError> parse_options(ByteView area, TcpRepr& repr) {
  std::size_t i = 0;
  while (i < area.size()) {
    const std::uint8_t kind = area.u8(i);
    const std::size_t at = TcpRepr::kMinHeaderLength + i;  // offset in the header
    if (kind == tcp_option_kind::EOL) break;               // what follows is padding
    if (kind == tcp_option_kind::NOP) {
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
    const ByteView data = area.sub(i + 2, length - 2);
    const auto bad_length = [&](const char* option, const char* want) {
      return error(DecodeErrc::bad_length, std::string(option) + " option length " +
                                               std::to_string(length) + " is not " + want);
    };
    tcp::Segment& seg = repr.seg;
    switch (kind) {
      case tcp_option_kind::MSS:
        if (length != kMssLength) return bad_length("MSS", "4");
        seg.mss = data.u16(0);
        break;
      case tcp_option_kind::WINDOW_SCALE:
        if (length != 3) return bad_length("window scale", "3");
        seg.window_scale = data.u8(0);
        break;
      case tcp_option_kind::SACK_PERMITTED:
        if (length != 2) return bad_length("SACK-permitted", "2");
        seg.sack_permitted = true;
        break;
      case tcp_option_kind::TIMESTAMPS:
        if (length != 10) return bad_length("timestamps", "10");
        seg.timestamps = tcp::Timestamps{data.u32(0), data.u32(4)};
        break;
      case tcp_option_kind::SACK:
        if ((length - 2) % 8 != 0 || length == 2) return bad_length("SACK", "2 + 8 per block");
        seg.sack.clear();
        for (std::size_t b = 0; b < data.size(); b += 8) {
          seg.sack.push_back({SeqNum(data.u32(b)), SeqNum(data.u32(b + 4))});
        }
        break;
      default: repr.options.push_back({kind, data.to_vector()}); break;
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
    case tcp_option_kind::EOL: return "eol";
    case tcp_option_kind::NOP: return "nop";
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
    default: break;
  }
  return "opt-" + std::to_string(option.kind) + " len " + std::to_string(option.wire_length());
}

std::vector<TcpOption> wire_options(const TcpRepr& repr) {
  std::vector<TcpOption> list;
  std::size_t length = 0;
  const auto add = [&](std::uint8_t kind, std::vector<std::uint8_t> data = {}) {
    list.push_back({kind, std::move(data)});
    length += list.back().wire_length();
  };
  // NOPs until the length leaves `rest` over a multiple of `align`, and at
  // least one (tcp_addoptions() never starts an aligned option at offset 0).
  const auto pad_to = [&](std::size_t align, std::size_t rest) {
    while (length == 0 || length % align != rest) add(tcp_option_kind::NOP);
  };
  const tcp::Segment& seg = repr.seg;
  if (seg.mss != 0) {
    std::vector<std::uint8_t> data;
    ByteWriter(data).u16(seg.mss);
    add(tcp_option_kind::MSS, std::move(data));
  }
  if (seg.window_scale) {
    pad_to(2, 1);
    add(tcp_option_kind::WINDOW_SCALE, {*seg.window_scale});
  }
  if (seg.sack_permitted) {
    if (length % 2 != 0) add(tcp_option_kind::NOP);
    add(tcp_option_kind::SACK_PERMITTED);
  }
  if (seg.timestamps) {
    pad_to(4, 2);
    std::vector<std::uint8_t> data;
    ByteWriter w(data);
    w.u32(seg.timestamps->val);
    w.u32(seg.timestamps->ecr);
    add(tcp_option_kind::TIMESTAMPS, std::move(data));
  }
  if (!seg.sack.empty()) {
    pad_to(4, 2);
    std::vector<std::uint8_t> data;
    ByteWriter w(data);
    for (const tcp::SackBlock& b : seg.sack) {
      if (length + 2 + data.size() + 8 > TcpRepr::kMaxHeaderLength - TcpRepr::kMinHeaderLength) {
        break;  // the blocks that do not fit are left out
      }
      w.u32(b.left.raw());
      w.u32(b.right.raw());
    }
    if (!data.empty()) add(tcp_option_kind::SACK, std::move(data));
  }
  for (const TcpOption& option : repr.options) add(option.kind, option.data);
  while (length % 4 != 0) add(tcp_option_kind::EOL);
  return list;
}

std::string options_text(const TcpRepr& repr, std::uint32_t sack_base) {
  std::string text = tcp::options_text(repr.seg, sack_base);
  for (const TcpOption& option : repr.options) text += (text.empty() ? "" : ",") + describe(option);
  return text;
}

std::size_t tcp_header_length(const TcpRepr& repr) {
  std::size_t options = 0;
  for (const TcpOption& option : wire_options(repr)) options += option.wire_length();
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
  const std::vector<TcpOption> options = wire_options(repr);
  std::size_t options_length = 0;
  for (const TcpOption& option : options) options_length += option.wire_length();
  const std::size_t header_length = TcpRepr::kMinHeaderLength + options_length;
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
  for (const TcpOption& option : options) {
    w.u8(option.kind);
    if (option.wire_length() == 1) continue;
    w.u8(static_cast<std::uint8_t>(option.wire_length()));
    w.bytes(option.data);
  }
  w.bytes(repr.seg.payload);
  const ByteView segment = w.written_since(start);
  w.patch_u16(start + kChecksumOffset,
              transport_checksum(src, dst, ip_protocol::TCP, segment, kChecksumOffset));
}

}  // namespace synack::wire

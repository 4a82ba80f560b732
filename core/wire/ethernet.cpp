#include "ethernet.hpp"

namespace synack::wire {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

DecodeResult<MacAddress> MacAddress::parse(std::string_view text) {
  // Exactly "xx:xx:xx:xx:xx:xx": 6 pairs and 5 colons.
  if (text.size() != 17) {
    return DecodeError{DecodeErrc::bad_value,
                       "\"" + std::string(text) +
                           "\" is not a MAC address: expected six hex octets such as "
                           "aa:bb:cc:dd:ee:ff"};
  }
  std::array<std::uint8_t, 6> octets{};
  for (std::size_t i = 0; i < 6; ++i) {
    const std::size_t at = i * 3;
    const int hi = hex_digit(text[at]);
    const int lo = hex_digit(text[at + 1]);
    if (hi < 0 || lo < 0 || (i < 5 && text[at + 2] != ':')) {
      return DecodeError{DecodeErrc::bad_value,
                         "\"" + std::string(text) + "\" is not a MAC address: octet " +
                             std::to_string(i + 1) + " is not two hex digits followed by ':'"};
    }
    octets[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return MacAddress(octets);
}

std::string MacAddress::to_string() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(17);
  for (std::size_t i = 0; i < 6; ++i) {
    if (i > 0) text += ':';
    text += kDigits[octets_[i] >> 4];
    text += kDigits[octets_[i] & 0xF];
  }
  return text;
}

void write_mac(ByteWriter& w, const MacAddress& mac) {
  for (const std::uint8_t b : mac.octets()) w.u8(b);
}

DecodeResult<EthernetFrame> decode_ethernet(ByteView frame) {
  if (frame.size() < EthernetRepr::kHeaderLength) {
    return DecodeError{DecodeErrc::truncated, "Ethernet header needs 14 bytes, buffer has " +
                                                  std::to_string(frame.size())};
  }
  EthernetFrame result;
  result.repr.dst = read_mac(frame, 0);
  result.repr.src = read_mac(frame, 6);
  result.repr.ethertype = frame.u16(12);
  result.payload = frame.from(EthernetRepr::kHeaderLength);
  return result;
}

void encode_ethernet(const EthernetRepr& repr, ByteView payload, std::vector<std::uint8_t>& out) {
  ByteWriter w(out);
  write_mac(w, repr.dst);
  write_mac(w, repr.src);
  w.u16(repr.ethertype);
  w.bytes(payload);
}

}  // namespace synack::wire

#include "ipv4_address.hpp"

namespace synack::wire {

namespace {

DecodeError bad_address(std::string_view text, const std::string& why) {
  return {DecodeErrc::bad_value, "\"" + std::string(text) + "\" is not an IPv4 address: " + why};
}

}  // namespace

DecodeResult<Ipv4Address> Ipv4Address::parse(std::string_view text) {
  std::uint32_t value = 0;
  int octet_count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    ++octet_count;
    if (octet_count > 4) {
      return bad_address(text, "expected 4 dot-separated octets, found more");
    }
    const std::string where = "octet " + std::to_string(octet_count);
    if (part.empty()) return bad_address(text, where + " is empty");
    unsigned octet = 0;
    for (const char c : part) {
      if (c < '0' || c > '9') {
        return bad_address(text, where + " \"" + std::string(part) + "\" is not a decimal number");
      }
      if (part.size() > 3) return bad_address(text, where + " has more than 3 digits");
      octet = octet * 10 + static_cast<unsigned>(c - '0');
    }
    if (part.size() > 1 && part[0] == '0') {
      return bad_address(text, where + " \"" + std::string(part) + "\" has a leading zero");
    }
    if (octet > 255) {
      return bad_address(text, where + " is " + std::to_string(octet) + ", above 255");
    }
    value = (value << 8) | octet;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (octet_count != 4) {
    return bad_address(text,
                       "expected 4 dot-separated octets, found " + std::to_string(octet_count));
  }
  return Ipv4Address(value);
}

std::array<std::uint8_t, 4> Ipv4Address::octets() const {
  return {static_cast<std::uint8_t>(value_ >> 24), static_cast<std::uint8_t>(value_ >> 16),
          static_cast<std::uint8_t>(value_ >> 8), static_cast<std::uint8_t>(value_)};
}

std::string Ipv4Address::to_string() const {
  const auto o = octets();
  return std::to_string(o[0]) + "." + std::to_string(o[1]) + "." + std::to_string(o[2]) + "." +
         std::to_string(o[3]);
}

}  // namespace synack::wire

#include "ipv4_cidr.hpp"

#include <cassert>

namespace synack::wire {

Ipv4Address mask_from_prefix_length(std::uint8_t prefix_length) {
  assert(prefix_length <= 32);
  // Shifting a 32-bit value by 32 is undefined, so /0 is its own case.
  if (prefix_length == 0) return Ipv4Address(0);
  return Ipv4Address(0xFFFFFFFFu << (32 - prefix_length));
}

DecodeResult<std::uint8_t> prefix_length_from_mask(Ipv4Address mask) {
  const std::uint32_t host_bits = ~mask.value();
  // A contiguous mask leaves host bits of the form 0..01..1, and adding one to
  // such a value carries into the zeros without overlapping any one bit.
  if ((host_bits & (host_bits + 1)) != 0) {
    return DecodeError{DecodeErrc::bad_value,
                       "mask " + mask.to_string() +
                           " is not contiguous: all its one bits must come before its zero bits"};
  }
  std::uint8_t length = 0;
  for (std::uint32_t v = mask.value(); v != 0; v <<= 1) ++length;
  return length;
}

bool same_subnet(Ipv4Address a, Ipv4Address b, std::uint8_t prefix_length) {
  const std::uint32_t mask = mask_from_prefix_length(prefix_length).value();
  return (a.value() & mask) == (b.value() & mask);
}

Ipv4Cidr::Ipv4Cidr(Ipv4Address address, std::uint8_t prefix_length)
    : address_(address), prefix_length_(prefix_length) {
  assert(prefix_length <= 32);
}

DecodeResult<Ipv4Cidr> Ipv4Cidr::parse(std::string_view text) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return DecodeError{DecodeErrc::bad_value,
                       quoted + " is not a prefix: expected address/length or address/mask"};
  }
  auto address = Ipv4Address::parse(text.substr(0, slash));
  if (!address) return address.error();

  const std::string_view suffix = text.substr(slash + 1);
  if (suffix.find('.') != std::string_view::npos) {
    auto mask = Ipv4Address::parse(suffix);
    if (!mask) return mask.error();
    return from_mask(address.value(), mask.value());
  }
  if (suffix.empty() || suffix.size() > 2) {
    return DecodeError{DecodeErrc::bad_value,
                       quoted + ": prefix length must be a number from 0 to 32"};
  }
  unsigned length = 0;
  for (const char c : suffix) {
    if (c < '0' || c > '9') {
      return DecodeError{DecodeErrc::bad_value,
                         quoted + ": prefix length must be a number from 0 to 32"};
    }
    length = length * 10 + static_cast<unsigned>(c - '0');
  }
  if (length > 32) {
    return DecodeError{DecodeErrc::bad_value,
                       quoted + ": prefix length " + std::to_string(length) + " is above 32"};
  }
  return Ipv4Cidr(address.value(), static_cast<std::uint8_t>(length));
}

DecodeResult<Ipv4Cidr> Ipv4Cidr::from_mask(Ipv4Address address, Ipv4Address mask) {
  auto length = prefix_length_from_mask(mask);
  if (!length) return length.error();
  return Ipv4Cidr(address, length.value());
}

Ipv4Address Ipv4Cidr::network_address() const {
  return Ipv4Address(address_.value() & mask().value());
}

Ipv4Address Ipv4Cidr::broadcast_address() const {
  return Ipv4Address(address_.value() | ~mask().value());
}

std::uint64_t Ipv4Cidr::address_count() const {
  return std::uint64_t{1} << (32 - prefix_length_);
}

std::uint64_t Ipv4Cidr::host_count() const {
  if (prefix_length_ >= 31) return address_count();
  return address_count() - 2;
}

bool Ipv4Cidr::contains(Ipv4Address a) const {
  return same_subnet(address_, a, prefix_length_);
}

bool Ipv4Cidr::contains(const Ipv4Cidr& other) const {
  return other.prefix_length_ >= prefix_length_ && contains(other.address_);
}

bool Ipv4Cidr::overlaps(const Ipv4Cidr& other) const {
  return contains(other) || other.contains(*this);
}

DecodeResult<std::vector<Ipv4Cidr>> Ipv4Cidr::split(std::uint8_t borrowed_bits) const {
  const unsigned new_length = unsigned{prefix_length_} + borrowed_bits;
  if (new_length > 32) {
    return DecodeError{DecodeErrc::bad_value, "cannot borrow " + std::to_string(borrowed_bits) +
                                                  " bits from " + to_string() + ": only " +
                                                  std::to_string(32 - prefix_length_) +
                                                  " host bits remain"};
  }
  if (borrowed_bits > kMaxBorrowedBits) {
    return DecodeError{DecodeErrc::unsupported,
                       "borrowing " + std::to_string(borrowed_bits) + " bits would make " +
                           std::to_string(std::uint64_t{1} << borrowed_bits) +
                           " subnets; at most " + std::to_string(kMaxBorrowedBits) +
                           " bits are borrowed at once"};
  }
  const auto length = static_cast<std::uint8_t>(new_length);
  const std::uint64_t step = std::uint64_t{1} << (32 - new_length);
  std::vector<Ipv4Cidr> subnets;
  subnets.reserve(std::size_t{1} << borrowed_bits);
  for (std::uint64_t i = 0; i < (std::uint64_t{1} << borrowed_bits); ++i) {
    const auto base = std::uint64_t{network_address().value()} + i * step;
    subnets.emplace_back(Ipv4Address(static_cast<std::uint32_t>(base)), length);
  }
  return subnets;
}

std::string Ipv4Cidr::to_string() const {
  return address_.to_string() + "/" + std::to_string(prefix_length_);
}

}  // namespace synack::wire

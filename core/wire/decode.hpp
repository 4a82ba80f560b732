// What every decoder returns: the parsed value or one error that says what is
// wrong in words a learner can act on ("IPv4 IHL 4 is below the minimum 5").
// Malformed input is an expected outcome here, not an exceptional one.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace synack::wire {

enum class DecodeErrc {
  truncated,     // the buffer ends before a field the format requires
  bad_length,    // a length field disagrees with the header or the buffer
  bad_value,     // a field holds a value the format forbids
  unsupported,   // well-formed, but a variant this decoder does not handle
  bad_checksum,  // only under ChecksumPolicy::strict
};

struct DecodeError {
  DecodeErrc code;
  std::string message;
};

template <typename T>
class DecodeResult {
 public:
  // Implicit on purpose: a decoder can `return repr;` or `return error;`.
  DecodeResult(T value) : value_(std::move(value)) {}            // NOLINT
  DecodeResult(DecodeError error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  const T& value() const {
    assert(ok());
    return *value_;
  }
  T& value() {
    assert(ok());
    return *value_;
  }
  const DecodeError& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::optional<T> value_;
  std::optional<DecodeError> error_;
};

// Checksums captured on Linux (loopback, veth) are often left for the NIC to
// fill in, so a bad checksum cannot always mean a bad packet. `strict` makes it
// a decode error; `lenient` decodes anyway and records the verdict in the
// repr's `checksum_ok`, which a pcap importer or packet view can show.
enum class ChecksumPolicy { strict, lenient };

// "0x0800"-style text for error messages.
inline std::string to_hex(std::uint32_t value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) {
    text[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
  }
  return "0x" + text;
}

}  // namespace synack::wire

// Sequence numbers live in a 32-bit circle (RFC 9293 §3.4): every comparison
// is modulo 2^32, so the type offers no raw access to `<` on the integer.
#pragma once

#include <cstdint>

namespace synack {

class SeqNum {
 public:
  constexpr SeqNum() = default;
  constexpr explicit SeqNum(std::uint32_t raw) : raw_(raw) {}

  constexpr std::uint32_t raw() const { return raw_; }

  constexpr SeqNum operator+(std::uint32_t n) const { return SeqNum(raw_ + n); }
  constexpr SeqNum operator-(std::uint32_t n) const { return SeqNum(raw_ - n); }
  constexpr SeqNum& operator+=(std::uint32_t n) {
    raw_ += n;
    return *this;
  }
  // Signed distance from `other` to this number, valid for spans under 2^31.
  constexpr std::int32_t operator-(SeqNum other) const {
    return static_cast<std::int32_t>(raw_ - other.raw_);
  }

  friend constexpr bool operator==(SeqNum a, SeqNum b) { return a.raw_ == b.raw_; }
  friend constexpr bool operator!=(SeqNum a, SeqNum b) { return a.raw_ != b.raw_; }
  friend constexpr bool operator<(SeqNum a, SeqNum b) { return (a - b) < 0; }
  friend constexpr bool operator>(SeqNum a, SeqNum b) { return (a - b) > 0; }
  friend constexpr bool operator<=(SeqNum a, SeqNum b) { return (a - b) <= 0; }
  friend constexpr bool operator>=(SeqNum a, SeqNum b) { return (a - b) >= 0; }

 private:
  std::uint32_t raw_ = 0;
};

// lo <= x < hi on the circle.
constexpr bool seq_in_window(SeqNum x, SeqNum lo, SeqNum hi) { return lo <= x && x < hi; }

constexpr SeqNum seq_max(SeqNum a, SeqNum b) { return a < b ? b : a; }
constexpr SeqNum seq_min(SeqNum a, SeqNum b) { return a < b ? a : b; }

}  // namespace synack

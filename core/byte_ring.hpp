// Bytes in flight or waiting, in a ring that grows by doubling and keeps its
// room: no allocation per segment, the front freed in constant time, and
// every copy in or out at most two memcpy calls.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace synack::tcp {

class ByteRing {
 public:
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return room_.size(); }
  void clear() { head_ = size_ = 0; }
  void erase_begin(std::size_t n) {
    n = std::min(n, size_);
    head_ = size_ == n ? 0 : (head_ + n) % capacity();
    size_ -= n;
  }
  void erase_end(std::size_t n) { size_ -= std::min(n, size_); }

  // Writes `len` bytes at `offset`: over what is there, then appended (after
  // a gap of zeros for bytes that came out of order).
  void write_at(std::size_t offset, const std::uint8_t* src, std::size_t len) {
    const std::size_t end = std::max(size_, offset + len);
    if (end > capacity()) grow(std::max(end, 2 * capacity()));
    if (offset > size_) {
      pieces(size_, offset - size_,
             [](std::uint8_t* p, std::size_t n, std::size_t) { std::memset(p, 0, n); });
    }
    size_ = end;
    pieces(offset, len, [&](std::uint8_t* p, std::size_t n, std::size_t done) {
      std::memcpy(p, src + done, n);
    });
  }
  // Copies the bytes [offset, offset+len) to `dst`.
  void copy_out(std::size_t offset, std::size_t len, std::uint8_t* dst) const {
    pieces_of(*this, offset, len, [&](const std::uint8_t* p, std::size_t n, std::size_t done) {
      std::memcpy(dst + done, p, n);
    });
  }

 private:
  // Calls `piece(p, n, done)` for the bytes [offset, offset+len) of the ring,
  // one contiguous piece at a time (`done`: bytes of the range before it).
  template <class Ring, class Piece>
  static void pieces_of(Ring& ring, std::size_t offset, std::size_t len, Piece piece) {
    if (len == 0) return;
    const std::size_t cap = ring.capacity();
    const std::size_t start = (ring.head_ + offset) % cap;
    const std::size_t first = std::min(len, cap - start);
    piece(ring.room_.data() + start, first, 0);
    if (first < len) piece(ring.room_.data(), len - first, first);
  }
  template <class Piece>
  void pieces(std::size_t offset, std::size_t len, Piece piece) {
    pieces_of(*this, offset, len, piece);
  }
  void grow(std::size_t room) {
    std::vector<std::uint8_t> bigger(room);
    copy_out(0, size_, bigger.data());
    room_.swap(bigger);
    head_ = 0;
  }

  std::vector<std::uint8_t> room_;
  std::size_t head_ = 0, size_ = 0;
};

}  // namespace synack::tcp

// Big-endian (network order, RFC 791 Appendix B) access to byte buffers.
// Decoders check lengths once up front and then read fields at fixed offsets;
// the view still refuses to read past its end, so a missed check yields a zero
// and a set `overrun()` flag instead of undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace synack::wire {

// A non-owning window onto bytes (C++17 has no std::span). Views returned by
// decoders point into the caller's buffer and live no longer than it.
class ByteView {
 public:
  ByteView() = default;
  ByteView(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  ByteView(const std::vector<std::uint8_t>& bytes)  // NOLINT: implicit is the point
      : data_(bytes.data()), size_(bytes.size()) {}
  // A view of a temporary vector would dangle as soon as the call returns.
  ByteView(std::vector<std::uint8_t>&&) = delete;

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool overrun() const { return overrun_; }

  // Bytes [offset, offset + length), clipped to the view.
  ByteView sub(std::size_t offset, std::size_t length) const {
    if (offset > size_) return ByteView(data_ + size_, 0);
    const std::size_t room = size_ - offset;
    return ByteView(data_ + offset, length < room ? length : room);
  }
  ByteView from(std::size_t offset) const { return sub(offset, size_); }

  std::uint8_t u8(std::size_t offset) const {
    if (offset >= size_) {
      overrun_ = true;
      return 0;
    }
    return data_[offset];
  }
  std::uint16_t u16(std::size_t offset) const {
    return static_cast<std::uint16_t>((u8(offset) << 8) | u8(offset + 1));
  }
  std::uint32_t u32(std::size_t offset) const {
    return (std::uint32_t{u16(offset)} << 16) | u16(offset + 2);
  }

  std::vector<std::uint8_t> to_vector() const { return {data_, data_ + size_}; }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  mutable bool overrun_ = false;
};

// Appends fields in network order to a caller-owned vector, so one frame can
// be built layer by layer into a single buffer.
class ByteWriter {
 public:
  explicit ByteWriter(std::vector<std::uint8_t>& out) : out_(out) {}

  std::size_t position() const { return out_.size(); }

  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
  }
  void bytes(ByteView v) { out_.insert(out_.end(), v.data(), v.data() + v.size()); }
  void zeros(std::size_t n) { out_.insert(out_.end(), n, 0); }

  // Fills in a field written earlier, such as a checksum or length.
  void patch_u16(std::size_t offset, std::uint16_t v) {
    out_.at(offset) = static_cast<std::uint8_t>(v >> 8);
    out_.at(offset + 1) = static_cast<std::uint8_t>(v);
  }

  ByteView written_since(std::size_t offset) const {
    return ByteView(out_.data() + offset, out_.size() - offset);
  }

 private:
  std::vector<std::uint8_t>& out_;
};

}  // namespace synack::wire

// The byte ring under the send and receive buffers: writes over and past the
// end, gaps of zeros, wrapping around its room, and growing with the bytes kept.
#include "core/byte_ring.hpp"

#include <gtest/gtest.h>

#include <string>

namespace synack::tcp {
namespace {

std::string contents(const ByteRing& ring) {
  std::string out(ring.size(), '?');
  ring.copy_out(0, ring.size(), reinterpret_cast<std::uint8_t*>(out.data()));
  return out;
}

void write(ByteRing& ring, std::size_t offset, const std::string& s) {
  ring.write_at(offset, reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

TEST(ByteRing, WritesOverAndPastTheEndWithAGapOfZeros) {
  ByteRing ring;
  write(ring, 0, "abc");
  write(ring, 5, "fg");  // out of order: two zeros between
  EXPECT_EQ(contents(ring), std::string("abc\0\0fg", 7));
  write(ring, 3, "de");
  EXPECT_EQ(contents(ring), "abcdefg");
  ring.erase_end(2);
  EXPECT_EQ(contents(ring), "abcde");
}

TEST(ByteRing, WrapsAroundItsRoomAndGrowsKeepingTheOrder) {
  ByteRing ring;
  write(ring, 0, "01234567");
  const std::size_t room = ring.capacity();
  ring.erase_begin(6);
  write(ring, ring.size(), "89ab");  // wraps around the end of the room
  EXPECT_EQ(ring.capacity(), room) << "the room freed at the front is used again";
  EXPECT_EQ(contents(ring), "6789ab");
  std::string part(4, '?');
  ring.copy_out(1, 4, reinterpret_cast<std::uint8_t*>(part.data()));
  EXPECT_EQ(part, "789a");
  write(ring, ring.size(), std::string(100, 'x'));
  EXPECT_GE(ring.capacity(), 106u);
  EXPECT_EQ(contents(ring), "6789ab" + std::string(100, 'x'));
  ring.erase_begin(ring.size());
  EXPECT_EQ(ring.size(), 0u);
  ring.clear();
  EXPECT_EQ(contents(ring), "");
}

}  // namespace
}  // namespace synack::tcp

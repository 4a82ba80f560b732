#include "core/wire/checksum.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace synack::wire {
namespace {

// The worked example of RFC 1071 §3: the words sum to 0xddf2.
TEST(Checksum, Rfc1071Example) {
  const std::vector<std::uint8_t> bytes = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internet_checksum(bytes), 0xFFFF - 0xddf2);
}

TEST(Checksum, OddLengthPadsWithZero) {
  const std::vector<std::uint8_t> odd = {0x12, 0x34, 0x56};
  const std::vector<std::uint8_t> padded = {0x12, 0x34, 0x56, 0x00};
  EXPECT_EQ(internet_checksum(odd), internet_checksum(padded));
}

TEST(Checksum, PiecesOfAnyLengthSumLikeTheWhole) {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 301; ++i) bytes.push_back(static_cast<std::uint8_t>(i * 37 + 11));
  const ByteView all(bytes);
  for (std::size_t cut1 : {0u, 1u, 3u, 100u}) {
    for (std::size_t cut2 : {cut1, cut1 + 1, cut1 + 7, std::size_t{301}}) {
      ChecksumAccumulator acc;
      acc.add(all.sub(0, cut1));
      acc.add(all.sub(cut1, cut2 - cut1));
      acc.add(all.from(cut2));
      EXPECT_EQ(acc.finish(), internet_checksum(all)) << cut1 << " " << cut2;
    }
  }
}

TEST(Checksum, CarriesWrapAround) {
  // 0xffff + 0x0001 = 0x1_0000, which folds to 0x0001.
  const std::vector<std::uint8_t> bytes = {0xff, 0xff, 0x00, 0x01};
  EXPECT_EQ(internet_checksum(bytes), 0xFFFE);
}

TEST(Checksum, BufferSummedWithItsChecksumGivesZero) {
  std::vector<std::uint8_t> bytes = {0x45, 0x00, 0x00, 0x1c, 0xab, 0xcd, 0x00, 0x00, 0x00, 0x00};
  const std::uint16_t sum = internet_checksum(bytes);
  bytes[8] = static_cast<std::uint8_t>(sum >> 8);
  bytes[9] = static_cast<std::uint8_t>(sum);
  EXPECT_EQ(internet_checksum(bytes), 0);
}

TEST(Checksum, TransportChecksumSkipsTheStoredField) {
  std::vector<std::uint8_t> segment = {0x30, 0x39, 0x00, 0x35, 0x00, 0x0a, 0x00, 0x00, 0x68, 0x69};
  const Ipv4Address src(10, 0, 0, 1);
  const Ipv4Address dst(10, 0, 0, 2);
  const std::uint16_t before = transport_checksum(src, dst, 17, segment, 6);
  segment[6] = 0xde;
  segment[7] = 0xad;
  EXPECT_EQ(transport_checksum(src, dst, 17, segment, 6), before);
}

TEST(ByteView, ReadsBigEndianAndNeverPastTheEnd) {
  const std::vector<std::uint8_t> bytes = {0x01, 0x02, 0x03, 0x04, 0x05};
  const ByteView view(bytes);
  EXPECT_EQ(view.u16(0), 0x0102);
  EXPECT_EQ(view.u32(1), 0x02030405u);
  EXPECT_FALSE(view.overrun());
  EXPECT_EQ(view.u32(3), 0x04050000u);
  EXPECT_TRUE(view.overrun());
  EXPECT_EQ(view.sub(4, 10).size(), 1u);
  EXPECT_EQ(view.sub(9, 1).size(), 0u);
}

TEST(ByteWriter, AppendsAndPatches) {
  std::vector<std::uint8_t> out = {0xaa};
  ByteWriter w(out);
  w.u16(0x0102);
  w.u32(0x03040506);
  w.patch_u16(1, 0xbeef);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{0xaa, 0xbe, 0xef, 0x03, 0x04, 0x05, 0x06}));
}

}  // namespace
}  // namespace synack::wire

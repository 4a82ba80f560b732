#include "core/seq.hpp"

#include <gtest/gtest.h>

namespace synack {
namespace {

TEST(SeqNum, ComparesAcrossTheWrap) {
  const SeqNum before_wrap(0xfffffff0u);
  const SeqNum after_wrap(0x10u);
  EXPECT_TRUE(before_wrap < after_wrap);
  EXPECT_TRUE(after_wrap > before_wrap);
  EXPECT_EQ(after_wrap - before_wrap, 0x20);
  EXPECT_EQ((before_wrap + 0x20u).raw(), 0x10u);
}

TEST(SeqNum, WindowTestIsHalfOpen) {
  const SeqNum lo(0xffffff00u);
  const SeqNum hi = lo + 0x200u;
  EXPECT_TRUE(seq_in_window(lo, lo, hi));
  EXPECT_TRUE(seq_in_window(SeqNum(0x50u), lo, hi));
  EXPECT_FALSE(seq_in_window(hi, lo, hi));
  EXPECT_FALSE(seq_in_window(lo - 1u, lo, hi));
}

TEST(SeqNum, OrderingIsConsistent) {
  const SeqNum a(100), b(200);
  EXPECT_TRUE(a <= b);
  EXPECT_FALSE(a >= b);
  EXPECT_TRUE(a != b);
  EXPECT_EQ(seq_max(a, b), b);
  EXPECT_EQ(seq_max(SeqNum(0xfffffffeu), SeqNum(1)), SeqNum(1));
}

}  // namespace
}  // namespace synack

#include "sim/trace/terminal_cells.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace synack::trace::term {
namespace {

TEST(CellWidth, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(width_of("handshake"), 9u);
  EXPECT_EQ(width_of("三次握手"), 8u);
  EXPECT_EQ(width_of("粘包 (sticky)"), 13u);
  EXPECT_EQ(width_of("，。？"), 6u) << "fullwidth punctuation";
  EXPECT_EQ(width_of("│─▶"), 3u) << "the ladder's own drawing characters";
  EXPECT_EQ(width_of("e\xCC\x81"), 1u) << "a combining accent takes no column";
  EXPECT_EQ(cell_width(U'한'), 2u);
  EXPECT_EQ(cell_width(U'\uFFFD'), 1u);
}

TEST(Wrap, AtSpacesBetweenWideCharactersAndInsideLongWords) {
  EXPECT_EQ(wrap("the quick brown fox", 10), (std::vector<std::string>{"the quick", "brown fox"}));
  EXPECT_EQ(wrap("三次握手四次挥手", 6), (std::vector<std::string>{"三次握", "手四次", "挥手"}));
  EXPECT_EQ(wrap("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  EXPECT_EQ(wrap("三次握手，四次挥手", 8), (std::vector<std::string>{"三次握手，", "四次挥手"}))
      << "a comma stays at the end of its line";
  EXPECT_EQ(wrap("one\ntwo", 40), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(wrap("", 10), (std::vector<std::string>{""}));
  for (const std::string& line : wrap("客户端调用 connect() 发出 SYN，进入 SYN-SENT 状态。", 12)) {
    EXPECT_LE(width_of(line), 12u) << line;
  }
}

TEST(Canvas, AWideCharacterCoversTheCellAfterIt) {
  Canvas c;
  c.reset(0);
  EXPECT_EQ(c.text(0, "握手", Color::None), 4u);
  c.put(6, U'│', Color::None);
  std::ostringstream out;
  c.write(out, false);
  EXPECT_EQ(out.str(), "握手  │\n");
  // Drawing over the right half of a wide character leaves a space, not half a glyph.
  c.put(1, U'x', Color::None);
  std::ostringstream again;
  c.write(again, false);
  EXPECT_EQ(again.str(), " x手  │\n");
}

}  // namespace
}  // namespace synack::trace::term

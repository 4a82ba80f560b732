// Text for a terminal: rows of cells, each one character wide or two (the
// CJK ideographs and fullwidth forms a Chinese lesson is written in take two
// columns, as terminals draw them), each with a color.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace synack::trace::term {

enum class Color : std::uint8_t {
  None,
  Lifeline,
  Header,
  Syn,
  Fin,
  Rst,
  Data,
  Arp,
  Udp,
  Icmp,
  Bad,
  Drop,
  State,
  Call,
  Error,
  Note,
  Lesson,
};
const char* ansi(Color c);

void append_utf8(std::string& out, char32_t c);
// Code points of UTF-8 text; a byte that does not start a valid sequence
// becomes U+FFFD.
std::u32string decode_utf8(std::string_view text);
// Columns `c` takes in a terminal: 2 for East Asian wide and fullwidth
// characters (Unicode's East_Asian_Width W and F), 0 for combining marks, else 1.
std::size_t cell_width(char32_t c);
// Columns `text` takes.
std::size_t width_of(std::string_view text);

// `text` in lines of at most `width` columns, broken at spaces, or between
// two wide characters (Chinese needs no spaces to break), or inside a word
// longer than a line; newlines in the text end lines.
std::vector<std::string> wrap(std::string_view text, std::size_t width);
// The same with widths measured by `width_of_char` (pixels, in a window).
std::vector<std::string> wrap(std::string_view text, double width,
                              const std::function<double(char32_t)>& width_of_char);

class Canvas {
 public:
  void reset(std::size_t width);
  void put(std::size_t x, char32_t c, Color color);
  // Writes `text` from column `x` on, over whatever is there; returns the
  // column after it.
  std::size_t text(std::size_t x, std::string_view text, Color color);
  void write(std::ostream& out, bool color) const;

 private:
  void grow(std::size_t width);

  // The right half of a wide character is a cell holding kCovered.
  static constexpr char32_t kCovered = 0xFFFFFFFF;
  std::vector<char32_t> cells_;
  std::vector<Color> colors_;
};

}  // namespace synack::trace::term

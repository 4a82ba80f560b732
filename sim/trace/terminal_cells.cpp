#include "sim/trace/terminal_cells.hpp"

#include <algorithm>
#include <iterator>

namespace synack::trace::term {

const char* ansi(Color c) {
  switch (c) {
    case Color::None: return "\x1b[0m";
    case Color::Lifeline: return "\x1b[0;90m";
    case Color::Header: return "\x1b[0;1m";
    case Color::Syn: return "\x1b[0;36m";
    case Color::Fin: return "\x1b[0;33m";
    case Color::Rst: return "\x1b[0;31m";
    case Color::Data: return "\x1b[0;32m";
    case Color::Arp: return "\x1b[0;35m";
    case Color::Udp: return "\x1b[0;34m";
    case Color::Icmp: return "\x1b[0;1;35m";
    case Color::Bad: return "\x1b[0;31m";
    case Color::Drop: return "\x1b[0;1;31m";
    case Color::State: return "\x1b[0;1m";
    case Color::Call: return "\x1b[0;1;34m";
    case Color::Error: return "\x1b[0;1;31m";
    case Color::Note: return "\x1b[0;2m";
    case Color::Lesson: return "\x1b[0;1;33m";
  }
  return "\x1b[0m";
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const std::size_t n = b < 0x80           ? 1
                          : (b >> 5) == 0x6  ? 2
                          : (b >> 4) == 0xE  ? 3
                          : (b >> 3) == 0x1E ? 4
                                             : 0;
    if (n == 0 || i + n > text.size()) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    char32_t c = n == 1 ? b : (b & (0x7F >> n));
    bool valid = true;
    for (std::size_t k = 1; k < n; ++k) {
      const auto cont = static_cast<unsigned char>(text[i + k]);
      valid = valid && (cont & 0xC0) == 0x80;
      c = (c << 6) | (cont & 0x3F);
    }
    out += valid ? c : U'\uFFFD';
    i += valid ? n : 1;
  }
  return out;
}

namespace {

struct Range {
  char32_t first, last;
};

// East_Asian_Width W and F (Unicode 15 EastAsianWidth.txt), merged into the
// blocks a lesson meets: Hangul Jamo, CJK punctuation, kana, ideographs,
// Hangul syllables, compatibility ideographs, vertical and fullwidth forms,
// the emoji of the lesson notes, and the supplementary ideograph planes.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
    {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
    {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

// Combining marks that take no column of their own (the common blocks).
constexpr Range kZero[] = {
    {0x0300, 0x036F}, {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
};

bool in(const Range* first, const Range* last, char32_t c) {
  const Range* it =
      std::upper_bound(first, last, c, [](char32_t x, const Range& r) { return x < r.first; });
  return it != first && c <= std::prev(it)->last;
}

}  // namespace

std::size_t cell_width(char32_t c) {
  if (c < 0x300) return 1;
  if (in(std::begin(kZero), std::end(kZero), c)) return 0;
  return in(std::begin(kWide), std::end(kWide), c) ? 2 : 1;
}

std::size_t width_of(std::string_view text) {
  std::size_t width = 0;
  for (char32_t c : decode_utf8(text)) width += cell_width(c);
  return width;
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  return wrap(text, static_cast<double>(std::max<std::size_t>(width, 2)),
              [](char32_t c) { return static_cast<double>(cell_width(c)); });
}

std::vector<std::string> wrap(std::string_view text, double width,
                              const std::function<double(char32_t)>& width_of_char) {
  std::vector<std::string> lines;
  std::u32string line;
  double used = 0;
  std::size_t last_break = std::u32string::npos;  // where `line` may be cut
  auto flush = [&](std::size_t at) {
    std::u32string head = line.substr(0, at);
    while (!head.empty() && head.back() == U' ') head.pop_back();
    std::string out;
    for (char32_t c : head) append_utf8(out, c);
    lines.push_back(std::move(out));
    line.erase(0, at);
    while (!line.empty() && line.front() == U' ') line.erase(0, 1);
    used = 0;
    for (char32_t c : line) used += width_of_char(c);
    last_break = std::u32string::npos;
  };
  // Chinese punctuation that closes a phrase never starts a line.
  static constexpr std::u32string_view kClosing = U"，。、；：？！）」』】》”’";
  for (char32_t c : decode_utf8(text)) {
    if (c == U'\n') {
      flush(line.size());
      continue;
    }
    const double w = width_of_char(c);
    const bool wide = cell_width(c) == 2;
    const bool closing = kClosing.find(c) != std::u32string_view::npos;
    if (used + w > width && c != U' ' && !closing && !line.empty()) {
      flush(last_break != std::u32string::npos && last_break > 0 ? last_break : line.size());
    }
    if (c == U' ' && line.empty()) continue;
    if (c == U' ' || (wide && !line.empty() && !closing)) last_break = line.size();
    line += c;
    used += w;
    if (wide) last_break = line.size();
  }
  if (!line.empty() || lines.empty()) flush(line.size());
  return lines;
}

void Canvas::reset(std::size_t width) {
  cells_.assign(width, U' ');
  colors_.assign(width, Color::None);
}

void Canvas::put(std::size_t x, char32_t c, Color color) {
  grow(x + 1);
  cells_[x] = c;
  colors_[x] = color;
}

std::size_t Canvas::text(std::size_t x, std::string_view text, Color color) {
  for (char32_t c : decode_utf8(text)) {
    const std::size_t w = cell_width(c);
    if (w == 0) continue;  // a mark on the character before: left out, not misplaced
    grow(x + w);
    cells_[x] = c;
    colors_[x] = color;
    if (w == 2) {
      cells_[x + 1] = kCovered;
      colors_[x + 1] = color;
    }
    x += w;
  }
  return x;
}

void Canvas::write(std::ostream& out, bool color) const {
  std::size_t end = cells_.size();
  while (end > 0 && cells_[end - 1] == U' ') --end;
  std::string line;
  Color current = Color::None;
  for (std::size_t i = 0; i < end; ++i) {
    if (cells_[i] == kCovered) continue;
    // A wide character whose right half was drawn over shows as a space.
    const bool broken = i + 1 < end && cells_[i + 1] != kCovered && cell_width(cells_[i]) == 2;
    if (color && colors_[i] != current && cells_[i] != U' ') {
      current = colors_[i];
      line += ansi(current);
    }
    append_utf8(line, broken ? U' ' : cells_[i]);
  }
  if (current != Color::None) line += ansi(Color::None);
  line += '\n';
  out << line;
}

void Canvas::grow(std::size_t width) {
  if (width <= cells_.size()) return;
  cells_.resize(width, U' ');
  colors_.resize(width, Color::None);
}

}  // namespace synack::trace::term

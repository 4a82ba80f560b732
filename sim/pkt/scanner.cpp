#include "sim/pkt/scanner.hpp"

#include <limits>

#include "sim/lang/tr.hpp"
#include "sim/pkt/parser.hpp"
#include "sim/scenario/load_input.hpp"

namespace synack::pkt::detail {

namespace {

constexpr std::size_t kMaxFoundChars = 24;  // longest word quoted in "found ..."

bool is_word_char(char c) { return Scanner::is_identifier_char(c) || c == '.'; }

}  // namespace

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

void Scanner::advance(std::size_t n) {
  for (; n > 0 && !at_end(); --n, ++offset_) {
    if (text_[offset_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
  }
}

void Scanner::skip_blanks() {
  while (!at_end()) {
    const char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      advance();
    } else if (c == '/' && peek(1) == '/') {
      while (!at_end() && peek() != '\n') advance();
    } else if (c == '/' && peek(1) == '*') {
      const Position start = position();
      advance(2);
      while (!at_end() && !looking_at("*/")) advance();
      if (at_end()) {
        fail_at(start,
                lang::trf("'*/' closing the comment opened at {}:{}", start.line, start.column),
                lang::tr("end of file"));
      }
      advance(2);
    } else {
      return;
    }
  }
}

void Scanner::skip_blanks_and_newlines() {
  skip_blanks();
  while (!at_end() && peek() == '\n') {
    advance();
    skip_blanks();
  }
}

bool Scanner::at_line_end() {
  skip_blanks();
  return at_end() || peek() == '\n';
}

void Scanner::fail(const std::string& expected) {
  skip_blanks();
  fail_at(position(), expected, describe_next());
}

void Scanner::fail_at(Position pos, const std::string& expected, const std::string& found) const {
  throw ParseError(file_, pos, lang::trf("expected {}, found {}", expected, found));
}

std::string Scanner::describe_next() const {
  if (at_end()) return lang::tr("end of file");
  const char c = peek();
  if (c == '\n') return lang::tr("end of line");
  if (!is_identifier_char(c) && !(c == '.' && peek(1) == '.')) {
    return scenario::quote_input(text_.substr(offset_, 1));
  }
  std::size_t n = 0;
  while (offset_ + n < text_.size() && n < kMaxFoundChars && is_word_char(text_[offset_ + n])) {
    ++n;
  }
  const bool cut = offset_ + n < text_.size() && is_word_char(text_[offset_ + n]);
  return scenario::quote_input(text_.substr(offset_, n + (cut ? 1 : 0)), n);
}

void Scanner::expect(char c, const std::string& expected) {
  skip_blanks();
  if (at_end() || peek() != c) fail(expected);
  advance();
}

bool Scanner::is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool Scanner::is_identifier_char(char c) { return is_identifier_start(c) || is_digit(c); }

std::string Scanner::read_identifier() {
  if (at_end() || !is_identifier_start(peek())) return {};
  const std::size_t start = offset_;
  while (!at_end() && is_identifier_char(peek())) advance();
  return std::string(slice(start, offset_));
}

std::int64_t Scanner::read_integer(std::int64_t min, std::int64_t max, const std::string& what,
                                   Radix radix) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  skip_blanks();
  const Position start = position();
  const bool negative = min < 0 && peek() == '-' && !at_end();
  const std::size_t digits_at = negative ? 1 : 0;
  const bool hex = radix == Radix::HexToo && peek(digits_at) == '0' &&
                   (peek(digits_at + 1) == 'x' || peek(digits_at + 1) == 'X');
  auto digit_value = [hex](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (hex && c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  const std::size_t first_digit = digits_at + (hex ? 2 : 0);
  if (offset_ + first_digit >= text_.size() || digit_value(peek(first_digit)) < 0) fail(what);
  const std::size_t start_offset = offset_;
  advance(first_digit);
  const std::uint64_t base = hex ? 16 : 10;
  // The magnitude may reach INT64_MAX, or one more for a negative number.
  const std::uint64_t limit = static_cast<std::uint64_t>(kMax) + (negative ? 1 : 0);
  std::uint64_t magnitude = 0;
  bool too_big = false;
  for (int d = 0; !at_end() && (d = digit_value(peek())) >= 0; advance()) {
    const auto digit = static_cast<std::uint64_t>(d);
    if (magnitude > (limit - digit) / base) too_big = true;
    if (!too_big) magnitude = magnitude * base + digit;
  }
  std::int64_t value = static_cast<std::int64_t>(magnitude);
  if (negative) value = magnitude == limit ? kMin : -value;
  if (too_big || value < min || value > max) {
    const std::string expected = min == kMin && max == kMax
                                     ? lang::trf("{} that fits in 64 bits", what)
                                 : min == 0 ? lang::trf("{} up to {}", what, max)
                                            : lang::trf("{} from {} to {}", what, min, max);
    fail_at(start, expected, scenario::quote_input(slice(start_offset, offset_), kMaxFoundChars));
  }
  return value;
}

std::int64_t Scanner::read_usecs(const std::string& what) {
  constexpr std::int64_t kMaxSeconds = kMaxScriptUsecs / 1'000'000;
  skip_blanks();
  const Position start = position();
  if (at_end() || !is_digit(peek())) fail(what);
  const std::string found = describe_next();
  std::int64_t usecs = read_integer(0, kMaxSeconds, what) * 1'000'000;
  if (peek() == '.' && is_digit(peek(1))) {
    advance();
    std::int64_t scale = 100'000;
    while (!at_end() && is_digit(peek())) {
      if (scale == 0)
        fail_at(start, lang::trf("{} with at most 6 decimals (microseconds)", what), found);
      usecs += (peek() - '0') * scale;
      scale /= 10;
      advance();
    }
  }
  if (usecs > kMaxScriptUsecs) fail_at(start, lang::trf("{} up to {}", what, kMaxSeconds), found);
  return usecs;
}

}  // namespace synack::pkt::detail

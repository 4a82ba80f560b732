// Character-level reading of a packetdrill script for sim/pkt/parser.cpp: positions, blanks
// and comments, numbers, identifiers, and errors worded "expected X, found Y". The grammar is
// context-dependent (`S.` flags, `...(0)`, backtick commands), so the parser asks for what it
// expects next instead of consuming a token stream. Internal to sim/pkt: the executor reads the
// numbers inside shell lines and code blocks with it too, so that every number of a script goes
// through read_integer().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/pkt/script.hpp"

namespace synack::pkt::detail {

class Scanner {
 public:
  // `start` is where `text` begins in the file, for a part of a script read on its own.
  Scanner(std::string_view text, const std::string& file, Position start = {1, 1})
      : text_(text), file_(file), line_(start.line), column_(start.column) {}

  bool at_end() const { return offset_ >= text_.size(); }
  // The character `ahead` places on, or '\0' past the end (text may hold '\0' itself, so
  // test at_end() before trusting a '\0').
  char peek(std::size_t ahead = 0) const {
    return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0';
  }
  bool looking_at(std::string_view s) const { return text_.substr(offset_, s.size()) == s; }
  void advance(std::size_t n = 1);

  Position position() const { return {line_, column_}; }
  std::size_t offset() const { return offset_; }
  std::string_view slice(std::size_t from, std::size_t to) const {
    return text_.substr(from, to - from);
  }

  // Skips spaces, tabs, carriage returns and comments (a `/* */` may span lines). Newlines
  // end events, so they are skipped only by skip_blanks_and_newlines().
  void skip_blanks();
  void skip_blanks_and_newlines();
  // After skip_blanks(): true at a newline or the end of the text.
  bool at_line_end();

  // Throws ParseError "FILE:L:C: expected X, found Y" for whatever is next (after blanks).
  [[noreturn]] void fail(const std::string& expected);
  [[noreturn]] void fail_at(Position pos, const std::string& expected,
                            const std::string& found) const;
  // How the next thing reads in a message: "'ack'", "'('", "end of line", "end of file".
  std::string describe_next() const;

  // Consumes `c` after blanks, or fails with "expected <expected>".
  void expect(char c, const std::string& expected);

  static bool is_identifier_start(char c);
  static bool is_identifier_char(char c);
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  // [A-Za-z_][A-Za-z0-9_]*, or empty (nothing consumed) when not at one.
  std::string read_identifier();
  // The one reading of a number in a script: a '-' when min < 0, then decimal digits (or, with
  // Radix::HexToo, 0x-hexadecimal ones), with a value from min to max. Anything else fails with
  // "expected WHAT up to MAX, found 'TEXT'" (or "from MIN to MAX", or "that fits in 64 bits"),
  // where `what` names the number ("a sequence number").
  enum class Radix { Decimal, HexToo };
  std::int64_t read_integer(std::int64_t min, std::int64_t max, const std::string& what,
                            Radix radix = Radix::Decimal);
  // `SECONDS[.FRACTION]` with at most 6 fraction digits and at most kMaxScriptUsecs, as
  // microseconds.
  std::int64_t read_usecs(const std::string& what);

 private:
  std::string_view text_;
  const std::string& file_;
  std::size_t offset_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// s without leading and trailing spaces, tabs, carriage returns and newlines.
std::string trimmed(std::string_view s);

}  // namespace synack::pkt::detail

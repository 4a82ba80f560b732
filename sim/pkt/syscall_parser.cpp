// Argument lists may continue on following lines (as in packetdrill); the rest of a system
// call stays on one line.
#include "sim/pkt/syscall_parser.hpp"

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/lang/tr.hpp"

namespace synack::pkt::detail {

namespace {

constexpr std::int64_t kI64Min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kI64Max = std::numeric_limits<std::int64_t>::max();
constexpr int kMaxNesting = 64;  // brackets inside arguments; deeper input is an error

class SyscallParser {
 public:
  explicit SyscallParser(Scanner& in) : in_(in) {}

  SyscallEvent syscall(std::optional<std::int64_t> end_usecs);

 private:
  std::string note();
  Expr expression(int depth);
  Expr primary(int depth);
  std::string string_literal();
  std::vector<Expr> list(char close, int depth, const std::string& what);
  std::vector<Expr> struct_members(int depth);
  bool at_member_name() const;

  Scanner& in_;
};

// `name(args) = result [ERRNO] [(note)]`.
SyscallEvent SyscallParser::syscall(std::optional<std::int64_t> end_usecs) {
  SyscallEvent sc;
  sc.end_usecs = end_usecs;
  sc.name = in_.read_identifier();
  in_.expect('(', lang::trf("'(' after '{}'", sc.name));
  sc.args = list(')', 0, lang::tr("an argument"));
  in_.expect('=', lang::tr("'=' and the expected result after the arguments"));
  in_.skip_blanks();
  sc.result_pos = in_.position();
  sc.result = in_.read_integer(kI64Min, kI64Max, lang::tr("an integer result after '='"),
                               Scanner::Radix::HexToo);
  in_.skip_blanks();
  if (!in_.at_end() && Scanner::is_identifier_start(in_.peek())) {
    sc.errno_name = in_.read_identifier();
    in_.skip_blanks();
  }
  if (!in_.at_end() && in_.peek() == '(') sc.note = note();
  return sc;
}

// `(free text)` on one line; nested parentheses are kept in the text.
std::string SyscallParser::note() {
  const Position open = in_.position();
  in_.advance();
  const std::size_t start = in_.offset();
  for (int depth = 1; !in_.at_end() && in_.peek() != '\n'; in_.advance()) {
    if (in_.peek() == '(') ++depth;
    if (in_.peek() == ')' && --depth == 0) {
      std::string text = trimmed(in_.slice(start, in_.offset()));
      in_.advance();
      return text;
    }
  }
  in_.fail(lang::trf("')' closing the note opened at {}:{}", open.line, open.column));
}

// primary ('|' primary)*
Expr SyscallParser::expression(int depth) {
  if (depth > kMaxNesting) in_.fail(lang::trf("at most {} nested brackets", kMaxNesting));
  Expr first = primary(depth);
  in_.skip_blanks();
  if (in_.at_end() || in_.peek() != '|') return first;
  Expr bit_or;
  bit_or.kind = Expr::Kind::BitOr;
  bit_or.pos = first.pos;
  bit_or.elements.push_back(std::move(first));
  while (!in_.at_end() && in_.peek() == '|') {
    in_.advance();
    in_.skip_blanks_and_newlines();
    bit_or.elements.push_back(primary(depth));
    in_.skip_blanks();
  }
  return bit_or;
}

Expr SyscallParser::primary(int depth) {
  in_.skip_blanks();
  Expr e;
  e.pos = in_.position();
  const char c = in_.at_end() ? '\0' : in_.peek();
  if (in_.looking_at("...")) {
    in_.advance(3);
  } else if (Scanner::is_digit(c) || (c == '-' && Scanner::is_digit(in_.peek(1)))) {
    e.kind = Expr::Kind::Integer;
    const std::size_t start = in_.offset();
    e.integer = in_.read_integer(kI64Min, kI64Max, lang::tr("a number"), Scanner::Radix::HexToo);
    e.text = std::string(in_.slice(start, in_.offset()));
  } else if (c == '"') {
    e.kind = Expr::Kind::String;
    e.text = string_literal();
  } else if (c == '[') {
    e.kind = Expr::Kind::Array;
    in_.advance();
    e.elements = list(']', depth + 1, lang::tr("an array element"));
  } else if (c == '{') {
    e.kind = Expr::Kind::Struct;
    in_.advance();
    e.elements = struct_members(depth + 1);
  } else if (Scanner::is_identifier_start(c)) {
    e.kind = Expr::Kind::Symbol;
    e.text = in_.read_identifier();
    in_.skip_blanks();
    if (!in_.at_end() && in_.peek() == '(') {
      e.kind = Expr::Kind::Call;
      in_.advance();
      e.elements = list(')', depth + 1, lang::tr("an argument"));
    }
  } else {
    in_.fail(lang::tr("an argument: a number, a name, '...', '[', '{' or '\"'"));
  }
  return e;
}

// `"text"` with the escapes \" \\ \n \t \r \0; on one line.
std::string SyscallParser::string_literal() {
  const Position open = in_.position();
  in_.advance();
  std::string text;
  while (!in_.at_end() && in_.peek() != '"' && in_.peek() != '\n') {
    char c = in_.peek();
    if (c == '\\') {
      in_.advance();
      if (in_.at_end() || in_.peek() == '\n') break;
      static constexpr std::string_view kEscaped = "ntr0";
      static constexpr std::string_view kMeaning("\n\t\r\0", 4);
      const std::size_t i = kEscaped.find(in_.peek());
      c = i == std::string_view::npos ? in_.peek() : kMeaning[i];
    }
    text.push_back(c);
    in_.advance();
  }
  if (in_.at_end() || in_.peek() != '"') {
    in_.fail(lang::trf("'\"' closing the string opened at {}:{}", open.line, open.column));
  }
  in_.advance();
  return text;
}

// Elements up to `close` (the opening bracket is consumed), separated by commas.
std::vector<Expr> SyscallParser::list(char close, int depth, const std::string& what) {
  std::vector<Expr> out;
  in_.skip_blanks_and_newlines();
  if (!in_.at_end() && in_.peek() == close) {
    in_.advance();
    return out;
  }
  for (;;) {
    in_.skip_blanks_and_newlines();
    out.push_back(expression(depth));
    in_.skip_blanks_and_newlines();
    const char c = in_.at_end() ? '\0' : in_.peek();
    if (c == ',' || c == close) in_.advance();
    if (c == close) return out;
    if (c != ',') in_.fail(lang::trf("',' or '{}' after {}", close, what));
  }
}

// `{name=value, ...}` (a member may also be a plain value, e.g. `{...}`).
std::vector<Expr> SyscallParser::struct_members(int depth) {
  std::vector<Expr> out;
  in_.skip_blanks_and_newlines();
  if (!in_.at_end() && in_.peek() == '}') {
    in_.advance();
    return out;
  }
  for (;;) {
    in_.skip_blanks_and_newlines();
    std::string field;
    if (at_member_name()) {
      field = in_.read_identifier();
      in_.expect('=', "'='");
    }
    Expr member = expression(depth);
    member.field = std::move(field);
    out.push_back(std::move(member));
    in_.skip_blanks_and_newlines();
    const char c = in_.at_end() ? '\0' : in_.peek();
    if (c == ',' || c == '}') in_.advance();
    if (c == '}') return out;
    if (c != ',') in_.fail(lang::tr("',' or '}' after a struct member"));
  }
}

// True at `name =` (and not `name ==`), looking ahead without consuming.
bool SyscallParser::at_member_name() const {
  if (in_.at_end() || !Scanner::is_identifier_start(in_.peek())) return false;
  std::size_t n = 0;
  while (Scanner::is_identifier_char(in_.peek(n))) ++n;
  while (in_.peek(n) == ' ' || in_.peek(n) == '\t') ++n;
  return in_.peek(n) == '=' && in_.peek(n + 1) != '=';
}
}  // namespace

SyscallEvent parse_syscall(Scanner& in, std::optional<std::int64_t> end_usecs) {
  return SyscallParser(in).syscall(end_usecs);
}

}  // namespace synack::pkt::detail

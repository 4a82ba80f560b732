// Recursive descent over the script text, one event per line; system call lines are read by
// sim/pkt/syscall_parser.cpp. The grammar follows packetdrill's parser.y for what the FreeBSD
// tcp-testsuite scripts use, plus `#ifdef` blocks and `...(len)` (any sequence number).
#include "sim/pkt/parser.hpp"

#include <fmt/format.h>

#include <limits>
#include <utility>

#include "sim/lang/tr.hpp"
#include "sim/pkt/scanner.hpp"
#include "sim/pkt/syscall_parser.hpp"
#include "sim/scenario/load_input.hpp"

namespace synack::pkt {

namespace {

using detail::Scanner;
using detail::trimmed;

constexpr std::uint64_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t kMaxU16 = std::numeric_limits<std::uint16_t>::max();

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::uint8_t flag_bit(char c) {
  for (const FlagLetter& f : kFlagLetters) {
    if (f.letter == c) return f.bit;
  }
  return 0;
}

Ecn ecn_from_word(const std::string& word) {
  for (const Ecn e : {Ecn::NoEcn, Ecn::Ect0, Ecn::Ect1, Ecn::Ect01, Ecn::Ce}) {
    if (to_string(e) == word) return e;
  }
  return Ecn::Unspecified;
}

class Parser {
 public:
  Parser(std::string_view text, std::string file) : file_(std::move(file)), in_(text, file_) {}

  Script run();

 private:
  struct OpenIf {
    Condition condition;  // as written; `defined` is inverted for the events after #else
    bool in_else = false;
  };

  void header_option();
  void directive();
  Event event();
  TimeSpec time_spec();
  PacketEvent packet();
  IcmpPacket icmp_packet();
  void ip_info(TcpPacket& p);
  void flags(TcpPacket& p);
  void sequence(TcpPacket& p);
  void packet_fields(TcpPacket& p);
  void options(TcpPacket& p);
  TcpOption option();
  ShellEvent shell();
  CodeEvent code();
  Position skip_spaces();
  void expect_word(std::string_view word, const std::string& expected);
  void end_of_line(const std::string& after);

  std::string file_;  // declared before in_, which refers to it
  Scanner in_;
  Script script_;
  std::vector<OpenIf> open_ifs_;
};

Script Parser::run() {
  script_.file = file_;
  for (;;) {
    in_.skip_blanks_and_newlines();
    if (in_.at_end()) break;
    if (in_.looking_at("--")) {
      header_option();
    } else if (in_.peek() == '#') {
      directive();
    } else {
      script_.events.push_back(event());
    }
  }
  if (!open_ifs_.empty()) {
    const Condition& c = open_ifs_.back().condition;
    in_.fail_at(in_.position(),
                lang::trf("'#endif' for the '#if{}def {}' at {}:{}", c.defined ? "" : "n", c.symbol,
                          c.pos.line, c.pos.column),
                lang::tr("end of file"));
  }
  return std::move(script_);
}

// `--name=value` or `--name`.
void Parser::header_option() {
  in_.advance(2);
  const std::size_t name_start = in_.offset();
  while (!in_.at_end() && (Scanner::is_identifier_char(in_.peek()) || in_.peek() == '-')) {
    in_.advance();
  }
  const std::string name(in_.slice(name_start, in_.offset()));
  if (name.empty()) in_.fail(lang::tr("an option name after '--'"));
  std::string value;
  Position value_pos = in_.position();
  if (!in_.at_end() && in_.peek() == '=') {
    in_.advance();
    value_pos = in_.position();
    const std::size_t value_start = in_.offset();
    while (!in_.at_end() && in_.peek() != '\n' && in_.peek() != ' ' && in_.peek() != '\t' &&
           in_.peek() != '\r') {
      in_.advance();
    }
    value = std::string(in_.slice(value_start, in_.offset()));
  }
  const auto integer = [&](std::int64_t min, std::int64_t max, const std::string& what) {
    if (value.empty()) in_.fail_at(value_pos, what, lang::tr("nothing"));
    Scanner number(value, file_, value_pos);
    const std::int64_t n = number.read_integer(min, max, what);
    if (!number.at_end()) in_.fail_at(value_pos, what, scenario::quote_input(value));
    return n;
  };
  if (name == "tolerance_usecs") {
    script_.tolerance_usecs = integer(
        0, kMaxScriptUsecs, lang::tr("a whole number of microseconds for --tolerance_usecs"));
  }
  if (name == "mtu") {
    script_.mtu =
        static_cast<std::uint16_t>(integer(kMinMtu, 65535, lang::tr("an MTU in bytes for --mtu")));
  }
  script_.options[name] = value;
  end_of_line(fmt::format("--{}", name));
}

// `#ifdef NAME`, `#ifndef NAME`, `#else`, `#endif`.
void Parser::directive() {
  const Position pos = in_.position();
  in_.advance();
  in_.skip_blanks();
  const std::string found = in_.describe_next();
  const std::string word = in_.read_identifier();
  if (word == "ifdef" || word == "ifndef") {
    in_.skip_blanks();
    const std::string symbol = in_.read_identifier();
    if (symbol.empty()) in_.fail(lang::trf("a macro name after '#{}'", word));
    open_ifs_.push_back({Condition{symbol, word == "ifdef", pos}, false});
  } else if (word == "else") {
    if (open_ifs_.empty() || open_ifs_.back().in_else) {
      in_.fail_at(pos, lang::tr("'#ifdef' or '#ifndef' before '#else'"), "'#else'");
    }
    open_ifs_.back().in_else = true;
  } else if (word == "endif") {
    if (open_ifs_.empty())
      in_.fail_at(pos, lang::tr("'#ifdef' or '#ifndef' before '#endif'"), "'#endif'");
    open_ifs_.pop_back();
  } else {
    in_.fail_at(pos, lang::tr("'#ifdef', '#ifndef', '#else' or '#endif'"), found);
  }
  end_of_line(fmt::format("'#{}'", word));
}

Event Parser::event() {
  Event ev;
  ev.pos = in_.position();
  ev.time = time_spec();
  for (const OpenIf& open : open_ifs_) {
    Condition c = open.condition;
    if (open.in_else) c.defined = !c.defined;
    ev.conditions.push_back(std::move(c));
  }
  in_.skip_blanks();
  std::optional<std::int64_t> end_usecs;
  if (in_.looking_at("...")) {
    in_.advance(3);
    end_usecs = in_.read_usecs(lang::tr("the time a blocking call returns, after '...'"));
    in_.skip_blanks();
  }
  const char c = in_.at_end() ? '\0' : in_.peek();
  if (Scanner::is_identifier_start(c)) {
    ev.body = detail::parse_syscall(in_, end_usecs);
  } else if (end_usecs) {
    in_.fail(lang::tr("a system call after the blocking end time"));
  } else if (c == '<' || c == '>') {
    ev.body = packet();
  } else if (c == '`') {
    ev.body = shell();
  } else if (in_.looking_at("%{")) {
    ev.body = code();
  } else {
    in_.fail(lang::tr("a packet ('<' or '>'), a system call, a `command` or a %{ code }% block"));
  }
  end_of_line(lang::tr("the event"));
  return ev;
}

// `0.1`, `+0.1`, `*`, `0.1~0.2`, `+0.1~+0.2`.
TimeSpec Parser::time_spec() {
  TimeSpec t;
  if (!in_.at_end() && in_.peek() == '*') {
    in_.advance();
    t.kind = TimeKind::Any;
    return t;
  }
  if (!in_.at_end() && in_.peek() == '+') {
    in_.advance();
    t.kind = TimeKind::Relative;
    t.usecs = in_.read_usecs(lang::tr("a time after '+'"));
  } else {
    t.usecs = in_.read_usecs(lang::tr("an event time such as '0.1', '+0.1' or '*'"));
  }
  in_.skip_blanks();
  if (!in_.at_end() && in_.peek() == '~') {
    in_.advance();
    in_.skip_blanks();
    if (t.kind == TimeKind::Relative && !in_.at_end() && in_.peek() == '+') in_.advance();
    in_.skip_blanks();
    const Position end_pos = in_.position();
    const std::string found = in_.describe_next();
    t.end_usecs = in_.read_usecs(lang::tr("the end of the time range after '~'"));
    if (*t.end_usecs < t.usecs)
      in_.fail_at(end_pos, lang::tr("a range end not before its start"), found);
  }
  return t;
}

// `< [ecn] FLAGS start:end(len) [ack N] [win N] [urg N] [<options>]`
PacketEvent Parser::packet() {
  PacketEvent pe;
  pe.direction = in_.peek() == '<' ? Direction::Inbound : Direction::Outbound;
  in_.advance();
  in_.skip_blanks();
  if (in_.looking_at("icmp") && !Scanner::is_identifier_char(in_.peek(4))) {
    pe.icmp = icmp_packet();
    return pe;
  }
  if (!in_.at_end() && in_.peek() == '[') ip_info(pe.packet);
  flags(pe.packet);
  sequence(pe.packet);
  packet_fields(pe.packet);
  in_.skip_blanks();
  if (!in_.at_end() && in_.peek() == '<') {
    options(pe.packet);
    if (!in_.at_line_end()) in_.fail(lang::tr("end of line after the TCP options"));
  }
  return pe;
}

// packetdrill's names of ICMP types and codes (its icmp_packet.c), as the
// tcp-testsuite scripts write them; `code_N` gives any code by number.
struct IcmpName {
  const char* name;
  std::uint8_t value;
};
constexpr IcmpName kIcmpTypes[] = {
    {"echo_reply", 0},   {"unreachable", 3},    {"source_quench", 4},      {"redirect", 5},
    {"echo_request", 8}, {"time_exceeded", 11}, {"parameter_problem", 12},
};
constexpr IcmpName kUnreachableCodes[] = {
    {"net_unreachable", 0},
    {"host_unreachable", 1},
    {"protocol_unreachable", 2},
    {"port_unreachable", 3},
    {"frag_needed", 4},
    {"source_route_failed", 5},
    {"net_unknown", 6},
    {"host_unknown", 7},
    {"source_host_isolated", 8},
    {"net_prohibited", 9},
    {"host_prohibited", 10},
    {"net_unreachable_for_tos", 11},
    {"host_unreachable_for_tos", 12},
    {"packet_filtered", 13},
    {"precedence_violation", 14},
    {"precedence_cutoff", 15},
};
constexpr IcmpName kTimeExceededCodes[] = {
    {"ttl_exceeded_in_transit", 0},
    {"frag_reass_exceeded", 1},
};

template <std::size_t N>
std::optional<std::uint8_t> icmp_value(const IcmpName (&names)[N], const std::string& word) {
  for (const IcmpName& n : names) {
    if (word == n.name) return n.value;
  }
  return std::nullopt;
}

// `icmp TYPE [CODE] [mtu N] [start:end(len)]`.
IcmpPacket Parser::icmp_packet() {
  IcmpPacket p;
  in_.advance(4);
  in_.skip_blanks();
  Position pos = in_.position();
  std::string found = in_.describe_next();
  p.type_name = in_.read_identifier();
  const std::optional<std::uint8_t> type = icmp_value(kIcmpTypes, p.type_name);
  if (!type) {
    in_.fail_at(pos, lang::tr("an ICMP type such as 'unreachable', 'time_exceeded' or 'redirect'"),
                found);
  }
  p.type = *type;
  in_.skip_blanks();
  if (!in_.at_end() && Scanner::is_identifier_start(in_.peek()) && !in_.looking_at("mtu")) {
    pos = in_.position();
    found = in_.describe_next();
    p.code_name = in_.read_identifier();
    std::optional<std::uint8_t> code;
    if (p.code_name.rfind("code_", 0) == 0) {
      const std::string digits = p.code_name.substr(5);
      Scanner number(digits, file_, {pos.line, pos.column + 5});
      code = static_cast<std::uint8_t>(
          number.read_integer(0, 255, lang::tr("an ICMP code after 'code_'")));
      if (!number.at_end()) in_.fail_at(pos, lang::tr("an ICMP code 'code_N'"), found);
    } else if (p.type == 3) {
      code = icmp_value(kUnreachableCodes, p.code_name);
    } else if (p.type == 11) {
      code = icmp_value(kTimeExceededCodes, p.code_name);
    }
    if (!code) {
      in_.fail_at(pos,
                  lang::trf("an ICMP {} code such as '{}' or 'code_0'", p.type_name,
                            p.type == 11 ? "ttl_exceeded_in_transit" : "port_unreachable"),
                  found);
    }
    p.code = *code;
    in_.skip_blanks();
  }
  if (in_.looking_at("mtu") && !Scanner::is_identifier_char(in_.peek(3))) {
    in_.advance(3);
    p.mtu =
        static_cast<std::uint16_t>(in_.read_integer(0, kMaxU16, lang::tr("an MTU after 'mtu'")));
    in_.skip_blanks();
  }
  in_.expect('[', lang::tr("'[' and the quoted segment 'start:end(length)'"));
  TcpPacket quoted;
  sequence(quoted);
  if (quoted.seq_any) in_.fail(lang::tr("the quoted segment's sequence numbers, not '...'"));
  in_.skip_blanks();
  in_.expect(']', lang::tr("']' after the quoted segment"));
  p.seq_start = quoted.seq_start;
  p.seq_end = quoted.seq_end;
  p.payload_len = quoted.payload_len;
  return p;
}

void Parser::ip_info(TcpPacket& p) {
  const Position open = in_.position();
  in_.advance();
  const std::size_t start = in_.offset();
  while (!in_.at_end() && in_.peek() != ']' && in_.peek() != '\n') in_.advance();
  if (in_.at_end() || in_.peek() != ']') {
    in_.fail(lang::trf("']' closing the '[' at {}:{}", open.line, open.column));
  }
  p.ip_info = trimmed(in_.slice(start, in_.offset()));
  in_.advance();
  p.ecn = ecn_from_word(lower(p.ip_info.substr(0, p.ip_info.find_first_of(" \t,"))));
  in_.skip_blanks();
}

void Parser::flags(TcpPacket& p) {
  const std::size_t start = in_.offset();
  if (!in_.at_end() && in_.peek() == '-') {
    in_.advance();
  } else {
    while (!in_.at_end() && flag_bit(in_.peek()) != 0 && !in_.looking_at("...")) {
      p.flags |= flag_bit(in_.peek());
      in_.advance();
    }
  }
  p.flags_text = std::string(in_.slice(start, in_.offset()));
  if (p.flags_text.empty())
    in_.fail(lang::tr("TCP flags such as 'S', 'S.', '.', 'F.', 'R' or '-'"));
}

// `start:end(len)` or `...(len)`.
void Parser::sequence(TcpPacket& p) {
  in_.skip_blanks();
  if (in_.looking_at("...")) {
    in_.advance(3);
    p.seq_any = true;
  } else {
    p.seq_start = static_cast<std::uint32_t>(
        in_.read_integer(0, kMaxU32, lang::tr("a sequence number range 'start:end(length)'")));
    in_.expect(':', lang::tr("':' after the start sequence number"));
    p.seq_end = static_cast<std::uint32_t>(
        in_.read_integer(0, kMaxU32, lang::tr("an end sequence number")));
  }
  in_.expect('(', lang::tr("'(' and the payload length after the sequence numbers"));
  in_.skip_blanks();
  const Position len_pos = in_.position();
  const std::string found = in_.describe_next();
  p.payload_len =
      static_cast<std::uint32_t>(in_.read_integer(0, kMaxU32, lang::tr("a payload length")));
  in_.expect(')', lang::tr("')' after the payload length"));
  const std::uint32_t span = p.seq_end - p.seq_start;  // modulo 2^32
  if (!p.seq_any && span != p.payload_len) {
    in_.fail_at(len_pos, lang::trf("payload length {} (end - start)", span), found);
  }
}

// `ack N`, `win N`, `urg N`, each at most once.
void Parser::packet_fields(TcpPacket& p) {
  for (;;) {
    in_.skip_blanks();
    if (in_.at_end() || !Scanner::is_identifier_start(in_.peek())) return;
    const Position pos = in_.position();
    const std::string found = in_.describe_next();
    const std::string word = in_.read_identifier();
    const bool repeated =
        (word == "ack" && p.ack) || (word == "win" && p.window) || (word == "urg" && p.urgent);
    if (repeated) in_.fail_at(pos, lang::trf("one '{}' per packet", word), found);
    if (word == "ack") {
      p.ack = static_cast<std::uint32_t>(
          in_.read_integer(0, kMaxU32, lang::tr("a number after 'ack'")));
    } else if (word == "win") {
      p.window = static_cast<std::uint16_t>(
          in_.read_integer(0, kMaxU16, lang::tr("a window after 'win'")));
    } else if (word == "urg") {
      p.urgent = static_cast<std::uint16_t>(
          in_.read_integer(0, kMaxU16, lang::tr("an urgent pointer after 'urg'")));
    } else {
      in_.fail_at(pos, lang::tr("'ack', 'win', 'urg', '<' options or end of line"), found);
    }
  }
}

// `<...>` or `<option, option, ...>`.
void Parser::options(TcpPacket& p) {
  in_.advance();
  in_.skip_blanks();
  if (in_.looking_at("...")) {
    in_.advance(3);
    p.options_any = true;
    in_.expect('>', lang::tr("'>' after '<...'"));
    return;
  }
  for (;;) {
    p.options.push_back(option());
    in_.skip_blanks();
    const char c = in_.at_end() ? '\0' : in_.peek();
    if (c != ',' && c != '>') in_.fail(lang::tr("',' or '>' after a TCP option"));
    in_.advance();
    if (c == '>') return;
  }
}

TcpOption Parser::option() {
  in_.skip_blanks();
  TcpOption o;
  o.pos = in_.position();
  const std::size_t start = in_.offset();
  o.name = in_.read_identifier();
  if (o.name.empty())
    in_.fail(lang::tr("a TCP option such as 'mss 1460', 'nop', 'sackOK' or 'TS val 1 ecr 0'"));
  if (o.name == "eol") {
    o.kind = OptionKind::Eol;
  } else if (o.name == "nop") {
    o.kind = OptionKind::Nop;
  } else if (o.name == "sackOK") {
    o.kind = OptionKind::SackPermitted;
  } else if (o.name == "mss") {
    o.kind = OptionKind::Mss;
    o.value = static_cast<std::uint32_t>(
        in_.read_integer(0, kMaxU16, lang::tr("an MSS value after 'mss'")));
  } else if (o.name == "wscale") {
    o.kind = OptionKind::WindowScale;
    o.value = static_cast<std::uint32_t>(
        in_.read_integer(0, 255, lang::tr("a shift count after 'wscale'")));
  } else if (o.name == "TS") {
    o.kind = OptionKind::Timestamp;
    expect_word("val", lang::tr("'val' after 'TS'"));
    o.ts_val = static_cast<std::uint32_t>(
        in_.read_integer(0, kMaxU32, lang::tr("a timestamp after 'val'")));
    expect_word("ecr", lang::tr("'ecr' after the timestamp value"));
    o.ts_ecr = static_cast<std::uint32_t>(
        in_.read_integer(0, kMaxU32, lang::tr("a timestamp after 'ecr'")));
  } else if (o.name == "sack") {
    o.kind = OptionKind::Sack;
    do {
      SackBlock b;
      b.left = static_cast<std::uint32_t>(
          in_.read_integer(0, kMaxU32, lang::tr("a SACK block 'left:right'")));
      in_.expect(':', lang::tr("':' inside the SACK block"));
      b.right =
          static_cast<std::uint32_t>(in_.read_integer(0, kMaxU32, lang::tr("a SACK block end")));
      o.sack_blocks.push_back(b);
      in_.skip_blanks();
    } while (!in_.at_end() && Scanner::is_digit(in_.peek()));
  } else {
    while (!in_.at_end() && in_.peek() != ',' && in_.peek() != '>' && in_.peek() != '\n') {
      in_.advance();
    }
  }
  o.text = trimmed(in_.slice(start, in_.offset()));
  return o;
}

ShellEvent Parser::shell() {
  const Position open = in_.position();
  in_.advance();
  const Position start_pos = skip_spaces();
  const std::size_t start = in_.offset();
  while (!in_.at_end() && in_.peek() != '`' && in_.peek() != '\n') in_.advance();
  if (in_.at_end() || in_.peek() != '`') {
    in_.fail(lang::trf("'`' closing the command opened at {}:{}", open.line, open.column));
  }
  ShellEvent sh{trimmed(in_.slice(start, in_.offset())), start_pos};
  in_.advance();
  return sh;
}

CodeEvent Parser::code() {
  const Position open = in_.position();
  in_.advance(2);
  const Position start_pos = skip_spaces();
  const std::size_t start = in_.offset();
  while (!in_.at_end() && !in_.looking_at("}%")) in_.advance();
  if (in_.at_end()) in_.fail_at(open, lang::tr("'}%' closing this '%{'"), lang::tr("end of file"));
  CodeEvent code{trimmed(in_.slice(start, in_.offset())), start_pos};
  in_.advance(2);
  return code;
}

// Moves past what trimmed() takes off the front, and returns where the text then starts.
Position Parser::skip_spaces() {
  while (!in_.at_end() && std::string_view(" \t\r\n").find(in_.peek()) != std::string_view::npos) {
    in_.advance();
  }
  return in_.position();
}

void Parser::expect_word(std::string_view word, const std::string& expected) {
  in_.skip_blanks();
  if (!in_.looking_at(word) || Scanner::is_identifier_char(in_.peek(word.size()))) {
    in_.fail(expected);
  }
  in_.advance(word.size());
}

void Parser::end_of_line(const std::string& after) {
  if (!in_.at_line_end()) in_.fail(lang::trf("end of line after {}", after));
}

}  // namespace

ParseError::ParseError(std::string file, Position pos, const std::string& message)
    : std::runtime_error(pos.line > 0
                             ? fmt::format("{}:{}:{}: {}", file, pos.line, pos.column, message)
                             : fmt::format("{}: {}", file, message)),
      file_(std::move(file)),
      pos_(pos) {}

Script parse_script(std::string_view text, std::string file_name) {
  return Parser(text, std::move(file_name)).run();
}

Script parse_file(const std::string& path) {
  std::string reason;
  const std::optional<std::string> text = scenario::read_input_file(path, reason);
  if (!text) throw ParseError(path, {}, lang::trf("cannot read file: {}", reason));
  return parse_script(*text, path);
}

}  // namespace synack::pkt

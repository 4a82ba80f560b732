// A packetdrill script (.pkt) as plain structs: what sim/pkt/parser.hpp produces and the
// executor plays against the endpoint model. No behaviour lives here beyond small queries and
// printing back to packetdrill notation (for error messages and tests).
//
// A script is header options (`--tolerance_usecs=75000`) followed by events, one per line:
//
//   +0.10 < S. 0:0(0) ack 1 win 32767 <mss 1460,sackOK>   PacketEvent
//   +0.00 connect(3, ..., ...) = -1 EINPROGRESS (Now)     SyscallEvent
//    0.00 `sysctl -w net.inet.tcp.insecure_rst=1`         ShellEvent
//   +0.00 %{ assert tcpi_state == TCPI_LISTEN }%          CodeEvent
//
// Lines between `#ifdef NAME` / `#ifndef NAME` / `#else` / `#endif` are kept, each event
// carrying the conditions it sits under; `enabled()` decides with a set of defined names.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/tcp_segment.hpp"

namespace synack::pkt {

// 1-based line and column (in bytes) of the first character of a node in the script text.
struct Position {
  int line = 0;
  int column = 0;
};

// ---------------------------------------------------------------------------------------------
// Event times

enum class TimeKind {
  Absolute,  // `0.100`: microseconds since the script started
  Relative,  // `+0.100`: microseconds since the previous event's time
  Any,       // `*`: whenever it happens (usecs is 0)
};

// The latest time a script may give, and the longest step of a relative time or a tolerance:
// one day, in microseconds. It keeps a script's time far from overflowing.
inline constexpr std::int64_t kMaxScriptUsecs = 86'400'000'000;

struct TimeSpec {
  TimeKind kind = TimeKind::Absolute;
  std::int64_t usecs = 0;
  // `0.1~0.2` or `+0.1~+0.2`: the latest allowed time, on the same base as `usecs`.
  std::optional<std::int64_t> end_usecs;
};

// ---------------------------------------------------------------------------------------------
// Packets

enum class Direction {
  Inbound,   // `<`: the script injects the segment into the endpoint under test
  Outbound,  // `>`: the endpoint under test must send this segment
};

// ECN codepoint written in brackets after the direction: `<[noecn] .`, `> [ect0] P.`.
enum class Ecn { Unspecified, NoEcn, Ect0, Ect1, Ect01, Ce };

struct SackBlock {
  std::uint32_t left = 0;  // relative sequence numbers, as written
  std::uint32_t right = 0;
};

enum class OptionKind {
  Eol,            // `eol`
  Nop,            // `nop`
  Mss,            // `mss 1460` -> value
  WindowScale,    // `wscale 6` -> value
  SackPermitted,  // `sackOK`
  Sack,           // `sack 1:2 5:9` -> sack_blocks
  Timestamp,      // `TS val 100 ecr 0` -> ts_val, ts_ecr
  Other,          // anything else (`FO ...`, `md5 ...`): only name and text are set
};

struct TcpOption {
  Position pos;
  OptionKind kind = OptionKind::Other;
  std::string name;         // first word as written: "mss", "sackOK", "TS", "FO"
  std::string text;         // the whole option as written, trimmed: "TS val 100 ecr 0"
  std::uint32_t value = 0;  // Mss (< 2^16) and WindowScale (< 2^8)
  std::uint32_t ts_val = 0;
  std::uint32_t ts_ecr = 0;
  std::vector<SackBlock> sack_blocks;
};

// Flag letters (`S. F R P U E W` and `-`) are tcp::kFlagLetters of core/tcp_segment.hpp.
using tcp::FlagLetter;
using tcp::kFlagLetters;

// The TCP part of a packet line, without direction; sequence and acknowledgement numbers
// are relative to each side's initial sequence number, as in the script.
struct TcpPacket {
  std::uint8_t flags = 0;  // synack::tcp::flag bits
  std::string flags_text;  // as written: "S.", ".", "F.", "SEW", "-" (no flags)
  Ecn ecn = Ecn::Unspecified;
  std::string ip_info;          // text inside `[...]` before the flags, trimmed; empty if none
  bool seq_any = false;         // `...(len)`: sequence numbers not checked, only the length
  std::uint32_t seq_start = 0;  // `start:end(len)`; end - start == len (mod 2^32)
  std::uint32_t seq_end = 0;
  std::uint32_t payload_len = 0;
  std::optional<std::uint32_t> ack;     // `ack N`
  std::optional<std::uint16_t> window;  // `win N`
  std::optional<std::uint16_t> urgent;  // `urg N`
  bool options_any = false;             // `<...>`: any options
  std::vector<TcpOption> options;       // `<mss 1460,nop,...>`; empty when none are written

  bool has(std::uint8_t flag_bits) const { return (flags & flag_bits) == flag_bits; }
  // MSS option value, if the packet has an MSS option.
  std::optional<std::uint16_t> mss() const;
};

// `icmp unreachable port_unreachable [0:0(0)]`: an ICMP error quoting a segment the
// endpoint under test sent, given by its relative sequence numbers.
struct IcmpPacket {
  std::string type_name;  // as written: "unreachable", "time_exceeded", "redirect"
  std::string code_name;  // "port_unreachable", "code_0"; empty when none is written
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::optional<std::uint16_t> mtu;  // `mtu 1234` (fragmentation needed)
  std::uint32_t seq_start = 0;       // the quoted segment: `start:end(len)`
  std::uint32_t seq_end = 0;
  std::uint32_t payload_len = 0;
};

struct PacketEvent {
  Direction direction = Direction::Inbound;
  TcpPacket packet;                // unused when `icmp` is set
  std::optional<IcmpPacket> icmp;  // an ICMP line instead of a TCP one
};

// ---------------------------------------------------------------------------------------------
// System calls

// An argument of a system call: a small expression tree.
struct Expr {
  enum class Kind {
    Ellipsis,  // `...`: anything (addresses, buffers)
    Integer,   // `3`, `-1`, `0x02`: integer
    Symbol,    // `SOCK_STREAM`, `ECONNRESET`: text
    String,    // `"abc"`: text, escapes resolved
    BitOr,     // `O_RDWR | O_NONBLOCK`: elements (two or more)
    Array,     // `[1]`, `[ECONNRESET]`, `[]`: elements
    Struct,    // `{l_onoff=1, l_linger=0}`: elements, each with its `field` name
    Call,      // `htons(8080)`: text is the function, elements the arguments
  };
  Kind kind = Kind::Ellipsis;
  Position pos;
  std::int64_t integer = 0;
  std::string text;   // Symbol / String / Call name; for Integer the spelling ("0x02")
  std::string field;  // set on members of a Struct written `name=value`; empty otherwise
  std::vector<Expr> elements;
};

// `name(args) = result [ERRNO] [(note)]`, e.g.
// `connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)`.
struct SyscallEvent {
  std::string name;
  std::vector<Expr> args;
  std::int64_t result = 0;  // expected return value
  Position result_pos;
  std::optional<std::string> errno_name;  // "EINPROGRESS"
  std::optional<std::string> note;        // text inside the trailing parentheses
  // `0.1...0.2 read(...)`: a blocking call that must return at this time (same base as the
  // event's time).
  std::optional<std::int64_t> end_usecs;
};

// `` `sysctl -w net.inet.tcp.insecure_rst=1` ``: the command between the backticks, trimmed;
// pos is where it starts.
struct ShellEvent {
  std::string command;
  Position pos;
};

// `%{ assert tcpi_state == TCPI_TIME_WAIT }%`: the code between the markers, trimmed; pos is
// where it starts.
struct CodeEvent {
  std::string code;
  Position pos;
};

// ---------------------------------------------------------------------------------------------
// Events and the script

// One `#ifdef NAME` (defined = true) or `#ifndef NAME` (false) an event sits under; inside
// `#else` the flag is inverted. pos is the directive's position.
struct Condition {
  std::string symbol;
  bool defined = true;
  Position pos;
};

struct Event {
  Position pos;  // position of the time, i.e. the start of the line's content
  TimeSpec time;
  std::vector<Condition> conditions;  // outermost first; empty outside any #ifdef
  std::variant<PacketEvent, SyscallEvent, ShellEvent, CodeEvent> body;
};

inline constexpr std::int64_t kDefaultToleranceUsecs = 4000;  // packetdrill's default
inline constexpr std::int64_t kMinMtu = 68;                   // RFC 791's least

struct Script {
  std::string file;                                       // as given to the parser
  std::map<std::string, std::string> options;             // `--name=value` ("" when no `=value`)
  std::int64_t tolerance_usecs = kDefaultToleranceUsecs;  // from --tolerance_usecs
  std::optional<std::uint16_t> mtu;                       // from --mtu: the interface's MTU
  std::vector<Event> events;                              // in script order
};

// True when every condition of the event holds for this set of defined names.
bool enabled(const Event& event, const std::set<std::string>& defines);

// ---------------------------------------------------------------------------------------------
// Printing back to packetdrill notation (implemented in script.cpp). Re-parsing the output
// gives the same structs, except that spellings (hex integers, option text) are normalised.

std::string to_string(Direction d);            // "<" or ">"
std::string to_string(Ecn e);                  // "noecn", "ect0", ...; "" for Unspecified
std::string to_string(const TimeSpec& t);      // "0.1", "+0.25", "*", "+0.1~+0.2"
std::string to_string(const TcpPacket& p);     // "S. 0:0(0) ack 1 win 65535 <mss 1460>"
std::string to_string(const TcpOption& o);     // "TS val 1 ecr 0"
std::string to_string(const IcmpPacket& p);    // "icmp unreachable port_unreachable [0:0(0)]"
std::string to_string(const PacketEvent& p);   // "> R 0:0(0)": direction, then the packet
std::string to_string(const Expr& e);          // "{l_onoff=1, l_linger=0}"
std::string to_string(const SyscallEvent& s);  // "close(3) = 0"
// The whole line: "+0.1 > R. 1:1(0) ack 1 win 0", "0 `cmd`", "+0 close(3) = 0".
std::string to_string(const Event& e);

}  // namespace synack::pkt

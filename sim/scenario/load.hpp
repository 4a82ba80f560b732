// Reading scenario files: YAML text becomes a Scenario, or a list of errors
// that each say where (file:line:column) and what was expected there. Every
// name, address and reference is checked here, so the simulator and the
// expectation checker can trust what they are given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/wire/ethernet.hpp"
#include "sim/scenario/scenario.hpp"

namespace synack::scenario {

struct LoadError {
  std::string file;
  int line = 0;  // 1-based; 0 when the error has no position (a missing file)
  int column = 0;
  std::string message;

  // "file:line:column: message", leaving out line and column when they are 0.
  std::string to_string() const;
};

struct LoadResult {
  std::optional<Scenario> scenario;  // set only when there are no errors
  std::vector<LoadError> errors;     // in file order

  bool ok() const { return scenario.has_value() && errors.empty(); }
};

// A file that cannot be read gives one error naming it.
LoadResult load_file(const std::string& path);
// `file_name` is what messages and Scenario::file call the text.
LoadResult load_text(const std::string& text, const std::string& file_name);

// ---- values shared with the checker and the command line ---------------------------

// The longest duration a scenario file may give anywhere (settings, link and
// reorder delays, fault windows, step times, the run's `duration`,
// expectations): one day. Sums and doubles of such durations and of the clock,
// which a run stops at sim::RunOptions::time_limit, stay far from TimeUs's limit.
inline constexpr TimeUs kMaxDuration = 24 * 3600 * tcp::kSeconds;

// "2s", "200ms", "150us" (or "150µs"), "1.5s"; "0" is the only value without a
// unit. Negative, inexact (finer than 1 us) or overflowing values give nullopt.
std::optional<TimeUs> parse_duration(std::string_view text);
// The shortest exact spelling parse_duration reads back: "2s", "1500ms", "7us".
std::string format_duration(TimeUs t);

// "100Mbps", "1.5Gbps", "56kbps", "9600bps" (decimal prefixes, any case); "0"
// means no serialization delay. Fractions of a bit per second give nullopt.
std::optional<std::uint64_t> parse_bandwidth(std::string_view text);

// The MAC of an interface that has no `mac:` in the file: 02:00:NA:NB:NC:MM,
// locally administered and unicast, where NA:NB:NC is node_index + 1 as a
// 24-bit number and MM is iface_index + 1. node_index counts hosts, then
// routers, then switches, each in file order from 0; a host's only interface
// and a router's first are iface_index 0. So the first host is
// 02:00:00:00:01:01, and after two hosts the first router's second interface
// is 02:00:00:00:03:02. Routers have at most 254 interfaces, so MM never wraps.
wire::MacAddress default_mac(std::size_t node_index, std::size_t iface_index);

// "[A > B: ]FLAGS [seq N] [ack N] [len N] [win N] [ttl N] [src_mac M] [dst_mac M]
// [<OPTIONS>]" as used in `segments` expectations (sim/scenario/segment_pattern.cpp).
// FLAGS are tcpdump's letters (S F R P U E W, '.' for ACK, '-' for none). On
// failure, `error` says what was expected and `error_offset` is the byte in
// `text` where it went wrong.
struct SegmentPatternParse {
  std::optional<SegmentPattern> pattern;
  std::string error;
  std::size_t error_offset = 0;
};
SegmentPatternParse parse_segment_pattern(std::string_view text);
// The pattern as a teacher would write it back.
std::string segment_pattern_text(const SegmentPattern& p);

}  // namespace synack::scenario

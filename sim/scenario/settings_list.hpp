// The settings a scenario file can give, in one list. The loader reads
// `settings:` by walking it, a run's trace header shows the settings in force
// from it, and tests hold assets/scenario.schema.json and docs/scenarios.md
// to it. Each entry reads and writes its field of a HostSettings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::scenario {

enum class SettingKind : std::uint8_t {
  Duration,  // "200ms", from `min` microseconds (0, or 1 for "above 0") to kMaxDuration
  Count,     // retransmissions or requests: 0 to 255
  Flag,      // true or false
  Choice,    // one of `choices`
  Integer,   // a whole number from `min` to `max`
  Bytes,     // a size in bytes from `min` to `max`
};

// Every value is held as a whole number: microseconds, a count, 0 or 1, or
// the index of a choice. nullopt for a setting that is not set (an ISN).
struct SettingAccess {
  std::optional<std::int64_t> (*get)(const HostSettings&);
  void (*set)(HostSettings&, std::int64_t);
};

struct SettingInfo {
  std::string_view key;  // as written in a scenario file
  SettingKind kind = SettingKind::Integer;
  bool routers = false;  // routers take it too (hosts take every setting)
  std::int64_t min = 0, max = 0;
  std::vector<std::string_view> choices;  // Choice: the words, in the order of the enum's values
  std::string_view meaning;               // one line, for the schema and the docs
  std::string_view unset;                 // when the default is no value: what happens then
  SettingAccess access{};
};

// In the order the docs, the schema and the trace header list them.
const std::vector<SettingInfo>& settings_list();
// The keys a host's (or, with `router`, a router's) `settings:` allows.
std::vector<std::string_view> setting_keys(bool router);

// ---- the trace header ---------------------------------------------------------------------

// "msl_us" for a duration, which the header gives in microseconds; else the key.
std::string trace_key(const SettingInfo& info);
// Every setting of the list with its value in `values`.
std::vector<trace::Setting> trace_settings(const HostSettings& values);
// The settings of a host (or a router: only those routers take) that differ
// from the scenario-wide `defaults`.
std::vector<trace::Setting> trace_overrides(const HostSettings& node, const HostSettings& defaults,
                                            bool router);

}  // namespace synack::scenario

// Stack profiles: the choices RFCs leave open, bundled as a real stack makes
// them. `stack: linux` (or `freebsd`, or the default `rfc`, the textbook's)
// sets each value of its table below through the one settings list; settings
// given after it, or on a host, override it. Each value names its source.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/socket/stack.hpp"
#include "sim/scenario/scenario.hpp"

namespace synack::scenario {

struct ProfileValue {
  std::string_view key;     // a setting of settings_list()
  std::int64_t value;       // as the list holds it: microseconds, a count, 0 or 1, a choice's index
  std::string_view source;  // where the stack takes it from: a sysctl, a constant, a function
};

struct ProfileInfo {
  std::string_view name;  // as written after `stack:`
  std::string_view meaning;
  std::vector<ProfileValue> values;
};

// In the order of StackProfile's values.
const std::vector<ProfileInfo>& profiles();

// Every setting some profile sets takes this profile's value, or its default
// (HostSettings{}) when this profile leaves it alone; `s.stack` becomes `p`.
void apply_profile(StackProfile p, HostSettings& s);

// `s` with the profile put under it: each setting `s` gives a value other
// than its default keeps it, every other takes the profile's.
HostSettings under_profile(StackProfile p, const HostSettings& s);

// A host's settings as its socket layer takes them.
sock::StackSettings stack_settings(const HostSettings& s);

}  // namespace synack::scenario

// What the live tests share: whether live runs can happen here, the machine's
// namespaces, scenarios by name, and running the synack binary.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace synack::live::testing {

// Why live runs cannot happen here ("" when they can): privileges, or a
// namespace that cannot be made.
const std::string& cannot_run();

// The names in /run/netns, sorted (what `ip netns list` lists).
std::vector<std::string> namespaces();
// Those starting with "sk<pid>-".
std::vector<std::string> namespaces_of(int pid);

scenario::Scenario load_scenario(const std::string& name);

// Starts the synack binary with `args`; its standard error goes to `err_fd`
// when that is >= 0. `before_exec` runs in the child first.
int spawn_synack(const std::vector<std::string>& args, int err_fd = -1,
                 void (*before_exec)() = nullptr);
// Waits up to `timeout_ms` for `pid` to end; its wait status, or -1 (then it is killed).
int wait_for(int pid, int timeout_ms);

}  // namespace synack::live::testing

#define SKIP_UNLESS_LIVE()                                                     \
  do {                                                                         \
    const std::string& why = ::synack::live::testing::cannot_run();            \
    if (!why.empty()) GTEST_SKIP() << "live runs cannot happen here: " << why; \
  } while (0)

// Each `synack` subcommand registers itself on the app and returns what to run
// when it was chosen; the runner returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace synack::cli {

using Runner = std::function<int()>;

Runner add_fsm_command(CLI::App& app);
Runner add_pkt_command(CLI::App& app);
Runner add_run_command(CLI::App& app);
Runner add_bench_command(CLI::App& app);

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // something was checked and did not hold
inline constexpr int kExitBadInput = 2;  // bad arguments or unreadable input

}  // namespace synack::cli

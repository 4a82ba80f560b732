// Each `synack` subcommand registers itself on the app and returns what to run
// when it was chosen; the runner returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "sim/trace/trace.hpp"

namespace synack::cli {

using Runner = std::function<int()>;

Runner add_fsm_command(CLI::App& app);
Runner add_pkt_command(CLI::App& app);
Runner add_run_command(CLI::App& app);
Runner add_bench_command(CLI::App& app);
Runner add_live_command(CLI::App& app);
Runner add_compare_command(CLI::App& app);

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // something was checked and did not hold
inline constexpr int kExitBadInput = 2;  // bad arguments, unreadable input or unwritable output

// ---- output.cpp -----------------------------------------------------------------------------

// Option checks: a path that is not "", and a seed that is a whole number (CLI11 itself would
// read "-5" into an unsigned number as 2^64 - 5).
CLI::Validator non_empty_path();
CLI::Validator whole_number_u64();
// True when both paths name one file, existing or not.
bool same_file(const std::string& a, const std::string& b);
// Writes the trace as JSON; "" on success, else "PATH: cannot write the JSON trace: REASON".
std::string write_json_file(const trace::Trace& t, const std::string& path);
// Buffers standard output, when it is not a terminal, for finish_output() to see write errors.
void buffer_output();
// `status`, unless standard output could not be written: then a message with the reason and
// kExitBadInput.
int finish_output(int status);

}  // namespace synack::cli

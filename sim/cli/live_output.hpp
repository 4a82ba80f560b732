// What `synack live` and `synack compare` share: running the scenario live
// with SIGINT/SIGTERM turned into a clean stop, and saying once what the run
// did to the machine and what Linux could not honour.
#pragma once

#include <optional>
#include <string>

#include "sim/live/live_run.hpp"

namespace synack::cli {

// Runs live and prints, on standard output, lines starting "live: " (no link
// delays, settings applied and not honoured, namespaces of killed runs
// removed, timings); on failure prints "COMMAND: why" on standard error and
// returns nullopt.
std::optional<live::LiveRun> run_live_reporting(const char* command,
                                                const scenario::Scenario& scenario,
                                                const trace::Trace& header,
                                                const live::LiveOptions& options);

// --color auto|always|never, for standard output.
bool use_color(const std::string& color);

}  // namespace synack::cli

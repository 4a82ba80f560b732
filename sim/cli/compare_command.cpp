// `synack compare`: run a scenario in the simulator and on the real Linux
// stack, and print both side by side with the differences marked, Linux's
// documented choices named; optionally write the comparison as JSON.
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "live_output.hpp"
#include "sim/lang/tr.hpp"
#include "sim/live/compare.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/profiles.hpp"
#include "sim/world/run.hpp"

namespace synack::cli {

namespace {

using lang::tr;
using lang::trf;

struct CompareCliOptions {
  std::string file;
  std::string json;
  bool wait_time_wait = false;
};

int run(const CompareCliOptions& opt) {
  if (!opt.json.empty() && same_file(opt.json, opt.file)) {
    std::cerr << "synack compare: " << trf("{} is the scenario file", opt.json) << "\n";
    return kExitBadInput;
  }
  scenario::LoadResult loaded = scenario::load_file(opt.file);
  if (!loaded.ok()) {
    for (const scenario::LoadError& e : loaded.errors) std::cerr << e.to_string() << "\n";
    return kExitBadInput;
  }
  // The simulated side runs Linux's profile under the scenario's own settings.
  const live::SimProfile profile{"stack: linux (docs/profiles.md) under the scenario's settings",
                                 [](scenario::HostSettings& s) {
                                   s = scenario::under_profile(scenario::StackProfile::Linux, s);
                                 }};
  const scenario::Scenario simulated_scenario = live::with_profile(*loaded.scenario, profile);
  const trace::Trace simulated = sim::run(simulated_scenario);
  live::LiveOptions options;
  options.wait_time_wait = opt.wait_time_wait;
  std::optional<live::LiveRun> live =
      run_live_reporting("synack compare", *loaded.scenario, simulated, options);
  if (!live) return kExitBadInput;
  if (live->interrupted) return 128 + live::stop_signal();
  const live::Comparison c = live::compare(*loaded.scenario, simulated, live->trace, profile.name);
  std::cout << "== " << loaded.scenario->name << " (" << opt.file
            << "): " << tr("simulation and Linux") << "\n";
  live::print_comparison(c, std::cout);
  if (!opt.json.empty()) {
    std::ofstream out(opt.json);
    out << live::comparison_json(c).dump(2) << "\n";
    if (!out.flush()) {
      std::cerr << "synack compare: " << trf("{}: cannot write the comparison", opt.json) << "\n";
      return kExitBadInput;
    }
  }
  return c.states_agree && c.calls_agree ? kExitOk : kExitFailed;
}

}  // namespace

Runner add_compare_command(CLI::App& app) {
  auto opt = std::make_shared<CompareCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      tr("Run a scenario simulated and on the real Linux stack, and show both (needs root)"));
  cmd->add_option("FILE", opt->file, tr("Scenario file (YAML)"))
      ->required()
      ->check(non_empty_path());
  cmd->add_option("--json", opt->json, tr("Write the comparison as JSON to this file"))
      ->check(non_empty_path());
  cmd->add_flag("--wait-time-wait", opt->wait_time_wait,
                tr("Run on until TIME-WAIT ends (Linux holds it for 60 s)"));
  cmd->footer(
      tr("Exit status: 0 when the state sequences and call results agree, 1 when they do not, 2 "
         "for invalid input or missing privileges."));
  return [opt] { return run(*opt); };
}

}  // namespace synack::cli

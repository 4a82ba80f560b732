// `synack live`: run a scenario on the real Linux stack (network namespaces,
// real sockets, captured), then print its ladder and each expectation's
// verdict against the kernel; optionally export the trace as JSON and pcap.
#include <csignal>
#include <iostream>

#include "commands.hpp"
#include "live_output.hpp"
#include "sim/lang/tr.hpp"
#include "sim/live/live_run.hpp"
#include "sim/scenario/expect.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/ladder.hpp"
#include "sim/trace/pcap_export.hpp"
#include "sim/world/run.hpp"

namespace synack::cli {

namespace {

using lang::tr;
using lang::trf;

struct LiveCliOptions {
  std::string file;
  bool quiet = false;
  bool wait_time_wait = false;
  std::string json;
  std::string pcap;
  std::string color = "auto";
};

int run(const LiveCliOptions& opt) {
  if (!opt.json.empty() && !opt.pcap.empty() && same_file(opt.json, opt.pcap)) {
    std::cerr << "synack live: " << trf("--json and --pcap name the same file, {}", opt.json)
              << "\n";
    return kExitBadInput;
  }
  for (const std::string* out : {&opt.json, &opt.pcap}) {
    if (!out->empty() && same_file(*out, opt.file)) {
      std::cerr << "synack live: " << trf("{} is the scenario file", *out) << "\n";
      return kExitBadInput;
    }
  }
  scenario::LoadResult loaded = scenario::load_file(opt.file);
  if (!loaded.ok()) {
    for (const scenario::LoadError& e : loaded.errors) std::cerr << e.to_string() << "\n";
    return kExitBadInput;
  }
  const scenario::Scenario& s = *loaded.scenario;
  live::LiveOptions options;
  options.wait_time_wait = opt.wait_time_wait;
  std::optional<live::LiveRun> live = run_live_reporting("synack live", s, sim::run(s), options);
  if (!live) return kExitBadInput;
  if (live->interrupted) return 128 + live::stop_signal();
  const trace::Trace& t = live->trace;
  if (!opt.quiet) {
    std::cout << "== " << s.name << " (" << trf("{}, live", opt.file) << ")\n";
    trace::write_ladder(t, std::cout, trace::LadderOptions{use_color(opt.color)});
    std::cout << "\n";
  }
  std::vector<scenario::Verdict> verdicts = scenario::check(s, t);
  scenario::print_verdicts(s, verdicts, std::cout);
  std::size_t held = 0;
  for (const auto& v : verdicts) held += v.ok ? 1 : 0;
  std::cout << s.name << ": "
            << trf("{} of {} expectations hold against the Linux kernel", held, verdicts.size())
            << "\n";
  if (!opt.json.empty()) {
    if (const std::string error = write_json_file(t, opt.json); !error.empty()) {
      std::cerr << "synack live: " << error << "\n";
      return kExitBadInput;
    }
  }
  if (!opt.pcap.empty()) {
    std::string error;
    if (!trace::write_pcap(t, opt.pcap, error)) {
      std::cerr << "synack live: " << error << "\n";
      return kExitBadInput;
    }
  }
  return held == verdicts.size() ? kExitOk : kExitFailed;
}

}  // namespace

Runner add_live_command(CLI::App& app) {
  auto opt = std::make_shared<LiveCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "live", tr("Run a scenario on the real Linux stack in network namespaces (needs root)"));
  cmd->add_option("FILE", opt->file, tr("Scenario file (YAML)"))
      ->required()
      ->check(non_empty_path());
  cmd->add_flag("-q,--quiet", opt->quiet, tr("Print only the verdicts"));
  cmd->add_flag("--wait-time-wait", opt->wait_time_wait,
                tr("Run on until TIME-WAIT ends (Linux holds it for 60 s)"));
  cmd->add_option("--json", opt->json, tr("Write the live trace as JSON to this file"))
      ->check(non_empty_path());
  cmd->add_option("--pcap", opt->pcap, tr("Write every captured frame to this pcap file"))
      ->check(non_empty_path());
  cmd->add_option("--color", opt->color, tr("Color the ladder: auto, always or never"))
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->footer(
      tr("Exit status: 0 when every expectation holds, 1 when one fails, 2 for invalid input or "
         "missing privileges."));
  return [opt] { return run(*opt); };
}

}  // namespace synack::cli

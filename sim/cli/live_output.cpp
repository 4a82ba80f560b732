#include "live_output.hpp"

#include <unistd.h>

#include <csignal>
#include <iostream>

#include "sim/lang/tr.hpp"

namespace synack::cli {

namespace {

using lang::tr;
using lang::trf;

void on_stop_signal(int sig) { live::stop_signal() = sig; }

}  // namespace

std::optional<live::LiveRun> run_live_reporting(const char* command,
                                                const scenario::Scenario& scenario,
                                                const trace::Trace& header,
                                                const live::LiveOptions& options) {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  try {
    live::LiveRun run = live::run_live(scenario, header, options);
    for (const std::string& n : run.left_over) {
      std::cout << "live: " << trf("removed namespace {} left by a run that was killed", n) << "\n";
    }
    for (const std::string& line : run.said) std::cout << "live: " << line << "\n";
    for (const std::string& line : run.applied) {
      std::cout << "live: " << trf("applied {}", line) << "\n";
    }
    for (const std::string& line : run.not_honoured) {
      std::cout << "live: " << trf("not honoured {}", line) << "\n";
    }
    if (run.interrupted) {
      std::cerr << command << ": " << tr("interrupted; every namespace it made is removed") << "\n";
      return run;
    }
    if (!run.trace.settings.cut_short.empty()) {
      std::cout << "live: " << run.trace.settings.cut_short << "\n";
    }
    std::cout << "live: "
              << trf("set-up {} ms, script {} ms, clean-up {} ms; {} frames captured ({} "
                     "dropped), {} state samples (longest gap {} us)",
                     run.setup_us / 1000, run.script_us / 1000, run.teardown_us / 1000,
                     run.frames_captured, run.frames_dropped, run.sample_rounds,
                     run.longest_sample_gap_us)
              << "\n";
    return run;
  } catch (const live::LiveError& e) {
    std::cerr << command << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

bool use_color(const std::string& color) {
  return color == "always" || (color == "auto" && isatty(STDOUT_FILENO));
}

}  // namespace synack::cli

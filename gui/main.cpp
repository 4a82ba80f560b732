// synack-gui [FILE] [--step N] [--screenshot OUT.png] [--size WxH] [--bench-frames K]
//            [--what-if [HOST:]KEY=VALUE]... [--live | --beside CAPTURE]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "gui/app.hpp"
#include "gui/model/what_if.hpp"
#include "sim/lang/tr.hpp"

int main(int argc, char** argv) {
  using namespace synack::gui;
  synack::lang::init();
  AppOptions options;
  std::string size;
  std::size_t step = 0;
  CLI::App app{"synack-gui: step through a TCP scenario on a ladder timeline."};
  app.name("synack-gui");
  app.add_option("FILE", options.file, "A scenario (.yaml) or a JSON trace (synack run --json)");
  auto* step_opt = app.add_option("--step", step, "Advance this many events after opening");
  app.add_option("--screenshot", options.screenshot,
                 "Render one frame to this PNG and exit (needs a display; Xvfb will do)");
  app.add_option("--size", size, "Window size, WxH (default 1280x800)");
  app.add_option("--bench-frames", options.bench_frames,
                 "Render K frames panning and zooming across the run, print frame build times")
      ->check(CLI::PositiveNumber);
  app.add_flag("--light", options.light, "Start with the light theme");
  app.add_flag("--quiz", options.quiz,
               "Start with the lesson's quiz on: each question stops the run until it is answered");
  app.add_option("--show", options.show,
                 "Show this panel too: \"State diagram\", TCB, Hosts, \"Sequence graph\", "
                 "\"Packet inspector\", What-if (repeatable)");
  app.add_option("--what-if", options.what_if,
                 "Start What-if with this setting changed: nagle=false, server:syn_cookies=true, "
                 "msl=1s (repeatable)");
  auto* live = app.add_flag("--live", options.live,
                            "Run the scenario on the real Linux stack too (as synack live; needs "
                            "root or CAP_NET_ADMIN) and show it beside the simulated run");
  app.add_option("--beside", options.beside,
                 "Show this capture (pcap, pcapng) or JSON trace beside the simulated run")
      ->excludes(live);
  app.footer(
      "Exit status: 0 on success, 2 for bad arguments or an unreadable file, 3 without a "
      "display.\n");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "synack-gui: " << e.what() << "\nRun 'synack-gui --help' for usage.\n";
    return kExitBadInput;
  }
  if (!size.empty()) {
    char x = 0;
    char rest = 0;
    if (std::sscanf(size.c_str(), "%d%c%d%c", &options.width, &x, &options.height, &rest) != 3 ||
        (x != 'x' && x != 'X') || options.width < 320 || options.height < 240 ||
        options.width > 8192 || options.height > 8192) {
      std::cerr << "synack-gui: --size " << size
                << ": expected WxH between 320x240 and 8192x8192\n";
      return kExitBadInput;
    }
  }
  if (*step_opt) options.step = step;
  for (const std::string& a : options.what_if) {
    // The key and value are checked here; the host when the scenario is open.
    const auto colon = a.find(':');
    const auto eq = a.find('=');
    const std::string plain = colon != std::string::npos && colon < eq ? a.substr(colon + 1) : a;
    if (std::string error = WhatIf(synack::scenario::Scenario{}).apply(plain); !error.empty()) {
      std::cerr << "synack-gui: --what-if " << error << "\n";
      return kExitBadInput;
    }
  }
  if ((!options.screenshot.empty() || options.bench_frames > 0) && options.file.empty()) {
    std::cerr << "synack-gui: --screenshot and --bench-frames need a FILE\n";
    return kExitBadInput;
  }
  if ((options.live || !options.beside.empty()) && options.file.empty()) {
    std::cerr << "synack-gui: --live and --beside need a scenario FILE to show beside\n";
    return kExitBadInput;
  }
  return run_app(options);
}

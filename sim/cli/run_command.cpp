// `synack run`: load scenario files, run each headless, print the ladder and
// each expectation's verdict; optionally export the trace as JSON and pcap,
// and the ladder (or a time range of it) as SVG. A capture file (pcap,
// pcapng) is imported instead of run; with `--against`, each scenario's
// expectations are checked against a capture.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "commands.hpp"
#include "sim/capture/against.hpp"
#include "sim/capture/pcap_import.hpp"
#include "sim/lang/tr.hpp"
#include "sim/scenario/expect.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/ladder.hpp"
#include "sim/trace/pcap_export.hpp"
#include "sim/view/svg_export.hpp"
#include "sim/world/run.hpp"

namespace synack::cli {

namespace {

using lang::tr;
using lang::trf;

struct RunCliOptions {
  std::vector<std::string> files;
  bool quiet = false;
  std::string json;
  std::string pcap;
  std::string against;
  std::string svg;
  std::string from, to;  // the SVG's time range, as durations: "10ms", "1.5s"
  std::optional<std::uint64_t> seed;
  std::string color = "auto";
};

// A time of --from or --to, spelled as a scenario file spells durations.
std::optional<trace::TimeUs> read_time(const std::string& option, const std::string& text,
                                       bool& invalid) {
  if (text.empty()) return std::nullopt;
  auto t = scenario::parse_duration(text);
  if (!t) {
    std::cerr << "synack run: "
              << trf("{}: expected a time such as 200ms or 1.5s, got '{}'", option, text) << "\n";
    invalid = true;
  }
  return t;
}

// Writes the exports of one run; false (with a message) when a file cannot be written.
bool write_exports(const RunCliOptions& opt, const trace::Trace& t, const view::SvgOptions& svg) {
  if (!opt.json.empty()) {
    if (const std::string error = write_json_file(t, opt.json); !error.empty()) {
      std::cerr << "synack run: " << error << "\n";
      return false;
    }
  }
  if (!opt.pcap.empty()) {
    std::string error;
    if (!trace::write_pcap(t, opt.pcap, error)) {
      std::cerr << "synack run: " << error << "\n";
      return false;
    }
  }
  if (!opt.svg.empty()) {
    const view::LadderModel model(t);
    if (const std::string error = view::write_ladder_svg_file(model, svg, opt.svg);
        !error.empty()) {
      std::cerr << "synack run: " << error << "\n";
      return false;
    }
  }
  return true;
}

// The capture imported, or nullopt after printing why.
std::optional<trace::Trace> import_capture(const std::string& file) {
  capture::PcapImport imported = capture::read_pcap(file);
  if (!imported.trace) std::cerr << imported.error << "\n";
  return std::move(imported.trace);
}

void print_ladder(const RunCliOptions& opt, const std::string& title, const trace::Trace& t,
                  bool color) {
  if (opt.quiet) return;
  std::cout << "== " << title << "\n";
  trace::write_ladder(t, std::cout, trace::LadderOptions{color});
  std::cout << "\n";
}

// A capture on its own: its ladder and what was inferred from it.
bool show_capture(const RunCliOptions& opt, const std::string& file, bool color,
                  const view::SvgOptions& svg) {
  std::optional<trace::Trace> t = import_capture(file);
  if (!t) return false;
  print_ladder(opt, t->name + " (" + file + ")", *t, color);
  std::size_t frames = 0, states = 0, uncertain = 0;
  for (const trace::Event& e : t->events) {
    if (const auto* f = std::get_if<trace::FrameEvent>(&e.what)) {
      frames += f->fate == trace::Fate::Sent ? 1 : 0;
    } else if (const auto* s = std::get_if<trace::StateEvent>(&e.what)) {
      ++states;
      uncertain += s->basis == trace::StateBasis::Uncertain ? 1 : 0;
    }
  }
  std::cout << trf("{}: {} frames, {} hosts, {} connection ends, {} state changes inferred ({} "
                   "uncertain)",
                   file, frames, t->nodes.size(), t->conns.size(), states, uncertain)
            << "\n";
  return write_exports(opt, *t, svg);
}

int run(const RunCliOptions& opt) {
  if (opt.files.size() > 1 && (!opt.json.empty() || !opt.pcap.empty() || !opt.svg.empty())) {
    std::cerr << "synack run: "
              << tr("--json, --pcap and --svg write one run; give one scenario file") << "\n";
    return kExitBadInput;
  }
  const std::string* outputs[] = {&opt.json, &opt.pcap, &opt.svg};
  const char* const names[] = {"--json", "--pcap", "--svg"};
  for (std::size_t i = 0; i < std::size(outputs); ++i) {
    for (std::size_t j = i + 1; j < std::size(outputs); ++j) {
      if (!outputs[i]->empty() && !outputs[j]->empty() && same_file(*outputs[i], *outputs[j])) {
        std::cerr << "synack run: "
                  << trf("{} and {} name the same file, {}; give each its own", names[i], names[j],
                         *outputs[i])
                  << "\n";
        return kExitBadInput;
      }
    }
  }
  if (opt.svg.empty() && (!opt.from.empty() || !opt.to.empty())) {
    std::cerr << "synack run: "
              << tr("--from and --to choose the time range of --svg; give --svg too") << "\n";
    return kExitBadInput;
  }
  bool bad_time = false;
  view::SvgOptions svg;
  svg.from = read_time("--from", opt.from, bad_time);
  svg.to = read_time("--to", opt.to, bad_time);
  if (bad_time) return kExitBadInput;
  if (svg.from && svg.to && *svg.to < *svg.from) {
    std::cerr << "synack run: " << trf("--to {} is before --from {}", opt.to, opt.from) << "\n";
    return kExitBadInput;
  }
  std::vector<std::string> inputs = opt.files;
  if (!opt.against.empty()) inputs.push_back(opt.against);
  for (const std::string& file : inputs) {
    for (const std::string* out : outputs) {
      if (!out->empty() && same_file(*out, file)) {
        std::cerr << "synack run: "
                  << (capture::looks_like_capture(file)
                          ? trf("{} is the capture; an export would overwrite it", *out)
                          : trf("{} is the scenario file; an export would overwrite it", *out))
                  << "\n";
        return kExitBadInput;
      }
    }
  }
  bool color = opt.color == "always" || (opt.color == "auto" && isatty(STDOUT_FILENO));
  bool invalid = false, failed = false;
  std::optional<trace::Trace> against;
  if (!opt.against.empty()) {
    against = import_capture(opt.against);
    if (!against) return kExitBadInput;
  }
  for (const std::string& file : opt.files) {
    if (capture::looks_like_capture(file)) {
      if (against) {
        std::cerr << "synack run: " << trf("{} is a capture; --against checks scenarios", file)
                  << "\n";
        invalid = true;
      } else if (!show_capture(opt, file, color, svg)) {
        invalid = true;
      }
      continue;
    }
    scenario::LoadResult loaded = scenario::load_file(file);
    if (!loaded.ok()) {
      for (const scenario::LoadError& e : loaded.errors) std::cerr << e.to_string() << "\n";
      invalid = true;
      continue;
    }
    std::vector<capture::NotChecked> left_out;
    const scenario::Scenario s =
        against ? capture::checkable_in_capture(*loaded.scenario, left_out) : *loaded.scenario;
    sim::RunOptions run_options;
    run_options.seed = opt.seed;
    trace::Trace t = sim::run(s, run_options);
    // What each expectation left out says, in the words of its verdict.
    std::vector<std::string> not_checked;
    if (!left_out.empty()) {
      scenario::Scenario skipped = *loaded.scenario;
      skipped.expectations.clear();
      for (const capture::NotChecked& n : left_out)
        skipped.expectations.push_back(loaded.scenario->expectations[n.index]);
      const std::vector<scenario::Verdict> words = scenario::check(skipped, t);
      for (std::size_t i = 0; i < left_out.size(); ++i) {
        const scenario::Mark& m = skipped.expectations[i].mark;
        not_checked.push_back(fmt::format("{}:{}:{}: NOT CHECKED {}: {}", file, m.line, m.column,
                                          words[i].what, left_out[i].why));
      }
    }
    if (against) {
      // The capture stands in for the run: the scenario's hosts by their
      // addresses, its clock aligned on the first SYN.
      trace::Trace checked = *against;
      capture::name_hosts(s, checked);
      capture::align_by_first_syn(checked, t);
      t = std::move(checked);
    }
    if (!t.settings.cut_short.empty()) {
      std::cerr << "synack run: " << file << ": warning: "
                << tr("the run was cut short (time or event limit); see its last note") << "\n";
    }
    print_ladder(opt,
                 s.name + " (" + (against ? trf("{} against {}", opt.against, file) : file) + ")",
                 t, color);
    std::vector<scenario::Verdict> verdicts = scenario::check(s, t);
    scenario::print_verdicts(s, verdicts, std::cout);
    for (const std::string& line : not_checked) std::cout << line << "\n";
    std::size_t held = 0;
    for (const auto& v : verdicts) held += v.ok ? 1 : 0;
    std::cout << s.name << ": " << lang::trf("{} of {} expectations hold", held, verdicts.size());
    if (!left_out.empty()) {
      std::cout << trf(
          "; {} not checked (socket calls, fds, counters, queues or switch tables are "
          "not in a capture)",
          left_out.size());
    }
    std::cout << "\n";
    if (held != verdicts.size()) failed = true;
    if (!write_exports(opt, t, svg)) invalid = true;
  }
  return invalid ? kExitBadInput : failed ? kExitFailed : kExitOk;
}

}  // namespace

Runner add_run_command(CLI::App& app) {
  auto opt = std::make_shared<RunCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", tr("Run scenario files headless: ladder diagram, then each expectation's verdict"));
  cmd->add_option("FILE", opt->files,
                  tr("Scenario files (YAML), or captures (pcap, pcapng) to import"))
      ->required()
      ->check(non_empty_path());
  cmd->add_option("--against", opt->against,
                  tr("Check each scenario's expectations against this capture (pcap, pcapng) "
                     "instead of its simulated run; hosts are matched by their addresses"))
      ->check(non_empty_path());
  cmd->add_flag("-q,--quiet", opt->quiet, tr("Print only the verdicts"));
  cmd->add_option("--json", opt->json, tr("Write the whole trace as JSON to this file"))
      ->check(non_empty_path());
  cmd->add_option("--pcap", opt->pcap, tr("Write every frame to this pcap file"))
      ->check(non_empty_path());
  cmd->add_option("--svg", opt->svg,
                  tr("Draw the ladder into this SVG file (for slides, handouts)"))
      ->check(non_empty_path());
  cmd->add_option("--from", opt->from, tr("The SVG starts at this time (200ms, 1.5s; default: 0)"));
  cmd->add_option("--to", opt->to, tr("The SVG ends at this time (default: the end of the run)"));
  cmd->add_option("--seed", opt->seed, tr("Override the scenario's random seed (0 to 2^64 - 1)"))
      ->check(whole_number_u64());
  cmd->add_option("--color", opt->color, tr("Color the ladder: auto, always or never"))
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->footer(
      tr("Exit status: 0 when every expectation holds, 1 when one fails, 2 for invalid input."));
  return [opt] { return run(*opt); };
}

}  // namespace synack::cli

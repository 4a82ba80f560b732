// `synack pkt`: run packetdrill scripts against the TCP endpoint model.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>

#include "commands.hpp"
#include "sim/lang/tr.hpp"
#include "sim/pkt/executor.hpp"
#include "sim/scenario/load_input.hpp"

namespace synack::cli {
namespace fs = std::filesystem;

namespace {

using lang::tr;
using lang::trf;

struct PktOptions {
  std::vector<std::string> paths;
  std::string deviations;
  std::optional<int> goal;  // percent of each PATH's scripts that must pass
  bool quiet = false;
};

// A deviations file is Markdown; each table row `| name.pkt | section | why |`
// names a script whose expectation the model does not share, and why.
std::map<std::string, std::string> deviations_in(const std::string& text) {
  std::map<std::string, std::string> out;
  static const std::regex row(R"(^\|\s*`?([\w.\-/]+\.pkt)`?\s*\|\s*([^|]+?)\s*\|)");
  std::istringstream in(text);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, row)) out[m[1]] = m[2];
  }
  return out;
}

// The scripts a PATH names: itself, or every .pkt under the folder, sorted.
std::optional<std::vector<fs::path>> scripts_of(const std::string& p) {
  std::error_code ec;
  std::vector<fs::path> found;
  if (fs::is_directory(p, ec)) {
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".pkt") found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
  } else if (fs::exists(p, ec)) {  // a file, or a FIFO or device read with the input cap
    found.emplace_back(p);
  } else {
    return std::nullopt;
  }
  return found;
}

struct Tally {
  int passed = 0, failed = 0, skipped = 0, deviating = 0;
  int total() const { return passed + failed + skipped + deviating; }
};

// Runs one script and prints its line (unless quiet and it passed).
void run_one(const fs::path& script, const std::map<std::string, std::string>& deviations,
             bool quiet, Tally& tally) {
  const pkt::Outcome r = pkt::run_file(script.string());
  const std::string name = script.string();
  const auto dev = deviations.find(script.filename().string());
  std::string line;
  switch (r.verdict) {
    case pkt::Verdict::Passed:
      if (dev != deviations.end()) {
        ++tally.failed;
        line = name + ": failed: " + trf("passes, but is listed as a deviation ({})", dev->second);
      } else {
        ++tally.passed;
        line = fmt::format("{}: passed", name);
      }
      break;
    case pkt::Verdict::Failed:
      if (dev != deviations.end()) {
        ++tally.deviating;
        line = name + ": deviates " +
               trf("(model follows {}): line {}: {}", dev->second, r.line, r.message);
      } else {
        ++tally.failed;
        // A parse error already carries file:line:column.
        line = r.message.rfind(name, 0) == 0
                   ? fmt::format("{}: failed: {}", name, r.message)
                   : name + ": failed: " + trf("line {}: {}", r.line, r.message);
      }
      break;
    case pkt::Verdict::Skipped:
      ++tally.skipped;
      line = name + ": skipped: " + trf("line {}: unsupported: {}", r.line, r.message);
      break;
  }
  if (!quiet || r.verdict != pkt::Verdict::Passed) std::cout << line << "\n";
}

int run(const PktOptions& opt) {
  std::vector<std::vector<fs::path>> groups;  // one per PATH
  for (const std::string& p : opt.paths) {
    std::optional<std::vector<fs::path>> found = scripts_of(p);
    if (!found) {
      std::cerr << "synack pkt: " << trf("{}: no such file or folder", p) << "\n";
      return kExitBadInput;
    }
    groups.push_back(std::move(*found));
  }
  std::map<std::string, std::string> deviations;
  if (!opt.deviations.empty()) {
    std::string reason;
    const std::optional<std::string> text = scenario::read_input_file(opt.deviations, reason);
    if (!text) {
      std::cerr << "synack pkt: "
                << trf("{}: cannot read the deviations file: {}", opt.deviations, reason) << "\n";
      return kExitBadInput;
    }
    deviations = deviations_in(*text);
  }

  Tally all;
  std::vector<std::string> figures;
  bool below_goal = false;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    Tally tally;
    for (const fs::path& script : groups[g]) run_one(script, deviations, opt.quiet, tally);
    all.passed += tally.passed;
    all.failed += tally.failed;
    all.skipped += tally.skipped;
    all.deviating += tally.deviating;
    if (opt.goal) {
      const double percent = tally.total() == 0 ? 0.0 : 100.0 * tally.passed / tally.total();
      const bool met = tally.total() > 0 && percent >= *opt.goal;
      below_goal = below_goal || !met;
      figures.push_back(opt.paths[g] + ": " +
                        trf("{} of {} pass ({:.1f}%), goal {}%", tally.passed, tally.total(),
                            percent, *opt.goal) +
                        ": " + (met ? "met" : "NOT MET"));
    }
  }
  for (const std::string& f : figures) std::cout << f << "\n";
  std::cout << trf("{} passed, {} failed, {} skipped", all.passed, all.failed, all.skipped);
  if (!deviations.empty()) std::cout << trf(", {} known deviations", all.deviating);
  std::cout << "\n";
  if (opt.goal) return below_goal ? kExitFailed : kExitOk;
  return all.failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace

Runner add_pkt_command(CLI::App& app) {
  auto opt = std::make_shared<PktOptions>();
  auto* cmd = app.add_subcommand(
      "pkt",
      tr("Run packetdrill scripts (.pkt) against the TCP endpoint model: the runner plays the "
         "application and the remote peer in virtual time, the model is the endpoint under test."));
  cmd->add_option("PATH", opt->paths, tr("A .pkt file, or a folder searched recursively for them"))
      ->required()
      ->check(non_empty_path());
  cmd->add_option("--deviations", opt->deviations,
                  tr("Markdown file listing scripts whose expectation the model does not share "
                     "(table rows: | name.pkt | RFC section | why |); they are reported, not "
                     "failed"))
      ->check(non_empty_path());
  cmd->add_option("--goal", opt->goal,
                  tr("Percent of each PATH's scripts that must pass; each PATH's figure is "
                     "printed, and the exit status says whether every one met it"))
      ->check(CLI::Range(0, 100));
  cmd->add_flag("-q,--quiet", opt->quiet,
                tr("Print only scripts that did not pass, and the totals"));
  cmd->footer(std::string(tr("Exit status: 0 when no script failed (with --goal: when every PATH "
                             "met it), 1 when one did, 2 for a missing path.")) +
              "\n" +
              tr("Set aside as host properties: window values, buffer sizes, TSval clocks, IP ECN "
                 "marks, fcntl flags."));
  return [opt] { return run(*opt); };
}

}  // namespace synack::cli

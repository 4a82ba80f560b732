// What the app has open: a scenario simulated in-process, or a saved JSON
// trace, with its expectations' verdicts and the step where each is decided.
// Loading never throws and never exits: a bad file gives its errors
// (file:line:column, the loader's own words) and no document.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/expect.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::gui {

struct Document {
  std::string path;
  bool is_scenario = false;
  trace::Trace trace;
  std::optional<scenario::Scenario> scenario;
  std::vector<scenario::Verdict> verdicts;
  std::vector<std::size_t> verdict_steps;  // the step at which each verdict is decided
  std::filesystem::file_time_type modified{};
  double load_seconds = 0;
};

struct LoadOutcome {
  std::unique_ptr<Document> document;  // set on success
  std::vector<std::string> errors;     // one line each
};

// A capture (.pcap, .pcapng, .cap, or a file with their magic) is imported; a
// .json file (or one whose first non-blank character is '{') is a trace;
// anything else a scenario.
LoadOutcome load_document(const std::string& path);

// Runs the document's scenario in-process: its trace, verdicts and the steps
// where they are decided.
void simulate(Document& doc);

// The step after which the moment `t` is over: the number of records at or before t.
std::size_t step_at_time(const trace::Trace& trace, trace::TimeUs t);

// The modification time of `path`, or nullopt when it cannot be read.
std::optional<std::filesystem::file_time_type> modified_time(const std::string& path);

}  // namespace synack::gui

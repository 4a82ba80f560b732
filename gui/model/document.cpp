#include "gui/model/document.hpp"

#include <algorithm>
#include <fstream>

#include "sim/capture/pcap_import.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/json_import.hpp"
#include "sim/world/run.hpp"

namespace synack::gui {

namespace {

bool looks_like_json(const std::string& path) {
  if (std::filesystem::path(path).extension() == ".json") return true;
  std::ifstream in(path);
  char c = 0;
  while (in.get(c)) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return c == '{';
  }
  return false;
}

}  // namespace

std::optional<std::filesystem::file_time_type> modified_time(const std::string& path) {
  std::error_code ec;
  auto t = std::filesystem::last_write_time(path, ec);
  if (ec) return std::nullopt;
  return t;
}

std::size_t step_at_time(const trace::Trace& trace, trace::TimeUs t) {
  auto it = std::upper_bound(trace.events.begin(), trace.events.end(), t,
                             [](trace::TimeUs x, const trace::Event& e) { return x < e.t; });
  return static_cast<std::size_t>(it - trace.events.begin());
}

void simulate(Document& doc) {
  doc.is_scenario = true;
  doc.trace = sim::run(*doc.scenario);
  doc.verdicts = scenario::check(*doc.scenario, doc.trace);
  doc.verdict_steps.clear();
  for (const scenario::Expectation& e : doc.scenario->expectations) {
    doc.verdict_steps.push_back(step_at_time(doc.trace, scenario::decision_time(e, doc.trace)));
  }
}

LoadOutcome load_document(const std::string& path) {
  LoadOutcome out;
  const auto started = std::chrono::steady_clock::now();
  auto doc = std::make_unique<Document>();
  doc->path = path;
  auto modified = modified_time(path);
  if (!modified) {
    out.errors.push_back(path + ": no such file, or it cannot be read");
    return out;
  }
  doc->modified = *modified;
  if (capture::looks_like_capture(path)) {
    capture::PcapImport imported = capture::read_pcap(path);
    if (!imported.trace) {
      out.errors.push_back(imported.error);
      return out;
    }
    doc->trace = std::move(*imported.trace);
  } else if (looks_like_json(path)) {
    trace::JsonImport imported = trace::read_json_trace(path);
    if (!imported.trace) {
      out.errors.push_back(imported.error);
      return out;
    }
    doc->trace = std::move(*imported.trace);
  } else {
    scenario::LoadResult loaded = scenario::load_file(path);
    if (!loaded.ok()) {
      for (const scenario::LoadError& e : loaded.errors) out.errors.push_back(e.to_string());
      if (out.errors.empty()) out.errors.push_back(path + ": the scenario did not load");
      return out;
    }
    doc->scenario = std::move(loaded.scenario);
    simulate(*doc);
  }
  doc->load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.document = std::move(doc);
  return out;
}

}  // namespace synack::gui

// The JSON trace reader (what the desktop app opens) on any bytes: it gives a
// Trace or one line of error, never crashes; a Trace it gives can be laid out
// as the app's ladder (every index it holds points into the trace) and written
// back as JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "sim/trace/json_export.hpp"
#include "sim/trace/json_import.hpp"
#include "sim/view/ladder_model.hpp"
#include "sim/view/timeline_layout.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // Small chunks and two threads, so the chunked reader and its merge are exercised.
  synack::trace::JsonReadOptions options;
  options.threads = 2;
  options.chunk_bytes = 256;
  const synack::trace::JsonImport r = synack::trace::read_json_text(text, "fuzz.json", options);
  if (!r.trace) {
    if (r.error.empty() || r.error.find('\n') != std::string::npos) std::abort();
    return 0;
  }
  const synack::view::LadderModel model(*r.trace);
  synack::view::TimelineView view;
  synack::view::LayoutMetrics metrics;
  synack::view::fit_all(model, view, metrics.height);
  synack::view::TimelineLayout layout;
  synack::view::lay_out(model, view, metrics, r.trace->events.size(), synack::trace::kNone,
                        layout);
  std::ostringstream out;
  synack::trace::write_json(*r.trace, out);
  return 0;
}

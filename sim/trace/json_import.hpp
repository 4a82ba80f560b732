// Reading a JSON trace (what `synack run --json` writes, see json_export.hpp)
// back into a Trace, with simdjson. The JSON keeps each frame's decoded fields,
// not its bytes: frames are rebuilt from them (TCP, UDP and ARP headers with
// the same numbers, payloads of the right length filled with zeros), so
// everything that reads frames through frame_view sees the same numbers and
// summaries. Unknown keys and record types are skipped, so newer files still
// open.
//
// A file laid out as the exporter writes it (one record a line) has its
// header read with simdjson's DOM and its records with On-Demand, in chunks
// of lines read on every core and merged in order, so two million records
// load in about a second. Any other layout of valid JSON is read too, slower.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "sim/trace/trace.hpp"

namespace synack::trace {

struct JsonImport {
  std::optional<Trace> trace;  // set when the file was read
  std::string error;           // "file: events[12]: 'host' names no node", when not
};

struct JsonReadOptions {
  unsigned threads = 0;                // 0: one per core
  std::size_t chunk_bytes = 8u << 20;  // records are read in chunks of about this size
};

JsonImport read_json_trace(const std::string& path, const JsonReadOptions& options = {});
// The same from text in memory; `name` is what errors call it.
JsonImport read_json_text(const std::string& text, const std::string& name,
                          const JsonReadOptions& options = {});

}  // namespace synack::trace

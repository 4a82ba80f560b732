// Reading a JSON trace (what `synack run --json` writes, see json_export.hpp)
// back into a Trace, with simdjson so a million records load in well under a
// second. The JSON keeps each frame's decoded fields, not its bytes: frames are
// rebuilt from them (TCP, UDP and ARP headers with the same numbers, payloads
// of the right length filled with zeros), so everything that reads frames
// through frame_view sees the same numbers and summaries. Unknown keys and
// record types are skipped, so newer files still open.
#pragma once

#include <optional>
#include <string>

#include "sim/trace/trace.hpp"

namespace synack::trace {

struct JsonImport {
  std::optional<Trace> trace;  // set when the file was read
  std::string error;           // "file: events[12]: 'host' names no node", when not
};

JsonImport read_json_trace(const std::string& path);
// The same from text in memory; `name` is what errors call it.
JsonImport read_json_text(const std::string& text, const std::string& name);

}  // namespace synack::trace

// A Trace as JSON: the run's description (nodes, links, settings) and then one
// object per event, one event per line so two runs diff line by line. Keys keep
// their insertion order, so identical traces give byte-identical files.
#pragma once

#include <ostream>
#include <string_view>

#include "sim/trace/trace.hpp"

namespace synack::trace {

void write_json(const Trace& trace, std::ostream& out);

// The symbolic name of an errno value ("EADDRINUSE"), or nullptr for a value
// with no name here (0, success, included).
const char* errno_name(int err);
// The errno value of a symbolic name (EWOULDBLOCK reads as EAGAIN); -1 if unknown.
int errno_from_name(std::string_view name);

}  // namespace synack::trace

// A Trace as JSON: the run's description (nodes, links, settings) and then one
// object per event, one event per line so two runs diff line by line. Keys keep
// their insertion order, so identical traces give byte-identical files.
#pragma once

#include <ostream>
#include <string_view>

#include "sim/trace/trace.hpp"

namespace synack::trace {

void write_json(const Trace& trace, std::ostream& out);

}  // namespace synack::trace

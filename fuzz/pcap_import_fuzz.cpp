// The pcap/pcapng importer on any bytes: it returns a Trace or an error naming
// the record and byte offset, within bounded memory. A Trace it returns is
// then read the way `synack run CAPTURE` reads it (numbers, ladder, JSON).
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "sim/capture/pcap_import.hpp"
#include "sim/trace/frame_view.hpp"
#include "sim/trace/json_export.hpp"
#include "sim/trace/ladder.hpp"

namespace trace = synack::trace;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  synack::capture::PcapImport imported = synack::capture::read_pcap_bytes(data, size, "fuzz.pcap");
  if (!imported.trace) return 0;
  (void)trace::number_tcp_frames(*imported.trace);
  if (imported.trace->events.size() <= 2000) {
    std::ostringstream out;
    trace::write_ladder(*imported.trace, out, trace::LadderOptions{false});
    trace::write_json(*imported.trace, out);
  }
  return 0;
}

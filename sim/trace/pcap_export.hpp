// A Trace's frames as a classic pcap file (Ethernet link type) that tcpdump
// and Wireshark open: each frame once, at the time it first appeared.
#pragma once

#include <string>

#include "sim/trace/trace.hpp"

namespace synack::trace {

// Writes every frame the events mention, in order of first appearance, with
// the time of that appearance. False, with a message naming `path`, on failure.
bool write_pcap(const Trace& trace, const std::string& path, std::string& error);

}  // namespace synack::trace

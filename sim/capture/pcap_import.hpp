// Any capture into a Trace: a pcap or pcapng file read with libpcap (Ethernet,
// Linux cooked SLL and SLL2, raw IPv4; VLAN tags taken off; IPv4 fragments
// reassembled), hosts made from the addresses seen, each frame sent and
// delivered between them, ARP caches as the ARP traffic fills them, and each
// endpoint's TCP states as the passive observer infers them.
//
// The Trace's frames are Ethernet frames with correct checksums: a frame is
// kept as captured when it already is one, and built again from its decoded
// layers otherwise (another link type, tags, fragments, or checksums left to a
// NIC). Payload bytes a snap length cut off read as zeros; a snap length that
// cuts into a header is an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "sim/trace/trace.hpp"

namespace synack::capture {

struct PcapImport {
  std::optional<trace::Trace> trace;
  // "FILE: record 12 at byte 4096: ..." (records count from 1, bytes from 0).
  std::string error;
};

PcapImport read_pcap(const std::string& path);
// The same from bytes in memory; `name` is what messages call them.
PcapImport read_pcap_bytes(const std::uint8_t* data, std::size_t size, const std::string& name);

// A pcap or pcapng file by its name (.pcap, .pcapng, .cap) or, for a regular
// file, its first bytes.
bool looks_like_capture(const std::string& path);

}  // namespace synack::capture

// What the packet inspector shows of one frame: its layers (Ethernet, ARP,
// IPv4, TCP or UDP, payload) as fields, each with the bytes of the frame it
// occupies, so a field and its bytes can be lit up together; checksums
// verified (what the field holds and what it should hold); and the sequence
// arithmetic in words: why this ACK number, which bytes of the stream this
// segment carries. Values come from core/wire's decoders. Field names are
// Wireshark's, in any language; values' words and the sentences are in the
// language in force.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/trace/frame_view.hpp"
#include "sim/trace/trace.hpp"

namespace synack::view {

struct PacketField {
  std::string name;                      // "Sequence number"
  std::string value;                     // "1000 (relative 0)"
  std::uint32_t offset = 0, length = 0;  // bytes of the frame it occupies
  bool bad = false;                      // a checksum that does not match
};

struct PacketLayer {
  std::string name;  // "TCP 49152 → 80"
  std::uint32_t offset = 0, length = 0;
  std::vector<PacketField> fields;
};

struct PacketView {
  std::vector<std::uint8_t> bytes;
  std::vector<PacketLayer> layers;
  std::size_t innermost = 0;  // the innermost header (ARP, TCP, UDP, ...): a new frame opens it
  std::string error;          // where decoding stopped, in the decoder's words; "" when it did not
  // Sentences on the sequence numbers: what Seq and Len say, why this Ack.
  std::vector<std::string> arithmetic;
};

// `numbers` as number_tcp_frames gives them (by FrameId).
PacketView inspect_frame(const trace::Trace& trace, const std::vector<trace::TcpNumbers>& numbers,
                         trace::FrameId id);

// The name of the host that owns `ip` in the trace, else the address.
std::string name_of_address(const trace::Trace& trace, std::uint32_t ip);

// The name of the node with an interface of MAC `mac`; "" when none has it.
std::string name_of_mac(const trace::Trace& trace, const wire::MacAddress& mac);

// The innermost field covering byte `offset`, as (layer, field) indices;
// {-1, -1} when none does.
std::pair<int, int> field_at(const PacketView& view, std::uint32_t offset);

}  // namespace synack::view

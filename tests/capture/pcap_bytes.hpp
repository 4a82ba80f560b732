// Captures the tests make themselves: a classic pcap file built in memory,
// record by record, with any link type, snap length and lengths (so the
// importer's bad-input paths can be reached), and frames built with core/wire.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/wire/frame.hpp"

namespace synack::capture::testing {

class PcapBytes {
 public:
  explicit PcapBytes(int dlt = 1, std::uint32_t snap_length = 65535);

  // One record at `t_us`; `length` is the packet's length on the wire (the
  // bytes' size unless a snap length cut it).
  PcapBytes& record(std::int64_t t_us, const std::vector<std::uint8_t>& bytes,
                    std::uint32_t length = 0);
  std::size_t size() const { return bytes.size(); }
  const std::uint8_t* data() const { return bytes.data(); }
  // Writes the file; its path.
  std::string write(const std::string& name) const;

  std::vector<std::uint8_t> bytes;
};

// The records of a pcap file, each as (time, captured bytes).
struct Record {
  std::int64_t t_us;
  std::vector<std::uint8_t> bytes;
};
std::vector<Record> records_of(const std::string& path);

// Client 10.0.0.1:49152 and server 10.0.0.2:80 on Ethernet, numbers relative to
// ISNs 1000 and 5000.
std::vector<std::uint8_t> tcp_frame(bool from_client, std::uint8_t flags, std::uint32_t seq,
                                    std::uint32_t ack, std::size_t len = 0);
// A handshake, 5 bytes from the client, and a close from the client: nine frames.
std::vector<std::vector<std::uint8_t>> conversation();

}  // namespace synack::capture::testing

#include "pcap_bytes.hpp"

#include <pcap/pcap.h>

#include <filesystem>
#include <fstream>

#include "core/tcp_segment.hpp"

namespace synack::capture::testing {

namespace {

void u32le(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void u16le(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

const wire::MacAddress kClientMac({0x02, 0, 0, 0, 0, 0x01});
const wire::MacAddress kServerMac({0x02, 0, 0, 0, 0, 0x02});

}  // namespace

PcapBytes::PcapBytes(int dlt, std::uint32_t snap_length) {
  u32le(bytes, 0xA1B2C3D4);
  u16le(bytes, 2);
  u16le(bytes, 4);
  u32le(bytes, 0);
  u32le(bytes, 0);
  u32le(bytes, snap_length);
  u32le(bytes, static_cast<std::uint32_t>(dlt));
}

PcapBytes& PcapBytes::record(std::int64_t t_us, const std::vector<std::uint8_t>& frame,
                             std::uint32_t length) {
  u32le(bytes, static_cast<std::uint32_t>(t_us / 1'000'000));
  u32le(bytes, static_cast<std::uint32_t>(t_us % 1'000'000));
  u32le(bytes, static_cast<std::uint32_t>(frame.size()));
  u32le(bytes, length != 0 ? length : static_cast<std::uint32_t>(frame.size()));
  bytes.insert(bytes.end(), frame.begin(), frame.end());
  return *this;
}

std::string PcapBytes::write(const std::string& name) const {
  const auto path = std::filesystem::temp_directory_path() / ("synack_capture_" + name);
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(size()));
  return path.string();
}

std::vector<Record> records_of(const std::string& path) {
  std::vector<Record> out;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline(path.c_str(), errbuf);
  if (p == nullptr) return out;
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(p, &h, &data) == 1) {
    out.push_back(Record{static_cast<std::int64_t>(h->ts.tv_sec) * 1'000'000 + h->ts.tv_usec,
                         std::vector<std::uint8_t>(data, data + h->caplen)});
  }
  pcap_close(p);
  return out;
}

std::vector<std::uint8_t> tcp_frame(bool from_client, std::uint8_t flags, std::uint32_t seq,
                                    std::uint32_t ack, std::size_t len) {
  const wire::Ipv4Address client(10, 0, 0, 1), server(10, 0, 0, 2);
  wire::Ipv4Repr ip;
  ip.src = from_client ? client : server;
  ip.dst = from_client ? server : client;
  wire::TcpRepr tcp;
  tcp.src_port = from_client ? 49152 : 80;
  tcp.dst_port = from_client ? 80 : 49152;
  tcp.seg.seq = SeqNum((from_client ? 1000u : 5000u) + seq);
  tcp.seg.ack = SeqNum((flags & tcp::flag::ACK) != 0 ? (from_client ? 5000u : 1000u) + ack : 0);
  tcp.seg.flags = flags;
  tcp.seg.window = 65535;
  tcp.seg.payload.assign(len, 'x');
  return wire::build_tcp_frame(from_client ? kClientMac : kServerMac,
                               from_client ? kServerMac : kClientMac, ip, tcp);
}

std::vector<std::vector<std::uint8_t>> conversation() {
  namespace f = tcp::flag;
  return {tcp_frame(true, f::SYN, 0, 0),  tcp_frame(false, f::SYN | f::ACK, 0, 1),
          tcp_frame(true, f::ACK, 1, 1),  tcp_frame(true, f::PSH | f::ACK, 1, 1, 5),
          tcp_frame(false, f::ACK, 1, 6), tcp_frame(true, f::FIN | f::ACK, 6, 1),
          tcp_frame(false, f::ACK, 1, 7), tcp_frame(false, f::FIN | f::ACK, 1, 7),
          tcp_frame(true, f::ACK, 7, 2)};
}

}  // namespace synack::capture::testing

#include "sim/capture/pcap_import.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/wire/frame.hpp"
#include "sim/capture/ipv4_reassembly.hpp"
#include "sim/capture/link_layer.hpp"
#include "sim/capture/observer.hpp"

namespace synack::capture {

namespace {

using trace::ConnId;
using trace::Event;
using trace::FrameEvent;
using trace::LinkId;
using trace::NodeId;
using trace::TimeUs;

// The largest frame a snap length may have cut: an IPv4 datagram and room
// for any link header and tags. Beyond that a packet length is garbage.
constexpr std::size_t kMaxOriginalLength = 65535 + 64;
constexpr long kPcapFileHeader = 24;
constexpr long kPcapRecordHeader = 16;

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};
using PcapHandle = std::unique_ptr<pcap_t, PcapCloser>;

// Builds the Trace from one record after another.
class Importer {
 public:
  explicit Importer(LinkType link) : link_(link) {}

  // False with `error` when the record cannot be read at all.
  bool add(std::uint64_t record, TimeUs t, wire::ByteView captured, std::size_t length,
           std::string& error);
  trace::Trace finish(const std::string& name, const std::string& link_name, std::uint64_t records);

 private:
  NodeId node_for(wire::Ipv4Address ip, const wire::MacAddress* mac);
  LinkId link_between(NodeId a, NodeId b);
  wire::MacAddress mac_of(NodeId node) const { return trace_.nodes[node].interfaces[0].mac; }
  // Records `bytes` going from `from` to `to`, around what the observer
  // infers from it when it is a TCP segment.
  void record_frame(TimeUs t, wire::ByteView bytes, NodeId from, NodeId to,
                    const SeenSegment* segment);
  void record_change(const ObservedChange& c);
  // Appends `e`, or puts it back at its time: a change dated by an earlier
  // segment (a passive OPEN, a FIN held for its answer) lands a few records back.
  void add(Event e);
  void learn_arp(TimeUs t, NodeId host, wire::Ipv4Address ip, const wire::MacAddress& mac);
  bool ipv4(std::uint64_t record, TimeUs t, const LinkFrame& lf, wire::ByteView frame,
            std::size_t captured, bool cut, std::string& error);
  bool arp(TimeUs t, const LinkFrame& lf, wire::ByteView frame, bool cut);
  void undecodable(std::uint64_t record, const std::string& why);

  LinkType link_;
  trace::Trace trace_;
  TimeUs first_ = -1, last_ = 0;
  std::unordered_map<std::uint32_t, NodeId> node_of_ip_;
  std::map<std::pair<NodeId, NodeId>, LinkId> links_;
  std::map<std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t, std::uint32_t>,
           ConnId>
      conns_;
  std::vector<std::map<std::uint32_t, wire::MacAddress>> arp_caches_;  // by node
  Observer observer_;
  std::vector<ObservedChange> changes_;
  Ipv4Reassembly reassembly_;
  std::vector<std::uint8_t> scratch_, whole_;

  // What the closing notes count.
  std::uint64_t cut_ = 0, not_ipv4_ = 0, bad_ = 0, checksums_ = 0, loopback_in_ = 0,
                back_in_time_ = 0, fragments_ = 0, to_itself_ = 0;
  std::string first_bad_;
};

NodeId Importer::node_for(wire::Ipv4Address ip, const wire::MacAddress* mac) {
  auto [it, fresh] = node_of_ip_.try_emplace(ip.value(), static_cast<NodeId>(trace_.nodes.size()));
  if (fresh) {
    trace::NodeInfo node;
    node.name = ip.to_string();
    node.interfaces.push_back(trace::InterfaceInfo{"eth0", {}, ip, 0});
    trace_.nodes.push_back(std::move(node));
    arp_caches_.emplace_back();
  }
  wire::MacAddress& known = trace_.nodes[it->second].interfaces[0].mac;
  if (mac != nullptr && known == wire::MacAddress() && !mac->is_multicast()) known = *mac;
  return it->second;
}

LinkId Importer::link_between(NodeId a, NodeId b) {
  const auto key = std::minmax(a, b);
  auto [it, fresh] = links_.try_emplace(key, static_cast<LinkId>(trace_.links.size()));
  if (fresh) {
    trace::LinkInfo link;
    link.name = trace_.nodes[key.first].name + "-" + trace_.nodes[key.second].name;
    link.a = key.first;
    link.b = key.second;
    trace_.links.push_back(std::move(link));
  }
  return it->second;
}

void Importer::add(Event e) {
  std::deque<Event>& events = trace_.events;
  if (events.empty() || events.back().t <= e.t) {
    events.push_back(std::move(e));
    return;
  }
  const auto at = std::upper_bound(events.begin(), events.end(), e.t,
                                   [](TimeUs t, const Event& x) { return t < x.t; });
  events.insert(at, std::move(e));
}

void Importer::record_change(const ObservedChange& c) {
  const NodeId host = node_for(wire::Ipv4Address(c.id.local_ip), nullptr);
  const auto key = std::make_tuple(c.id.local_ip, c.id.local_port, c.id.remote_ip, c.id.remote_port,
                                   c.connection);
  auto [it, fresh] = conns_.try_emplace(key, 0);
  if (fresh) it->second = trace_.add_conn(host, c.id);
  add(Event{c.t, trace::StateEvent{host, it->second, c.from, c.to, trace_.intern(c.cause), c.row,
                                   c.basis}});
}

void Importer::record_frame(TimeUs t, wire::ByteView bytes, NodeId from, NodeId to,
                            const SeenSegment* segment) {
  changes_.clear();
  if (segment != nullptr) observer_.on_segment(*segment, changes_);
  // The sender's own changes come before the segment, the rest after it.
  const auto by_sender = [&](const ObservedChange& c) {
    return c.t == t && c.id.local_ip == segment->src_ip && c.id.local_port == segment->src_port;
  };
  for (const ObservedChange& c : changes_) {
    if (by_sender(c)) record_change(c);
  }
  const trace::FrameId frame = trace_.add_frame(bytes);
  const LinkId link = link_between(from, to);
  add(Event{t, FrameEvent{frame, link, from, to, trace::Fate::Sent}});
  add(Event{t, FrameEvent{frame, link, from, to, trace::Fate::Delivered}});
  for (const ObservedChange& c : changes_) {
    if (!by_sender(c)) record_change(c);
  }
}

void Importer::learn_arp(TimeUs t, NodeId host, wire::Ipv4Address ip, const wire::MacAddress& mac) {
  auto [it, fresh] = arp_caches_[host].try_emplace(ip.value(), mac);
  if (!fresh && it->second == mac) return;
  it->second = mac;
  add(Event{t,
            trace::ArpEvent{host, ip, mac, fresh ? trace::ArpOp::Learned : trace::ArpOp::Updated}});
}

void Importer::undecodable(std::uint64_t record, const std::string& why) {
  if (bad_++ == 0) first_bad_ = "record " + std::to_string(record) + ": " + why;
}

bool Importer::arp(TimeUs t, const LinkFrame& lf, wire::ByteView frame, bool cut) {
  auto decoded = wire::decode_arp(lf.payload);
  if (!decoded) return false;
  const wire::ArpRepr& a = decoded.value();
  const bool request = a.operation == wire::ArpOperation::request;
  const NodeId from = node_for(a.sender_ip, &a.sender_mac);
  const NodeId to = node_for(a.target_ip, request ? nullptr : &a.target_mac);
  if (from == to) {
    ++to_itself_;  // a gratuitous ARP announces; nobody in particular receives it
    return true;
  }
  if (link_ == LinkType::Ethernet && !lf.tagged && !cut) {
    record_frame(t, frame, from, to, nullptr);
  } else {
    const wire::MacAddress dst = lf.has_dst ? lf.dst
                                 : request  ? wire::MacAddress::broadcast()
                                            : a.target_mac;
    scratch_ = wire::build_arp_frame(lf.has_src ? lf.src : a.sender_mac, dst, a);
    record_frame(t, scratch_, from, to, nullptr);
  }
  learn_arp(t, to, a.sender_ip, a.sender_mac);
  return true;
}

bool Importer::ipv4(std::uint64_t record, TimeUs t, const LinkFrame& lf, wire::ByteView frame,
                    std::size_t captured, bool cut, std::string& error) {
  auto packet = wire::decode_ipv4(lf.payload, wire::ChecksumPolicy::lenient);
  if (!packet) {
    if (cut && captured < lf.header_length + wire::Ipv4Repr::kMinHeaderLength) {
      error =
          "the snap length cuts the IPv4 header (" + std::to_string(captured) + " bytes captured)";
      return false;
    }
    undecodable(record, packet.error().message);
    return true;
  }
  bool rebuild =
      link_ != LinkType::Ethernet || lf.tagged || cut || !packet.value().repr.checksum_ok;
  if (cut && captured < lf.header_length + packet.value().header_length) {
    error =
        "the snap length cuts the IPv4 header (" + std::to_string(captured) + " bytes captured)";
    return false;
  }
  // The hosts are on the wire even while a datagram is not yet whole.
  const NodeId from = node_for(packet.value().repr.src, lf.has_src ? &lf.src : nullptr);
  const NodeId to = node_for(packet.value().repr.dst, nullptr);
  if (packet.value().repr.is_fragment()) {
    ++fragments_;
    std::string why;
    switch (reassembly_.add(packet.value(), whole_, why)) {
      case Ipv4Reassembly::Outcome::Waiting: return true;
      case Ipv4Reassembly::Outcome::Bad: undecodable(record, why); return true;
      case Ipv4Reassembly::Outcome::Whole: break;
    }
    packet = wire::decode_ipv4(whole_, wire::ChecksumPolicy::lenient);
    if (!packet) {
      undecodable(record, packet.error().message);
      return true;
    }
    rebuild = true;
  }
  const wire::Ipv4Packet& ip = packet.value();
  if (from == to) {
    ++to_itself_;
    return true;
  }
  const wire::MacAddress src_mac = lf.has_src ? lf.src : mac_of(from);
  const wire::MacAddress dst_mac = lf.has_dst ? lf.dst : mac_of(to);
  const std::size_t headers = lf.header_length + ip.header_length;

  if (ip.repr.protocol == wire::ip_protocol::TCP) {
    auto tcp =
        wire::decode_tcp(ip.payload, ip.repr.src, ip.repr.dst, wire::ChecksumPolicy::lenient);
    if (!tcp) {
      if (cut) {
        error =
            "the snap length cuts the TCP header (" + std::to_string(captured) + " bytes captured)";
        return false;
      }
      undecodable(record, tcp.error().message);
      return true;
    }
    const wire::TcpRepr& seg = tcp.value();
    if (cut && captured < headers + wire::tcp_header_length(seg)) {
      error =
          "the snap length cuts the TCP header (" + std::to_string(captured) + " bytes captured)";
      return false;
    }
    if (!seg.checksum_ok || !ip.repr.checksum_ok) ++checksums_;
    rebuild = rebuild || !seg.checksum_ok;
    if (rebuild) scratch_ = wire::build_tcp_frame(src_mac, dst_mac, ip.repr, seg);
    const SeenSegment seen{t,
                           ip.repr.src.value(),
                           ip.repr.dst.value(),
                           seg.src_port,
                           seg.dst_port,
                           seg.seg.flags,
                           seg.seg.seq,
                           seg.seg.ack,
                           static_cast<std::uint32_t>(seg.seg.payload.size())};
    record_frame(t, rebuild ? wire::ByteView(scratch_) : frame, from, to, &seen);
    return true;
  }
  if (ip.repr.protocol == wire::ip_protocol::UDP) {
    auto udp =
        wire::decode_udp(ip.payload, ip.repr.src, ip.repr.dst, wire::ChecksumPolicy::lenient);
    if (udp) {
      if (cut && captured < headers + wire::UdpRepr::kHeaderLength) {
        error =
            "the snap length cuts the UDP header (" + std::to_string(captured) + " bytes captured)";
        return false;
      }
      if (!udp.value().checksum_ok) {
        ++checksums_;
        rebuild = true;
      }
      if (rebuild) scratch_ = wire::build_udp_frame(src_mac, dst_mac, ip.repr, udp.value());
      record_frame(t, rebuild ? wire::ByteView(scratch_) : frame, from, to, nullptr);
      return true;
    }
  }
  // ICMP (which the frame decoder reads, quote and all), another protocol, or
  // a UDP datagram that does not decode: the packet as it came, behind an
  // Ethernet header.
  if (rebuild) {
    scratch_.clear();
    std::vector<std::uint8_t> packet_bytes;
    wire::encode_ipv4(ip.repr, ip.payload, packet_bytes);
    wire::encode_ethernet(wire::EthernetRepr{dst_mac, src_mac, wire::ethertype::IPV4}, packet_bytes,
                          scratch_);
  }
  record_frame(t, rebuild ? wire::ByteView(scratch_) : frame, from, to, nullptr);
  return true;
}

bool Importer::add(std::uint64_t record, TimeUs t, wire::ByteView captured, std::size_t length,
                   std::string& error) {
  if (first_ < 0) first_ = t;
  t -= first_;
  if (t < last_) {
    ++back_in_time_;  // kept in capture order
    t = last_;
  }
  last_ = t;
  // Bytes the snap length cut off read as zeros, so the layers still decode.
  const bool cut = captured.size() < length;
  std::vector<std::uint8_t> padded;
  wire::ByteView frame = captured;
  if (cut) {
    ++cut_;
    padded.assign(captured.data(), captured.data() + captured.size());
    padded.resize(length, 0);
    frame = wire::ByteView(padded);
  }
  LinkFrame lf;
  std::string why;
  if (!take_link_header(link_, frame, lf, why)) {
    undecodable(record, why);
    return true;
  }
  if (cut && captured.size() < lf.header_length) {
    error = "the snap length cuts the link header (" + std::to_string(captured.size()) +
            " bytes captured)";
    return false;
  }
  if (lf.loopback_in) {
    ++loopback_in_;
    return true;
  }
  if (lf.ethertype == wire::ethertype::ARP) {
    if (!arp(t, lf, frame, cut)) {
      if (cut) {
        error = "the snap length cuts the ARP packet (" + std::to_string(captured.size()) +
                " bytes captured)";
        return false;
      }
      undecodable(record, "ARP packet does not decode");
    }
    return true;
  }
  if (lf.ethertype != wire::ethertype::IPV4) {
    ++not_ipv4_;
    return true;
  }
  return ipv4(record, t, lf, frame, captured.size(), cut, error);
}

trace::Trace Importer::finish(const std::string& name, const std::string& link_name,
                              std::uint64_t records) {
  changes_.clear();
  observer_.finish(changes_);
  for (const ObservedChange& c : changes_) record_change(c);
  trace_.name = name;
  trace_.description = "capture of " + std::to_string(records) + " records, link type " + link_name;
  if (!trace_.nodes.empty()) {
    const auto note = [&](std::uint64_t count, const std::string& text) {
      if (count == 0) return;
      trace_.add(last_, trace::NoteEvent{0, trace_.intern(std::to_string(count) + " " + text)});
    };
    note(cut_, "frames cut by the snap length: the bytes cut off read as zeros");
    note(checksums_, "frames had checksums that did not match (left to the NIC?): recomputed");
    note(fragments_, "IPv4 fragments, shown as their reassembled datagrams");
    note(reassembly_.waiting() + reassembly_.given_up(),
         "IPv4 datagrams never whole: fragments missing");
    note(not_ipv4_, "frames neither IPv4 nor ARP (IPv6, ...) left out");
    note(loopback_in_,
         "incoming copies of loopback packets left out (each was also seen going out)");
    note(to_itself_, "frames from a host to itself (gratuitous ARP, ...) left out");
    note(back_in_time_, "records stamped before the one before them, kept in capture order");
    note(bad_, "frames that do not decode left out; the first: " + first_bad_);
  }
  return std::move(trace_);
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dlt_name(int dlt) {
  const char* name = pcap_datalink_val_to_name(dlt);
  const char* description = pcap_datalink_val_to_description(dlt);
  std::string text = name != nullptr ? name : "DLT " + std::to_string(dlt);
  if (description != nullptr) text += std::string(" (") + description + ")";
  return text;
}

PcapImport import_from(pcap_t* handle, const std::string& name) {
  PcapImport result;
  const int dlt = pcap_datalink(handle);
  const std::optional<LinkType> link = link_type_of(dlt);
  if (!link) {
    result.error = name + ": link type " + dlt_name(dlt) + " is not one synack reads; it reads " +
                   link_types_read();
    return result;
  }
  Importer importer(*link);
  // Where each record starts: counted in a classic pcap file (a 24-byte file
  // header, then a 16-byte header before each record's bytes), asked of the
  // file in a pcapng one, whose blocks vary.
  FILE* file = pcap_file(handle);
  const long start = file != nullptr ? std::ftell(file) : -1;
  const bool classic = start == kPcapFileHeader;
  long offset = start;
  std::uint64_t record = 0;
  for (;;) {
    if (!classic && file != nullptr) offset = std::ftell(file);
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(handle, &header, &data);
    if (rc == PCAP_ERROR_BREAK) break;
    ++record;
    const auto fail = [&](const std::string& why) {
      result.error = name + ": record " + std::to_string(record) + " at byte " +
                     std::to_string(offset) + ": " + why;
      return result;
    };
    if (rc != 1) return fail(pcap_geterr(handle));
    if (header->caplen > header->len || header->len > kMaxOriginalLength) {
      return fail("captured length " + std::to_string(header->caplen) + " and packet length " +
                  std::to_string(header->len) + " cannot both be right");
    }
    const TimeUs t = static_cast<TimeUs>(header->ts.tv_sec) * 1'000'000 + header->ts.tv_usec;
    std::string error;
    if (!importer.add(record, t, wire::ByteView(data, header->caplen), header->len, error)) {
      return fail(error);
    }
    offset += kPcapRecordHeader + static_cast<long>(header->caplen);
  }
  result.trace = importer.finish(base_name(name), dlt_name(dlt), record);
  return result;
}

PcapImport open_failed(const std::string& name, const std::string& reason) {
  PcapImport result;
  result.error = reason.find(name) == std::string::npos ? name + ": byte 0: " + reason : reason;
  return result;
}

}  // namespace

PcapImport read_pcap(const std::string& path) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  PcapHandle handle(
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, errbuf));
  if (!handle) return open_failed(path, errbuf);
  return import_from(handle.get(), path);
}

PcapImport read_pcap_bytes(const std::uint8_t* data, std::size_t size, const std::string& name) {
  if (size == 0) return open_failed(name, "empty: not a pcap or pcapng file");
  FILE* file = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (file == nullptr) return open_failed(name, "cannot be read from memory");
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  PcapHandle handle(
      pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_MICRO, errbuf));
  if (!handle) {
    std::fclose(file);
    return open_failed(name, errbuf);
  }
  return import_from(handle.get(), name);
}

bool looks_like_capture(const std::string& path) {
  for (const char* ext : {".pcap", ".pcapng", ".cap"}) {
    const std::string e = ext;
    if (path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0) {
      return true;
    }
  }
  // Only a regular file is looked into: a FIFO or a device read here would
  // lose what the real reader needs (and a FIFO's writer would be gone).
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[4] = {};
  if (!in.read(reinterpret_cast<char*>(magic), 4)) return false;
  const std::uint32_t m =
      (std::uint32_t{magic[0]} << 24) | (magic[1] << 16) | (magic[2] << 8) | magic[3];
  for (std::uint32_t known : {0xA1B2C3D4u, 0xD4C3B2A1u, 0xA1B23C4Du, 0x4D3CB2A1u, 0x0A0D0D0Au}) {
    if (m == known) return true;
  }
  return false;
}

}  // namespace synack::capture

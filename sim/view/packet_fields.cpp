#include "sim/view/packet_fields.hpp"

#include <fmt/format.h>

#include "core/tcp_segment.hpp"
#include "core/wire/checksum.hpp"
#include "core/wire/frame.hpp"
#include "sim/lang/tr.hpp"
#include "sim/view/event_text.hpp"

namespace synack::view {

namespace {

using trace::TcpNumbers;

// How far back the inspector looks for the segment an ACK answers.
constexpr std::uint32_t kAckSearch = 20000;

// Printable payload as text, the rest as dots, cut after 40 characters.
std::string payload_preview(const std::vector<std::uint8_t>& payload) {
  std::string text;
  for (std::size_t i = 0; i < payload.size() && i < 40; ++i) {
    const char c = static_cast<char>(payload[i]);
    text += (c >= 32 && c < 127) ? c : '.';
  }
  if (payload.size() > 40) text += "…";
  return lang::trf("{} bytes: \"{}\"", payload.size(), text);
}

PacketField checksum_field(std::uint16_t stored, std::uint16_t computed, bool ok,
                           std::uint32_t offset) {
  PacketField f{"Checksum", "", offset, 2, !ok};
  f.value = ok ? lang::trf("{} (correct)", wire::to_hex(stored, 4))
               : lang::trf("{} (wrong: should be {})", wire::to_hex(stored, 4),
                           wire::to_hex(computed, 4));
  return f;
}

class Inspector {
 public:
  Inspector(const trace::Trace& trace, const std::vector<TcpNumbers>& numbers, trace::FrameId id,
            PacketView& out)
      : trace_(trace), numbers_(numbers), id_(id), out_(out) {}

  void run() {
    const wire::ByteView bytes = trace_.frame(id_);
    out_.bytes = bytes.to_vector();
    // Lenient, so a frame with a bad checksum still shows its fields and the verdict.
    const wire::DecodedFrame f = wire::decode_frame(bytes, wire::ChecksumPolicy::lenient);
    if (f.error) out_.error = f.error->message;
    if (f.ethernet) ethernet(*f.ethernet);
    if (f.arp) arp(*f.arp);
    if (!f.ipv4) return;
    const std::uint32_t total = ipv4(f, bytes);
    const std::uint32_t at = kIp + static_cast<std::uint32_t>(f.ipv4_header_length);
    const wire::ByteView inner = bytes.sub(at, total - f.ipv4_header_length);
    if (f.tcp) tcp(*f.ipv4, *f.tcp, inner, at);
    if (f.udp) udp(*f.ipv4, *f.udp, inner, at);
    if (f.icmp) icmp(*f.icmp, inner, at);
  }

 private:
  static constexpr std::uint32_t kIp = wire::EthernetRepr::kHeaderLength;

  // A protocol's header, inside the ones before it.
  void header(PacketLayer l) {
    out_.innermost = out_.layers.size();
    out_.layers.push_back(std::move(l));
  }

  void ethernet(const wire::EthernetRepr& e) {
    const char* type = e.ethertype == wire::ethertype::IPV4  ? " (IPv4)"
                       : e.ethertype == wire::ethertype::ARP ? " (ARP)"
                                                             : "";
    PacketLayer l{"Ethernet II", 0, kIp, {}};
    l.fields.push_back({"Destination", mac_text(e.dst), 0, 6, false});
    l.fields.push_back({"Source", mac_text(e.src), 6, 6, false});
    l.fields.push_back({"Type", wire::to_hex(e.ethertype, 4) + type, 12, 2, false});
    header(std::move(l));
  }

  void arp(const wire::ArpRepr& a) {
    const bool request = a.operation == wire::ArpOperation::request;
    PacketLayer l{request ? lang::tr("ARP request") : lang::tr("ARP reply"),
                  kIp,
                  static_cast<std::uint32_t>(wire::ArpRepr::kLength),
                  {}};
    // The decoder accepts only Ethernet and IPv4 addresses, so those fields hold these.
    l.fields.push_back({"Hardware type", "1 (Ethernet)", kIp, 2, false});
    l.fields.push_back({"Protocol type", "0x0800 (IPv4)", kIp + 2, 2, false});
    l.fields.push_back({"Hardware size", "6", kIp + 4, 1, false});
    l.fields.push_back({"Protocol size", "4", kIp + 5, 1, false});
    l.fields.push_back(
        {"Opcode", request ? lang::tr("1 (request)") : lang::tr("2 (reply)"), kIp + 6, 2, false});
    l.fields.push_back({"Sender MAC", mac_text(a.sender_mac), kIp + 8, 6, false});
    l.fields.push_back({"Sender IP", a.sender_ip.to_string(), kIp + 14, 4, false});
    l.fields.push_back(
        {"Target MAC",
         request ? lang::trf("{} (asked for)", a.target_mac.to_string()) : mac_text(a.target_mac),
         kIp + 18, 6, false});
    l.fields.push_back({"Target IP", a.target_ip.to_string(), kIp + 24, 4, false});
    header(std::move(l));
  }

  // Returns the packet's total length.
  std::uint32_t ipv4(const wire::DecodedFrame& f, wire::ByteView bytes) {
    const wire::Ipv4Repr& ip = *f.ipv4;
    const auto hl = static_cast<std::uint32_t>(f.ipv4_header_length);
    // Fields the repr does not keep are read where the decoder checked them.
    const std::uint32_t total = bytes.u16(kIp + 2);
    const std::uint16_t stored = bytes.u16(kIp + 10);
    wire::ChecksumAccumulator sum;
    sum.add(bytes.sub(kIp, 10));
    sum.add(bytes.sub(kIp + 12, hl - 12));
    const char* proto = ip.protocol == wire::ip_protocol::TCP   ? " (TCP)"
                        : ip.protocol == wire::ip_protocol::UDP ? " (UDP)"
                                                                : "";
    std::string flags;
    if (ip.dont_fragment) flags += lang::tr("DF (don't fragment)");
    if (ip.more_fragments) flags += flags.empty() ? lang::tr("MF (more fragments)") : ", MF";
    PacketLayer l{fmt::format("IPv4 {} → {}", ip.src.to_string(), ip.dst.to_string()), kIp, hl, {}};
    l.fields.push_back({"Version", "4", kIp, 1, false});
    l.fields.push_back(
        {"Header length", lang::trf("{} bytes (IHL {})", hl, hl / 4), kIp, 1, false});
    l.fields.push_back({"DSCP/ECN", wire::to_hex(ip.dscp_ecn, 2), kIp + 1, 1, false});
    l.fields.push_back({"Total length", lang::trf("{} bytes", total), kIp + 2, 2, false});
    l.fields.push_back({"Identification", wire::to_hex(ip.identification, 4), kIp + 4, 2, false});
    l.fields.push_back({"Flags", flags.empty() ? lang::tr("none") : flags, kIp + 6, 1, false});
    l.fields.push_back({"Fragment offset", std::to_string(ip.fragment_offset), kIp + 6, 2, false});
    l.fields.push_back({"Time to live", std::to_string(ip.ttl), kIp + 8, 1, false});
    l.fields.push_back({"Protocol", std::to_string(ip.protocol) + proto, kIp + 9, 1, false});
    l.fields.push_back(checksum_field(stored, sum.finish(), ip.checksum_ok, kIp + 10));
    l.fields.back().name = "Header checksum";
    l.fields.push_back({"Source", address_text(ip.src), kIp + 12, 4, false});
    l.fields.push_back({"Destination", address_text(ip.dst), kIp + 16, 4, false});
    header(std::move(l));
    return total;
  }

  void tcp(const wire::Ipv4Repr& ip, const wire::TcpRepr& t, wire::ByteView segment,
           std::uint32_t at) {
    const auto hl = static_cast<std::uint32_t>(wire::tcp_header_length(t));
    const TcpNumbers& n = numbers_[id_];
    const std::uint16_t stored = segment.u16(16);
    const std::uint16_t computed =
        wire::transport_checksum(ip.src, ip.dst, wire::ip_protocol::TCP, segment, 16);
    PacketLayer l{fmt::format("TCP {} → {}", t.src_port, t.dst_port), at, hl, {}};
    l.fields.push_back({"Source port", std::to_string(t.src_port), at, 2, false});
    l.fields.push_back({"Destination port", std::to_string(t.dst_port), at + 2, 2, false});
    l.fields.push_back({"Sequence number",
                        lang::trf("{} (relative {})", t.seg.seq.raw(), n.rel_seq), at + 4, 4,
                        false});
    const bool ack = t.seg.has(tcp::flag::ACK);
    l.fields.push_back({"Acknowledgment number",
                        ack ? lang::trf("{} (relative {})", t.seg.ack.raw(), n.rel_ack)
                            : lang::trf("{} (not used: no ACK flag)", t.seg.ack.raw()),
                        at + 8, 4, false});
    l.fields.push_back({"Header length", lang::trf("{} bytes", hl), at + 12, 1, false});
    l.fields.push_back(
        {"Flags", fmt::format("{} ({})", tcp_flag_words(t.seg.flags), wire::to_hex(t.seg.flags, 2)),
         at + 13, 1, false});
    l.fields.push_back({"Window", std::to_string(t.seg.window), at + 14, 2, false});
    l.fields.push_back(checksum_field(stored, computed, t.checksum_ok, at + 16));
    l.fields.push_back({"Urgent pointer", std::to_string(t.urgent_pointer), at + 18, 2, false});
    if (hl > wire::TcpRepr::kMinHeaderLength) {
      std::string options;
      for (const wire::TcpOption& o : wire::wire_options(t)) {
        options += (options.empty() ? "" : ", ") + wire::describe(o);
      }
      l.fields.push_back({"Options", options, at + 20, hl - 20, false});
    }
    header(std::move(l));
    payload(t.seg.payload, at + hl);
    tcp_arithmetic(n);
  }

  void udp(const wire::Ipv4Repr& ip, const wire::UdpRepr& u, wire::ByteView datagram,
           std::uint32_t at) {
    const std::uint16_t stored = datagram.u16(6);
    const std::uint16_t computed =
        wire::transport_checksum(ip.src, ip.dst, wire::ip_protocol::UDP, datagram, 6);
    PacketLayer l{fmt::format("UDP {} → {}", u.src_port, u.dst_port),
                  at,
                  static_cast<std::uint32_t>(wire::UdpRepr::kHeaderLength),
                  {}};
    l.fields.push_back({"Source port", std::to_string(u.src_port), at, 2, false});
    l.fields.push_back({"Destination port", std::to_string(u.dst_port), at + 2, 2, false});
    l.fields.push_back({"Length",
                        lang::trf("{} bytes", wire::UdpRepr::kHeaderLength + u.payload.size()),
                        at + 4, 2, false});
    if (u.checksum_present) {
      l.fields.push_back(checksum_field(stored, computed, u.checksum_ok, at + 6));
    } else {
      l.fields.push_back(
          {"Checksum", lang::tr("0x0000 (none: optional in IPv4)"), at + 6, 2, false});
    }
    header(std::move(l));
    payload(u.payload, at + static_cast<std::uint32_t>(wire::UdpRepr::kHeaderLength));
  }

  void icmp(const wire::IcmpRepr& m, wire::ByteView message, std::uint32_t at) {
    PacketLayer l{wire::describe(m), at, static_cast<std::uint32_t>(message.size()), {}};
    const std::string code = wire::icmp_code_name(m.type, m.code);
    l.fields.push_back(
        {"Type", fmt::format("{} ({})", m.type, wire::icmp_type_name(m.type)), at, 1, false});
    l.fields.push_back(
        {"Code", code.empty() ? std::to_string(m.code) : fmt::format("{} ({})", m.code, code),
         at + 1, 1, false});
    wire::ChecksumAccumulator sum;
    sum.add(message.sub(0, 2));
    sum.add(message.from(4));
    l.fields.push_back(checksum_field(message.u16(2), sum.finish(), m.checksum_ok, at + 2));
    if (m.type == wire::icmp_type::EchoRequest || m.type == wire::icmp_type::EchoReply) {
      l.fields.push_back({"Identifier", std::to_string(m.identifier()), at + 4, 2, false});
      l.fields.push_back({"Sequence number", std::to_string(m.sequence()), at + 6, 2, false});
    } else if (m.type == wire::icmp_type::DestinationUnreachable &&
               m.code == wire::unreachable_code::FragmentationNeeded) {
      l.fields.push_back({"Next-hop MTU", std::to_string(m.next_hop_mtu()), at + 6, 2, false});
    }
    const auto data_at = at + static_cast<std::uint32_t>(wire::IcmpRepr::kHeaderLength);
    const auto len = static_cast<std::uint32_t>(m.data.size());
    if (m.is_error() && len > 0) {
      l.fields.push_back({"Quoted datagram", trace::icmp_text(m), data_at, len, false});
    }
    header(std::move(l));
    if (!m.is_error()) payload(m.data, data_at);
  }

  void payload(const std::vector<std::uint8_t>& data, std::uint32_t at) {
    if (data.empty()) return;
    const auto len = static_cast<std::uint32_t>(data.size());
    PacketLayer l{lang::trf("Payload ({} bytes)", len), at, len, {}};
    l.fields.push_back({"Data", payload_preview(data), at, len, false});
    out_.layers.push_back(std::move(l));
  }

  // What Seq and Len say about the sender's stream, and why this Ack.
  void tcp_arithmetic(const TcpNumbers& n) {
    const std::string self = name_of_address(trace_, n.src_ip);
    const std::string peer = name_of_address(trace_, n.dst_ip);
    const bool syn = (n.flags & tcp::flag::SYN) != 0, fin = (n.flags & tcp::flag::FIN) != 0;
    if (syn) {
      out_.arithmetic.push_back(lang::trf(
          "Seq={}: the SYN takes sequence number {} of {}'s stream (its ISN, {} on the wire), "
          "so the first data byte will be {}.",
          n.rel_seq, n.rel_seq, self, n.seq, n.rel_seq + 1));
    }
    if (n.len > 0) {
      const std::uint32_t first = n.rel_seq + (syn ? 1 : 0);
      out_.arithmetic.push_back(lang::trf(
          "Seq={} Len={}: carries bytes {} to {} of {}'s stream; the next segment starts at {}.",
          n.rel_seq, n.len, first, first + n.len - 1, self, first + n.len));
    }
    if (fin) {
      const std::uint32_t at = n.rel_seq + (syn ? 1 : 0) + n.len;
      out_.arithmetic.push_back(lang::trf(
          "FIN: {} sends no more; the FIN takes sequence number {}, so {} acknowledges it with "
          "Ack={}.",
          self, at, peer, at + 1));
    }
    if ((n.flags & tcp::flag::ACK) != 0) out_.arithmetic.push_back(ack_sentence(n, self, peer));
  }

  std::string ack_sentence(const TcpNumbers& n, const std::string& self,
                           const std::string& peer) const {
    // The latest segment the other way whose end is this ACK number.
    const std::uint32_t stop = id_ > kAckSearch ? id_ - kAckSearch : 0;
    for (std::uint32_t k = id_; k-- > stop;) {
      const TcpNumbers& p = numbers_[k];
      if (!p.is_tcp || p.src_ip != n.dst_ip || p.dst_ip != n.src_ip || p.src_port != n.dst_port ||
          p.dst_port != n.src_port) {
        continue;
      }
      const bool psyn = (p.flags & tcp::flag::SYN) != 0, pfin = (p.flags & tcp::flag::FIN) != 0;
      const std::uint32_t end = p.rel_seq + p.len + (psyn ? 1 : 0) + (pfin ? 1 : 0);
      if (end != n.rel_ack) continue;
      std::string sum = fmt::format("{} + {}", p.rel_seq, p.len);
      std::string why;
      if (psyn || pfin) {
        sum += " + 1";
        why = lang::trf(", and a {} counts as one byte", psyn && pfin ? lang::tr("SYN or FIN")
                                                         : psyn       ? "SYN"
                                                                      : "FIN");
      }
      return lang::trf(
          "Ack={}: {}'s {} had Seq={} and Len={}{}, so {} = {}: the next byte {} expects "
          "from {}.",
          n.rel_ack, peer, tcp_flag_words(p.flags), p.rel_seq, p.len, why, sum, n.rel_ack, self,
          peer);
    }
    return lang::trf(
        "Ack={}: {} has every byte of {}'s stream before {}, and expects byte {} next.", n.rel_ack,
        self, peer, n.rel_ack, n.rel_ack);
  }

  std::string mac_text(const wire::MacAddress& mac) const {
    if (mac.is_broadcast()) return lang::trf("{} (broadcast)", mac.to_string());
    const std::string name = name_of_mac(trace_, mac);
    return name.empty() ? mac.to_string() : fmt::format("{} ({})", mac.to_string(), name);
  }

  std::string address_text(wire::Ipv4Address ip) const {
    const std::string name = name_of_address(trace_, ip.value());
    return name == ip.to_string() ? name : fmt::format("{} ({})", ip.to_string(), name);
  }

  const trace::Trace& trace_;
  const std::vector<TcpNumbers>& numbers_;
  trace::FrameId id_;
  PacketView& out_;
};

}  // namespace

std::string name_of_address(const trace::Trace& trace, std::uint32_t ip) {
  for (const trace::NodeInfo& node : trace.nodes) {
    for (const trace::InterfaceInfo& i : node.interfaces) {
      if (i.ip.value() == ip) return node.name;
    }
  }
  return wire::Ipv4Address(ip).to_string();
}

std::string name_of_mac(const trace::Trace& trace, const wire::MacAddress& mac) {
  for (const trace::NodeInfo& node : trace.nodes) {
    for (const trace::InterfaceInfo& i : node.interfaces) {
      if (i.mac == mac) return node.name;
    }
  }
  return "";
}

PacketView inspect_frame(const trace::Trace& trace, const std::vector<trace::TcpNumbers>& numbers,
                         trace::FrameId id) {
  PacketView view;
  if (id >= trace.frame_count() || id >= numbers.size()) {
    view.error = lang::trf("no frame {}", id);
    return view;
  }
  Inspector(trace, numbers, id, view).run();
  return view;
}

std::pair<int, int> field_at(const PacketView& view, std::uint32_t offset) {
  std::pair<int, int> best{-1, -1};
  std::uint32_t narrowest = UINT32_MAX;
  for (std::size_t l = 0; l < view.layers.size(); ++l) {
    const auto& fields = view.layers[l].fields;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const PacketField& p = fields[f];
      if (offset >= p.offset && offset < p.offset + p.length && p.length < narrowest) {
        narrowest = p.length;
        best = {static_cast<int>(l), static_cast<int>(f)};
      }
    }
  }
  return best;
}

}  // namespace synack::view

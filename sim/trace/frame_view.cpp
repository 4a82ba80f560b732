#include "sim/trace/frame_view.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "core/tcp_segment.hpp"

namespace synack::trace {

namespace {

// One direction of a TCP conversation: src ip:port -> dst ip:port.
struct Direction {
  std::uint32_t src_ip = 0, dst_ip = 0;
  std::uint16_t src_port = 0, dst_port = 0;

  Direction reversed() const { return Direction{dst_ip, src_ip, dst_port, src_port}; }
  friend bool operator==(const Direction& a, const Direction& b) {
    return a.src_ip == b.src_ip && a.dst_ip == b.dst_ip && a.src_port == b.src_port &&
           a.dst_port == b.dst_port;
  }
};

struct DirectionHash {
  std::size_t operator()(const Direction& d) const {
    const std::uint64_t ips = (std::uint64_t{d.src_ip} << 32) | d.dst_ip;
    const std::uint64_t ports = (std::uint64_t{d.src_port} << 16) | d.dst_port;
    return std::hash<std::uint64_t>{}(ips ^ (ports * 0x9E3779B97F4A7C15ull));
  }
};

// Where a direction's relative numbers start.
struct Base {
  std::uint32_t isn = 0;
  bool from_syn = false;
};

std::string tcp_line(const TcpNumbers& n, std::uint32_t seq, std::uint32_t ack) {
  std::string line =
      fmt::format("{} > {} {} seq {}", endpoint_name(n.src_ip, n.src_port),
                  endpoint_name(n.dst_ip, n.dst_port), tcp::flags_to_string(n.flags), seq);
  if (n.flags & tcp::flag::ACK) line += fmt::format(" ack {}", ack);
  line += fmt::format(" win {} len {}", n.win, n.len);
  if (!n.options.empty()) line += " <" + n.options + ">";
  return line;
}

TcpNumbers absolute_numbers(const wire::Ipv4Repr& ip, const wire::TcpRepr& tcp) {
  TcpNumbers n;
  n.is_tcp = true;
  n.src_ip = ip.src.value();
  n.dst_ip = ip.dst.value();
  n.src_port = tcp.src_port;
  n.dst_port = tcp.dst_port;
  n.flags = tcp.seg.flags;
  n.seq = tcp.seg.seq.raw();
  n.ack = tcp.seg.ack.raw();
  n.len = static_cast<std::uint32_t>(tcp.seg.payload.size());
  n.win = tcp.seg.window;
  n.options = wire::options_text(tcp);
  return n;
}

}  // namespace

std::vector<TcpNumbers> number_tcp_frames(const Trace& trace) {
  std::vector<TcpNumbers> numbers(trace.frame_count());
  std::vector<bool> numbered(trace.frame_count(), false);
  std::unordered_map<Direction, Base, DirectionHash> bases;
  for (const Event& event : trace.events) {
    const auto* fe = std::get_if<FrameEvent>(&event.what);
    if (fe == nullptr || fe->frame >= numbered.size() || numbered[fe->frame]) continue;
    numbered[fe->frame] = true;
    const wire::DecodedFrame decoded = wire::decode_frame(trace.frame(fe->frame));
    if (!decoded.ipv4 || !decoded.tcp) continue;
    TcpNumbers n = absolute_numbers(*decoded.ipv4, *decoded.tcp);

    const Direction dir{n.src_ip, n.dst_ip, n.src_port, n.dst_port};
    const bool syn = (n.flags & tcp::flag::SYN) != 0;
    auto [own, inserted] = bases.try_emplace(dir, Base{n.seq, syn});
    // A retransmitted SYN keeps the numbering; a SYN with a new ISN starts over.
    if (!inserted && syn && (!own->second.from_syn || own->second.isn != n.seq)) {
      own->second = Base{n.seq, true};
    }
    n.rel_seq = n.seq - own->second.isn;
    if (n.flags & tcp::flag::ACK) {
      // try_emplace may rehash, so `own` is not used past this point.
      const auto reverse = bases.try_emplace(dir.reversed(), Base{n.ack, false}).first;
      n.rel_ack = n.ack - reverse->second.isn;
      if (!decoded.tcp->seg.sack.empty()) {
        n.options = wire::options_text(*decoded.tcp, reverse->second.isn);
      }
    }
    numbers[fe->frame] = std::move(n);
  }
  return numbers;
}

std::string icmp_text(const wire::IcmpRepr& icmp) {
  std::string text = wire::describe(icmp);
  if (!icmp.is_error()) return text;
  const auto quote = wire::decode_icmp_quote(icmp.data);
  if (!quote) return text;
  const wire::IcmpQuote& q = quote.value();
  const char* proto = q.protocol == wire::ip_protocol::TCP   ? "TCP"
                      : q.protocol == wire::ip_protocol::UDP ? "UDP"
                                                             : nullptr;
  if (proto == nullptr) return text + fmt::format(" for IP proto {}", q.protocol);
  return text + fmt::format(" for {} {} > {}", proto, endpoint_name(q.src.value(), q.src_port),
                            endpoint_name(q.dst.value(), q.dst_port));
}

std::string summarize_decoded(const wire::DecodedFrame& f, const TcpNumbers* numbers) {
  if (numbers != nullptr && numbers->is_tcp) {
    return tcp_line(*numbers, numbers->rel_seq, numbers->rel_ack);
  }
  if (f.tcp && f.ipv4) {
    const TcpNumbers n = absolute_numbers(*f.ipv4, *f.tcp);
    return tcp_line(n, n.seq, n.ack);
  }
  if (f.arp) {
    const wire::ArpRepr& arp = *f.arp;
    if (arp.operation == wire::ArpOperation::request) {
      return fmt::format("ARP who-has {} tell {}", arp.target_ip.to_string(),
                         arp.sender_ip.to_string());
    }
    return fmt::format("ARP reply {} is-at {}", arp.sender_ip.to_string(),
                       arp.sender_mac.to_string());
  }
  if (f.udp && f.ipv4) {
    return fmt::format("{} > {} UDP len {}", endpoint_name(f.ipv4->src.value(), f.udp->src_port),
                       endpoint_name(f.ipv4->dst.value(), f.udp->dst_port), f.udp->payload.size());
  }
  const std::string ips =
      f.ipv4 ? fmt::format("{} > {} ", f.ipv4->src.to_string(), f.ipv4->dst.to_string()) : "";
  if (f.icmp) return ips + icmp_text(*f.icmp);
  // Decode errors name their layer ("TCP checksum 0x... does not match ...").
  if (f.error) return fmt::format("{}malformed: {}", ips, f.error->message);
  if (!f.ethernet) return "empty frame";
  if (!f.ipv4) return fmt::format("ethertype {}", wire::to_hex(f.ethernet->ethertype, 4));
  if (f.ipv4->is_fragment()) {
    return fmt::format("{}IPv4 fragment offset {}", ips, f.ipv4->fragment_offset);
  }
  return fmt::format("{}IPv4 proto {}", ips, f.ipv4->protocol);
}

std::string summarize_frame(const Trace& trace, FrameId id, const TcpNumbers* numbers) {
  if (id >= trace.frame_count()) return fmt::format("no frame {}", id);
  if (numbers != nullptr && numbers->is_tcp)
    return summarize_decoded(wire::DecodedFrame{}, numbers);
  return summarize_decoded(wire::decode_frame(trace.frame(id)), numbers);
}

}  // namespace synack::trace

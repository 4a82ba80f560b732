// The host's TCP layer: demultiplexing, listen queues with SYN cookies, and
// carrying each endpoint's output to the wire and the trace.
#include <fmt/format.h>

#include <algorithm>

#include "sim/world/host.hpp"

namespace synack::sim {

using tcp::flag::ACK;
using tcp::flag::RST;
using tcp::flag::SYN;
using wire::Ipv4Address;

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h * 0xBF58476D1CE4E5B9ull;
}

// SYN cookies change their secret input every 64 s (as Linux counts).
constexpr TimeUs kCookieEpoch = 64 * tcp::kSeconds;
// The MSS values a cookie can carry in its two low bits (the largest not above
// the client's is chosen), as Linux keeps a small table.
constexpr std::uint16_t kCookieMss[] = {536, 1300, 1440, 1460};

std::uint32_t cookie_mss_index(std::uint16_t mss) {
  std::uint32_t index = 0;
  for (std::uint32_t i = 0; i < 4; ++i) {
    if (kCookieMss[i] <= (mss == 0 ? 536 : mss)) index = i;
  }
  return index;
}

}  // namespace

std::size_t Host::new_conn(const tcp::ConnectionId& id, const tcp::Settings& settings,
                           std::unique_ptr<tcp::IsnSource> own_isn) {
  tcp::IsnSource* isn = own_isn ? own_isn.get() : isn_.get();
  auto conn = std::make_unique<Conn>(Conn{tcp::Endpoint(settings, isn), std::move(own_isn), id});
  conn->ep.set_id(id);
  conn->trace_id = world_.trace.add_conn(id_, id);
  conns_.push_back(std::move(conn));
  std::size_t c = conns_.size() - 1;
  demux_[{id.local_port, id.remote_ip, id.remote_port}] = c;
  return c;
}

const char* Host::timer_name(const Conn& c) const {
  tcp::Status st = c.ep.status();
  switch (st.state) {
    case tcp::State::TimeWait: return "TIME-WAIT (2MSL)";
    case tcp::State::SynSent: return "SYN retransmission";
    case tcp::State::SynReceived: return "SYN,ACK retransmission";
    default: break;
  }
  if (st.send_queued > 0 && st.snd_wnd == 0) return "persist (zero window probe)";
  if (st.snd_una != st.snd_nxt) return "retransmission";
  return "delayed ACK";
}

void Host::schedule_timer(std::size_t c) {
  Conn& conn = *conns_[c];
  std::optional<TimeUs> at = conn.ep.poll_at();
  if (!at || (conn.timer_at != 0 && conn.timer_at <= *at)) return;
  conn.timer_at = *at;
  world_.record(trace::TimerEvent{id_, conn.trace_id, world_.text(timer_name(conn)),
                                  trace::TimerOp::Set, *at});
  world_.at(*at, [this, c, t = *at] {
    Conn& cn = *conns_[c];
    if (cn.timer_at != t) return;  // superseded by an earlier wake-up
    cn.timer_at = 0;
    std::optional<TimeUs> due = cn.ep.poll_at();
    if (due && *due <= world_.now) {
      world_.record(trace::TimerEvent{id_, cn.trace_id, world_.text(timer_name(cn)),
                                      trace::TimerOp::Fired, *due});
      cn.ep.on_timer(world_.now);
    }
    pump(c);
  });
}

// Wraps a transport segment in IPv4 and sends it. TCP sets DF (path MTU
// discovery, as Linux); UDP datagrams are never larger than one frame here.
void Host::send_packet(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                       const std::vector<std::uint8_t>& payload) {
  wire::Ipv4Repr ip;
  ip.src = src;
  ip.dst = dst;
  ip.protocol = protocol;
  ip.identification = ip_id_++;
  ip.dont_fragment = protocol == wire::ip_protocol::TCP;
  std::vector<std::uint8_t> packet;
  wire::encode_ipv4(ip, payload, packet);
  send_ip(std::move(packet), dst);
}

void Host::send_tcp(Ipv4Address src, Ipv4Address dst, const wire::TcpRepr& repr) {
  std::vector<std::uint8_t> segment;
  wire::encode_tcp(repr, src, dst, segment);
  send_packet(src, dst, wire::ip_protocol::TCP, segment);
}

void Host::send_udp(Ipv4Address dst, const wire::UdpRepr& repr) {
  std::vector<std::uint8_t> datagram;
  wire::encode_udp(repr, local_ip(), dst, datagram);
  send_packet(local_ip(), dst, wire::ip_protocol::UDP, datagram);
}

bool Host::leave_syn_queue(Socket& listener, std::size_t c) {
  auto& q = listener.syn_queue;
  auto pos = std::find(q.begin(), q.end(), c);
  if (pos == q.end()) return false;
  q.erase(pos);
  return true;
}

void Host::record_queues(const Socket& l) {
  world_.record(trace::QueueEvent{id_, l.local_port, static_cast<std::uint16_t>(l.syn_queue.size()),
                                  static_cast<std::uint16_t>(l.accept_queue.size()),
                                  static_cast<std::uint16_t>(l.backlog)});
}

void Host::pump(std::size_t c) {
  Conn& conn = *conns_[c];
  const auto& history = conn.ep.history();
  for (; conn.history_seen < history.size(); ++conn.history_seen) {
    const tcp::StateChange& ch = history[conn.history_seen];
    world_.record(trace::StateEvent{id_, conn.trace_id, ch.from, ch.to, world_.text(ch.cause)});
  }
  for (tcp::Segment& seg : conn.ep.take_segments()) {
    if (seg.has(RST)) world_.count(id_, "rst_sent");
    send_tcp(Ipv4Address(conn.id.local_ip), Ipv4Address(conn.id.remote_ip),
             wire::TcpRepr{conn.id.local_port, conn.id.remote_port, std::move(seg)});
  }
  bool notified = false;
  for (const tcp::Notification& n : conn.ep.take_notifications()) {
    notified = true;
    if (n.notice == tcp::Notice::Connected && !conn.connected) {
      conn.connected = true;
      auto l = sockets_.find(conn.listener);
      if (l != sockets_.end() && !conn.in_accept_queue) {
        leave_syn_queue(l->second, c);
        l->second.accept_queue.push_back(c);
        conn.in_accept_queue = true;
        record_queues(l->second);
      }
    }
  }
  tcp::State state = conn.ep.state();
  if (!conn.gone &&
      (state == tcp::State::Closed || (state == tcp::State::Listen && conn.listener >= 0))) {
    forget(c);
    notified = true;
  }
  if (notified) {
    wake(conn.fd);
    if (conn.listener >= 0) wake(conn.listener);
  }
  if (!conn.gone) schedule_timer(c);
}

void Host::forget(std::size_t c) {
  Conn& conn = *conns_[c];
  conn.gone = true;
  auto key = std::make_tuple(conn.id.local_port, conn.id.remote_ip, conn.id.remote_port);
  auto it = demux_.find(key);
  if (it != demux_.end() && it->second == c) demux_.erase(it);
  auto l = sockets_.find(conn.listener);
  if (l != sockets_.end() && !conn.in_accept_queue && leave_syn_queue(l->second, c)) {
    record_queues(l->second);
  }
}

std::uint32_t Host::cookie(const tcp::ConnectionId& id, std::uint32_t peer_seq,
                           TimeUs epoch) const {
  std::uint64_t h = mix(secret_, id.local_ip);
  h = mix(h, (std::uint64_t{id.local_port} << 16) | id.remote_port);
  h = mix(h, id.remote_ip);
  h = mix(h, peer_seq);
  h = mix(h, static_cast<std::uint64_t>(epoch));
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

void Host::deliver_ip(std::size_t, const wire::DecodedFrame& frame) {
  const wire::Ipv4Repr& ip = *frame.ipv4;
  if (frame.tcp) {
    on_tcp(ip, *frame.tcp);
  } else if (frame.udp) {
    for (auto& [fd, s] : sockets_) {
      // A connected UDP socket hears only its peer.
      if (s.has_peer && (s.peer_ip != ip.src || s.peer_port != frame.udp->src_port)) continue;
      if (s.udp && s.bound && s.local_port == frame.udp->dst_port) {
        s.datagrams.push_back(Datagram{ip.src, frame.udp->src_port, frame.udp->payload});
        wake(fd);
        return;
      }
    }
    world_.note(id_, fmt::format("UDP datagram to port {}: no socket bound there; dropped",
                                 frame.udp->dst_port));
    world_.count(id_, "udp_no_socket");
  }
}

void Host::on_tcp(const wire::Ipv4Repr& ip, const wire::TcpRepr& tcp) {
  auto it = demux_.find({tcp.dst_port, ip.src.value(), tcp.src_port});
  if (it != demux_.end()) {
    std::size_t c = it->second;
    Conn& conn = *conns_[c];
    auto l = sockets_.find(conn.listener);
    // A full accept queue: the handshake's last ACK is dropped, as Linux does,
    // and the SYN,ACK retransmission asks for it again.
    if (l != sockets_.end() && !conn.in_accept_queue &&
        conn.ep.state() == tcp::State::SynReceived && tcp.seg.has(ACK) && !tcp.seg.has(RST) &&
        !tcp.seg.has(SYN) && static_cast<int>(l->second.accept_queue.size()) >= l->second.backlog) {
      world_.count(id_, "accept_queue_overflow");
      world_.note(
          id_, fmt::format("ACK dropped: accept queue of :{} is full ({}/{})", l->second.local_port,
                           l->second.accept_queue.size(), l->second.backlog));
      return;
    }
    conn.ep.on_segment(world_.now, tcp.seg);
    pump(c);
    return;
  }
  for (auto& [fd, s] : sockets_) {
    if (!s.udp && s.listening && s.local_port == tcp.dst_port &&
        (s.local_ip == Ipv4Address() || s.local_ip == ip.dst)) {
      on_listener_segment(s, ip, tcp);
      return;
    }
  }
  // RFC 9293 §3.10.7.1: no connection and no listener.
  if (std::optional<tcp::Segment> rst = tcp::reset_for_unknown(tcp.seg)) {
    world_.count(id_, "rst_sent");
    send_tcp(ip.dst, ip.src, wire::TcpRepr{tcp.dst_port, tcp.src_port, std::move(*rst)});
  }
}

void Host::on_listener_segment(Socket& l, const wire::Ipv4Repr& ip, const wire::TcpRepr& tcp) {
  const tcp::Segment& seg = tcp.seg;
  tcp::ConnectionId id{ip.dst.value(), tcp.dst_port, ip.src.value(), tcp.src_port};
  tcp::Settings child = settings_.tcp;
  child.syn_retries = settings_.synack_retries;
  child.nagle = !l.nodelay && child.nagle;
  bool accept_full = static_cast<int>(l.accept_queue.size()) >= l.backlog;
  if (seg.has(SYN) && !seg.has(ACK) && !seg.has(RST)) {
    bool syn_full = static_cast<int>(l.syn_queue.size()) >= l.backlog;
    if (!syn_full && !accept_full) {
      std::size_t c = new_conn(id, child);
      Conn& conn = *conns_[c];
      conn.listener = l.fd;
      conn.reuse_addr = l.reuse_addr;
      conn.ep.open_passive(world_.now);
      conn.history_seen = conn.ep.history().size();  // LISTEN belongs to the listening socket
      conn.ep.on_segment(world_.now, seg);
      l.syn_queue.push_back(c);
      pump(c);
      record_queues(l);
      return;
    }
    if (settings_.syn_cookies && !accept_full) {
      // RFC 4987 §3.6: answer without keeping state; the ISN encodes the connection.
      TimeUs epoch = world_.now / kCookieEpoch;
      tcp::Segment synack;
      synack.seq = SeqNum((cookie(id, seg.seq.raw(), epoch) & ~3u) | cookie_mss_index(seg.mss));
      synack.ack = seg.seq + 1;
      synack.flags = SYN | ACK;
      synack.window =
          static_cast<std::uint16_t>(std::min<std::uint32_t>(child.receive_buffer, 65535));
      synack.mss = child.mss;
      world_.count(id_, "syn_cookies_sent");
      world_.note(id_,
                  fmt::format("SYN from {}: SYN queue of :{} full; SYN,ACK carries a SYN cookie",
                              trace::endpoint_name(ip.src.value(), tcp.src_port), l.local_port));
      send_tcp(ip.dst, ip.src, wire::TcpRepr{tcp.dst_port, tcp.src_port, synack});
      return;
    }
    world_.count(id_, "syn_dropped");
    world_.note(id_,
                fmt::format("SYN from {} dropped: {} queue of :{} is full ({}/{})",
                            trace::endpoint_name(ip.src.value(), tcp.src_port),
                            accept_full ? "accept" : "SYN", l.local_port,
                            accept_full ? l.accept_queue.size() : l.syn_queue.size(), l.backlog));
    return;
  }
  if (settings_.syn_cookies && seg.has(ACK) && !seg.has(SYN) && !seg.has(RST) && !accept_full) {
    std::uint32_t iss = (seg.ack - 1u).raw();
    TimeUs epoch = world_.now / kCookieEpoch;
    std::uint32_t peer_isn = (seg.seq - 1u).raw();
    auto valid = [&](TimeUs e) { return (iss & ~3u) == (cookie(id, peer_isn, e) & ~3u); };
    if (valid(epoch) || (epoch > 0 && valid(epoch - 1))) {
      // Rebuild the connection the cookie stands for: replay its SYN, then this ACK.
      std::size_t c = new_conn(id, child, std::make_unique<tcp::FixedIsn>(iss));
      Conn& conn = *conns_[c];
      conn.listener = l.fd;
      conn.reuse_addr = l.reuse_addr;
      tcp::Segment syn;
      syn.seq = SeqNum(peer_isn);
      syn.flags = SYN;
      syn.window = seg.window;
      syn.mss = kCookieMss[iss & 3u];  // the MSS the cookie kept
      conn.ep.open_passive(world_.now);
      conn.history_seen = conn.ep.history().size();
      conn.ep.on_segment(world_.now, syn);
      conn.ep.take_segments();  // its SYN,ACK was already sent, as the cookie
      world_.count(id_, "syn_cookies_accepted");
      world_.note(id_, fmt::format("connection from {} rebuilt from its SYN cookie",
                                   trace::endpoint_name(ip.src.value(), tcp.src_port)));
      l.syn_queue.push_back(c);
      conn.ep.on_segment(world_.now, seg);
      pump(c);
      return;
    }
  }
  // LISTEN (RFC 9293 §3.10.7.2): an ACK gets a RST, a RST is ignored.
  if (std::optional<tcp::Segment> rst = tcp::reset_for_unknown(seg)) {
    world_.count(id_, "rst_sent");
    send_tcp(ip.dst, ip.src, wire::TcpRepr{tcp.dst_port, tcp.src_port, std::move(*rst)});
  }
}

}  // namespace synack::sim

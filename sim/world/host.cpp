#include "sim/world/host.hpp"

#include <algorithm>
#include <type_traits>

#include "sim/scenario/profiles.hpp"

namespace synack::sim {

namespace {

// A per-host key for ISNs and SYN cookies, from the scenario seed.
std::uint64_t host_secret(const World& world, NodeId id) {
  return Rng(world.trace.seed ^ (std::uint64_t{id} << 32)).next();
}

std::unique_ptr<tcp::IsnSource> isn_source(const scenario::HostSettings& s, std::uint64_t secret) {
  if (s.isn) return std::make_unique<tcp::FixedIsn>(*s.isn);
  return std::make_unique<tcp::ClockIsn>(secret);
}

}  // namespace

Host::Host(World& world, NodeId id, Interface iface, std::optional<wire::Ipv4Address> gateway,
           const scenario::HostSettings& settings, const scenario::Scenario& scenario)
    : L3Node(world, id, {std::move(iface)}, settings),
      scenario_(scenario),
      gateway_(gateway),
      isn_(isn_source(settings, host_secret(world, id))),
      stack_(make_stack()) {
  runners_.push_back(make_runner());
}

Host::~Host() = default;

std::unique_ptr<sock::Stack> Host::make_stack() {
  sock::Interfaces& interfaces = *this;
  return std::make_unique<sock::Stack>(scenario::stack_settings(settings_), isn_.get(),
                                       host_secret(world_, id_), interfaces);
}

std::unique_ptr<ScriptRunner> Host::make_runner() {
  ScriptSockets& sockets = *this;
  ScriptClock& clock = *this;
  return std::make_unique<ScriptRunner>(scenario_, id_, sockets, clock, world_.returns);
}

void Host::add_step(std::uint32_t index) {
  steps_.push_back(index);
  runner().add_step(index);
}

void Host::receive(std::size_t port, FrameId frame) {
  if (down_) {
    world_.arrived(id_, port, frame, trace::Fate::Dropped, "host is down");
    return;
  }
  L3Node::receive(port, frame);
}

void Host::crash() {
  if (down_) return;
  down_ = true;
  world_.note(id_, "crashed: its connections are gone, and no segment tells the peers");
  const trace::TextId cause = world_.text("host crashed");
  for (std::size_t c = 0; c < states_.size(); ++c) {
    if (states_[c] != tcp::State::Closed && c < trace_conn_.size() &&
        trace_conn_[c] != trace::kNone) {
      world_.record(trace::StateEvent{id_, trace_conn_[c], states_[c], tcp::State::Closed, cause});
    }
  }
  states_.clear();
  trace_conn_.clear();
  runner().halt();
  if (deadline_) world_.queue.cancel(deadline_event_);
  deadline_.reset();
  stack_ = make_stack();
  forget_all();
}

void Host::boot() {
  if (!down_) return;
  down_ = false;
  world_.note(id_, "booted: no sockets and no connections; a segment of an old one gets RST");
  runners_.push_back(make_runner());
  std::vector<std::string> started;  // threads whose steps run again from one due now or later
  for (std::uint32_t i : steps_) {
    const scenario::Step& s = scenario_.steps[i];
    const bool begun = std::find(started.begin(), started.end(), s.thread) != started.end();
    if (!begun && (s.after || s.at < world_.now)) continue;
    if (!begun) started.push_back(s.thread);
    runner().add_step(i);
  }
  runner().start();
}

std::optional<NextHop> Host::route(wire::Ipv4Address dst) const {
  if (dst == wire::Ipv4Address::broadcast()) return NextHop{0, dst};
  if (std::optional<NextHop> direct = connected_route(dst)) return direct;
  if (gateway_) {
    if (std::optional<NextHop> via = connected_route(*gateway_))
      return NextHop{via->iface, *gateway_};
  }
  return std::nullopt;
}

// Hosts do not forward (RFC 1122 §3.3.1.4): a packet for another address is dropped.
void Host::forward_ip(std::size_t, const wire::DecodedFrame& frame, wire::ByteView) {
  world_.note(id_, "packet for " + frame.ipv4->dst.to_string() + " is not for this host; dropped");
}

bool Host::is_local(sock::Ip ip) const { return L3Node::is_local(wire::Ipv4Address(ip)); }

std::optional<sock::Ip> Host::source_for(sock::Ip dst) const {
  if (wire::Ipv4Address(dst).is_loopback()) return dst;  // 127.0.0.1 talks to itself
  if (!route(wire::Ipv4Address(dst))) return std::nullopt;
  return local_ip().value();
}

bool Host::is_broadcast(sock::Ip ip) const {
  const wire::Ipv4Address a(ip);
  return a == wire::Ipv4Address::broadcast() || a == ifaces_[0].address.broadcast_address();
}

void Host::deliver_ip(std::size_t, const wire::DecodedFrame& frame, wire::ByteView ip_packet) {
  const wire::Ipv4Repr& ip = *frame.ipv4;
  if (frame.tcp) {
    stack_->on_segment(world_.now, ip.src.value(), ip.dst.value(), frame.tcp->src_port,
                       frame.tcp->dst_port, frame.tcp->seg);
  } else if (frame.udp) {
    const bool delivered = stack_->on_datagram(world_.now, ip.src.value(), frame.udp->src_port,
                                               frame.udp->dst_port, frame.udp->payload);
    // RFC 1122 §4.1.3.1: SHOULD answer with port unreachable (not to a broadcast).
    if (!delivered) {
      send_icmp_error(wire::icmp_type::DestinationUnreachable, wire::unreachable_code::Port,
                      ip_packet);
    }
  } else if (frame.icmp && frame.icmp->is_error()) {
    const auto quote = wire::decode_icmp_quote(frame.icmp->data);
    if (quote) {
      stack_->on_icmp(world_.now, frame.icmp->type, frame.icmp->code, quote.value());
    } else {
      world_.note(id_, wire::describe(*frame.icmp) + ": " + quote.error().message + "; ignored");
    }
  }
  drain();
}

void Host::next_hop_failed(const std::vector<std::uint8_t>& ip_packet) {
  const auto quote = wire::decode_icmp_quote(ip_packet);
  if (!quote || quote.value().protocol == wire::ip_protocol::ICMP) return;
  stack_->on_icmp(world_.now, wire::icmp_type::DestinationUnreachable, wire::unreachable_code::Host,
                  quote.value(), true);
  drain();
}

void Host::drain_after_call() {
  if (drain_pending_) return;
  drain_pending_ = true;
  world_.at(world_.now, [this] {
    drain_pending_ = false;
    drain();
  });
}

void Host::drain() {
  for (sock::Output& out : stack_->take_output()) {
    std::visit(
        [&](auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, sock::SendSegment>) {
            send_tcp(wire::Ipv4Address(o.src), wire::Ipv4Address(o.dst),
                     wire::TcpRepr{o.src_port, o.dst_port, std::move(o.seg)});
          } else if constexpr (std::is_same_v<T, sock::SendDatagram>) {
            send_udp(wire::Ipv4Address(o.src), wire::Ipv4Address(o.dst),
                     wire::UdpRepr{o.src_port, o.dst_port, std::move(o.data)});
          } else if constexpr (std::is_same_v<T, sock::ConnOpened>) {
            trace_conn(o.conn);
          } else if constexpr (std::is_same_v<T, sock::ConnRecord>) {
            record_conn(o.conn, o.record);
          } else if constexpr (std::is_same_v<T, sock::QueueChange>) {
            world_.record(trace::QueueEvent{id_, o.port, o.syn_queue, o.accept_queue, o.backlog});
          } else if constexpr (std::is_same_v<T, sock::Note>) {
            world_.note(id_, o.text);
          } else if constexpr (std::is_same_v<T, sock::Count>) {
            world_.count(id_, o.counter);
          } else if constexpr (std::is_same_v<T, sock::Ready>) {
            runner().wake(o.fd);
          }
        },
        out);
  }
  schedule_deadline();
}

// One engine wake-up at the stack's earliest deadline.
void Host::schedule_deadline() {
  const std::optional<TimeUs> at = stack_->poll_at();
  if (!at || (deadline_ && *deadline_ <= *at)) return;
  // An earlier deadline: the later wake-up is not needed, and must not keep
  // the run going (a keep-alive set two hours ahead, say).
  if (deadline_) world_.queue.cancel(deadline_event_);
  deadline_ = at;
  deadline_event_ = world_.at(*at, [this] {
    deadline_.reset();
    stack_->on_timer(world_.now);
    drain();
  });
}

trace::ConnId Host::trace_conn(sock::ConnHandle c) {
  if (trace_conn_.size() <= c) trace_conn_.resize(c + 1, trace::kNone);
  if (trace_conn_[c] == trace::kNone) {
    trace_conn_[c] = world_.trace.add_conn(id_, stack_->endpoint(c).id());
  }
  return trace_conn_[c];
}

void Host::record_conn(sock::ConnHandle c, const tcp::Record& r) {
  const trace::ConnId conn = trace_conn(c);
  std::visit(
      [&](const auto& rec) {
        using T = std::decay_t<decltype(rec)>;
        if constexpr (std::is_same_v<T, tcp::StateChange>) {
          if (states_.size() <= c) states_.resize(c + 1, tcp::State::Closed);
          states_[c] = rec.to;
          world_.record(
              trace::StateEvent{id_, conn, rec.from, rec.to, world_.text(rec.cause), rec.row});
        } else if constexpr (std::is_same_v<T, tcp::TimerChange>) {
          trace::TimerEvent e{id_,    conn,         world_.text(tcp::timer_kind_name(rec.kind)),
                              rec.op, rec.deadline, rec.kind};
          world_.record(e);
        } else if constexpr (std::is_same_v<T, tcp::TcbChange>) {
          // (not stored at all where the trace keeps no TCB records)
          if (world_.keeps<trace::TcbEvent>()) world_.record(world_.trace.add_tcb(id_, conn, rec));
        } else if constexpr (std::is_same_v<T, tcp::IgnoredEvent>) {
          world_.record(trace::IgnoredEvent{id_, conn, rec.state, world_.text(rec.event),
                                            world_.text(rec.reason)});
        }
      },
      r);
}

// Wraps a transport segment in IPv4 and sends it. TCP sets DF (path MTU
// discovery, as Linux); UDP datagrams are never larger than one frame here.
void Host::send_packet(wire::Ipv4Address src, wire::Ipv4Address dst, std::uint8_t protocol,
                       const std::vector<std::uint8_t>& payload) {
  if (down_) return;  // a flood's SYNs still queued when the host went down
  wire::Ipv4Repr ip;
  ip.src = src;
  ip.dst = dst;
  ip.protocol = protocol;
  ip.identification = ip_id_++;
  ip.ttl = settings_.ttl;
  ip.dont_fragment = protocol == wire::ip_protocol::TCP;
  std::vector<std::uint8_t> packet;
  packet.reserve(wire::Ipv4Repr::kMinHeaderLength + payload.size());
  wire::encode_ipv4(ip, payload, packet);
  send_ip(std::move(packet), dst);
}

void Host::send_tcp(wire::Ipv4Address src, wire::Ipv4Address dst, const wire::TcpRepr& repr) {
  std::vector<std::uint8_t> segment;
  segment.reserve(wire::TcpRepr::kMaxHeaderLength + repr.seg.payload.size());
  wire::encode_tcp(repr, src, dst, segment);
  send_packet(src, dst, wire::ip_protocol::TCP, segment);
}

void Host::send_udp(wire::Ipv4Address src, wire::Ipv4Address dst, const wire::UdpRepr& repr) {
  std::vector<std::uint8_t> datagram;
  wire::encode_udp(repr, src, dst, datagram);
  send_packet(src, dst, wire::ip_protocol::UDP, datagram);
}

}  // namespace synack::sim

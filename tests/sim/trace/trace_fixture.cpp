#include "trace_fixture.hpp"

#include <cerrno>
#include <vector>

#include "core/tcp_segment.hpp"
#include "core/wire/frame.hpp"

namespace synack::trace::testing {

namespace {

constexpr TimeUs kLinkDelay = 10;

wire::MacAddress mac_of(NodeId host) {
  return host == 0 ? kClientMac : host == 1 ? kServerMac : kOtherMac;
}

}  // namespace

Lan::Lan() {
  trace.name = "handshake";
  trace.description = "a client connects to a server on one switch";
  trace.seed = 7;
  trace.settings.scenario = {{"msl_us", std::int64_t{30'000'000}},
                             {"rst_policy", std::string("rfc5961")}};
  trace.settings.nodes = {{"server", {{"syn_cookies", true}}}};
  const wire::Ipv4Address ips[] = {kClientIp, kServerIp, kOtherIp};
  const char* names[] = {"client", "server", "other"};
  for (NodeId i = 0; i < 3; ++i) {
    NodeInfo host;
    host.name = names[i];
    host.kind = NodeKind::Host;
    host.interfaces.push_back(InterfaceInfo{"eth0", mac_of(i), ips[i], 24});
    if (i == 0) host.gateway = wire::Ipv4Address(10, 0, 0, 254);
    trace.nodes.push_back(host);
  }
  NodeInfo sw1;
  sw1.name = "sw1";
  sw1.kind = NodeKind::Switch;
  trace.nodes.push_back(sw1);
  for (NodeId i = 0; i < 3; ++i) {
    trace.links.push_back(LinkInfo{"l" + std::to_string(i + 1), i, sw, 0,
                                   static_cast<std::uint16_t>(i + 1), kLinkDelay, 0});
  }
}

FrameId Lan::tcp(bool from_client, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                 std::size_t len, std::uint16_t client_port) {
  wire::Ipv4Repr ip;
  ip.src = from_client ? kClientIp : kServerIp;
  ip.dst = from_client ? kServerIp : kClientIp;
  wire::TcpRepr tcp;
  tcp.src_port = from_client ? client_port : kServerPort;
  tcp.dst_port = from_client ? kServerPort : client_port;
  tcp.seg.seq = SeqNum(seq);
  tcp.seg.ack = SeqNum(ack);
  tcp.seg.flags = flags;
  tcp.seg.window = 65535;
  tcp.seg.payload.assign(len, 'x');
  const auto bytes = wire::build_tcp_frame(from_client ? kClientMac : kServerMac,
                                           from_client ? kServerMac : kClientMac, ip, tcp);
  return trace.add_frame(bytes);
}

FrameId Lan::arp_request(bool from_client) {
  wire::ArpRepr arp;
  arp.operation = wire::ArpOperation::request;
  arp.sender_mac = from_client ? kClientMac : kServerMac;
  arp.sender_ip = from_client ? kClientIp : kServerIp;
  arp.target_ip = from_client ? kServerIp : kClientIp;
  const auto bytes = wire::build_arp_frame(arp.sender_mac, wire::MacAddress::broadcast(), arp);
  return trace.add_frame(bytes);
}

FrameId Lan::arp_reply(bool from_client) {
  wire::ArpRepr arp;
  arp.operation = wire::ArpOperation::reply;
  arp.sender_mac = from_client ? kClientMac : kServerMac;
  arp.sender_ip = from_client ? kClientIp : kServerIp;
  arp.target_mac = from_client ? kServerMac : kClientMac;
  arp.target_ip = from_client ? kServerIp : kClientIp;
  const auto bytes = wire::build_arp_frame(arp.sender_mac, arp.target_mac, arp);
  return trace.add_frame(bytes);
}

FrameId Lan::udp(std::size_t len) {
  wire::Ipv4Repr ip;
  ip.src = kClientIp;
  ip.dst = kServerIp;
  wire::UdpRepr udp;
  udp.src_port = 5000;
  udp.dst_port = 6000;
  udp.payload.assign(len, 'u');
  const auto bytes = wire::build_udp_frame(kClientMac, kServerMac, ip, udp);
  return trace.add_frame(bytes);
}

FrameId Lan::port_unreachable() {
  const FrameId datagram = udp(4);
  const wire::ByteView offending = trace.frame(datagram).from(wire::EthernetRepr::kHeaderLength);
  wire::Ipv4Repr ip;
  ip.src = kServerIp;
  ip.dst = kClientIp;
  const wire::IcmpRepr icmp = wire::icmp_error(wire::icmp_type::DestinationUnreachable,
                                               wire::unreachable_code::Port, offending);
  const auto bytes = wire::build_icmp_frame(kServerMac, kClientMac, ip, icmp);
  return trace.add_frame(bytes);
}

void Lan::cross(TimeUs t, FrameId frame, NodeId from, NodeId to, bool flooded) {
  trace.add(t, FrameEvent{frame, link_of(from), from, sw, Fate::Sent, false, kNone});
  trace.add(t + kLinkDelay,
            FrameEvent{frame, link_of(from), from, sw, Fate::Delivered, false, kNone});
  const std::vector<NodeId> outs =
      flooded ? std::vector<NodeId>{client, server, other} : std::vector<NodeId>{to};
  for (NodeId out : outs) {
    if (out == from) continue;
    trace.add(t + kLinkDelay, FrameEvent{frame, link_of(out), sw, out, Fate::Sent, flooded, kNone});
  }
  for (NodeId out : outs) {
    if (out == from) continue;
    trace.add(t + 2 * kLinkDelay,
              FrameEvent{frame, link_of(out), sw, out, Fate::Delivered, false, kNone});
  }
}

void Lan::lose(TimeUs t, FrameId frame, NodeId from, NodeId to, std::string_view reason) {
  trace.add(t, FrameEvent{frame, link_of(from), from, sw, Fate::Sent, false, kNone});
  trace.add(t + kLinkDelay,
            FrameEvent{frame, link_of(from), from, sw, Fate::Delivered, false, kNone});
  trace.add(t + kLinkDelay, FrameEvent{frame, link_of(to), sw, to, Fate::Sent, false, kNone});
  trace.add(t + kLinkDelay,
            FrameEvent{frame, link_of(to), sw, to, Fate::Dropped, false, trace.intern(reason)});
}

void Lan::call(TimeUs t, NodeId host, std::string_view name, std::string_view text,
               std::int64_t result, int err, CallPhase phase, std::string_view data) {
  CallEvent e;
  e.host = host;
  e.step = 0;
  e.call = trace.intern(name);
  e.text = trace.intern(text);
  e.fd = 3;
  e.result = result;
  e.err = err;
  e.phase = phase;
  if (!data.empty()) e.data = trace.intern(data);
  trace.add(t, e);
}

void Lan::state(TimeUs t, NodeId host, ConnId conn, tcp::State from, tcp::State to,
                std::string_view cause) {
  trace.add(t, StateEvent{host, conn, from, to, trace.intern(cause)});
}

Lan handshake() {
  using tcp::State;
  namespace flag = tcp::flag;
  Lan lan;
  Trace& tr = lan.trace;
  const ConnId client_conn =
      tr.add_conn(lan.client, {kClientIp.value(), kClientPort, kServerIp.value(), kServerPort});
  const ConnId listener = tr.add_conn(lan.server, {kServerIp.value(), kServerPort, 0, 0});
  const ConnId accepted =
      tr.add_conn(lan.server, {kServerIp.value(), kServerPort, kClientIp.value(), kClientPort});

  lan.state(0, lan.server, listener, State::Closed, State::Listen, "user LISTEN");
  lan.call(0, lan.client, "connect", "connect(3, 10.0.0.2:80)", 0, 0, CallPhase::Issued);
  lan.state(0, lan.client, client_conn, State::Closed, State::SynSent, "user CONNECT");
  tr.add(0, NoteEvent{lan.client, tr.intern("ARP: packet to 10.0.0.2 queued")});

  const FrameId who_has = lan.arp_request(true);
  lan.cross(0, who_has, lan.client, lan.server, /*flooded=*/true);
  tr.add(10, MacEvent{lan.sw, kClientMac, 1, MacOp::Learned});
  tr.add(20, ArpEvent{lan.server, kClientIp, kClientMac, ArpOp::Learned});
  const FrameId is_at = lan.arp_reply(false);
  lan.cross(20, is_at, lan.server, lan.client);
  tr.add(30, MacEvent{lan.sw, kServerMac, 2, MacOp::Learned});
  tr.add(40, ArpEvent{lan.client, kServerIp, kServerMac, ArpOp::Learned});

  lan.cross(40, lan.tcp(true, flag::SYN, kClientIsn, 0), lan.client, lan.server);
  lan.state(60, lan.server, accepted, State::Listen, State::SynReceived, "rcv SYN");
  tr.add(60, QueueEvent{lan.server, kServerPort, 1, 0, 5});
  lan.cross(60, lan.tcp(false, flag::SYN | flag::ACK, kServerIsn, kClientIsn + 1), lan.server,
            lan.client);
  lan.state(80, lan.client, client_conn, State::SynSent, State::Established, "rcv SYN,ACK");
  lan.call(80, lan.client, "connect", "connect(3, 10.0.0.2:80)", 0);
  lan.cross(80, lan.tcp(true, flag::ACK, kClientIsn + 1, kServerIsn + 1), lan.client, lan.server);
  lan.state(100, lan.server, accepted, State::SynReceived, State::Established, "rcv ACK");
  tr.add(100, QueueEvent{lan.server, kServerPort, 0, 1, 5});
  lan.call(100, lan.server, "accept", "accept(3)", 4);

  const FrameId data = lan.tcp(true, flag::PSH | flag::ACK, kClientIsn + 1, kServerIsn + 1, 5);
  tr.add(200, TimerEvent{lan.client, client_conn, tr.intern("retransmission"), TimerOp::Set, 1200});
  lan.lose(200, data, lan.client, lan.server, "loss");
  tr.add(1200,
         TimerEvent{lan.client, client_conn, tr.intern("retransmission"), TimerOp::Fired, 1200});
  tr.add(1200, CounterEvent{lan.client, tr.intern("retransmissions"), 1});
  // The retransmission is a frame of its own, with the same segment.
  lan.cross(1200, lan.tcp(true, flag::PSH | flag::ACK, kClientIsn + 1, kServerIsn + 1, 5),
            lan.client, lan.server);
  lan.call(1220, lan.server, "recv", "recv(4, 100)", 5, 0, CallPhase::Returned, "xxxxx");
  lan.cross(1220, lan.tcp(false, flag::ACK, kServerIsn + 1, kClientIsn + 6), lan.server,
            lan.client);
  lan.call(1300, lan.server, "bind", "bind(5, 10.0.0.2:80)", -1, EADDRINUSE);
  return lan;
}

}  // namespace synack::trace::testing

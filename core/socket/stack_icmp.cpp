// ICMP errors for this host's sockets (RFC 1122 §3.2.2, §4.1.3.3, §4.2.3.9):
// what each type and code means to a transport, and to which socket it goes:
// the TCP connection or the connected UDP socket that sent the quoted datagram.
#include <optional>
#include <string>
#include <utility>

#include "core/errno_names.hpp"
#include "core/socket/stack.hpp"

namespace synack::sock {

namespace {

namespace code = wire::unreachable_code;

// nullopt: not an error a transport acts on. Fragmentation needed is path MTU
// discovery (RFC 1191), which the model does not do; source quench is
// obsolete (RFC 6633); a redirect is for the routing table.
std::optional<tcp::IcmpKind> icmp_kind(std::uint8_t type, std::uint8_t c) {
  using tcp::IcmpKind;
  if (type == wire::icmp_type::TimeExceeded) {
    return c == wire::time_exceeded_code::InTransit ? IcmpKind::TimeExceeded
                                                    : IcmpKind::ReassemblyTimeout;
  }
  if (type == wire::icmp_type::ParameterProblem) return IcmpKind::ParameterProblem;
  if (type != wire::icmp_type::DestinationUnreachable) return std::nullopt;
  switch (c) {
    case code::Net:
    case code::NetUnknown:
    case code::NetTos: return IcmpKind::NetUnreachable;
    case code::Protocol: return IcmpKind::ProtocolUnreachable;
    case code::Port: return IcmpKind::PortUnreachable;
    case code::FragmentationNeeded: return std::nullopt;
    case code::NetProhibited:
    case code::HostProhibited:
    case code::CommProhibited: return IcmpKind::Prohibited;
    default: return c <= code::PrecedenceCutoff ? std::optional(IcmpKind::HostUnreachable)
                                                : std::nullopt;
  }
}

}  // namespace

void Stack::on_icmp(TimeUs now, std::uint8_t type, std::uint8_t c, const wire::IcmpQuote& q,
                    bool local) {
  wire::IcmpRepr named;
  named.type = type;
  named.code = c;
  const std::string what = wire::describe(named);
  const std::optional<tcp::IcmpKind> kind = icmp_kind(type, c);
  if (!kind) {
    emit(Note{what + ": not acted on by the transport"});
    return;
  }
  if (q.protocol == wire::ip_protocol::TCP) {
    auto it = demux_.find({q.src_port, q.dst.value(), q.dst_port});
    if (it == demux_.end()) {
      emit(Note{what + " for a TCP connection this host does not have: ignored"});
      return;
    }
    conns_[it->second]->ep.on_icmp(now, tcp::IcmpError{*kind, SeqNum(q.tcp_seq)});
    pump(it->second);
    return;
  }
  if (q.protocol != wire::ip_protocol::UDP) {
    emit(Note{what + " about IP protocol " + std::to_string(q.protocol) + ": ignored"});
    return;
  }
  // UDP: only a connected socket hears of it (RFC 1122 §4.1.3.3), and, as
  // Linux without IP_RECVERR, only of a hard error or one found here.
  for (auto& [fd, s] : sockets_) {
    if (!s.udp || !s.bound || s.local_port != q.src_port || !s.has_peer ||
        s.peer_ip != q.dst.value() || s.peer_port != q.dst_port) {
      continue;
    }
    if (!tcp::icmp_is_hard(*kind) && !local) break;
    s.so_error = errno_of(tcp::icmp_socket_error(*kind));
    emit(Note{what + ": the socket's next call fails with " + errno_name(s.so_error)});
    emit(Ready{fd});
    return;
  }
  emit(Note{what + " for a UDP datagram: no connected socket takes it; ignored"});
}

}  // namespace synack::sock

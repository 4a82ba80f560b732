#include "sim/scenario/scenario.hpp"

namespace synack::scenario {

const char* call_name(CallKind k) {
  switch (k) {
    case CallKind::Socket: return "socket";
    case CallKind::Bind: return "bind";
    case CallKind::Listen: return "listen";
    case CallKind::Accept: return "accept";
    case CallKind::Connect: return "connect";
    case CallKind::Send: return "send";
    case CallKind::Recv: return "recv";
    case CallKind::Shutdown: return "shutdown";
    case CallKind::Close: return "close";
    case CallKind::Setsockopt: return "setsockopt";
    case CallKind::Sendto: return "sendto";
    case CallKind::Recvfrom: return "recvfrom";
    case CallKind::SynFlood: return "syn_flood";
  }
  return "?";
}

const char* sockopt_name(SockOpt o) {
  switch (o) {
    case SockOpt::ReuseAddr: return "SO_REUSEADDR";
    case SockOpt::Linger: return "SO_LINGER";
    case SockOpt::NoDelay: return "TCP_NODELAY";
    case SockOpt::Broadcast: return "SO_BROADCAST";
    case SockOpt::KeepAlive: return "SO_KEEPALIVE";
    case SockOpt::KeepIdle: return "TCP_KEEPIDLE";
    case SockOpt::KeepIntvl: return "TCP_KEEPINTVL";
    case SockOpt::KeepCnt: return "TCP_KEEPCNT";
  }
  return "?";
}

}  // namespace synack::scenario

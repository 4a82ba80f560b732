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

}  // namespace synack::scenario

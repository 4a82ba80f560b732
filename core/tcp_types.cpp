#include "tcp_types.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace synack::tcp {

namespace {
constexpr const char* kStateNames[kStateCount] = {
    "CLOSED",     "LISTEN",     "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
    "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING",  "LAST-ACK",     "TIME-WAIT",
};
}  // namespace

const char* state_name(State s) { return kStateNames[static_cast<int>(s)]; }

bool parse_state(const std::string& text, State& out) {
  std::string norm;
  for (char c : text) {
    norm += c == '_' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (norm == "SYN-RCVD") norm = "SYN-RECEIVED";
  if (norm == "ESTAB") norm = "ESTABLISHED";
  if (norm == "CLOSE") norm = "CLOSED";  // Linux's TCP_CLOSE, packetdrill's TCPI_CLOSE
  for (int i = 0; i < kStateCount; ++i) {
    if (norm == kStateNames[i]) {
      out = static_cast<State>(i);
      return true;
    }
  }
  return false;
}

bool is_synchronized(State s) {
  return s != State::Closed && s != State::Listen && s != State::SynSent;
}

const char* timer_kind_name(TimerKind k) {
  switch (k) {
    case TimerKind::Retransmission: return "retransmission";
    case TimerKind::SynRetransmission: return "SYN retransmission";
    case TimerKind::SynAckRetransmission: return "SYN,ACK retransmission";
    case TimerKind::Persist: return "persist (zero window probe)";
    case TimerKind::DelayedAck: return "delayed ACK";
    case TimerKind::Keepalive: return "keepalive";
    case TimerKind::TimeWait: return "TIME-WAIT (2MSL)";
    case TimerKind::ConnectionEstablishment: return "connection establishment";
  }
  return "?";
}

const char* timer_op_name(TimerOp op) {
  switch (op) {
    case TimerOp::Set: return "set";
    case TimerOp::Cancelled: return "cancelled";
    case TimerOp::Fired: return "fired";
  }
  return "?";
}

const char* tcb_var_name(TcbVar v) {
  static constexpr const char* kNames[] = {
      "SND.UNA", "SND.NXT", "SND.WND",     "ISS",      "RCV.NXT", "RCV.WND",  "IRS",
      "RTO",     "SRTT",    "send_queued", "readable", "cwnd",    "ssthresh", "W_max",
  };
  static_assert(std::size(kNames) == kTcbVarCount);
  return kNames[static_cast<int>(v)];
}

const char* notice_name(Notice n) {
  switch (n) {
    case Notice::Connected: return "connected";
    case Notice::Readable: return "readable";
    case Notice::PeerClosed: return "peer closed";
    case Notice::Writable: return "writable";
    case Notice::Error: return "error";
    case Notice::Closed: return "closed";
  }
  return "?";
}

const char* icmp_kind_cause(IcmpKind k) {
  switch (k) {
    case IcmpKind::PortUnreachable: return "rcv ICMP port unreachable";
    case IcmpKind::ProtocolUnreachable: return "rcv ICMP protocol unreachable";
    case IcmpKind::Prohibited: return "rcv ICMP administratively prohibited";
    case IcmpKind::NetUnreachable: return "rcv ICMP net unreachable";
    case IcmpKind::HostUnreachable: return "rcv ICMP host unreachable";
    case IcmpKind::TimeExceeded: return "rcv ICMP time exceeded";
    case IcmpKind::ReassemblyTimeout: return "rcv ICMP reassembly time exceeded";
    case IcmpKind::ParameterProblem: return "rcv ICMP parameter problem";
  }
  return "rcv ICMP";
}

bool icmp_is_hard(IcmpKind k) {
  return k == IcmpKind::PortUnreachable || k == IcmpKind::ProtocolUnreachable ||
         k == IcmpKind::Prohibited;
}

SocketError icmp_socket_error(IcmpKind k) {
  if (icmp_is_hard(k)) return SocketError::ConnectionRefused;
  return k == IcmpKind::NetUnreachable ? SocketError::NetUnreachable : SocketError::HostUnreachable;
}

const char* call_result_text(CallResult r) {
  switch (r) {
    case CallResult::Ok: return "ok";
    case CallResult::ConnectionExists: return "connection already exists";
    case CallResult::ConnectionNotExist: return "connection does not exist";
    case CallResult::ConnectionClosing: return "connection closing";
    case CallResult::ForeignUnspecified: return "foreign socket unspecified";
    case CallResult::InsufficientResources: return "insufficient resources";
    case CallResult::ConnectionReset: return "connection reset";
  }
  return "?";
}

}  // namespace synack::tcp

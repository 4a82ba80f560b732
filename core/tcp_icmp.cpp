// ICMP errors arriving for a connection (RFC 1122 §4.2.3.9, RFC 5461,
// RFC 5927): checked against what we sent, then hard or soft by the state and
// the policy, and fed to the transition table like every other input.
#include "tcp_tcb.hpp"

namespace synack::tcp {

namespace {

// Does this error end a connection still opening?
bool aborts_open(IcmpOpenPolicy policy, IcmpKind k) {
  const bool hard = icmp_is_hard(k);
  switch (policy) {
    case IcmpOpenPolicy::Any: return true;
    case IcmpOpenPolicy::Hard: return hard;
    case IcmpOpenPolicy::HardTtl: return hard || k == IcmpKind::TimeExceeded;
    case IcmpOpenPolicy::Never: return false;
  }
  return false;
}

}  // namespace

void Endpoint::Tcb::icmp_arrives(const IcmpError& e) {
  const char* what = icmp_kind_cause(e.kind);
  if (state == State::Closed || state == State::Listen) {
    record_ignored(what, "no connection has sent the quoted segment");
  } else if (!(snd_una <= e.seq && e.seq < snd_max)) {
    // RFC 5927 §4.1: an error for a segment we did not send, or that was
    // acknowledged already, may be forged; it is ignored.
    record_ignored(what, "quoted SEQ outside SND.UNA..SND.MAX: ignored (RFC 5927 §4.1)");
  } else if ((state == State::SynSent || state == State::SynReceived) &&
             aborts_open(settings.icmp_aborts_open, e.kind)) {
    fire(ev::RcvIcmpHardError{icmp_socket_error(e.kind)}, what);
  } else {
    fire(ev::RcvIcmpSoftError{icmp_socket_error(e.kind)}, what);
  }
  finish_input();
}

}  // namespace synack::tcp

// ICMP errors for a connection (RFC 1122 §4.2.3.9, RFC 5461, RFC 5927 §4.1):
// hard errors end an opening, soft ones are remembered, errors quoting a
// sequence number we did not send are ignored.
#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

IcmpError icmp(IcmpKind kind, std::uint32_t seq) { return IcmpError{kind, SeqNum(seq)}; }

Settings policy(IcmpOpenPolicy p) {
  Settings s;
  s.icmp_aborts_open = p;
  return s;
}

// Runs the timers until the endpoint gives up.
void run_out(Endpoint& ep) {
  while (const std::optional<TimeUs> at = ep.poll_at()) ep.on_timer(*at);
}

// RFC 1122 §4.2.3.9: port unreachable is a hard error; the opening ends.
TEST(SynSent, IcmpPortUnreachable_Closed) {
  Endpoint ep = syn_sent();
  ep.on_icmp(kStep1, icmp(IcmpKind::PortUnreachable, kIss));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionRefused);
  EXPECT_EQ(last_change(ep).cause, "rcv ICMP port unreachable");
  EXPECT_TRUE(sent(ep).empty());  // no RST: nobody is there
  EXPECT_TRUE(contains(notices(ep), Notice::Error));
}

// RFC 5461 §4.1 (the default, as Linux): even a soft error ends an opening.
TEST(SynSent, IcmpHostUnreachable_ClosedWithEhostunreach) {
  Endpoint ep = syn_sent();
  ep.on_icmp(kStep1, icmp(IcmpKind::HostUnreachable, kIss));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::HostUnreachable);
  Endpoint net = syn_sent();
  net.on_icmp(kStep1, icmp(IcmpKind::NetUnreachable, kIss));
  EXPECT_EQ(net.error(), SocketError::NetUnreachable);
}

// RFC 1122 §4.2.3.9 to the letter: a soft error is remembered, and the
// timeout reports it instead of ETIMEDOUT.
TEST(SynSent, IcmpSoftError_RememberedAndReportedOnTimeout) {
  Settings s = policy(IcmpOpenPolicy::Hard);
  s.syn_retries = 1;
  Endpoint ep = syn_sent(s);
  ep.on_icmp(kStep1, icmp(IcmpKind::HostUnreachable, kIss));
  EXPECT_EQ(ep.state(), State::SynSent);
  ASSERT_FALSE(ep.ignored().empty());
  EXPECT_EQ(ep.ignored().back().event, "rcv ICMP host unreachable");
  run_out(ep);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::HostUnreachable);
}

TEST(SynSent, IcmpPolicyNever_EvenAHardErrorIsSoft) {
  Endpoint ep = syn_sent(policy(IcmpOpenPolicy::Never));
  ep.on_icmp(kStep1, icmp(IcmpKind::PortUnreachable, kIss));
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_EQ(ep.take_soft_error(), SocketError::ConnectionRefused);
  EXPECT_EQ(ep.take_soft_error(), SocketError::None);  // taken once
}

// FreeBSD's rule: TTL exceeded ends an opening, net unreachable does not.
TEST(SynSent, IcmpPolicyHardTtl_TimeExceededIsHard) {
  Endpoint ttl = syn_sent(policy(IcmpOpenPolicy::HardTtl));
  ttl.on_icmp(kStep1, icmp(IcmpKind::TimeExceeded, kIss));
  EXPECT_EQ(ttl.state(), State::Closed);
  EXPECT_EQ(ttl.error(), SocketError::HostUnreachable);
  Endpoint net = syn_sent(policy(IcmpOpenPolicy::HardTtl));
  net.on_icmp(kStep1, icmp(IcmpKind::NetUnreachable, kIss));
  EXPECT_EQ(net.state(), State::SynSent);
}

// RFC 5927 §4.1: the quoted sequence number must lie in SND.UNA..SND.NXT-1.
TEST(SynSent, IcmpQuotingSeqOutsideTheWindow_Ignored) {
  Endpoint ep = syn_sent();
  ep.on_icmp(kStep1, icmp(IcmpKind::PortUnreachable, kIss + 1));
  ep.on_icmp(kStep1, icmp(IcmpKind::PortUnreachable, kIss - 1));
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_EQ(ep.error(), SocketError::None);
  ASSERT_EQ(ep.ignored().size(), 2u);
  EXPECT_EQ(ep.ignored()[0].reason,
            "quoted SEQ outside SND.UNA..SND.MAX: ignored (RFC 5927 §4.1)");
}

// Linux's tcp_req_err: a passive opening hit by a hard error is dropped quietly.
TEST(SynReceived, IcmpHardErrorPassive_BackToListen) {
  Endpoint ep = syn_received_passive();
  ep.on_icmp(kNow, icmp(IcmpKind::PortUnreachable, kIss));
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(ep.error(), SocketError::None);
  EXPECT_TRUE(sent(ep).empty());
}

TEST(SynReceived, IcmpHardErrorActive_Closed) {
  Endpoint ep = syn_received_active();
  ep.on_icmp(kNow, icmp(IcmpKind::ProtocolUnreachable, kIss));
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionRefused);
}

TEST(SynReceived, IcmpSoftError_Remembered) {
  Endpoint ep = syn_received_passive(policy(IcmpOpenPolicy::Hard));
  ep.on_icmp(kNow, icmp(IcmpKind::NetUnreachable, kIss));
  EXPECT_EQ(ep.state(), State::SynReceived);
  EXPECT_EQ(ep.take_soft_error(), SocketError::NetUnreachable);
}

// RFC 5461 §4.2: once synchronized, even a hard error only is remembered.
TEST(Established, IcmpError_RememberedNotFatal) {
  Endpoint ep = established();
  send_text(ep, kNow, "hello");
  (void)sent(ep);
  ep.on_icmp(kNow, icmp(IcmpKind::PortUnreachable, kIss + 1));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(ep.error(), SocketError::None);
  EXPECT_EQ(ep.ignored().back().reason,
            "soft error remembered: a timeout reports it (RFC 1122 §4.2.3.9)");
  run_out(ep);
  EXPECT_EQ(ep.state(), State::Closed);
  EXPECT_EQ(ep.error(), SocketError::ConnectionRefused);  // not ETIMEDOUT
}

// An ACK shows the path works again: the soft error is forgotten (as Linux).
TEST(Established, IcmpErrorThenAck_Forgotten) {
  Endpoint ep = established();
  send_text(ep, kNow, "hello");
  ep.on_icmp(kNow, icmp(IcmpKind::HostUnreachable, kIss + 1));
  ep.on_segment(kNow, seg(".", kIrs + 1, kIss + 6));
  EXPECT_EQ(ep.take_soft_error(), SocketError::None);
}

// Nothing in flight: no segment of ours could have caused it.
TEST(Established, IcmpQuotingAckedSeq_Ignored) {
  Endpoint ep = established();
  ep.on_icmp(kNow, icmp(IcmpKind::PortUnreachable, kIss + 1));
  EXPECT_EQ(ep.take_soft_error(), SocketError::None);
  EXPECT_EQ(ep.ignored().back().reason,
            "quoted SEQ outside SND.UNA..SND.MAX: ignored (RFC 5927 §4.1)");
}

// Every synchronized state with something in flight remembers a soft error.
TEST(Synchronized, IcmpSoftError_StaysInEachState) {
  struct Case {
    Endpoint (*build)(const Settings&);
    State state;
  };
  for (const Case& c : {Case{fin_wait_1, State::FinWait1}, Case{close_wait, State::CloseWait},
                        Case{closing, State::Closing}, Case{last_ack, State::LastAck}}) {
    Endpoint ep = c.build({});
    const SeqNum una = ep.status().snd_una;
    ep.on_icmp(kNow, IcmpError{IcmpKind::TimeExceeded, una});
    EXPECT_EQ(ep.state(), c.state) << state_name(c.state);
    if (c.state == State::CloseWait) {
      EXPECT_EQ(ep.take_soft_error(), SocketError::None);  // nothing in flight
      send_text(ep, kNow, "x");
      ep.on_icmp(kNow, IcmpError{IcmpKind::TimeExceeded, una});
      EXPECT_EQ(ep.state(), State::CloseWait);
    }
    EXPECT_EQ(ep.take_soft_error(), SocketError::HostUnreachable) << state_name(c.state);
  }
}

// FIN-WAIT-2 and TIME-WAIT have nothing of ours in flight, so no ICMP error can
// quote it; LISTEN has sent nothing. The error is recorded, nothing changes.
TEST(TimeWait, IcmpError_Ignored) {
  for (Endpoint (*build)(const Settings&) : {fin_wait_2, time_wait}) {
    Endpoint ep = build({});
    const State before = ep.state();
    ep.on_icmp(kNow, icmp(IcmpKind::PortUnreachable, kIss + 2));
    EXPECT_EQ(ep.state(), before);
    EXPECT_EQ(ep.take_soft_error(), SocketError::None);
  }
  Endpoint l = listen();
  l.on_icmp(kNow, icmp(IcmpKind::PortUnreachable, kIss));
  EXPECT_EQ(l.state(), State::Listen);
  EXPECT_EQ(l.ignored().back().reason, "no connection has sent the quoted segment");
}

}  // namespace
}  // namespace synack::tcp::test

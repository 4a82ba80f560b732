// Ports (bind, SO_REUSEADDR against TIME-WAIT, ephemeral ports), the RST for a
// segment no one owns (RFC 9293 §3.10.7.1), and the stack's deadlines across
// connections (poll_at / on_timer).
#include <gtest/gtest.h>

#include <cerrno>

#include "tests/core/socket/stack_fixture.hpp"

namespace synack::sock::test {
namespace {

using tcp::State;

// ---- bind ----

TEST(StackBind, PortHeldByAnotherSocket_Eaddrinuse) {
  Host h;
  const int a = h.stack.socket(false);
  const int b = h.stack.socket(false);
  ASSERT_EQ(h.stack.bind(0, a, 0, 5000).err, 0);
  EXPECT_EQ(h.stack.bind(0, b, 0, 5000).err, EADDRINUSE);
  EXPECT_EQ(h.stack.bind(0, b, kHostIp, 5000).err, EADDRINUSE);
  ASSERT_EQ(h.stack.close(0, a).err, 0);
  EXPECT_EQ(h.stack.bind(0, b, 0, 5000).err, 0);  // free once the holder closed
}

TEST(StackBind, BothWithSoReuseaddr_SharedWhileNotListening) {
  Host h;
  const int a = h.stack.socket(false);
  const int b = h.stack.socket(false);
  ASSERT_EQ(h.stack.setsockopt(0, a, SockOpt::ReuseAddr, 1).err, 0);
  ASSERT_EQ(h.stack.setsockopt(0, b, SockOpt::ReuseAddr, 1).err, 0);
  ASSERT_EQ(h.stack.bind(0, a, 0, 5000).err, 0);
  EXPECT_EQ(h.stack.bind(0, b, 0, 5000).err, 0);
}

TEST(StackBind, OnlyTheNewSocketWithSoReuseaddr_Eaddrinuse) {
  Host h;
  const int a = h.stack.socket(false);
  const int b = h.stack.socket(false);
  ASSERT_EQ(h.stack.bind(0, a, 0, 5000).err, 0);
  ASSERT_EQ(h.stack.setsockopt(0, b, SockOpt::ReuseAddr, 1).err, 0);
  EXPECT_EQ(h.stack.bind(0, b, 0, 5000).err, EADDRINUSE);
}

TEST(StackBind, TcpAndUdp_SamePortBothBind) {
  Host h;
  const int t = h.stack.socket(false);
  const int u = h.stack.socket(true);
  ASSERT_EQ(h.stack.bind(0, t, 0, 5000).err, 0);
  EXPECT_EQ(h.stack.bind(0, u, 0, 5000).err, 0);
}

TEST(StackBind, NonLocalAddress_Eaddrnotavail) {
  Host h;
  const int fd = h.stack.socket(false);
  EXPECT_EQ(h.stack.bind(0, fd, kOtherHostIp, 5000).err, EADDRNOTAVAIL);
  EXPECT_EQ(h.stack.bind(0, fd, kHostIp, 5000).err, 0);
}

TEST(StackBind, Twice_Einval) {
  Host h;
  const int fd = h.stack.socket(false);
  ASSERT_EQ(h.stack.bind(0, fd, 0, 5000).err, 0);
  EXPECT_EQ(h.stack.bind(0, fd, 0, 5001).err, EINVAL);
}

// A connection from :5000 closed actively, now in TIME-WAIT; its socket had
// SO_REUSEADDR when `reuse` says so.
struct TimeWaitHost {
  explicit TimeWaitHost(StackSettings settings = {}, bool reuse = false) : h(settings) {
    const int fd = h.stack.socket(false);
    if (reuse) {
      EXPECT_EQ(h.stack.setsockopt(0, fd, SockOpt::ReuseAddr, 1).err, 0);
    }
    EXPECT_EQ(h.stack.bind(0, fd, 0, 5000).err, 0);
    c = h.stack.connect(0, fd, kPeerIp, kServicePort).conn;
    h.from_peer(10 * kMillis, seg("S.", kIrs, kIss + 1), kServicePort, 5000);
    EXPECT_EQ(h.stack.close(20 * kMillis, fd).err, 0);
    h.from_peer(30 * kMillis, seg("F.", kIrs + 1, kIss + 2), kServicePort, 5000);
    EXPECT_EQ(h.state_of(c), State::TimeWait);
    h.out();
  }
  Host h;
  ConnHandle c = kNoConn;
};

TEST(StackBind, TimeWaitHoldsThePort_Eaddrinuse) {
  TimeWaitHost tw;
  const int fd = tw.h.stack.socket(false);
  EXPECT_EQ(tw.h.stack.bind(40 * kMillis, fd, 0, 5000).err, EADDRINUSE);
}

TEST(StackBind, TimeWaitWithSoReuseaddrOnTheNewSocket_Binds) {
  TimeWaitHost tw;
  const int fd = tw.h.stack.socket(false);
  ASSERT_EQ(tw.h.stack.setsockopt(40 * kMillis, fd, SockOpt::ReuseAddr, 1).err, 0);
  EXPECT_EQ(tw.h.stack.bind(40 * kMillis, fd, 0, 5000).err, 0);
}

// Linux (reuse_addr_both): the TIME-WAIT connection's socket must have had
// SO_REUSEADDR too.
TEST(StackBind, ReuseAddrBoth_TimeWaitWithoutTheOptionOnTheOldSocket_Eaddrinuse) {
  StackSettings linux_like;
  linux_like.reuse_addr_both = true;
  for (const bool old_had_it : {false, true}) {
    TimeWaitHost tw(linux_like, old_had_it);
    const int fd = tw.h.stack.socket(false);
    ASSERT_EQ(tw.h.stack.setsockopt(40 * kMillis, fd, SockOpt::ReuseAddr, 1).err, 0);
    EXPECT_EQ(tw.h.stack.bind(40 * kMillis, fd, 0, 5000).err, old_had_it ? 0 : EADDRINUSE)
        << "old socket had SO_REUSEADDR: " << old_had_it;
  }
}

TEST(StackBind, TimeWaitSameFourTuple_ConnectEaddrnotavail) {
  TimeWaitHost tw;
  const int fd = tw.h.stack.socket(false);
  ASSERT_EQ(tw.h.stack.setsockopt(40 * kMillis, fd, SockOpt::ReuseAddr, 1).err, 0);
  ASSERT_EQ(tw.h.stack.bind(40 * kMillis, fd, 0, 5000).err, 0);
  EXPECT_EQ(tw.h.stack.connect(40 * kMillis, fd, kPeerIp, kServicePort).err, EADDRNOTAVAIL);
  EXPECT_EQ(tw.h.out().segments(), Sent{});
  // Another peer port is another connection.
  EXPECT_EQ(tw.h.stack.connect(40 * kMillis, fd, kPeerIp, kServicePort + 1).err, EINPROGRESS);
}

TEST(StackBind, TimeWaitOver_PortFreeAgain) {
  TimeWaitHost tw;
  tw.h.stack.on_timer(30 * kMillis + 60 * kSeconds);
  EXPECT_EQ(tw.h.state_of(tw.c), State::Closed);
  const int fd = tw.h.stack.socket(false);
  EXPECT_EQ(tw.h.stack.bind(0, fd, 0, 5000).err, 0);
}

TEST(StackBind, EphemeralPorts_FromTheConfiguredFirstUpwards) {
  StackSettings s;
  s.ephemeral_port_first = 50000;
  Host h(s);
  const int a = h.stack.socket(false);
  const int b = h.stack.socket(false);
  h.stack.connect(0, a, kPeerIp, kServicePort);
  h.stack.connect(0, b, kPeerIp, kServicePort);
  const auto sends = h.out().sends();
  ASSERT_EQ(sends.size(), 2u);
  EXPECT_EQ(sends[0].src_port, 50000);
  EXPECT_EQ(sends[1].src_port, 50001);
}

TEST(StackBind, EphemeralPorts_SkipAPortInUse) {
  Host h;
  const int holder = h.stack.socket(false);
  ASSERT_EQ(h.stack.bind(0, holder, 0, kEphemeral).err, 0);
  const int fd = h.stack.socket(false);
  ASSERT_EQ(h.stack.bind(0, fd, 0, 0).err, 0);  // port 0: the stack picks
  h.stack.connect(0, fd, kPeerIp, kServicePort);
  const auto sends = h.out().sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].src_port, kEphemeral + 1);
}

TEST(StackBind, ListenWithoutBind_EphemeralPort) {
  Host h;
  const int fd = h.stack.socket(false);
  ASSERT_EQ(h.stack.listen(0, fd, 5).err, 0);
  const auto q = h.out().queues();
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].port, kEphemeral);
}

// ---- segments no one owns ----

TEST(StackNoConnection, AckToAClosedPort_RstAtSegAck) {
  Host h;
  h.from_peer(0, seg(".", kIrs, 1234), kPeerPort, 81);
  auto out = h.out();
  const auto sends = out.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(brief(sends[0].seg), "R seq=1234 len=0");  // <SEQ=SEG.ACK><CTL=RST>
  EXPECT_EQ(sends[0].src_port, 81);
  EXPECT_EQ(sends[0].dst_port, kPeerPort);
  EXPECT_EQ(sends[0].dst, kPeerIp);
  EXPECT_EQ(out.counts(), std::vector<std::string>{"rst_sent"});
}

TEST(StackNoConnection, SynToAClosedPort_RstAckOfSegSeqPlusLen) {
  Host h;
  h.from_peer(0, seg("S", kIrs), kPeerPort, 81);
  EXPECT_EQ(h.out().segments(), Sent{"R. seq=0 ack=5001 len=0"});
}

TEST(StackNoConnection, DataWithoutAck_RstAckCoversTheData) {
  Host h;
  h.from_peer(0, seg("P", kIrs, 0, "abcd"), kPeerPort, 81);
  EXPECT_EQ(h.out().segments(), Sent{"R. seq=0 ack=5004 len=0"});
}

TEST(StackNoConnection, Rst_NotAnswered) {
  Host h;
  h.from_peer(0, seg("R.", kIrs, 1234), kPeerPort, 81);
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_FALSE(out.counted("rst_sent"));
}

TEST(StackNoConnection, ListenerBoundToAnotherPort_Rst) {
  Host h;
  h.listener();
  h.from_peer(0, seg("S", kIrs), kPeerPort, kPort + 1);
  EXPECT_EQ(h.out().segments(), Sent{"R. seq=0 ack=5001 len=0"});
}

// ---- deadlines across connections ----

TEST(StackTimers, PollAt_EarliestDeadlineAcrossConnections) {
  Host h;
  EXPECT_EQ(h.stack.poll_at(), std::nullopt);
  const int a = h.stack.socket(false);
  const int b = h.stack.socket(false);
  h.stack.connect(100 * kMillis, b, kPeerIp, kServicePort);
  h.stack.connect(200 * kMillis, a, kPeerIp, kServicePort);
  EXPECT_EQ(h.stack.poll_at(), 100 * kMillis + kSeconds);
}

TEST(StackTimers, OnTimerAtTheDeadline_RetransmitsThatSynOnly) {
  Host h;
  const int a = h.stack.socket(false);
  const int b = h.stack.socket(false);
  const ConnHandle ca = h.stack.connect(0, a, kPeerIp, kServicePort).conn;
  const ConnHandle cb = h.stack.connect(100 * kMillis, b, kPeerIp, kServicePort).conn;
  h.out();
  h.stack.on_timer(kSeconds - 1);
  EXPECT_EQ(h.out().segments(), Sent{});
  h.stack.on_timer(kSeconds);
  auto out = h.out();
  const auto sends = out.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(brief(sends[0].seg), "S seq=1000 len=0");
  EXPECT_EQ(sends[0].src_port, kEphemeral);
  EXPECT_EQ(out.timers(cb).size(), 0u);
  ASSERT_EQ(out.timers(ca).size(), 2u);  // fired, then set again with the doubled RTO
  EXPECT_EQ(out.timers(ca)[0].op, tcp::TimerOp::Fired);
  EXPECT_EQ(out.timers(ca)[1].deadline, 3 * kSeconds);
  EXPECT_EQ(h.stack.poll_at(), 100 * kMillis + kSeconds);
  h.stack.on_timer(100 * kMillis + kSeconds);
  const auto second = h.out().sends();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].src_port, kEphemeral + 1);
  EXPECT_EQ(h.stack.poll_at(), 3 * kSeconds);
}

TEST(StackTimers, OneOnTimerLate_RunsEveryDueConnection) {
  Host h;
  const int a = h.stack.socket(false);
  const int b = h.stack.socket(false);
  h.stack.connect(0, a, kPeerIp, kServicePort);
  h.stack.connect(100 * kMillis, b, kPeerIp, kServicePort);
  h.out();
  h.stack.on_timer(2 * kSeconds);
  EXPECT_EQ(h.out().segments(), (Sent{"S seq=1000 len=0", "S seq=1000 len=0"}));
}

TEST(StackTimers, CancelledDeadline_DoesNotFire) {
  Host h;
  const int fd = h.stack.socket(false);
  h.stack.connect(0, fd, kPeerIp, kServicePort);
  h.from_service(10 * kMillis, seg("S.", kIrs, kIss + 1));
  h.out();
  EXPECT_EQ(h.stack.poll_at(), std::nullopt);
  h.stack.on_timer(kSeconds);
  EXPECT_EQ(h.out().segments(), Sent{});
}

TEST(StackTimers, MovedDeadline_StaleOneSkippedAndTheNewOneFiresOnce) {
  Host h;
  const int fd = h.client();
  h.out();
  ASSERT_EQ(send_text(h.stack, 100 * kMillis, fd, "a").value, 1);  // deadline 1.1 s
  h.from_service(150 * kMillis, seg(".", kIrs + 1, kIss + 2));     // acked: cancelled
  ASSERT_EQ(send_text(h.stack, 500 * kMillis, fd, "b").value, 1);  // deadline 0.5 s + RTO
  h.out();
  const TimeUs deadline = *h.stack.poll_at();
  EXPECT_GT(deadline, 1100 * kMillis);
  h.stack.on_timer(1100 * kMillis);  // the stale entry
  EXPECT_EQ(h.out().segments(), Sent{});
  EXPECT_EQ(h.stack.poll_at(), deadline);
  h.stack.on_timer(deadline);
  EXPECT_EQ(h.out().segments(), Sent{"P. seq=1002 ack=5001 len=1"});
  h.stack.on_timer(deadline);  // the same time again: nothing more
  EXPECT_EQ(h.out().segments(), Sent{});
  EXPECT_GT(*h.stack.poll_at(), deadline);
}

TEST(StackTimers, ClosedConnection_NoDeadlineLeft) {
  Host h;
  const int fd = h.client();
  ASSERT_EQ(send_text(h.stack, 20 * kMillis, fd, "a").value, 1);
  ASSERT_TRUE(h.stack.poll_at().has_value());
  h.stack.abort(30 * kMillis, h.stack.conn_of(fd));
  EXPECT_EQ(h.out().segments(), (Sent{"P. seq=1001 ack=5001 len=1", "R seq=1002 len=0"}));
  EXPECT_EQ(h.stack.poll_at(), std::nullopt);
}

// TCP_KEEPINIT (seconds): the connection-establishment timeout of a connect().
TEST(StackTimers, KeepInit_ConnectFailsWithEtimedoutAtItsEnd) {
  Host h;
  const int fd = h.stack.socket(false);
  EXPECT_EQ(h.stack.setsockopt(0, fd, SockOpt::KeepInit, 0).err, EINVAL);
  ASSERT_EQ(h.stack.setsockopt(0, fd, SockOpt::KeepInit, 2).err, 0);
  ASSERT_EQ(h.stack.connect(0, fd, kPeerIp, kServicePort).err, EINPROGRESS);
  h.out();
  h.stack.on_timer(2 * kSeconds - 1);
  EXPECT_EQ(h.stack.connect_result(fd).err, EALREADY);
  h.stack.on_timer(2 * kSeconds);
  EXPECT_EQ(h.stack.connect_result(fd).err, ETIMEDOUT);
  const int udp = h.stack.socket(true);
  EXPECT_EQ(h.stack.setsockopt(0, udp, SockOpt::KeepInit, 2).err, EOPNOTSUPP);
}

}  // namespace
}  // namespace synack::sock::test

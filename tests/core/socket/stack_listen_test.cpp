// Listening sockets: the handshake through the SYN and accept queues, accept(),
// the backlog bounding both queues, and closing a listener with connections
// still queued on it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>

#include "tests/core/socket/stack_fixture.hpp"

namespace synack::sock::test {
namespace {

using tcp::State;

QueueChange queues(std::uint16_t syn, std::uint16_t accept, std::uint16_t backlog) {
  return QueueChange{kPort, syn, accept, backlog};
}

::testing::AssertionResult same(const QueueChange& a, const QueueChange& b) {
  if (a.port == b.port && a.syn_queue == b.syn_queue && a.accept_queue == b.accept_queue &&
      a.backlog == b.backlog) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "queues of :" << a.port << " syn=" << a.syn_queue << " accept=" << a.accept_queue
         << " backlog=" << a.backlog << ", expected :" << b.port << " syn=" << b.syn_queue
         << " accept=" << b.accept_queue << " backlog=" << b.backlog;
}

TEST(StackListen, Listen_RecordsEmptyQueuesAndOpensTheListenersEndpoint) {
  Host h;
  const int l = h.stack.socket(false);
  ASSERT_EQ(h.stack.bind(0, l, 0, kPort).err, 0);
  const Result r = h.stack.listen(0, l, 3);
  ASSERT_EQ(r.err, 0);
  auto out = h.out();
  ASSERT_EQ(out.queues().size(), 1u);
  EXPECT_TRUE(same(out.queues()[0], queues(0, 0, 3)));
  ASSERT_EQ(out.opened().size(), 1u);
  EXPECT_EQ(out.opened()[0].conn, r.conn);
  EXPECT_EQ(out.opened()[0].id.remote_port, 0);  // a listener has no peer
  EXPECT_EQ(path(out.state_changes(r.conn)), "CLOSED>LISTEN");
  EXPECT_TRUE(h.stack.is_listening(l));
  EXPECT_EQ(out.segments(), Sent{});
}

TEST(StackListen, Syn_AnsweredWithSynAckAndQueuedHalfOpen) {
  Host h;
  const int l = h.listener();
  h.from_peer(10 * kMillis, seg("S", kIrs));
  auto out = h.out();
  const auto sends = out.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(brief(sends[0].seg), "S. seq=1000 ack=5001 len=0");
  EXPECT_EQ(sends[0].src, kHostIp);
  EXPECT_EQ(sends[0].dst, kPeerIp);
  EXPECT_EQ(sends[0].src_port, kPort);
  EXPECT_EQ(sends[0].dst_port, kPeerPort);
  ASSERT_EQ(out.opened().size(), 1u);
  const ConnHandle c = out.opened()[0].conn;
  EXPECT_EQ(out.opened()[0].id.remote_ip, kPeerIp);
  EXPECT_EQ(out.opened()[0].id.remote_port, kPeerPort);
  EXPECT_EQ(path(out.state_changes(c)), "LISTEN>SYN-RECEIVED");
  ASSERT_EQ(out.queues().size(), 1u);
  EXPECT_TRUE(same(out.queues()[0], queues(1, 0, 5)));
  EXPECT_EQ(h.stack.accept_ready(l), 0u);
  EXPECT_EQ(h.stack.accept(10 * kMillis, l).err, EAGAIN);
  EXPECT_EQ(h.state_of(h.stack.conn_of(l)), State::Listen);  // the listener stays
}

TEST(StackListen, HandshakeAck_MovesTheConnectionToTheAcceptQueue) {
  Host h;
  const int l = h.listener();
  h.syn(10 * kMillis);
  h.ack_of_syn(20 * kMillis);
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{});
  ASSERT_EQ(out.queues().size(), 1u);
  EXPECT_TRUE(same(out.queues()[0], queues(0, 1, 5)));
  EXPECT_TRUE(out.ready_for(l));
  EXPECT_EQ(h.stack.accept_ready(l), 1u);
}

TEST(StackListen, Accept_ReturnsANewFdForTheQueuedConnection) {
  Host h;
  const int l = h.listener();
  h.syn(10 * kMillis);
  const ConnHandle c = h.stack.connections().back();
  h.ack_of_syn(20 * kMillis);
  h.out();
  const Result r = h.stack.accept(30 * kMillis, l);
  ASSERT_EQ(r.err, 0);
  EXPECT_EQ(r.value, l + 1);  // the lowest free number
  EXPECT_EQ(r.conn, c);
  EXPECT_EQ(h.stack.conn_of(static_cast<int>(r.value)), c);
  EXPECT_EQ(h.state_of(c), State::Established);
  auto out = h.out();
  ASSERT_EQ(out.queues().size(), 1u);
  EXPECT_TRUE(same(out.queues()[0], queues(0, 0, 5)));
  EXPECT_EQ(h.stack.accept(30 * kMillis, l).err, EAGAIN);
}

TEST(StackListen, AcceptOnAnEmptyQueue_Eagain) {
  Host h;
  const int l = h.listener();
  const Result r = h.stack.accept(0, l);
  EXPECT_EQ(r.value, -1);
  EXPECT_EQ(r.err, EAGAIN);
}

TEST(StackListen, AcceptOnASocketNotListening_Einval) {
  Host h;
  const int fd = h.stack.socket(false);
  EXPECT_EQ(h.stack.accept(0, fd).err, EINVAL);
  EXPECT_EQ(h.stack.accept(0, 99).err, EBADF);
}

TEST(StackListen, DataOnTheHandshakeAck_ReadableOnceAccepted) {
  Host h;
  const int l = h.listener();
  h.syn(10 * kMillis);
  h.from_peer(20 * kMillis, seg("P.", kIrs + 1, kIss + 1, "hello"));
  EXPECT_EQ(h.out().segments(), Sent{". seq=1001 ack=5006 len=0"});
  const Result r = h.stack.accept(30 * kMillis, l);
  ASSERT_EQ(r.err, 0);
  auto [got, text] = recv_text(h.stack, 30 * kMillis, static_cast<int>(r.value));
  EXPECT_EQ(got.value, 5);
  EXPECT_EQ(text, "hello");
}

TEST(StackListen, SynQueueFull_SynDroppedWithCountAndNote) {
  Host h;
  const int l = h.listener(1);
  h.syn(10 * kMillis, kPeerPort);
  h.from_peer(11 * kMillis, seg("S", kIrs), kPeerPort + 1);
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_EQ(out.counts(), std::vector<std::string>{"syn_dropped"});
  EXPECT_TRUE(out.noted("SYN from 10.0.0.2:33001 dropped: SYN queue of :80 is full (1/1)"))
      << ::testing::PrintToString(out.notes());
  EXPECT_EQ(out.opened().size(), 0u);  // nothing kept
  EXPECT_EQ(out.queues().size(), 0u);
  EXPECT_EQ(h.stack.accept_ready(l), 0u);
}

TEST(StackListen, AcceptQueueFull_NewSynDropped) {
  Host h;
  h.listener(1);
  h.syn(10 * kMillis);
  h.ack_of_syn(20 * kMillis);
  h.out();
  h.from_peer(30 * kMillis, seg("S", kIrs), kPeerPort + 1);
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_TRUE(out.counted("syn_dropped"));
  EXPECT_TRUE(out.noted("accept queue of :80 is full (1/1)"))
      << ::testing::PrintToString(out.notes());
}

// Linux's accept queue holds backlog + 1: with listen(fd, 1) a second
// established connection still waits to be accepted; the third SYN is dropped.
TEST(StackListen, AcceptBacklogPlusOne_HoldsOneMore) {
  StackSettings linux_like;
  linux_like.accept_backlog_plus_one = true;
  Host h(linux_like);
  const int l = h.listener(1);
  for (std::uint16_t k = 0; k < 2; ++k) {
    h.from_peer((10 + k) * kMillis, seg("S", kIrs), kPeerPort + k);
    h.from_peer((20 + k) * kMillis, seg(".", kIrs + 1, kIss + 1), kPeerPort + k);
  }
  EXPECT_EQ(h.stack.accept_ready(l), 2u);
  h.out();
  h.from_peer(30 * kMillis, seg("S", kIrs), kPeerPort + 2);
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_TRUE(out.noted("accept queue of :80 is full (2/2)"))
      << ::testing::PrintToString(out.notes());
}

// The accept queue fills while a third handshake is still open: its last ACK
// is dropped as if lost, and the SYN,ACK retransmission asks for it again.
TEST(StackListen, AcceptQueueFull_HandshakeAckDroppedAndSynAckRetransmitted) {
  Host h;
  const int l = h.listener(2);
  const std::uint16_t a = kPeerPort, b = kPeerPort + 1, c = kPeerPort + 2;
  h.syn(10 * kMillis, a);
  h.syn(11 * kMillis, b);
  h.ack_of_syn(12 * kMillis, a);  // accept queue 1, SYN queue 1
  h.syn(13 * kMillis, c);         // room again in the SYN queue
  h.ack_of_syn(14 * kMillis, b);  // accept queue 2: full
  const ConnHandle conn_c = h.stack.connections().back();
  h.out();

  h.ack_of_syn(15 * kMillis, c);
  auto out = h.out();
  EXPECT_EQ(out.counts(), std::vector<std::string>{"accept_queue_overflow"});
  EXPECT_TRUE(out.noted("ACK dropped: accept queue of :80 is full (2/2)"))
      << ::testing::PrintToString(out.notes());
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_EQ(out.records(conn_c).size(), 0u);  // the endpoint never saw it
  EXPECT_EQ(h.state_of(conn_c), State::SynReceived);
  EXPECT_EQ(h.stack.accept_ready(l), 2u);

  // C's SYN,ACK timer, set when its SYN came, runs out after the initial RTO.
  EXPECT_EQ(h.stack.poll_at(), 13 * kMillis + kSeconds);
  h.stack.on_timer(13 * kMillis + kSeconds);
  out = h.out();
  const auto sends = out.sends();
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(brief(sends[0].seg), "S. seq=1000 ack=5001 len=0");
  EXPECT_EQ(sends[0].dst_port, c);

  // accept() makes room; the peer's ACK, sent again, now completes the handshake.
  ASSERT_EQ(h.stack.accept(1100 * kMillis, l).err, 0);
  h.out();
  h.ack_of_syn(1200 * kMillis, c);
  out = h.out();
  EXPECT_EQ(h.state_of(conn_c), State::Established);
  EXPECT_FALSE(out.counted("accept_queue_overflow"));
  EXPECT_EQ(h.stack.accept_ready(l), 2u);
}

TEST(StackListen, SynAckRetriesExhausted_HalfOpenEntryLeavesTheSynQueue) {
  StackSettings s;
  s.synack_retries = 1;
  Host h(s);
  h.listener();
  h.syn(0);
  const ConnHandle c = h.stack.connections().back();
  h.stack.on_timer(1 * kSeconds);  // the one retransmission
  EXPECT_EQ(h.out().segments(), Sent{"S. seq=1000 ack=5001 len=0"});
  h.stack.on_timer(3 * kSeconds);  // gives up
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_EQ(h.state_of(c), State::Closed);  // RFC 9293 §3.10.8: it gives up
  ASSERT_EQ(out.queues().size(), 1u);
  EXPECT_TRUE(same(out.queues()[0], queues(0, 0, 5)));
  EXPECT_EQ(h.stack.poll_at(), std::nullopt);
}

// A half-open entry goes without a word (as BSD and Linux do); a connection
// established but not yet accepted is reset.
TEST(StackListen, CloseListener_HalfOpenDroppedSilentlyEstablishedReset) {
  Host h;
  const int l = h.listener();
  const ConnHandle listen_ep = h.stack.conn_of(l);
  const std::uint16_t est = kPeerPort, half = kPeerPort + 1;
  h.syn(10 * kMillis, est);
  const ConnHandle c_est = h.stack.connections().back();
  h.ack_of_syn(20 * kMillis, est);
  h.syn(30 * kMillis, half);
  const ConnHandle c_half = h.stack.connections().back();
  h.out();

  ASSERT_EQ(h.stack.close(40 * kMillis, l).err, 0);
  auto out = h.out();
  const auto sends = out.sends();
  ASSERT_EQ(sends.size(), 1u);  // only the established connection hears of it
  EXPECT_TRUE(sends[0].seg.has(tcp::flag::RST));
  EXPECT_EQ(sends[0].seg.seq.raw(), kIss + 1);
  EXPECT_EQ(sends[0].dst_port, est);
  EXPECT_EQ(out.counts(), std::vector<std::string>{"rst_sent"});

  const auto half_changes = out.state_changes(c_half);
  ASSERT_EQ(half_changes.size(), 1u);
  EXPECT_EQ(half_changes[0].from, State::SynReceived);
  EXPECT_EQ(half_changes[0].to, State::Closed);
  EXPECT_EQ(half_changes[0].cause, "listener closed");
  EXPECT_EQ(path(out.state_changes(c_est)), "ESTABLISHED>CLOSED");
  EXPECT_EQ(path(out.state_changes(listen_ep)), "LISTEN>CLOSED");
  EXPECT_EQ(h.state_of(c_half), State::Closed);
  EXPECT_EQ(h.state_of(c_est), State::Closed);
  EXPECT_FALSE(h.stack.is_open(l));
  EXPECT_EQ(h.stack.poll_at(), std::nullopt);  // the half-open entry's timer went too

  // The port is free again and nothing answers there but RFC 9293's RST.
  h.from_peer(50 * kMillis, seg("S", kIrs), half + 1);
  EXPECT_EQ(h.out().segments(), Sent{"R. seq=0 ack=5001 len=0"});
}

TEST(StackListen, RstOnAHalfOpenEntry_LeavesTheSynQueueSilently) {
  Host h;
  h.listener();
  h.syn(10 * kMillis);
  const ConnHandle c = h.stack.connections().back();
  h.from_peer(20 * kMillis, seg("R", kIrs + 1));
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_EQ(path(out.state_changes(c)), "SYN-RECEIVED>LISTEN");
  ASSERT_EQ(out.queues().size(), 1u);
  EXPECT_TRUE(same(out.queues()[0], queues(0, 0, 5)));
  EXPECT_EQ(h.stack.poll_at(), std::nullopt);
  // The entry is gone: the peer's next SYN makes a new one.
  h.syn(30 * kMillis);
  EXPECT_NE(h.stack.connections().back(), c);
}

TEST(StackListen, RetransmittedSynOnAHalfOpenEntry_NoSecondEntry) {
  Host h;
  h.listener();
  h.syn(10 * kMillis);
  h.from_peer(20 * kMillis, seg("S", kIrs));
  auto out = h.out();
  EXPECT_EQ(out.opened().size(), 0u);
  EXPECT_EQ(out.queues().size(), 0u);
  EXPECT_EQ(out.sends().size(), 1u);  // answered, by the entry itself
}

TEST(StackListen, RstWhileInTheAcceptQueue_AcceptedSocketReportsIt) {
  Host h;
  const int l = h.listener();
  h.syn(10 * kMillis);
  h.ack_of_syn(20 * kMillis);
  h.from_peer(30 * kMillis, seg("R.", kIrs + 1, kIss + 1));
  h.out();
  const Result r = h.stack.accept(40 * kMillis, l);
  ASSERT_EQ(r.err, 0);
  const int fd = static_cast<int>(r.value);
  EXPECT_EQ(recv_text(h.stack, 40 * kMillis, fd).first.err, ECONNRESET);
  EXPECT_EQ(recv_text(h.stack, 40 * kMillis, fd).first.value, 0);
}

TEST(StackListen, CloseListener_AcceptedConnectionsLiveOn) {
  Host h;
  int l = -1;
  const int fd = h.accepted(&l);
  const ConnHandle c = h.stack.conn_of(fd);
  ASSERT_EQ(h.stack.close(30 * kMillis, l).err, 0);
  EXPECT_EQ(h.out().segments(), Sent{});
  EXPECT_EQ(h.state_of(c), State::Established);
  EXPECT_EQ(send_text(h.stack, 40 * kMillis, fd, "still here").value, 10);
}

// What sockstat lists must not pick up a closed listener's endpoint because a
// new socket got the listener's old fd number.
// DISABLED: fails today. Stack::close (core/socket/stack.cpp, the listening
// branch) leaves the listener endpoint's Conn::fd set, so connections() counts
// it as held by whichever socket reuses the number. Fix: set
// conns_[s->listen_ep]->fd = -1 before closing the listener's endpoint.
TEST(StackListen, ClosedListenersFdReused_OldEndpointNotListed) {
  Host h;
  const int l = h.listener();
  const ConnHandle listen_ep = h.stack.conn_of(l);
  ASSERT_EQ(h.stack.close(10 * kMillis, l).err, 0);
  const auto listed_before = h.stack.connections();
  EXPECT_EQ(std::count(listed_before.begin(), listed_before.end(), listen_ep), 0);
  const int again = h.stack.socket(false);
  ASSERT_EQ(again, l);  // the lowest free number
  const auto listed = h.stack.connections();
  EXPECT_EQ(std::count(listed.begin(), listed.end(), listen_ep), 0)
      << "the closed listener's endpoint is listed as held by fd " << again;
}

TEST(StackListen, SecondListenerOnThePort_Eaddrinuse) {
  Host h;
  h.listener();
  const int other = h.stack.socket(false);
  ASSERT_EQ(h.stack.setsockopt(0, other, SockOpt::ReuseAddr, 1).err, 0);
  EXPECT_EQ(h.stack.bind(0, other, 0, kPort).err, EADDRINUSE);
}

TEST(StackListen, ListenAgain_OnlyTheBacklogChanges) {
  Host h;
  const int l = h.listener(1);
  ASSERT_EQ(h.stack.listen(0, l, 4).err, 0);
  auto out = h.out();
  ASSERT_EQ(out.queues().size(), 1u);
  EXPECT_TRUE(same(out.queues()[0], queues(0, 0, 4)));
  EXPECT_EQ(out.opened().size(), 0u);
}

TEST(StackListen, AckToAListenerWithoutCookies_AnsweredWithRst) {
  Host h;
  h.listener();
  h.from_peer(10 * kMillis, seg(".", kIrs + 1, 777));
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{"R seq=777 len=0"});
  EXPECT_TRUE(out.counted("rst_sent"));
}

}  // namespace
}  // namespace synack::sock::test

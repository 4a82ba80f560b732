// UDP sockets: sendto and the datagram it puts out, delivery to a bound port,
// recvfrom one datagram at a time (cut to the buffer), connected sockets,
// broadcast, and the size limit.
#include <gtest/gtest.h>

#include <cerrno>

#include "tests/core/socket/stack_fixture.hpp"

namespace synack::sock::test {
namespace {

constexpr std::uint16_t kDnsPort = 53;
constexpr std::uint16_t kPeerUdpPort = 7000;

Result sendto_text(Host& h, int fd, std::string_view text, Ip ip, std::uint16_t port) {
  const auto b = bytes(text);
  return h.stack.sendto(0, fd, b.data(), b.size(), ip, port);
}

int bound_udp(Host& h, std::uint16_t port) {
  const int fd = h.stack.socket(true);
  EXPECT_EQ(h.stack.bind(0, fd, 0, port).err, 0);
  return fd;
}

std::string text_of(const std::vector<std::uint8_t>& d) { return {d.begin(), d.end()}; }

TEST(StackUdp, Sendto_DatagramFromAnEphemeralPort) {
  Host h;
  const int fd = h.stack.socket(true);
  const Result r = sendto_text(h, fd, "query", kPeerIp, kDnsPort);
  EXPECT_EQ(r.err, 0);
  EXPECT_EQ(r.value, 5);
  const auto d = h.out().datagrams();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].src, kHostIp);
  EXPECT_EQ(d[0].dst, kPeerIp);
  EXPECT_EQ(d[0].src_port, kEphemeral);
  EXPECT_EQ(d[0].dst_port, kDnsPort);
  EXPECT_EQ(text_of(d[0].data), "query");
}

TEST(StackUdp, SendtoFromABoundPort_ThatPort) {
  Host h;
  const int fd = bound_udp(h, 6000);
  sendto_text(h, fd, "x", kPeerIp, kDnsPort);
  const auto d = h.out().datagrams();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].src_port, 6000);
}

TEST(StackUdp, SendtoNoRoute_Enetunreach) {
  Host h;
  const int fd = h.stack.socket(true);
  EXPECT_EQ(sendto_text(h, fd, "x", kUnroutedIp, kDnsPort).err, ENETUNREACH);
  EXPECT_EQ(h.out().datagrams().size(), 0u);
}

TEST(StackUdp, DatagramToABoundPort_RecvfromReturnsItWithItsSource) {
  Host h;
  const int fd = bound_udp(h, kDnsPort);
  h.stack.on_datagram(10 * kMillis, kPeerIp, kPeerUdpPort, kDnsPort, bytes("hello"));
  EXPECT_TRUE(h.out().ready_for(fd));
  Datagram d;
  const Result r = h.stack.recvfrom(20 * kMillis, fd, 100, d);
  EXPECT_EQ(r.err, 0);
  EXPECT_EQ(r.value, 5);
  EXPECT_EQ(d.src, kPeerIp);
  EXPECT_EQ(d.port, kPeerUdpPort);
  EXPECT_EQ(text_of(d.data), "hello");
  EXPECT_EQ(h.stack.recvfrom(20 * kMillis, fd, 100, d).err, EAGAIN);
}

TEST(StackUdp, TwoDatagrams_OneRecvfromEach) {
  Host h;
  const int fd = bound_udp(h, kDnsPort);
  h.stack.on_datagram(10 * kMillis, kPeerIp, kPeerUdpPort, kDnsPort, bytes("one"));
  h.stack.on_datagram(11 * kMillis, kPeerIp, kPeerUdpPort, kDnsPort, bytes("two"));
  Datagram d;
  ASSERT_EQ(h.stack.recvfrom(20 * kMillis, fd, 100, d).value, 3);
  EXPECT_EQ(text_of(d.data), "one");
  ASSERT_EQ(h.stack.recvfrom(20 * kMillis, fd, 100, d).value, 3);
  EXPECT_EQ(text_of(d.data), "two");
}

TEST(StackUdp, RecvfromSmallerBuffer_TruncatedWithNoteAndCount) {
  Host h;
  const int fd = bound_udp(h, kDnsPort);
  h.stack.on_datagram(10 * kMillis, kPeerIp, kPeerUdpPort, kDnsPort, bytes("0123456789"));
  h.out();
  Datagram d;
  const Result r = h.stack.recvfrom(20 * kMillis, fd, 4, d);
  EXPECT_EQ(r.value, 4);
  EXPECT_EQ(text_of(d.data), "0123");
  auto out = h.out();
  EXPECT_EQ(out.counts(), std::vector<std::string>{"udp_truncated"});
  EXPECT_TRUE(out.noted("recvfrom: datagram of 10 bytes truncated to 4; 6 bytes lost"))
      << ::testing::PrintToString(out.notes());
  // The rest is lost, not kept for the next call.
  EXPECT_EQ(h.stack.recvfrom(20 * kMillis, fd, 100, d).err, EAGAIN);
}

TEST(StackUdp, RecvOnUdp_ReadsOneDatagram) {
  Host h;
  const int fd = bound_udp(h, kDnsPort);
  h.stack.on_datagram(10 * kMillis, kPeerIp, kPeerUdpPort, kDnsPort, bytes("abc"));
  auto [r, text] = recv_text(h.stack, 20 * kMillis, fd, 10);
  EXPECT_EQ(r.value, 3);
  EXPECT_EQ(text, "abc");
}

TEST(StackUdp, DatagramToAnUnboundPort_DroppedWithNoteAndCount) {
  Host h;
  bound_udp(h, kDnsPort);
  h.stack.on_datagram(10 * kMillis, kPeerIp, kPeerUdpPort, 5353, bytes("x"));
  auto out = h.out();
  EXPECT_EQ(out.counts(), std::vector<std::string>{"udp_no_socket"});
  EXPECT_TRUE(out.noted("UDP datagram to port 5353: no socket bound there"))
      << ::testing::PrintToString(out.notes());
  EXPECT_TRUE(out.ready().empty());
}

TEST(StackUdp, DatagramToATcpPort_NoUdpSocket) {
  Host h;
  h.listener();
  h.stack.on_datagram(10 * kMillis, kPeerIp, kPeerUdpPort, kPort, bytes("x"));
  EXPECT_TRUE(h.out().counted("udp_no_socket"));
}

TEST(StackUdp, ConnectedSocket_HearsOnlyItsPeer) {
  Host h;
  const int fd = bound_udp(h, kDnsPort);
  ASSERT_EQ(h.stack.connect(0, fd, kPeerIp, kPeerUdpPort).err, 0);
  h.stack.on_datagram(10 * kMillis, kPeerIp, kPeerUdpPort + 1, kDnsPort, bytes("other port"));
  h.stack.on_datagram(11 * kMillis, kOtherHostIp, kPeerUdpPort, kDnsPort, bytes("other host"));
  EXPECT_EQ(h.out().counts(), (std::vector<std::string>{"udp_no_socket", "udp_no_socket"}));
  h.stack.on_datagram(12 * kMillis, kPeerIp, kPeerUdpPort, kDnsPort, bytes("peer"));
  EXPECT_TRUE(h.out().ready_for(fd));
  Datagram d;
  ASSERT_EQ(h.stack.recvfrom(20 * kMillis, fd, 100, d).err, 0);
  EXPECT_EQ(text_of(d.data), "peer");
  EXPECT_EQ(h.stack.recvfrom(20 * kMillis, fd, 100, d).err, EAGAIN);
}

TEST(StackUdp, ConnectedSocket_SendGoesToThePeer) {
  Host h;
  const int fd = h.stack.socket(true);
  ASSERT_EQ(h.stack.connect(0, fd, kPeerIp, kPeerUdpPort).err, 0);
  EXPECT_EQ(send_text(h.stack, 0, fd, "hi").value, 2);
  const auto d = h.out().datagrams();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].dst, kPeerIp);
  EXPECT_EQ(d[0].dst_port, kPeerUdpPort);
  EXPECT_EQ(d[0].src_port, kEphemeral);  // connect() bound it
}

TEST(StackUdp, SendWithoutPeer_Edestaddrreq) {
  Host h;
  const int fd = h.stack.socket(true);
  EXPECT_EQ(send_text(h.stack, 0, fd, "hi").err, EDESTADDRREQ);
}

TEST(StackUdp, BroadcastWithoutSoBroadcast_Eacces) {
  Host h;
  const int fd = h.stack.socket(true);
  EXPECT_EQ(sendto_text(h, fd, "hello all", kBroadcastIp, 9).err, EACCES);
  EXPECT_EQ(sendto_text(h, fd, "hello all", 0xFFFFFFFFu, 9).err, EACCES);
  EXPECT_EQ(h.out().datagrams().size(), 0u);
  ASSERT_EQ(h.stack.setsockopt(0, fd, SockOpt::Broadcast, 1).err, 0);
  EXPECT_EQ(sendto_text(h, fd, "hello all", kBroadcastIp, 9).err, 0);
  const auto d = h.out().datagrams();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].dst, kBroadcastIp);
}

TEST(StackUdp, OverMaxDatagram_Emsgsize) {
  StackSettings s;
  s.max_datagram = 100;
  Host h(s);
  const int fd = h.stack.socket(true);
  const std::vector<std::uint8_t> big(101, 'x');
  EXPECT_EQ(h.stack.sendto(0, fd, big.data(), big.size(), kPeerIp, kDnsPort).err, EMSGSIZE);
  EXPECT_EQ(h.stack.sendto(0, fd, big.data(), 100, kPeerIp, kDnsPort).value, 100);
  EXPECT_EQ(h.out().datagrams().size(), 1u);
}

TEST(StackUdp, DefaultMaxDatagram_OneEthernetFrame) {
  Host h;
  const int fd = h.stack.socket(true);
  const std::vector<std::uint8_t> big(1473, 'x');
  EXPECT_EQ(h.stack.sendto(0, fd, big.data(), 1473, kPeerIp, kDnsPort).err, EMSGSIZE);
  EXPECT_EQ(h.stack.sendto(0, fd, big.data(), 1472, kPeerIp, kDnsPort).err, 0);
}

TEST(StackUdp, TwoSocketsOnOnePort_Eaddrinuse) {
  Host h;
  bound_udp(h, kDnsPort);
  const int other = h.stack.socket(true);
  EXPECT_EQ(h.stack.bind(0, other, 0, kDnsPort).err, EADDRINUSE);
}

TEST(StackUdp, TcpCallsOnUdp_Eopnotsupp) {
  Host h;
  const int fd = h.stack.socket(true);
  EXPECT_EQ(h.stack.listen(0, fd, 5).err, EOPNOTSUPP);
  EXPECT_EQ(h.stack.setsockopt(0, fd, SockOpt::NoDelay, 1).err, EOPNOTSUPP);
  const int tcp_fd = h.stack.socket(false);
  Datagram d;
  EXPECT_EQ(h.stack.recvfrom(0, tcp_fd, 10, d).err, EOPNOTSUPP);
  EXPECT_EQ(sendto_text(h, tcp_fd, "x", kPeerIp, kDnsPort).err, EOPNOTSUPP);
}

}  // namespace
}  // namespace synack::sock::test

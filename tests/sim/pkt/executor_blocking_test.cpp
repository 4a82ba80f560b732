// What the FreeBSD suite's data-path scripts need of the executor: blocking
// calls played as packetdrill's system-call thread plays them (the script goes
// on while a call waits, and the call must return at its end time), `*` times,
// --mtu, and the sysctls and socket options of the SYN an active opener sends.
#include <gtest/gtest.h>

#include <string>

#include "script_run.hpp"

namespace synack::pkt {
namespace {

const std::string kSocket = " 0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
const std::string kBlockingEstablished = kEstablished + "+0.000 fcntl(3, F_SETFL, O_RDWR) = 0\n";

TEST(PktExecutorBlocking, ConnectReturnsWhenTheHandshakeEnds) {
  expect_passed(kHeader + kSocket + R"(+0.000...0.040 connect(3, ..., ...) = 0
+0.000 > S 0:0(0) <...>
+0.040 < S. 0:0(0) ack 1 win 24000
+0.000 > . 1:1(0) ack 1
)");
}

TEST(PktExecutorBlocking, ReturningAtAnotherTimeFails) {
  const std::string handshake = R"(+0.000 > S 0:0(0) <...>
+0.040 < S. 0:0(0) ack 1 win 24000
+0.000 > . 1:1(0) ack 1
)";
  // Without a range the call must return at its own time.
  const std::string s = kHeader + kSocket + "+0.000 connect(3, ..., ...) = 0\n" + handshake;
  expect_failed(s, "connect(", {"by 0.000 s", "still blocks at 0.020 s"});
  const std::string late =
      kHeader + kSocket + "+0.000...0.200 connect(3, ..., ...) = 0\n" + handshake;
  expect_failed(late, "connect(", {"to return at 0.200 s", "returned at 0.040 s"});
}

TEST(PktExecutorBlocking, AcceptReturnsWhenAConnectionIsReady) {
  expect_passed(kHeader + kSocket + R"(+0.000 bind(3, ..., ...) = 0
+0.000 listen(3, 1) = 0
+0.000...0.020 accept(3, ..., ...) = 4
+0.010 < S 0:0(0) win 65535 <mss 1460>
+0.000 > S. 0:0(0) ack 1 <...>
+0.010 < . 1:1(0) ack 1 win 65535
+0.000 close(4) = 0
+0.000 > F. 1:1(0) ack 1
)");
}

TEST(PktExecutorBlocking, ACallStillBlockingAtTheEndFails) {
  const std::string s = kHeader + kSocket + R"(+0.000 bind(3, ..., ...) = 0
+0.000 listen(3, 1) = 0
+0.000 accept(3, ..., ...) = 4
)";
  expect_failed(s, "accept(", {"expected accept(", "still blocks at 0.020 s"});
}

TEST(PktExecutorBlocking, ReadReturnsWhenDataArrives) {
  expect_passed(kBlockingEstablished + R"(+0.010...0.030 read(3, ..., 100) = 10
+0.020 < P. 1:11(10) ack 1 win 24000
)");
}

// packetdrill has one system-call thread: a second call waits for the first.
TEST(PktExecutorBlocking, ASecondCallWhileOneBlocksIsSkipped) {
  const std::string s = kBlockingEstablished + R"(+0.010 read(3, ..., 100) = 10
+0.000 write(3, ..., 10) = 10
)";
  expect_skipped(s, "write(", {"while read() blocks"});
}

// SO_LINGER with a positive time: close() returns when the FIN is acknowledged.
TEST(PktExecutorBlocking, LingeringCloseReturnsWithTheAckOfItsFin) {
  expect_passed(kEstablished +
                R"(+0.010 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0
+0.010...0.060 close(3) = 0
+0.000 > F. 1:1(0) ack 1
+0.050 < . 1:1(0) ack 2 win 24000
)");
}

// TCP_KEEPINIT bounds the opening: ETIMEDOUT after 2 s, before the SYN
// retransmission that would go at 3.2 s.
TEST(PktExecutorBlocking, KeepInitEndsABlockingConnect) {
  const std::string s =
      kHeader + kSocket + R"(+0.000 setsockopt(3, IPPROTO_TCP, TCP_KEEPINIT, [2], 4) = 0
+0.000...2.000 connect(3, ..., ...) = -1 ETIMEDOUT (Operation timed out)
+0.000 > S 0:0(0) <...>
+1.000 > S 0:0(0) <...>
 4.000 close(3) = 0
)";
  expect_passed(s);
  std::string longer = s;
  longer.replace(longer.find("[2]"), 3, "[5]");
  expect_failed(longer, "connect(", {"still blocks"});
}

// rexmit_slop is added to each backed-off RTO; a `*` line matches whenever
// the segment goes, and later relative times count from then.
TEST(PktExecutorTiming, RexmitSlopAndAnyTime) {
  expect_passed(kHeader + " 0.000 `sysctl -w net.inet.tcp.rexmit_slop=200`\n" + kConnect +
                R"(+1.000 > S 0:0(0) <...>
+2.200 > S 0:0(0) <...>
*      > S 0:0(0) <...>
+8.200 > S 0:0(0) <...>
)");
}

TEST(PktExecutorOptions, MtuGivesTheMss) {
  expect_passed("--mtu=9000\n" + kHeader + R"( 0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 fcntl(3, F_SETFL, O_NONBLOCK) = 0
+0.000 connect(3, ..., ...) = -1 EINPROGRESS (in progress)
+0.000 > S 0:0(0) <mss 8960,nop,wscale 6,sackOK,TS val 0 ecr 0>
)");
}

// ecn.enable=1 makes the SYN an ECN-setup SYN; its flags are compared.
TEST(PktExecutorOptions, EcnEnableOffersEcnOnTheSyn) {
  const std::string head = kHeader + " 0.000 `sysctl -w net.inet.tcp.ecn.enable=1`\n" + R"(
+0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 fcntl(3, F_SETFL, O_NONBLOCK) = 0
+0.000 connect(3, ..., ...) = -1 EINPROGRESS (in progress)
)";
  expect_passed(head + "+0.000 > SEW 0:0(0) <...>\n");
  expect_failed(head + "+0.000 > S 0:0(0) <...>\n", "> S 0:0(0)", {"model sent > SEW"});
}

}  // namespace
}  // namespace synack::pkt

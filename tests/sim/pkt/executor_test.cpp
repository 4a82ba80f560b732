// The packetdrill executor (sim/pkt/executor.hpp) on short scripts written for these tests:
// what passes, how each kind of mismatch is reported (verdict, line, message), timers,
// the host policies the shell lines switch, #ifdef branches and what is skipped.
#include <gtest/gtest.h>

#include <string>

#include "script_run.hpp"

namespace synack::pkt {
namespace {

// ---------------------------------------------------------------------------------------------
// Scripts that pass

TEST(PktExecutorPass, ActiveOpenDataAndClose) {
  const std::string s = kHeader + R"(// host set-up the model ignores
 0.000 `sysctl -w net.inet.tcp.sack.enable=0`
+0.000 `ifconfig lo0 mtu 1500`
+0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
+0.000 connect(3, ..., ...) = -1 EINPROGRESS (in progress)
+0.000 > S 0:0(0) <mss 1460,nop,wscale 6,nop,nop,TS val 0 ecr 0>
+0.030 < S. 0:0(0) ack 1 win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
+0.000 %{ assert tcpi_state == TCPI_ESTABLISHED }%
+0.000 %{ assert tcpi_options == 0 }%
+0.020 write(3, ..., 250) = 250
+0.000 > P. 1:251(250) ack 1
+0.030 < . 1:1(0) ack 251 win 24000
+0.050 close(3) = 0
+0.000 > F. 251:251(0) ack 1
+0.030 < . 1:1(0) ack 252 win 24000
+0.000 `sockstat -4 -P tcp | grep -c FIN_WAIT_2 | grep 1`
+0.010 < F. 1:1(0) ack 252 win 24000
+0.000 > . 252:252(0) ack 2
+0.000 `sockstat -4 -P tcp | grep -c TIME_WAIT | grep 1`
)";
  expect_passed(s);
}

TEST(PktExecutorPass, PassiveOpenAcceptReadAndClose) {
  const std::string s = kHeader + R"( 0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0.000 bind(3, ..., ...) = 0
+0.000 listen(3, 4) = 0
+0.000 %{ assert tcpi_state == TCPI_LISTEN }%
+0.000 `sockstat -4 -P tcp | grep -c LISTEN | grep 1`
+0.020 < S 0:0(0) win 16000 <mss 1300>
+0.000 > S. 0:0(0) ack 1 <mss 1460>
+0.000 `sockstat -4 -P tcp | grep -c SYN_RCVD | grep 1`
+0.030 < . 1:1(0) ack 1 win 16000
+0.000 accept(3, ..., ...) = 4
+0.000 %{ assert tcpi_state == TCPI_ESTABLISHED }%
+0.010 < P. 1:81(80) ack 1 win 16000
+0.000 read(4, ..., 30) = 30
+0.000 read(4, ..., 200) = 50
+0.040 > . 1:1(0) ack 81
+0.010 < F. 81:81(0) ack 1 win 16000
+0.000 > . 1:1(0) ack 82
+0.000 %{ assert tcpi_state == TCPI_CLOSE_WAIT }%
+0.000 read(4, ..., 200) = 0
+0.010 close(4) = 0
+0.000 > F. 1:1(0) ack 82
+0.000 `sockstat -4 -P tcp | grep -c LAST_ACK | grep 1`
+0.020 < . 82:82(0) ack 2 win 16000
+0.000 `sockstat -4 -P tcp | grep -c LAST_ACK | grep 0`
+0.000 close(3) = 0
)";
  expect_passed(s);
}

TEST(PktExecutorPass, NonBlockingAcceptWithNothingReadyIsEagain) {
  const std::string s = kHeader + R"( 0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 fcntl(3, F_SETFL, O_NONBLOCK) = 0
+0.000 bind(3, ..., ...) = 0
+0.000 listen(3, 1) = 0
+0.010 accept(3, ..., ...) = -1 EAGAIN (not yet)
+0.000 accept(3, ..., ...) = -1 EWOULDBLOCK (the same errno)
+0.000 close(3) = 0
)";
  expect_passed(s);
}

// ---------------------------------------------------------------------------------------------
// Mismatches: verdict Failed, the line, and what was expected against what happened

TEST(PktExecutorFail, ExpectedSegmentNeverSent) {
  const std::string s = kEstablished + R"(+0.100 > F. 1:1(0) ack 1
+0.100 close(3) = 0
)";
  expect_failed(s, "> F. 1:1(0) ack 1",
                {"expected > F. 1:1(0) ack 1", "model sent nothing; state ESTABLISHED"});
}

TEST(PktExecutorFail, WrongFlags) {
  const std::string s = kEstablished + R"(+0.100 shutdown(3, SHUT_WR) = 0
+0.000 > R. 1:1(0) ack 1
)";
  expect_failed(s, "> R. 1:1(0) ack 1",
                {"expected > R. 1:1(0) ack 1", "model sent > F. 1:1(0) ack 1", "state FIN-WAIT-1"});
}

TEST(PktExecutorFail, WrongRelativeSequenceNumber) {
  const std::string s = kEstablished + R"(+0.010 write(3, ..., 100) = 100
+0.000 > P. 2:102(100) ack 1
)";
  expect_failed(
      s, "> P. 2:102(100)",
      {"expected > P. 2:102(100) ack 1", "model sent > P. 1:101(100) ack 1", "state ESTABLISHED"});
}

TEST(PktExecutorFail, WrongAcknowledgementNumber) {
  const std::string s = kHeader + kConnect + R"(+0.040 < S. 0:0(0) ack 1 win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 2
)";
  expect_failed(s, "ack 2", {"expected > . 1:1(0) ack 2", "model sent > . 1:1(0) ack 1"});
}

TEST(PktExecutorFail, WrongLength) {
  const std::string s = kEstablished + R"(+0.010 write(3, ..., 100) = 100
+0.000 > P. 1:41(40) ack 1
)";
  expect_failed(s, "> P. 1:41(40)",
                {"expected > P. 1:41(40) ack 1", "model sent > P. 1:101(100) ack 1"});
}

// The script places the SYN retransmission later than the model sends it (1 s).
TEST(PktExecutorFail, SegmentOutsideToleranceWindow) {
  const std::string s = kHeader + kConnect + R"(+1.500 > S 0:0(0) <...>
)";
  expect_failed(s, "+1.500 > S",
                {"expected > S 0:0(0) <...> at 1.500 s", "model sent it at 1.000 s"});
}

// Expected before the model's timer fires: nothing has been sent by the end of the window.
TEST(PktExecutorFail, RetransmissionExpectedTooEarly) {
  const std::string s = kHeader + kConnect + R"(+0.500 > S 0:0(0) <...>
)";
  expect_failed(s, "+0.500 > S", {"expected > S 0:0(0)", "model sent nothing; state SYN-SENT"});
}

TEST(PktExecutorPass, SegmentInsideToleranceWindow) {
  const std::string s = kHeader + kConnect + R"(+1.015 > S 0:0(0) <...>
)";
  expect_passed(s);
}

TEST(PktExecutorFail, UnexpectedSegmentBeforeALaterLine) {
  const std::string s = kEstablished + R"(+0.020 write(3, ..., 100) = 100
+0.050 < . 1:1(0) ack 101 win 24000
)";
  expect_failed(s, "ack 101 win 24000",
                {"model sent > P. 1:101(100) ack 1", "at 0.060 s",
                 "which the script does not expect; state ESTABLISHED"});
}

// A retransmission the script does not mention fails the next line after it is due.
TEST(PktExecutorFail, UnexpectedRetransmission) {
  const std::string s = kHeader + kConnect + R"(+2.000 close(3) = 0
)";
  expect_failed(
      s, "close(3)",
      {"model sent > S 0:0(0)", "at 1.000 s", "which the script does not expect; state SYN-SENT"});
}

TEST(PktExecutorFail, SyscallResultMismatch) {
  const std::string s = kEstablished + R"(+0.100 close(3) = -1 EBADF (Bad file descriptor)
+0.000 > F. 1:1(0) ack 1
)";
  expect_failed(s, "close(3) = -1 EBADF", {"expected close(3) = -1 EBADF", "model returned 0"});
}

TEST(PktExecutorFail, SyscallErrnoMismatch) {
  const std::string s = kHeader + kConnect + R"(+0.010 connect(3, ..., ...) = -1 EISCONN (connected)
)";
  expect_failed(
      s, "EISCONN",
      {"expected connect(3, ..., ...) = -1 EISCONN", "model returned -1 EALREADY; state SYN-SENT"});
}

TEST(PktExecutorFail, SyscallOnSocketThatIsNotOpen) {
  const std::string s = kEstablished + R"(+0.010 write(7, ..., 10) = 10
)";
  expect_failed(s, "write(7", {"7 is not an open socket"});
}

// ---------------------------------------------------------------------------------------------
// SO_ERROR after a RST

TEST(PktExecutorSoError, RstAnsweringSynIsConnectionRefused) {
  const std::string s = kHeader + kConnect + R"(+0.040 < R. 0:0(0) ack 1 win 0
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0
+0.000 %{ assert tcpi_state == TCPI_CLOSED }%
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
+0.000 close(3) = 0
)";
  expect_passed(s);
}

TEST(PktExecutorSoError, RefusedIsNotReset) {
  const std::string s = kHeader + kConnect + R"(+0.040 < R. 0:0(0) ack 1 win 0
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0
)";
  expect_failed(s, "[ECONNRESET]",
                {"expected getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET]",
                 "model has SO_ERROR ECONNREFUSED; state CLOSED"});
}

TEST(PktExecutorSoError, RstAtRcvNxtIsConnectionReset) {
  const std::string s = kEstablished + R"(+0.050 < R. 1:1(0) ack 1 win 0
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0
+0.000 close(3) = 0
)";
  expect_passed(s);
}

TEST(PktExecutorSoError, ResetWhereNoErrorWasExpected) {
  const std::string s = kEstablished + R"(+0.050 < R. 1:1(0) ack 1 win 0
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
)";
  expect_failed(s, "SO_ERROR, [0]", {"model has SO_ERROR ECONNRESET; state CLOSED"});
}

// ---------------------------------------------------------------------------------------------
// Code blocks and sockstat

TEST(PktExecutorAssert, TcpiStateMismatch) {
  const std::string s = kEstablished + R"(+0.010 %{ assert tcpi_state == TCPI_FIN_WAIT_1 }%
)";
  expect_failed(s, "TCPI_FIN_WAIT_1", {"expected state FIN-WAIT-1, model is in ESTABLISHED"});
}

// The peer's SYN,ACK offered no option but the MSS: none is agreed.
TEST(PktExecutorAssert, TcpiOptionsAreTheAgreedOnes) {
  expect_passed(kEstablished + "+0.010 %{ assert tcpi_options == 0 }%\n");
  const std::string s = kEstablished + R"(+0.010 %{ assert tcpi_options == 7 }%
)";
  expect_failed(s, "tcpi_options", {"expected tcpi_options 7, the model agreed 0"});
}

TEST(PktExecutorAssert, SockstatCountMismatch) {
  const std::string s = kEstablished + R"(+0.010 `sockstat -4 -P tcp | grep -c ESTABLISHED | grep 2`
)";
  expect_failed(s, "grep -c ESTABLISHED", {"expected 2 connection(s) in ESTABLISHED, model has 1"});
}

// ---------------------------------------------------------------------------------------------
// Timers: the SYN retransmission

// FreeBSD's schedule: the RTO doubles, and rexmit_slop (200 ms) is added.
TEST(PktExecutorTiming, SynRetransmittedAfterOneSecondThenBackedOff) {
  const std::string s = kHeader + kConnect + R"(+1.000 > S 0:0(0) <...>
+2.200 > S 0:0(0) <...>
+4.200 > S 0:0(0) <...>
)";
  expect_passed(s);
}

TEST(PktExecutorTiming, SecondRetransmissionIsNotAfterAnotherSecond) {
  const std::string s = kHeader + kConnect + R"(+1.000 > S 0:0(0) <...>
+1.000 > S 0:0(0) win 65535 <...>
)";
  expect_failed(s, "+1.000 > S 0:0(0) win 65535 <...>",
                {"expected > S 0:0(0)", "model sent nothing; state SYN-SENT"});
}

TEST(PktExecutorTiming, SecondRetransmissionTimeIsReported) {
  const std::string s = kHeader + kConnect + R"(+1.000 > S 0:0(0) <...>
+2.500 > S 0:0(0) <...>
)";
  expect_failed(s, "+2.500 > S", {"at 3.500 s", "model sent it at 3.200 s"});
}

TEST(PktExecutorTiming, RexmitInitialSetsTheFirstTimeout) {
  const std::string s = kHeader + R"( 0.000 `sysctl -w net.inet.tcp.rexmit_initial=250`
)" + kConnect + R"(+0.250 > S 0:0(0) <...>
+0.700 > S 0:0(0) <...>
)";
  expect_passed(s);
}

TEST(PktExecutorTiming, RexmitInitialOneSecondLateIsReported) {
  const std::string s = kHeader + R"( 0.000 `sysctl -w net.inet.tcp.rexmit_initial=250`
)" + kConnect + R"(+1.000 > S 0:0(0) <...>
)";
  expect_failed(s, "+1.000 > S", {"at 1.000 s", "model sent it at 0.250 s"});
}

// ---------------------------------------------------------------------------------------------
// RST and SYN policies (RFC 5961 by default, RFC 793 with insecure_rst / insecure_syn)

TEST(PktExecutorPolicy, InWindowRstGetsChallengeAckByDefault) {
  const std::string s = kEstablished + R"(+0.050 < R 600:600(0) win 0
+0.000 > . 1:1(0) ack 1
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
+0.000 %{ assert tcpi_state == TCPI_ESTABLISHED }%
)";
  expect_passed(s);
}

TEST(PktExecutorPolicy, InWindowRstWithInsecureRstZeroGetsChallengeAck) {
  const std::string s = kHeader + R"( 0.000 `sysctl -w net.inet.tcp.insecure_rst=0`
)" + kConnect + R"(+0.040 < S. 0:0(0) ack 1 win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
+0.050 < R 600:600(0) win 0
+0.000 > . 1:1(0) ack 1
)";
  expect_passed(s);
}

TEST(PktExecutorPolicy, InWindowRstWithInsecureRstResets) {
  const std::string s = kHeader + R"( 0.000 `sysctl -w net.inet.tcp.insecure_rst=1`
)" + kConnect + R"(+0.040 < S. 0:0(0) ack 1 win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
+0.050 < R 600:600(0) win 0
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0
+0.000 %{ assert tcpi_state == TCPI_CLOSED }%
+0.000 close(3) = 0
)";
  expect_passed(s);
}

// Set after the connection exists, the sysctl still applies to it; the reset connection
// is gone, so the peer's next segment is answered as one for no connection.
TEST(PktExecutorPolicy, InsecureRstSetOnAnEstablishedConnection) {
  const std::string s = kEstablished + R"(+0.000 `sysctl -w net.inet.tcp.insecure_rst=1`
+0.050 < R 600:600(0) win 0
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0
+0.100 < . 1:1(0) ack 1 win 24000
+0.000 > R 1:1(0)
)";
  expect_passed(s);
}

TEST(PktExecutorPolicy, InWindowSynGetsChallengeAckByDefault) {
  const std::string s = kEstablished + R"(+0.050 < S 700:700(0) win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
+0.000 %{ assert tcpi_state == TCPI_ESTABLISHED }%
)";
  expect_passed(s);
}

TEST(PktExecutorPolicy, InWindowSynWithInsecureSynZeroGetsChallengeAck) {
  const std::string s = kHeader + R"( 0.000 `sysctl -w net.inet.tcp.insecure_syn=0`
)" + kConnect + R"(+0.040 < S. 0:0(0) ack 1 win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
+0.050 < S 700:700(0) win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
)";
  expect_passed(s);
}

TEST(PktExecutorPolicy, InWindowSynWithInsecureSynResets) {
  const std::string s = kHeader + R"( 0.000 `sysctl -w net.inet.tcp.insecure_syn=1`
)" + kConnect + R"(+0.040 < S. 0:0(0) ack 1 win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
+0.050 < S 700:700(0) win 24000 <mss 1380>
+0.000 > R. 1:1(0) ack 1
+0.000 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0
+0.000 %{ assert tcpi_state == TCPI_CLOSED }%
)";
  expect_passed(s);
}

TEST(PktExecutorPolicy, InsecureSynDoesNotChangeRstHandling) {
  const std::string s = kHeader + R"( 0.000 `sysctl -w net.inet.tcp.insecure_syn=1`
)" + kConnect + R"(+0.040 < S. 0:0(0) ack 1 win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
+0.050 < R 600:600(0) win 0
+0.000 > . 1:1(0) ack 1
)";
  expect_passed(s);
}

// ---------------------------------------------------------------------------------------------
// #ifdef branches: STANDARD is defined, FreeBSD is not

TEST(PktExecutorIfdef, StandardBranchRunsFreeBsdBranchDoesNot) {
  const std::string s = kEstablished + R"(#ifdef FreeBSD
+0.010 close(3) = -1 EBADF (not run)
+0.000 > R. 9:9(0) ack 9
#endif
#ifdef STANDARD
+0.010 %{ assert tcpi_state == TCPI_ESTABLISHED }%
+0.000 close(3) = 0
+0.000 > F. 1:1(0) ack 1
#endif
)";
  expect_passed(s);
}

TEST(PktExecutorIfdef, FailureInsideStandardBranchIsReported) {
  const std::string s = kEstablished + R"(#ifdef STANDARD
+0.010 %{ assert tcpi_state == TCPI_LAST_ACK }%
#endif
)";
  expect_failed(s, "TCPI_LAST_ACK", {"expected state LAST-ACK, model is in ESTABLISHED"});
}

TEST(PktExecutorIfdef, ElseOfFreeBsdAndIfndefFreeBsdRun) {
  const std::string s = kEstablished + R"(#ifdef FreeBSD
+0.010 %{ assert tcpi_state == TCPI_CLOSED }%
#else
+0.010 %{ assert tcpi_state == TCPI_ESTABLISHED }%
#endif
#ifndef FreeBSD
+0.000 `sockstat -4 -P tcp | grep -c ESTABLISHED | grep 3`
#endif
)";
  expect_failed(s, "grep 3", {"expected 3 connection(s) in ESTABLISHED, model has 1"});
}

TEST(PktExecutorIfdef, ElseOfStandardDoesNotRun) {
  const std::string s = kEstablished + R"(#ifdef STANDARD
+0.010 close(3) = 0
+0.000 > F. 1:1(0) ack 1
#else
+0.000 > R 1:1(0)
#endif
)";
  expect_passed(s);
}

// ---------------------------------------------------------------------------------------------
// What the model cannot run is skipped, naming the construct

TEST(PktExecutorSkip, UnknownSystemCall) {
  const std::string s =
      kEstablished + R"(+0.010 poll([{fd=3, events=POLLOUT, revents=POLLOUT}], 1, 0) = 1
+0.000 > F. 1:1(0) ack 1
)";
  expect_skipped(s, "poll(", {"poll()"});
}

TEST(PktExecutorSkip, UnknownCodeBlock) {
  const std::string s = kEstablished + R"(+0.010 %{ assert tcpi_snd_cwnd == 10 }%
+0.000 > F. 1:1(0) ack 1
)";
  expect_skipped(s, "tcpi_snd_cwnd", {"tcpi_snd_cwnd == 10"});
}

// ---------------------------------------------------------------------------------------------
// Ending connections: SO_LINGER with a zero timeout, tcpdrop

TEST(PktExecutorAbort, LingerZeroCloseSendsRst) {
  const std::string s =
      kEstablished + R"(+0.010 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
+0.010 close(3) = 0
+0.000 > R 1:1(0)
+0.000 `sockstat -4 -P tcp | grep -c ESTABLISHED | grep 0`
+0.050 < . 1:1(0) ack 1 win 24000
+0.000 > R 1:1(0)
)";
  expect_passed(s);
}

const std::string kTimeWait = kEstablished + R"(+0.020 close(3) = 0
+0.000 > F. 1:1(0) ack 1
+0.030 < F. 1:1(0) ack 2 win 24000
+0.000 > . 2:2(0) ack 2
+0.000 `sockstat -4 -P tcp | grep -c TIME_WAIT | grep 1`
)";

// After tcpdrop the connection is gone: the peer's retransmitted FIN finds no connection
// and is answered with <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.1).
TEST(PktExecutorAbort, TcpdropEndsTimeWait) {
  const std::string s = kTimeWait + R"(+0.010 `tcpdrop -s TIME_WAIT`
+0.000 `sockstat -4 -P tcp | grep -c TIME_WAIT | grep 0`
+0.050 < F. 1:1(0) ack 2 win 24000
+0.000 > R 2:2(0)
)";
  expect_passed(s);
}

// Without tcpdrop, TIME-WAIT acknowledges the retransmitted FIN (RFC 9293 §3.10.7.4).
TEST(PktExecutorAbort, WithoutTcpdropTimeWaitAcksTheFin) {
  const std::string fin = kTimeWait + "+0.050 < F. 1:1(0) ack 2 win 24000\n";
  expect_passed(fin + "+0.000 > . 2:2(0) ack 2\n");
  const std::string s = fin + "+0.000 > R 2:2(0)\n";
  expect_failed(s, "> R 2:2(0)", {"expected > R 2:2(0), model sent > . 2:2(0) ack 2"});
}

TEST(PktExecutorAbort, TcpdropOfAnotherStateLeavesTimeWait) {
  const std::string s = kTimeWait + R"(+0.010 `tcpdrop -s ESTABLISHED`
+0.000 `sockstat -4 -P tcp | grep -c TIME_WAIT | grep 1`
)";
  expect_passed(s);
}

// ---------------------------------------------------------------------------------------------
// Options: compared unless the script writes <...>

TEST(PktExecutorOptions, ASynMissingTheModelsOptionsFails) {
  const std::string s = kHeader + R"( 0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 fcntl(3, F_SETFL, O_NONBLOCK) = 0
+0.000 connect(3, ..., ...) = -1 EINPROGRESS (in progress)
+0.000 > S 0:0(0) <mss 1460>
)";
  expect_failed(s, "+0.000 > S 0:0(0) <mss 1460>",
                {"model sent > S 0:0(0) win 65535 <mss 1460,wscale 6,sackOK,TS val 0 ecr 0>"});
}

TEST(PktExecutorOptions, SysctlsAndNoOptTakeThemAway) {
  const std::string s = kHeader + R"( 0.000 `sysctl -w net.inet.tcp.rfc1323=0`
+0.000 `sysctl -w net.inet.tcp.sack.enable=0`
+0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 fcntl(3, F_SETFL, O_NONBLOCK) = 0
+0.000 connect(3, ..., ...) = -1 EINPROGRESS (in progress)
+0.000 > S 0:0(0) <mss 1460>
+0.000 close(3) = 0
+0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 fcntl(3, F_SETFL, O_NONBLOCK) = 0
+0.000 setsockopt(3, IPPROTO_TCP, TCP_NOOPT, [1], 4) = 0
+0.000 connect(3, ..., ...) = -1 EINPROGRESS (in progress)
+0.000 > S 0:0(0)
)";
  expect_passed(s);
}

TEST(PktExecutorOptions, OutOfOrderDataIsReportedInSackBlocksAndPeekLeavesIt) {
  const std::string s = kHeader + R"( 0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 bind(3, ..., ...) = 0
+0.000 listen(3, 1) = 0
+0.000 < S 0:0(0) win 65535 <mss 1460,sackOK,eol,eol>
+0.000 > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>
+0.010 < . 1:1(0) ack 1 win 65535
+0.000 accept(3, ..., ...) = 4
+0.000 < . 11:21(10) ack 1 win 65535
+0.000 > . 1:1(0) ack 1 <nop,nop,sack 11:21>
+0.000 < . 31:41(10) ack 1 win 65535
+0.000 > . 1:1(0) ack 1 <nop,nop,sack 31:41 11:21>
+0.000 < . 21:31(10) ack 1 win 65535
+0.000 > . 1:1(0) ack 1 <nop,nop,sack 11:41>
+0.000 < . 1:11(10) ack 1 win 65535
+0.000 > . 1:1(0) ack 41
+0.000 recv(4, ..., 100, MSG_PEEK) = 40
+0.000 recv(4, ..., 100, 0) = 40
)";
  expect_passed(s);
}

}  // namespace
}  // namespace synack::pkt

// The passive observer, by state: segments laid down by hand the way they cross
// the path, and the states it infers for each end.
#include "sim/capture/observer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/tcp_fsm_graph.hpp"
#include "core/tcp_segment.hpp"
#include "core/wire/ipv4_address.hpp"

namespace synack::capture {
namespace {

using tcp::State;
using trace::StateBasis;
namespace flag = tcp::flag;

constexpr std::uint32_t kClient = wire::Ipv4Address(10, 0, 0, 1).value();
constexpr std::uint32_t kServer = wire::Ipv4Address(10, 0, 0, 2).value();
constexpr std::uint16_t kClientPort = 49152;
constexpr std::uint16_t kServerPort = 80;
constexpr std::uint32_t kClientIss = 1000;
constexpr std::uint32_t kServerIss = 5000;

// "CLIENT SYN-SENT -> ESTABLISHED rcv SYN,ACK", with " ?" when uncertain.
std::string text(const ObservedChange& c) {
  std::string who = c.id.local_ip == kClient ? "client" : "server";
  if (c.connection != 0) who += "#" + std::to_string(c.connection);
  std::string line =
      who + " " + tcp::state_name(c.from) + " -> " + tcp::state_name(c.to) + " " + c.cause;
  if (c.basis == StateBasis::Uncertain) line += " ?";
  return line;
}

class Path {
 public:
  // A segment from the client (or the server), numbers relative to the ISNs.
  void client(std::uint8_t flags, std::uint32_t seq, std::uint32_t ack, std::uint32_t len = 0) {
    feed(true, flags, kClientIss + seq, kServerIss + ack, len);
  }
  void server(std::uint8_t flags, std::uint32_t seq, std::uint32_t ack, std::uint32_t len = 0) {
    feed(false, flags, kServerIss + seq, kClientIss + ack, len);
  }
  // The changes so far, as text, and forgets them.
  std::vector<std::string> take() {
    std::vector<std::string> lines;
    for (const ObservedChange& c : changes_) lines.push_back(text(c));
    changes_.clear();
    return lines;
  }
  void finish() { observer_.finish(changes_); }
  const std::vector<ObservedChange>& changes() const { return changes_; }
  std::uint16_t client_port = kClientPort;

 private:
  void feed(bool from_client, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
            std::uint32_t len) {
    SeenSegment s;
    s.t = ++t_;
    s.src_ip = from_client ? kClient : kServer;
    s.dst_ip = from_client ? kServer : kClient;
    s.src_port = from_client ? client_port : kServerPort;
    s.dst_port = from_client ? kServerPort : client_port;
    s.flags = flags;
    s.seq = SeqNum(seq);
    s.ack = SeqNum(flags & flag::ACK ? ack : 0);
    s.payload_length = len;
    observer_.on_segment(s, changes_);
  }
  Observer observer_;
  std::vector<ObservedChange> changes_;
  TimeUs t_ = 0;
};

constexpr std::uint8_t S = flag::SYN, A = flag::ACK, F = flag::FIN, R = flag::RST, P = flag::PSH;

// ---- fixtures that build each state from the one before ---------------------------

Path established() {
  Path p;
  p.client(S, 0, 0);
  p.server(S | A, 0, 1);
  p.client(A, 1, 1);
  return p;
}

Path client_fin_wait_2() {
  Path p = established();
  p.client(F | A, 1, 1);
  p.server(A, 1, 2);
  p.take();
  return p;
}

// ---- the handshake -----------------------------------------------------------------

TEST(Observer, HandshakeGivesBothEndsTheirStatesAndTheTablesCauses) {
  Path p = established();
  EXPECT_EQ(p.take(), (std::vector<std::string>{
                          "client CLOSED -> SYN-SENT active OPEN",
                          "server LISTEN -> SYN-RECEIVED rcv SYN",
                          "client SYN-SENT -> ESTABLISHED rcv SYN,ACK",
                          "server SYN-RECEIVED -> ESTABLISHED rcv ACK of SYN",
                      }));
}

TEST(Observer, ChangesCarryTheTablesRow) {
  Path p = established();
  for (const ObservedChange& c : p.changes()) {
    ASSERT_NE(c.row, tcp::kNoRow) << text(c);
    const tcp::FsmEdge& edge = tcp::fsm_edges()[c.row];
    EXPECT_EQ(edge.from, c.from) << text(c);
    EXPECT_EQ(edge.to, c.to) << text(c);
    EXPECT_EQ(edge.event, c.cause) << text(c);
    EXPECT_EQ(c.basis, StateBasis::Inferred) << text(c);
  }
}

TEST(Observer, ListenShowsByTheAnswerButIsDatedByTheSyn) {
  Path p;
  p.client(S, 0, 0);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client CLOSED -> SYN-SENT active OPEN"}));
  p.client(S, 0, 0);  // retransmitted
  EXPECT_TRUE(p.take().empty());
  p.server(S | A, 0, 1);
  ASSERT_GE(p.changes().size(), 1u);
  EXPECT_EQ(text(p.changes()[0]), "server LISTEN -> SYN-RECEIVED rcv SYN");
  EXPECT_EQ(p.changes()[0].t, 1);  // the first SYN's time
}

TEST(Observer, SynSentRstClosesAndARefusingHostHasNoState) {
  Path p;
  p.client(S, 0, 0);
  p.server(R | A, 0, 1);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client CLOSED -> SYN-SENT active OPEN",
                                                "client SYN-SENT -> CLOSED rcv RST"}));
}

TEST(Observer, SimultaneousOpen) {
  Path p;
  p.client(S, 0, 0);
  p.server(S, 0, 0);
  p.client(S | A, 0, 1);
  p.server(S | A, 0, 1);
  EXPECT_EQ(p.take(), (std::vector<std::string>{
                          "client CLOSED -> SYN-SENT active OPEN",
                          "server CLOSED -> SYN-SENT active OPEN",
                          "server SYN-SENT -> SYN-RECEIVED rcv SYN",
                          "client SYN-SENT -> SYN-RECEIVED rcv SYN",
                          "server SYN-RECEIVED -> ESTABLISHED rcv ACK of SYN",
                          "client SYN-RECEIVED -> ESTABLISHED rcv ACK of SYN",
                      }));
}

// ---- closing -----------------------------------------------------------------------

TEST(Observer, ClientClosesFirst) {
  Path p = client_fin_wait_2();
  p.server(F | A, 1, 2);
  p.client(A, 2, 2);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"server CLOSE-WAIT -> LAST-ACK CLOSE",
                                                "client FIN-WAIT-2 -> TIME-WAIT rcv FIN",
                                                "server LAST-ACK -> CLOSED rcv ACK of FIN"}));
}

TEST(Observer, ClientFinWait1ToFinWait2OnTheAckOfItsFin) {
  Path p = established();
  p.take();
  p.client(F | A, 1, 1);
  p.server(A, 1, 2);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client ESTABLISHED -> FIN-WAIT-1 CLOSE",
                                                "server ESTABLISHED -> CLOSE-WAIT rcv FIN",
                                                "client FIN-WAIT-1 -> FIN-WAIT-2 rcv ACK of FIN"}));
}

TEST(Observer, ServerClosesFirstAndAFinThatAcksTheFinGoesStraightToTimeWait) {
  Path p = established();
  p.take();
  p.server(F | A, 1, 1);
  p.client(F | A, 1, 2);
  p.server(A, 2, 2);
  EXPECT_EQ(p.take(), (std::vector<std::string>{
                          "server ESTABLISHED -> FIN-WAIT-1 CLOSE",
                          "client ESTABLISHED -> CLOSE-WAIT rcv FIN",
                          "client CLOSE-WAIT -> LAST-ACK CLOSE",
                          "server FIN-WAIT-1 -> TIME-WAIT rcv FIN",
                          "client LAST-ACK -> CLOSED rcv ACK of FIN",
                      }));
}

TEST(Observer, SimultaneousCloseGoesThroughClosing) {
  Path p = established();
  p.take();
  p.client(F | A, 1, 1);
  p.server(F | A, 1, 1);
  p.client(A, 2, 2);
  p.server(A, 2, 2);
  EXPECT_EQ(p.take(), (std::vector<std::string>{
                          "client ESTABLISHED -> FIN-WAIT-1 CLOSE",
                          // The server's FIN does not ack the client's: it left first.
                          "server ESTABLISHED -> FIN-WAIT-1 CLOSE",
                          "server FIN-WAIT-1 -> CLOSING rcv FIN",
                          "client FIN-WAIT-1 -> CLOSING rcv FIN",
                          "server CLOSING -> TIME-WAIT rcv ACK of FIN",
                          "client CLOSING -> TIME-WAIT rcv ACK of FIN",
                      }));
}

TEST(Observer, RetransmittedFinChangesNothing) {
  Path p = client_fin_wait_2();
  p.client(F | A, 1, 1);
  EXPECT_TRUE(p.take().empty());
}

// ---- resets ------------------------------------------------------------------------

TEST(Observer, AbortSendsRstAndThePeerCloses) {
  Path p = established();
  p.take();
  p.client(R | A, 1, 1);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client ESTABLISHED -> CLOSED ABORT",
                                                "server ESTABLISHED -> CLOSED rcv RST"}));
}

TEST(Observer, RstAwayFromTheExpectedSequenceNumberIsUncertain) {
  Path p = established();
  p.take();
  p.client(R, 500, 0);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client ESTABLISHED -> CLOSED ABORT",
                                                "server ESTABLISHED -> CLOSED rcv RST ?"}));
}

TEST(Observer, RstAfterDataPastTheCloseIsRcvDataAfterClose) {
  Path p = client_fin_wait_2();
  p.server(P | A, 1, 2, 10);
  p.client(R, 2, 0);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client FIN-WAIT-2 -> CLOSED rcv data after close",
                                                "server CLOSE-WAIT -> CLOSED rcv RST"}));
}

TEST(Observer, TimeWaitKeepsItsTimerAgainstARst) {
  Path p = client_fin_wait_2();
  p.server(F | A, 1, 2);
  p.client(A, 2, 2);
  p.take();
  p.server(R, 2, 0);
  EXPECT_TRUE(p.take().empty());
}

// ---- what the capture did not hold -------------------------------------------------

TEST(Observer, MidStreamStartsEstablishedAndUncertain) {
  Path p;
  p.client(P | A, 101, 201, 10);
  p.server(A, 201, 111);
  p.client(F | A, 111, 201);
  p.finish();  // no answer captured: the FIN is taken as received
  EXPECT_EQ(p.take(), (std::vector<std::string>{
                          std::string("client CLOSED -> ESTABLISHED ") + kMidStreamCause + " ?",
                          std::string("server CLOSED -> ESTABLISHED ") + kMidStreamCause + " ?",
                          "client ESTABLISHED -> FIN-WAIT-1 CLOSE",
                          "server ESTABLISHED -> CLOSE-WAIT rcv FIN",
                      }));
}

TEST(Observer, ASynAckFirstMeansTheSynWasNotCaptured) {
  Path p;
  p.server(S | A, 0, 1);
  p.client(A, 1, 1);
  EXPECT_EQ(p.take(), (std::vector<std::string>{
                          "client CLOSED -> SYN-SENT active OPEN ?",
                          "server LISTEN -> SYN-RECEIVED rcv SYN ?",
                          "client SYN-SENT -> ESTABLISHED rcv SYN,ACK",
                          "server SYN-RECEIVED -> ESTABLISHED rcv ACK of SYN",
                      }));
}

TEST(Observer, AFinAfterBytesTheCaptureMissedIsUncertainUntilAcknowledged) {
  Path p = established();
  p.take();
  p.client(P | A, 1, 1, 10);
  p.client(F | A, 21, 1);  // bytes 11..20 were not captured
  p.server(A, 1, 22);      // the server has them all: the gap is closed
  p.server(F | A, 1, 22);
  p.finish();
  EXPECT_EQ(p.take(), (std::vector<std::string>{
                          "client ESTABLISHED -> FIN-WAIT-1 CLOSE",
                          "server ESTABLISHED -> CLOSE-WAIT rcv FIN ?",
                          "client FIN-WAIT-1 -> FIN-WAIT-2 rcv ACK of FIN",
                          "server CLOSE-WAIT -> LAST-ACK CLOSE",
                          "client FIN-WAIT-2 -> TIME-WAIT rcv FIN",
                      }));
}

// ---- connections on one 4-tuple ----------------------------------------------------

TEST(Observer, ANewSynAfterTheCloseStartsTheNextConnection) {
  Path p = client_fin_wait_2();
  p.server(F | A, 1, 2);
  p.client(A, 2, 2);
  p.take();
  p.client(S, 100000, 0);
  p.server(S | A, 100000, 100001);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client#1 CLOSED -> SYN-SENT active OPEN",
                                                "server#1 LISTEN -> SYN-RECEIVED rcv SYN",
                                                "client#1 SYN-SENT -> ESTABLISHED rcv SYN,ACK"}));
}

TEST(Observer, ANewSynAfterARstStartsTheNextConnection) {
  Path p;
  p.client(S, 0, 0);
  p.server(R | A, 0, 1);
  p.take();
  p.client(S, 0, 0);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client#1 CLOSED -> SYN-SENT active OPEN"}));
}

TEST(Observer, OtherPortsAreOtherConnections) {
  Path p = established();
  p.take();
  p.client_port = 49153;
  p.client(S, 0, 0);
  EXPECT_EQ(p.take(), (std::vector<std::string>{"client CLOSED -> SYN-SENT active OPEN"}));
}

}  // namespace
}  // namespace synack::capture

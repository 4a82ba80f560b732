// Each connection's own records: state changes, TCB records, the frames its
// host sent and received, its peer.
#include "sim/view/conn_index.hpp"

#include <gtest/gtest.h>

#include "scenario_trace.hpp"

namespace synack::view {
namespace {

using namespace trace;
using testing::connected_conn;
using testing::run_scenario;

class ConnIndexTest : public ::testing::Test {
 protected:
  Trace trace = run_scenario("close.yaml");
  std::vector<TcpNumbers> numbers = number_tcp_frames(trace);
  ConnIndex index{trace, numbers};
  ConnId client = connected_conn(trace, "client");
  ConnId server = connected_conn(trace, "server");
};

TEST_F(ConnIndexTest, StateChangesAndTcbRecordsAreTheConnectionsOwn) {
  ASSERT_NE(client, kNone);
  const ConnRecords& r = index.of(client);
  // SYN-SENT, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, CLOSED.
  ASSERT_EQ(r.states.size(), 6u);
  for (const std::uint32_t i : r.states) {
    EXPECT_EQ(std::get<StateEvent>(trace.events[i].what).conn, client);
  }
  EXPECT_FALSE(r.tcbs.empty());
  for (const std::uint32_t i : r.tcbs)
    EXPECT_EQ(std::get<TcbEvent>(trace.events[i].what).conn, client);
  EXPECT_LE(r.first, r.states.front());
}

TEST_F(ConnIndexTest, FramesSentAndReceivedByItsHostForIt) {
  const ConnRecords& r = index.of(client);
  const NodeId host = trace.conns[client].host;
  ASSERT_FALSE(r.sent.empty());
  ASSERT_FALSE(r.received.empty());
  for (const std::uint32_t i : r.sent) {
    const auto& f = std::get<FrameEvent>(trace.events[i].what);
    EXPECT_EQ(f.fate, Fate::Sent);
    EXPECT_EQ(f.from, host);
    EXPECT_EQ(numbers[f.frame].src_port, trace.conns[client].id.local_port);
  }
  for (const std::uint32_t i : r.received) {
    const auto& f = std::get<FrameEvent>(trace.events[i].what);
    EXPECT_EQ(f.fate, Fate::Delivered);
    EXPECT_EQ(f.to, host);
  }
  // The client's FIN is one of the frames it sent, and is the client's record.
  EXPECT_EQ(index.conn_of_record(r.sent.back()), client);
}

TEST_F(ConnIndexTest, PeersAreEachOthers) {
  ASSERT_NE(server, kNone);
  EXPECT_EQ(index.peer(client), server);
  EXPECT_EQ(index.peer(server), client);
  const ConnId listener = testing::conn_of_host(trace, "server", 0);
  EXPECT_EQ(index.peer(listener), kNone);
}

TEST_F(ConnIndexTest, FirstConnectionIsNotAListener) {
  const ConnId c = index.first_connection();
  ASSERT_NE(c, kNone);
  EXPECT_NE(trace.conns[c].id.remote_port, 0);
}

TEST_F(ConnIndexTest, TitlesNameTheHostAndBothEnds) {
  EXPECT_EQ(conn_title(trace, client), "client  10.0.0.1:49152 → 10.0.0.2:80");
  EXPECT_EQ(conn_title(trace, testing::conn_of_host(trace, "server", 0)),
            "server  listening on :80");
  EXPECT_EQ(conn_title(trace, kNone), "");
}

}  // namespace
}  // namespace synack::view

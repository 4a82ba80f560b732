// The selected connection follows the selection; a panel's per-connection
// cache is built once per document and connection.
#include "gui/model/conn_cache.hpp"

#include <gtest/gtest.h>

#include "gui/model/document.hpp"
#include "gui/model/session.hpp"

namespace synack::gui {
namespace {

const std::string kScenarios = std::string(SYNACK_SOURCE_DIR) + "/scenarios/";

Session open_session(const std::string& name) {
  Session s;
  LoadOutcome out = load_document(kScenarios + name);
  EXPECT_TRUE(out.document);
  s.adopt(std::move(out.document), false);
  return s;
}

TEST(SelectedConnection, StartsOnAConnectionThatIsNotAListener) {
  Session s = open_session("close.yaml");
  ASSERT_NE(s.conn, trace::kNone);
  EXPECT_NE(s.document->trace.conns[s.conn].id.remote_port, 0);
}

TEST(SelectedConnection, FollowsTheSelectedRecordAndStaysOnRecordsWithout) {
  Session s = open_session("close.yaml");
  const trace::Trace& t = s.document->trace;
  const trace::ConnId first = s.conn;
  const trace::ConnId other = s.connections->peer(first);
  ASSERT_NE(other, trace::kNone);
  const std::uint32_t record = s.connections->of(other).states.front();
  s.select(record);
  EXPECT_EQ(s.conn, other);
  // A counter has no connection: the selection moves, the connection stays.
  std::uint32_t counter = 0;
  while (!std::holds_alternative<trace::CounterEvent>(t.events[counter].what)) ++counter;
  s.select(counter);
  EXPECT_EQ(s.selected, counter);
  EXPECT_EQ(s.conn, other);
}

TEST(ConnCache, BuildsOncePerDocumentAndConnection) {
  Session s = open_session("close.yaml");
  ConnCache<int> cache;
  int calls = 0;
  const auto build = [&] { return ++calls; };
  EXPECT_EQ(cache.get(s, 0, build), 1);
  EXPECT_EQ(cache.get(s, 0, build), 1);
  EXPECT_EQ(cache.get(s, 1, build), 2);
  // Reopening the file is a new document.
  LoadOutcome again = load_document(kScenarios + "close.yaml");
  s.adopt(std::move(again.document), true);
  EXPECT_EQ(cache.get(s, 1, build), 3);
  EXPECT_EQ(cache.builds(), 3);
}

}  // namespace
}  // namespace synack::gui

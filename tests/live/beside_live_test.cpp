// The desktop app's live run beside the simulation, for real: the scenario
// run in namespaces through the app's model, matched with its simulated run,
// and the namespaces gone afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include "gui/model/beside.hpp"
#include "live_helpers.hpp"

namespace synack::live {
namespace {

TEST(LiveBeside, TheHandshakeRunsOnLinuxBesideItsSimulation) {
  SKIP_UNLESS_LIVE();
  gui::LoadOutcome loaded =
      gui::load_document(std::string(SYNACK_SOURCE_DIR) + "/scenarios/handshake.yaml");
  ASSERT_TRUE(loaded.document);
  gui::LiveOutcome live = gui::run_live_beside(*loaded.document);
  ASSERT_TRUE(live.document) << live.error;
  EXPECT_TRUE(testing::namespaces_of(getpid()).empty());
  gui::Beside beside(std::move(live.document), gui::BesideKind::Live, "Linux (live run)");
  beside.compare_with(*loaded.document);
  EXPECT_TRUE(beside.comparison().states_agree);
  EXPECT_TRUE(beside.comparison().calls_agree);
  // Both runs have a first SYN, and it is what they are aligned on.
  EXPECT_TRUE(beside.alignment().by_first_syn);
  EXPECT_GT(beside.alignment().sim_t, 0);
  EXPECT_GT(beside.alignment().other_t, 0);
  for (const live::EndpointComparison& e : beside.comparison().endpoints) {
    EXPECT_NE(e.sim_conn, trace::kNone) << e.host << " " << e.role;
    EXPECT_NE(e.live_conn, trace::kNone) << e.host << " " << e.role;
  }
  // Every difference is explained in compare's words and leads to a record.
  for (const gui::Difference& d : beside.differences()) {
    EXPECT_FALSE(d.explanation.empty());
    EXPECT_TRUE(d.sim_event != trace::kNone || d.other_event != trace::kNone) << d.section;
  }
}

TEST(LiveBeside, ATraceIsNotRunLive) {
  gui::Document trace;
  trace.path = "saved.json";
  const gui::LiveOutcome live = gui::run_live_beside(trace);
  EXPECT_FALSE(live.document);
  EXPECT_EQ(live.error, "saved.json: not a scenario; only a scenario runs live");
}

}  // namespace
}  // namespace synack::live

// The lifeline order the terminal ladder and the desktop app share.
#include "sim/trace/lifelines.hpp"

#include <gtest/gtest.h>

#include "trace_fixture.hpp"

namespace synack::trace {
namespace {

using testing::Lan;

TEST(Lifelines, SwitchesAfterHostsForTheTerminal) {
  const Lan lan;
  EXPECT_EQ(lifeline_order(lan.trace, SwitchPlacement::AfterHosts),
            (std::vector<NodeId>{lan.client, lan.server, lan.other, lan.sw}));
}

TEST(Lifelines, SwitchesWhereTheWalkMeetsThem) {
  const Lan lan;
  EXPECT_EQ(lifeline_order(lan.trace, SwitchPlacement::InWalk),
            (std::vector<NodeId>{lan.client, lan.sw, lan.server, lan.other}));
}

TEST(Lifelines, RouterStandsBetweenTheNetworksItJoins) {
  Trace t;
  for (const char* name : {"server", "client", "r1", "sw1", "sw2"}) {
    NodeInfo n;
    n.name = name;
    n.kind = name[0] == 'r'                     ? NodeKind::Router
             : name[0] == 's' && name[1] == 'w' ? NodeKind::Switch
                                                : NodeKind::Host;
    t.nodes.push_back(n);
  }
  // client - sw1 - r1 - sw2 - server, with server declared first.
  t.links = {LinkInfo{"l1", 1, 3}, LinkInfo{"l2", 2, 3}, LinkInfo{"l3", 2, 4},
             LinkInfo{"l4", 0, 4}};
  EXPECT_EQ(lifeline_order(t, SwitchPlacement::InWalk), (std::vector<NodeId>{0, 4, 2, 3, 1}));
  EXPECT_EQ(lifeline_order(t, SwitchPlacement::AfterHosts), (std::vector<NodeId>{0, 2, 1, 3, 4}));
}

TEST(Lifelines, NodesNoLinkReachesStillGetOne) {
  Trace t;
  t.nodes = {NodeInfo{"a", NodeKind::Host, {}, {}}, NodeInfo{"lonely", NodeKind::Switch, {}, {}},
             NodeInfo{"b", NodeKind::Host, {}, {}}};
  EXPECT_EQ(lifeline_order(t, SwitchPlacement::InWalk), (std::vector<NodeId>{0, 2, 1}));
}

}  // namespace
}  // namespace synack::trace

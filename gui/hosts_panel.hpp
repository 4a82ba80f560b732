// Each host's interfaces (address, mask, network by AND), ARP cache and
// sockets with their states, each listener's SYN and accept queues as bars,
// each switch's MAC table, and the counters, as they were at the current
// step; what the step changed is marked (sim/view/hosts_view).
#pragma once

#include <cstdint>
#include <memory>

#include "gui/model/session.hpp"
#include "sim/view/hosts_view.hpp"

namespace synack::gui {

class HostsPanel {
 public:
  void draw_content(Session& session);

 private:
  void host(const Session& session, trace::NodeId id, const view::HostsState& s);
  void switch_table(const Session& session, trace::NodeId id, const view::HostsState& s);

  // More nodes than this, and one is shown at a time.
  static constexpr std::size_t kAllNodes = 8;

  std::unique_ptr<view::HostsFolder> folder_;
  trace::NodeId picked_ = trace::kNone;
  bool follow_ = true;
  trace::NodeId opened_for_ = trace::kNone;  // the node whose header was opened for the selection
  std::uint64_t generation_ = 0;
};

}  // namespace synack::gui

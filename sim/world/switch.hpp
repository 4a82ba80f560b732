// A learning switch (IEEE 802.1D transparent bridge, without spanning tree):
// learn the source MAC's port, forward to the known port of the destination,
// flood broadcast, multicast and unknown destinations to every other port.
#pragma once

#include "core/net/mac_table.hpp"
#include "sim/world/world.hpp"

namespace synack::sim {

class Switch final : public Node {
 public:
  Switch(World& world, NodeId id, TimeUs aging) : Node(world, id), table_(aging) {}
  void receive(std::size_t port, FrameId frame) override;

 private:
  void age();
  void schedule_aging();
  net::MacTable table_;
  TimeUs aging_check_ = 0;  // time of the pending aging check, 0 when none
};

}  // namespace synack::sim

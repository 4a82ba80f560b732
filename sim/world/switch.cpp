#include "sim/world/switch.hpp"

#include "sim/scenario/counters.hpp"

namespace synack::sim {

namespace {
// Ports are numbered from 1 for people; indices count from 0.
std::uint16_t port_number(std::size_t index) { return static_cast<std::uint16_t>(index + 1); }
}  // namespace

void Switch::receive(std::size_t port, FrameId frame) {
  wire::ByteView bytes = world_.trace.frame(frame);
  if (bytes.size() < wire::EthernetRepr::kHeaderLength) {
    world_.arrived(id_, port, frame, trace::Fate::Dropped, "runt frame");
    return;
  }
  world_.arrived(id_, port, frame, trace::Fate::Delivered);
  wire::MacAddress dst = wire::read_mac(bytes, 0);
  wire::MacAddress src = wire::read_mac(bytes, 6);
  TimeUs now = world_.now;
  switch (table_.learn(src, port_number(port), now)) {
    case net::MacTable::Change::Learned:
      world_.record(trace::MacEvent{id_, src, port_number(port), trace::MacOp::Learned});
      break;
    case net::MacTable::Change::Moved:
      world_.record(trace::MacEvent{id_, src, port_number(port), trace::MacOp::Moved});
      break;
    case net::MacTable::Change::None: break;
  }
  schedule_aging();

  std::optional<std::uint16_t> out = dst.is_multicast() ? std::nullopt : table_.lookup(dst, now);
  if (out) {
    if (*out == port_number(port)) {
      world_.count(
          id_, scenario::counter::kFramesFiltered);  // the destination is on the port it came from
      return;
    }
    world_.transmit(id_, *out - 1u, frame, false, false);
    return;
  }
  world_.count(id_, scenario::counter::kFramesFlooded);
  for (std::size_t p = 0; p < ports_.size(); ++p) {
    if (p != port) world_.transmit(id_, p, frame, true, false);
  }
}

void Switch::age() {
  for (const auto& [mac, port] : table_.age(world_.now)) {
    world_.record(trace::MacEvent{id_, mac, port, trace::MacOp::Aged});
  }
}

// One pending check at a time, at the earliest time an entry can age out; the
// check schedules the next one.
void Switch::schedule_aging() {
  if (aging_check_ != 0) return;
  TimeUs next = table_.next_aging();
  if (next == 0) return;
  aging_check_ = next;
  world_.at(
      next,
      [this] {
        aging_check_ = 0;
        age();
        schedule_aging();
      },
      true);
}

}  // namespace synack::sim

// The simulated network: nodes joined by links on one virtual clock. Every
// frame, state change, call and table change is appended to the Trace as it
// happens; nothing downstream looks at these objects.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "core/wire/frame.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"
#include "sim/world/engine.hpp"
#include "sim/world/run.hpp"
#include "sim/world/script_runner.hpp"

namespace synack::sim {

using trace::FrameId;
using trace::LinkId;
using trace::NodeId;

class World;

// A node has ports; each port is attached to at most one link.
class Node {
 public:
  Node(World& world, NodeId id) : world_(world), id_(id) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  NodeId id() const { return id_; }
  // A frame arrives on `port` (0-based index into ports()).
  virtual void receive(std::size_t port, FrameId frame) = 0;
  // Attaches a link and returns the port index.
  std::size_t attach(LinkId link) {
    ports_.push_back(link);
    return ports_.size() - 1;
  }
  // Attaches a link at a given port index (interfaces keep their own order).
  void attach_at(std::size_t port, LinkId link) {
    if (ports_.size() <= port) ports_.resize(port + 1, trace::kNone);
    ports_[port] = link;
  }
  const std::vector<LinkId>& ports() const { return ports_; }

 protected:
  World& world_;
  NodeId id_;
  std::vector<LinkId> ports_;
};

// Per-direction state of a link: when the transmitter is free again.
struct Link {
  LinkId id = 0;
  scenario::LinkSpec spec;
  NodeId end[2] = {0, 0};
  std::size_t port[2] = {0, 0};  // port index on each end's node
  TimeUs busy_until[2] = {0, 0};
};

// A fault with its running count of matched frames.
struct Fault {
  scenario::FaultSpec spec;
  LinkId link = trace::kNone;  // kNone: first hop from the sending host
  wire::Ipv4Address from_ip, to_ip;
  bool has_from = false, has_to = false;
  int matched = 0;
};

class World {
 public:
  // `steps`: how many steps the scenario's script has.
  explicit World(std::uint64_t seed, std::size_t steps = 0) : rng(seed), returns(steps) {}

  trace::Trace trace;
  EventQueue queue;
  Rng rng;
  TimeUs now = 0;
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<Link> links;
  std::vector<Fault> faults;
  StepReturns returns;  // when each script step returned, for the hosts' `after:` steps
  TraceLevel level = TraceLevel::Full;
  RunStats stats;

  // Puts `frame` on the link at `port` of `from`. `first_hop`: the node is the
  // frame's origin (faults without a link act there).
  void transmit(NodeId from, std::size_t port, FrameId frame, bool flooded, bool first_hop);
  FrameId add_frame(const std::vector<std::uint8_t>& bytes) { return trace.add_frame(bytes); }

  // A frame reached `to` on `port`: Delivered (accepted) or Dropped (refused).
  void arrived(NodeId to, std::size_t port, FrameId frame, trace::Fate fate,
               std::string_view reason = {});

  // Trace helpers.
  trace::TextId text(std::string_view s) { return trace.intern(s); }
  void record(trace::Record r) {
    if (std::visit([this](const auto& e) { return keeps<std::decay_t<decltype(e)>>(); }, r))
      trace.add(now, std::move(r));
  }
  // Whether the trace keeps records of type T at this run's level.
  template <typename T>
  bool keeps() const {
    return level != TraceLevel::States || std::is_same_v<T, trace::StateEvent> ||
           std::is_same_v<T, trace::CallEvent> || std::is_same_v<T, trace::CounterEvent> ||
           std::is_same_v<T, trace::NoteEvent>;
  }
  void note(NodeId node, std::string_view text);
  void count(NodeId node, std::string_view name, std::int64_t by = 1);

  // The loopback link of `node` (node to itself), added to the trace when first used.
  LinkId loopback(NodeId node);
  static constexpr TimeUs kLoopbackDelay = 10;  // a frame's time through lo, in microseconds

  // Starts script step `step` at `t` via `fn`. Steps due at the same time start
  // in file order, whichever host or thread they belong to.
  void start_step(TimeUs t, std::uint32_t step, std::function<void()> fn);

  // Handles one event popped from the queue.
  void step(TimeUs t, std::function<void()>& callback, const EventQueue::Arrival& arrival);

  // Schedules `fn` at `t` (never in the past).
  template <typename F>
  EventQueue::Handle at(TimeUs t, F&& fn, bool housekeeping = false) {
    return queue.at(t < now ? now : t, std::forward<F>(fn), housekeeping);
  }

 private:
  bool fault_acts(Fault& f, LinkId link, bool first_hop, const wire::DecodedFrame& d);
  void deliver(LinkId link, int side, FrameId frame, TimeUs arrival, bool flooded);
  void start_due_steps();
  std::map<std::pair<NodeId, trace::TextId>, std::int64_t> counters_;
  // By (time, step, order of asking): an accept's threads may start one step at once.
  std::map<std::tuple<TimeUs, std::uint32_t, std::uint64_t>, std::function<void()>> step_starts_;
  std::uint64_t step_starts_asked_ = 0;
  std::vector<LinkId> loopbacks_;  // by node; kNone until used
  bool arriving_flooded_ = false;  // the frame arriving now is a flooded copy
};

}  // namespace synack::sim

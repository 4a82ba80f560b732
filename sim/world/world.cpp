#include "sim/world/world.hpp"

#include <algorithm>

#include "sim/scenario/counters.hpp"

namespace synack::sim {

namespace {

using scenario::FaultAction;
using scenario::FrameMatch;

bool matches(const Fault& f, const wire::DecodedFrame& d) {
  const FrameMatch& m = f.spec.match;
  wire::Ipv4Address src, dst;
  if (d.arp) {
    if (m.proto != FrameMatch::Proto::Any && m.proto != FrameMatch::Proto::Arp) return false;
    if (m.port || m.flags || m.payload_only) return false;
    src = d.arp->sender_ip;
    dst = d.arp->target_ip;
  } else if (d.ipv4) {
    src = d.ipv4->src;
    dst = d.ipv4->dst;
    switch (m.proto) {
      case FrameMatch::Proto::Any: break;
      case FrameMatch::Proto::Tcp:
        if (!d.tcp) return false;
        break;
      case FrameMatch::Proto::Udp:
        if (!d.udp) return false;
        break;
      case FrameMatch::Proto::Arp: return false;
    }
    if (m.port) {
      bool hit = (d.tcp && (d.tcp->src_port == *m.port || d.tcp->dst_port == *m.port)) ||
                 (d.udp && (d.udp->src_port == *m.port || d.udp->dst_port == *m.port));
      if (!hit) return false;
    }
    if (m.flags && (!d.tcp || (d.tcp->seg.flags & m.flags) != m.flags)) return false;
    if (m.payload_only && (!d.tcp || d.tcp->seg.payload.empty())) return false;
  } else {
    return false;
  }
  if (f.has_from && src != f.from_ip) return false;
  if (f.has_to && dst != f.to_ip) return false;
  return true;
}

}  // namespace

void World::note(NodeId node, std::string_view text) {
  record(trace::NoteEvent{node, trace.intern(text)});
}

void World::count(NodeId node, std::string_view name, std::int64_t by) {
  trace::TextId id = trace.intern(name);
  std::int64_t& value = counters_[{node, id}];
  value += by;
  record(trace::CounterEvent{node, id, value});
}

bool World::fault_acts(Fault& f, LinkId link, bool first_hop, const wire::DecodedFrame& d) {
  if (now < f.spec.from || now >= f.spec.until) return false;
  if (f.link == trace::kNone ? !first_hop : f.link != link) return false;
  if (f.spec.action == FaultAction::Cut) return true;
  if (!matches(f, d)) return false;
  ++f.matched;
  if (f.spec.nth == 0) return true;
  int last = f.spec.nth + std::max(f.spec.count, 1) - 1;
  return f.matched >= f.spec.nth && f.matched <= last;
}

void World::transmit(NodeId from, std::size_t port, FrameId frame, bool flooded, bool first_hop) {
  const auto& ports = nodes[from]->ports();
  if (port >= ports.size() || ports[port] == trace::kNone) {
    note(from, "frame not sent: no link on this interface");
    return;
  }
  Link& link = links[ports[port]];
  int side = (link.end[0] == from && link.port[0] == port) ? 0 : 1;
  NodeId to = link.end[1 - side];
  const char* drop = nullptr;
  bool duplicate = false;
  TimeUs extra = 0;
  if (!faults.empty()) {
    wire::DecodedFrame decoded = wire::decode_frame(trace.frame(frame));
    for (Fault& f : faults) {
      if (!fault_acts(f, link.id, first_hop, decoded)) continue;
      switch (f.spec.action) {
        case FaultAction::Cut: drop = drop ? drop : "link cut"; break;
        case FaultAction::Drop: drop = drop ? drop : "fault: drop"; break;
        case FaultAction::Duplicate: duplicate = true; break;
        case FaultAction::Delay: extra += f.spec.extra_delay; break;
        case FaultAction::Crash:
        case FaultAction::Reboot: break;  // the host's own, never among the frame faults
      }
    }
  }
  const scenario::LinkSpec& spec = link.spec;
  if (!drop && rng.chance(spec.loss)) drop = "loss";
  trace::FrameEvent sent{frame, link.id, from, to, trace::Fate::Sent, flooded};
  const bool kept = !flooded || level != TraceLevel::NoFloods;
  if (drop) {
    if (kept) {
      record(sent);
      record(trace::FrameEvent{frame, link.id, from, to, trace::Fate::Dropped, flooded,
                               trace.intern(drop)});
    }
    count(from, scenario::counter::kFramesDropped);
    return;
  }
  TimeUs serialization = 0;
  if (spec.bandwidth_bps > 0) {
    auto bits = static_cast<std::uint64_t>(trace.frame(frame).size()) * 8;
    serialization =
        static_cast<TimeUs>((bits * 1'000'000 + spec.bandwidth_bps - 1) / spec.bandwidth_bps);
  }
  TimeUs start = std::max(now, link.busy_until[side]);
  // Behind other frames on a busy link, the first bit goes out later.
  sent.queued_us = static_cast<std::uint32_t>(start - now);
  if (kept) record(sent);
  link.busy_until[side] = tcp::later(start, serialization);
  TimeUs arrival = tcp::later(tcp::later(link.busy_until[side], spec.delay), extra);
  if (rng.chance(spec.reorder)) arrival = tcp::later(arrival, spec.reorder_delay);
  if (rng.chance(spec.duplicate)) duplicate = true;
  deliver(link.id, side, frame, arrival, flooded);
  if (duplicate) deliver(link.id, side, frame, arrival, flooded);
}

LinkId World::loopback(NodeId node) {
  if (loopbacks_.size() <= node) loopbacks_.resize(node + 1, trace::kNone);
  if (loopbacks_[node] == trace::kNone) {
    loopbacks_[node] = static_cast<LinkId>(trace.links.size());
    trace.links.push_back(
        trace::LinkInfo{trace.nodes[node].name + ":lo", node, node, 0, 0, kLoopbackDelay, 0});
  }
  return loopbacks_[node];
}

void World::start_step(TimeUs t, std::uint32_t step, std::function<void()> fn) {
  t = std::max(t, now);
  step_starts_[{t, step, step_starts_asked_++}] = std::move(fn);
  at(t, [this] { start_due_steps(); });
}

// One step per engine event (each start_step scheduled one), so what a step
// leaves for later at this time happens before the next step starts.
void World::start_due_steps() {
  if (step_starts_.empty() || std::get<0>(step_starts_.begin()->first) > now) return;
  std::function<void()> fn = std::move(step_starts_.begin()->second);
  step_starts_.erase(step_starts_.begin());
  fn();
}

void World::arrived(NodeId to, std::size_t port, FrameId frame, trace::Fate fate,
                    std::string_view reason) {
  if (fate == trace::Fate::Delivered && trace.nodes[to].kind == trace::NodeKind::Host)
    ++stats.frames_to_hosts;
  if (arriving_flooded_ && level == TraceLevel::NoFloods) return;
  const Link& link = links[nodes[to]->ports()[port]];
  NodeId from = link.end[0] == to && link.port[0] == port ? link.end[1] : link.end[0];
  record(trace::FrameEvent{frame, link.id, from, to, fate, false,
                           reason.empty() ? trace::kNone : trace.intern(reason)});
}

void World::deliver(LinkId link, int side, FrameId frame, TimeUs arrival, bool flooded) {
  queue.arrival(arrival < now ? now : arrival,
                EventQueue::Arrival{link, static_cast<std::uint32_t>(side), frame, flooded});
}

void World::step(TimeUs t, std::function<void()>& callback, const EventQueue::Arrival& a) {
  now = t;
  arriving_flooded_ = !callback && a.flooded;
  if (callback) {
    callback();
    return;
  }
  const Link& link = links[a.link];
  nodes[link.end[1 - a.side]]->receive(link.port[1 - a.side], a.frame);
}

}  // namespace synack::sim

#include "sim/view/hosts_view.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/wire/ipv4_cidr.hpp"

namespace synack::view {

std::vector<InterfaceRow> interface_rows(const trace::NodeInfo& node) {
  std::vector<InterfaceRow> rows;
  for (const trace::InterfaceInfo& i : node.interfaces) {
    const wire::Ipv4Cidr cidr(i.ip, i.prefix_length);
    const std::string mask = cidr.mask().to_string();
    const std::string network = cidr.network_address().to_string();
    rows.push_back(InterfaceRow{i.name, cidr.to_string(), mask, cidr.network().to_string(),
                                fmt::format("{} AND {} = {}", i.ip.to_string(), mask, network),
                                i.mac.to_string()});
  }
  return rows;
}

HostsFolder::HostsFolder(const trace::Trace& trace) : trace_(trace) {
  state_.nodes.resize(trace.nodes.size());
  state_.conns.resize(trace.conns.size());
  checkpoints_.push_back(state_);
}

const HostsState& HostsFolder::at(std::size_t step) {
  step = std::min(step, trace_.events.size());
  if (step < state_.step) {
    const std::size_t k = std::min(step / kCheckpointEvery, checkpoints_.size() - 1);
    state_ = checkpoints_[k];
  }
  while (state_.step < step) {
    apply(static_cast<std::uint32_t>(state_.step));
    ++state_.step;
    if (state_.step % kCheckpointEvery == 0 &&
        state_.step / kCheckpointEvery == checkpoints_.size()) {
      checkpoints_.push_back(state_);
    }
  }
  return state_;
}

void HostsFolder::apply(std::uint32_t index) {
  const trace::Event& e = trace_.events[index];
  const auto node = [&](trace::NodeId id) -> NodeState* {
    return id < state_.nodes.size() ? &state_.nodes[id] : nullptr;
  };
  if (const auto* s = std::get_if<trace::StateEvent>(&e.what)) {
    NodeState* n = node(s->host);
    if (n == nullptr || s->conn >= state_.conns.size()) return;
    SocketEntry& c = state_.conns[s->conn];
    if (c.changed_at == kNone) n->sockets.push_back(s->conn);
    c = SocketEntry{s->to, index};
  } else if (const auto* a = std::get_if<trace::ArpEvent>(&e.what)) {
    if (NodeState* n = node(a->host)) n->arp[a->ip.value()] = ArpEntry{a->mac, a->op, index};
  } else if (const auto* m = std::get_if<trace::MacEvent>(&e.what)) {
    if (NodeState* n = node(m->node)) n->macs[m->mac] = MacEntry{m->port, m->op, index};
  } else if (const auto* q = std::get_if<trace::QueueEvent>(&e.what)) {
    if (NodeState* n = node(q->host)) {
      n->queues[q->port] = QueueEntry{q->syn_queue, q->accept_queue, q->backlog, index};
    }
  } else if (const auto* c = std::get_if<trace::CounterEvent>(&e.what)) {
    if (NodeState* n = node(c->node)) n->counters[trace_.text(c->name)] = {c->value, index};
  }
}

}  // namespace synack::view

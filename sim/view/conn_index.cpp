#include "sim/view/conn_index.hpp"

#include <unordered_map>

#include "sim/view/event_text.hpp"

namespace synack::view {

using namespace synack::trace;

namespace {

// A connection's four numbers as seen from its host.
std::uint64_t tuple_key(std::uint32_t local_ip, std::uint16_t local_port, std::uint32_t remote_ip,
                        std::uint16_t remote_port) {
  std::uint64_t k = local_ip;
  k = k * 1000003u ^ local_port;
  k = k * 1000003u ^ remote_ip;
  k = k * 1000003u ^ remote_port;
  return k;
}

struct Candidates {
  std::unordered_map<std::uint64_t, std::vector<ConnId>> by_tuple;
  const Trace* trace = nullptr;
  const std::vector<ConnRecords>* records = nullptr;

  // Of the connections of `host` with these numbers, the latest that exists
  // at record `event` (a reused port has several), else the first.
  ConnId find(NodeId host, std::uint32_t local_ip, std::uint16_t local_port,
              std::uint32_t remote_ip, std::uint16_t remote_port, std::uint32_t event) const {
    const auto it = by_tuple.find(tuple_key(local_ip, local_port, remote_ip, remote_port));
    if (it == by_tuple.end()) return kNone;
    ConnId best = kNone, first = kNone;
    for (const ConnId c : it->second) {
      const ConnInfo& info = trace->conns[c];
      if (info.host != host || info.id.local_ip != local_ip || info.id.local_port != local_port ||
          info.id.remote_ip != remote_ip || info.id.remote_port != remote_port) {
        continue;
      }
      if (first == kNone) first = c;
      const std::uint32_t born = (*records)[c].first;
      if (born != kNone && born <= event && (best == kNone || born >= (*records)[best].first)) {
        best = c;
      }
    }
    return best != kNone ? best : first;
  }
};

std::uint32_t gap(std::uint32_t a, std::uint32_t b) { return a > b ? a - b : b - a; }

}  // namespace

ConnIndex::ConnIndex(const Trace& trace, const std::vector<TcpNumbers>& numbers)
    : trace_(trace),
      conns_(trace.conns.size()),
      peer_(trace.conns.size(), kNone),
      frame_sender_(numbers.size(), kNone) {
  Candidates candidates{{}, &trace, &conns_};
  for (ConnId c = 0; c < trace.conns.size(); ++c) {
    const tcp::ConnectionId& id = trace.conns[c].id;
    candidates.by_tuple[tuple_key(id.local_ip, id.local_port, id.remote_ip, id.remote_port)]
        .push_back(c);
  }
  // Births first, so a frame finds the connection that existed when it passed.
  for (std::uint32_t i = 0; i < trace.events.size(); ++i) {
    const ConnId c = conn_of(trace.events[i]);
    if (c < conns_.size() && conns_[c].first == kNone) conns_[c].first = i;
  }
  for (std::uint32_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (const auto* s = std::get_if<StateEvent>(&e.what)) {
      if (s->conn < conns_.size()) conns_[s->conn].states.push_back(i);
    } else if (const auto* t = std::get_if<TcbEvent>(&e.what)) {
      if (t->conn < conns_.size()) conns_[t->conn].tcbs.push_back(i);
    } else if (const auto* f = std::get_if<FrameEvent>(&e.what)) {
      if (f->frame >= numbers.size() || !numbers[f->frame].is_tcp) continue;
      const TcpNumbers& n = numbers[f->frame];
      const auto is_host = [&](NodeId node) {
        return node < trace.nodes.size() && trace.nodes[node].kind == NodeKind::Host;
      };
      if (f->fate == Fate::Sent && is_host(f->from)) {
        const ConnId c = candidates.find(f->from, n.src_ip, n.src_port, n.dst_ip, n.dst_port, i);
        if (c != kNone) {
          conns_[c].sent.push_back(i);
          if (frame_sender_[f->frame] == kNone) frame_sender_[f->frame] = c;
        }
      } else if (f->fate == Fate::Delivered && is_host(f->to)) {
        const ConnId c = candidates.find(f->to, n.dst_ip, n.dst_port, n.src_ip, n.src_port, i);
        if (c != kNone) conns_[c].received.push_back(i);
      } else if (f->fate == Fate::Dropped) {
        const ConnId sender = frame_sender_[f->frame];
        if (sender != kNone) conns_[sender].lost.push_back(i);
      }
    }
  }
  for (ConnId c = 0; c < trace.conns.size(); ++c) {
    const tcp::ConnectionId& id = trace.conns[c].id;
    if (id.remote_port == 0) continue;
    const auto it = candidates.by_tuple.find(
        tuple_key(id.remote_ip, id.remote_port, id.local_ip, id.local_port));
    if (it == candidates.by_tuple.end()) continue;
    for (const ConnId other : it->second) {
      const ConnInfo& info = trace.conns[other];
      if (info.host == trace.conns[c].host || info.id.local_ip != id.remote_ip ||
          info.id.local_port != id.remote_port || info.id.remote_ip != id.local_ip ||
          info.id.remote_port != id.local_port) {
        continue;
      }
      // A reused port: the one whose life overlaps most closely, the nearest birth.
      if (peer_[c] == kNone || gap(conns_[other].first, conns_[c].first) <
                                   gap(conns_[peer_[c]].first, conns_[c].first)) {
        peer_[c] = other;
      }
    }
  }
}

ConnId ConnIndex::conn_of_record(std::uint32_t event) const {
  if (event >= trace_.events.size()) return kNone;
  const Event& e = trace_.events[event];
  if (const auto* f = std::get_if<FrameEvent>(&e.what)) {
    return f->frame < frame_sender_.size() ? frame_sender_[f->frame] : kNone;
  }
  const ConnId c = conn_of(e);
  return c < conns_.size() ? c : kNone;
}

ConnId ConnIndex::first_connection() const {
  for (ConnId c = 0; c < trace_.conns.size(); ++c) {
    if (trace_.conns[c].id.remote_port != 0) return c;
  }
  return trace_.conns.empty() ? kNone : 0;
}

std::string conn_title(const Trace& trace, ConnId c) {
  if (c >= trace.conns.size()) return "";
  const ConnInfo& info = trace.conns[c];
  const std::string host = info.host < trace.nodes.size() ? trace.nodes[info.host].name : "?";
  if (info.id.remote_port == 0) {
    return host + "  listening on :" + std::to_string(info.id.local_port);
  }
  return host + "  " + endpoint_name(info.id.local_ip, info.id.local_port) + " → " +
         endpoint_name(info.id.remote_ip, info.id.remote_port);
}

}  // namespace synack::view

#include "sim/view/ladder_model.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "core/tcp_segment.hpp"
#include "core/wire/frame.hpp"
#include "sim/trace/lifelines.hpp"

namespace synack::view {

using namespace synack::trace;

void Track::finish() {
  std::stable_sort(spans.begin(), spans.end(),
                   [](const Span& a, const Span& b) { return a.t0 < b.t0; });
  max_end.resize(spans.size());
  TimeUs m = INT64_MIN;
  for (std::size_t i = 0; i < spans.size(); ++i) max_end[i] = m = std::max(m, spans[i].t1);
}

std::size_t Track::first_reaching(TimeUs t) const {
  return static_cast<std::size_t>(std::lower_bound(max_end.begin(), max_end.end(), t) -
                                  max_end.begin());
}

LadderModel::LadderModel(const Trace& trace) : trace_(trace), numbers_(number_tcp_frames(trace)) {
  place_lanes();
  collect_hops();
  collect_marks_and_spans();

  std::vector<TimeUs> moments;
  std::vector<TimeUs> busy;
  moments.reserve(trace.events.size());
  busy.reserve(trace.events.size());
  std::size_t h = 0;
  TimeUs busy_until = INT64_MIN;
  for (const Event& e : trace.events) {
    while (h < hops.size() && hops[h].t0 <= e.t) busy_until = std::max(busy_until, hops[h++].t1);
    moments.push_back(e.t);
    busy.push_back(busy_until);
  }
  // A slow network (long link delays) must not have its flights squeezed.
  TimeUs longest_link = 0;
  for (const LinkInfo& l : trace.links) longest_link = std::max(longest_link, l.delay);
  axis = TimeAxis(moments, busy, std::max(TimeAxis::kDefaultMinGap, 10 * longest_link));
}

void LadderModel::place_lanes() {
  std::vector<bool> framed(trace_.nodes.size(), false);
  for (const Event& e : trace_.events) {
    if (const auto* f = std::get_if<FrameEvent>(&e.what)) {
      if (f->from < framed.size()) framed[f->from] = true;
      if (f->to < framed.size()) framed[f->to] = true;
    }
  }
  lane_of_node.assign(trace_.nodes.size(), kNoLane);
  for (NodeId id : lifeline_order(trace_, SwitchPlacement::InWalk)) {
    if (trace_.nodes[id].kind != NodeKind::Host && !framed[id]) continue;
    lane_of_node[id] = static_cast<std::uint16_t>(lanes.size());
    lanes.push_back(Lane{id, 0, 0});
  }
}

namespace {

// One direction of a connection, to recognise a segment sent again: one
// that starts before the highest sequence number sent so far (as Wireshark
// marks them), or a SYN sent again with the same ISN. A SYN with another ISN
// starts a new connection on the same ports.
struct Direction {
  std::uint32_t isn = 0;
  std::uint32_t highest = 0;  // sequence number after the last octet (or SYN, FIN) sent
};

bool is_retransmission(std::unordered_map<std::uint64_t, Direction>& directions,
                       const TcpNumbers& n) {
  const std::uint64_t key =
      (static_cast<std::uint64_t>(n.src_ip) << 32 | n.dst_ip) * 0x9E3779B97F4A7C15ull ^
      (static_cast<std::uint64_t>(n.src_port) << 16 | n.dst_port);
  const bool syn = (n.flags & tcp::flag::SYN) != 0;
  const std::uint32_t end = n.seq + n.len + (syn ? 1 : 0) + ((n.flags & tcp::flag::FIN) ? 1 : 0);
  const auto it = directions.find(key);
  if (it == directions.end() || (syn && it->second.isn != n.seq)) {
    directions[key] = Direction{syn ? n.seq : n.seq - 1, end};
    return false;
  }
  Direction& d = it->second;
  const bool again = static_cast<std::int32_t>(n.seq - d.highest) < 0;
  if (static_cast<std::int32_t>(end - d.highest) > 0) d.highest = end;
  return again;
}

}  // namespace

void LadderModel::collect_hops() {
  const std::size_t n = trace_.events.size();
  hop_of_event.assign(n, kNone);
  std::unordered_map<std::uint64_t, std::uint32_t> in_flight;  // (frame, link) -> hop
  std::vector<bool> frame_seen(trace_.frame_count(), false);
  std::unordered_map<std::uint64_t, Direction> directions;
  // A frame forwarded (not flooded) by a switch continues its first hop's path.
  std::vector<std::uint32_t> head(trace_.frame_count(), kNone), tail(trace_.frame_count(), kNone);
  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = trace_.events[i];
    const auto* f = std::get_if<FrameEvent>(&e.what);
    if (f == nullptr || f->from >= lane_of_node.size() || f->to >= lane_of_node.size()) continue;
    const std::uint64_t key = (static_cast<std::uint64_t>(f->frame) << 32) | f->link;
    const TimeUs delay = f->link < trace_.links.size() ? trace_.links[f->link].delay : 0;
    if (f->fate == Fate::Sent) {
      Hop h;
      h.t0 = e.t;
      h.t1 = tcp::later(tcp::later(e.t, f->queued_us), delay);
      h.sent_event = static_cast<std::uint32_t>(i);
      h.frame = f->frame;
      h.from_lane = lane_of_node[f->from];
      h.to_lane = lane_of_node[f->to];
      h.flooded = f->flooded;
      if (h.from_lane == kNoLane || h.to_lane == kNoLane) continue;
      const TcpNumbers* num = f->frame < numbers_.size() ? &numbers_[f->frame] : nullptr;
      bool is_arp = false, is_udp = false;
      if (num != nullptr && !num->is_tcp) {
        const wire::DecodedFrame d = wire::decode_frame(trace_.frame(f->frame));
        is_arp = d.arp.has_value();
        is_udp = d.udp.has_value();
      }
      h.kind = num != nullptr ? frame_kind(*num, is_arp, is_udp) : FrameKind::Other;
      if (f->frame < frame_seen.size() && !frame_seen[f->frame]) {
        frame_seen[f->frame] = true;
        h.labelled = true;
        if (num != nullptr && num->is_tcp &&
            (num->len > 0 || (num->flags & (tcp::flag::SYN | tcp::flag::FIN)))) {
          h.retransmission = is_retransmission(directions, *num);
        }
      }
      const auto index = static_cast<std::uint32_t>(hops.size());
      if (f->frame < head.size()) {
        if (h.labelled) {
          head[f->frame] = tail[f->frame] = index;
          h.path_end = index;
        } else if (!h.flooded && tail[f->frame] != kNone &&
                   hops[tail[f->frame]].to_lane == h.from_lane &&
                   hops[head[f->frame]].path_end == tail[f->frame]) {
          hops[head[f->frame]].path_end = index;
          tail[f->frame] = index;
        }
      }
      in_flight[key] = index;
      hop_of_event[i] = index;
      hops.push_back(h);
      continue;
    }
    auto it = in_flight.find(key);
    if (it == in_flight.end()) continue;
    Hop& h = hops[it->second];
    h.end_event = static_cast<std::uint32_t>(i);
    hop_of_event[i] = it->second;
    if (f->fate == Fate::Dropped) {
      h.dropped = true;
      // Lost on the link is recorded when it was sent: show it lost half way.
      h.lost_on_link = e.t == h.t0;
      h.t1 = h.lost_on_link ? h.t0 + (h.t1 - h.t0) / 2 : e.t;
    } else {
      h.t1 = e.t;
    }
    in_flight.erase(it);
  }
  hop_max_end.resize(hops.size());
  TimeUs m = INT64_MIN;
  for (std::size_t i = 0; i < hops.size(); ++i) hop_max_end[i] = m = std::max(m, hops[i].t1);
}

void LadderModel::collect_marks_and_spans() {
  const std::size_t n = trace_.events.size();
  const TimeUs end = n == 0 ? 0 : trace_.events.back().t;
  mark_of_event.assign(n, kNone);

  // Connection states as spans, and each connection's lifetime for its band slot.
  std::vector<std::vector<Span>> conn_spans(trace_.conns.size());
  std::vector<Span> timer_spans;
  std::vector<NodeId> timer_host;
  std::map<std::tuple<NodeId, ConnId, int, TextId>, std::uint32_t> open_timers;

  const auto lane = [&](NodeId node) {
    return node < lane_of_node.size() ? lane_of_node[node] : kNoLane;
  };
  const auto add_mark = [&](std::size_t i, NodeId node, MarkKind kind) {
    const std::uint16_t l = lane(node);
    if (l == kNoLane) return;
    mark_of_event[i] = static_cast<std::uint32_t>(marks.size());
    marks.push_back(Mark{trace_.events[i].t, static_cast<std::uint32_t>(i), l, kind});
  };

  for (std::size_t i = 0; i < n; ++i) {
    const Event& e = trace_.events[i];
    const auto index = static_cast<std::uint32_t>(i);
    if (const auto* c = std::get_if<CallEvent>(&e.what)) {
      add_mark(i, c->host,
               c->phase == CallPhase::Issued ? MarkKind::CallIssued
               : c->err != 0                 ? MarkKind::CallFailed
                                             : MarkKind::CallReturned);
    } else if (const auto* s = std::get_if<StateEvent>(&e.what)) {
      add_mark(i, s->host, MarkKind::StateChange);
      if (s->conn >= conn_spans.size()) continue;
      auto& spans = conn_spans[s->conn];
      if (!spans.empty() && spans.back().event1 == kNone) {
        spans.back().t1 = e.t;
        spans.back().event1 = index;
      }
      if (s->to != tcp::State::Closed) {
        Span sp;
        sp.t0 = e.t;
        sp.t1 = end;
        sp.event0 = index;
        sp.value = static_cast<std::uint8_t>(s->to);
        sp.conn = s->conn;
        spans.push_back(sp);
      }
    } else if (const auto* a = std::get_if<ArpEvent>(&e.what)) {
      add_mark(i, a->host, MarkKind::Arp);
    } else if (const auto* m = std::get_if<MacEvent>(&e.what)) {
      add_mark(i, m->node, MarkKind::Mac);
    } else if (const auto* q = std::get_if<QueueEvent>(&e.what)) {
      add_mark(i, q->host, MarkKind::Queue);
    } else if (const auto* note = std::get_if<NoteEvent>(&e.what)) {
      add_mark(i, note->node, MarkKind::Note);
    } else if (const auto* ig = std::get_if<IgnoredEvent>(&e.what)) {
      add_mark(i, ig->host, MarkKind::Ignored);
    } else if (const auto* t = std::get_if<TimerEvent>(&e.what)) {
      const int kind = t->conn == kNone ? -1 : static_cast<int>(t->kind);
      const auto key = std::make_tuple(t->host, t->conn, kind, t->conn == kNone ? t->what : kNone);
      auto it = open_timers.find(key);
      if (it != open_timers.end()) {
        Span& sp = timer_spans[it->second];
        sp.t1 = e.t;
        sp.event1 = index;
        sp.end_op = static_cast<std::uint8_t>(t->op);
        open_timers.erase(it);
      }
      if (t->op == TimerOp::Set) {
        Span sp;
        sp.t0 = e.t;
        sp.t1 = std::max(e.t, std::min(end, t->deadline));
        sp.event0 = index;
        sp.value = static_cast<std::uint8_t>(t->kind);
        sp.end_op = 0xFF;  // still running at the end
        sp.conn = t->conn;
        sp.what = t->what;
        open_timers[key] = static_cast<std::uint32_t>(timer_spans.size());
        timer_spans.push_back(sp);
        timer_host.push_back(t->host);
      }
    }
  }

  // Band slots: connections of a host that live at the same time get
  // different slots; the earliest free slot is reused.
  std::vector<std::uint8_t> slot_of_conn(trace_.conns.size(), 0);
  std::vector<std::array<TimeUs, kMaxSlots>> free_at(lanes.size());
  for (auto& f : free_at) f.fill(INT64_MIN);
  std::vector<ConnId> order;
  for (ConnId c = 0; c < conn_spans.size(); ++c) {
    if (!conn_spans[c].empty()) order.push_back(c);
  }
  std::stable_sort(order.begin(), order.end(), [&](ConnId a, ConnId b) {
    return conn_spans[a].front().t0 < conn_spans[b].front().t0;
  });
  std::map<std::pair<std::uint16_t, std::uint8_t>, Track> band_tracks;
  for (ConnId c : order) {
    const std::uint16_t l = lane(trace_.conns[c].host);
    if (l == kNoLane) continue;
    auto& slots = free_at[l];
    std::uint8_t slot = kMaxSlots - 1;
    for (std::uint8_t s = 0; s < kMaxSlots; ++s) {
      if (slots[s] <= conn_spans[c].front().t0) {
        slot = s;
        break;
      }
    }
    slots[slot] = std::max(slots[slot], conn_spans[c].back().t1 + 1);
    slot_of_conn[c] = slot;
    lanes[l].band_slots = std::max<std::uint8_t>(lanes[l].band_slots, slot + 1);
    Track& track = band_tracks[{l, slot}];
    track.lane = l;
    track.slot = slot;
    track.spans.insert(track.spans.end(), conn_spans[c].begin(), conn_spans[c].end());
  }
  for (auto& [key, track] : band_tracks) {
    track.finish();
    bands.push_back(std::move(track));
  }

  std::map<std::pair<std::uint16_t, std::uint8_t>, Track> timer_tracks;
  for (std::size_t i = 0; i < timer_spans.size(); ++i) {
    const std::uint16_t l = lane(timer_host[i]);
    if (l == kNoLane) continue;
    const Span& sp = timer_spans[i];
    // Timers of no connection (ARP retry) get a track beyond the connections'.
    const std::uint8_t slot = sp.conn < slot_of_conn.size()
                                  ? slot_of_conn[sp.conn]
                                  : std::max<std::uint8_t>(1, lanes[l].band_slots);
    lanes[l].timer_slots = std::max<std::uint8_t>(lanes[l].timer_slots, slot + 1);
    Track& track = timer_tracks[{l, slot}];
    track.lane = l;
    track.slot = slot;
    track.spans.push_back(sp);
  }
  for (auto& [key, track] : timer_tracks) {
    track.finish();
    timers.push_back(std::move(track));
  }
}

std::string LadderModel::hop_label(const Hop& h, bool absolute) const {
  if (h.frame >= numbers_.size()) return "frame";
  std::string label = frame_label(trace_, h.frame, numbers_[h.frame], absolute);
  return h.retransmission ? "[Retransmission] " + label : label;
}

}  // namespace synack::view

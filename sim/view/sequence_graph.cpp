#include "sim/view/sequence_graph.hpp"

#include <algorithm>

#include "core/tcp_segment.hpp"

namespace synack::view {

using namespace synack::trace;

SequenceGraph sequence_graph(const LadderModel& ladder, const ConnRecords& records) {
  SequenceGraph g;
  const Trace& trace = ladder.trace();
  const auto& numbers = ladder.numbers();
  std::vector<FrameId> lost_frames;
  for (const std::uint32_t i : records.lost) {
    lost_frames.push_back(std::get<FrameEvent>(trace.events[i].what).frame);
  }
  std::sort(lost_frames.begin(), lost_frames.end());
  for (const std::uint32_t i : records.sent) {
    const auto& f = std::get<FrameEvent>(trace.events[i].what);
    const TcpNumbers& n = numbers[f.frame];
    const std::uint32_t flags_len =
        ((n.flags & tcp::flag::SYN) ? 1u : 0u) + ((n.flags & tcp::flag::FIN) ? 1u : 0u);
    GraphSegment s;
    s.t = trace.events[i].t;
    s.seq0 = n.rel_seq;
    s.seq1 = static_cast<std::int64_t>(n.rel_seq) + n.len + flags_len;
    s.event = i;
    const std::uint32_t hop = i < ladder.hop_of_event.size() ? ladder.hop_of_event[i] : kNone;
    s.retransmission = hop != kNone && ladder.hops[hop].retransmission;
    s.lost = std::binary_search(lost_frames.begin(), lost_frames.end(), f.frame);
    g.seq_max = std::max(g.seq_max, s.seq1);
    g.segments.push_back(s);
  }
  for (const std::uint32_t i : records.received) {
    const auto& f = std::get<FrameEvent>(trace.events[i].what);
    const TcpNumbers& n = numbers[f.frame];
    if (!(n.flags & tcp::flag::ACK)) continue;
    GraphAck a;
    a.t = trace.events[i].t;
    a.ack = n.rel_ack;
    a.window_edge = static_cast<std::int64_t>(n.rel_ack) + n.win;
    a.event = i;
    g.seq_max = std::max(g.seq_max, a.ack);
    g.window_max = std::max(g.window_max, a.window_edge);
    g.acks.push_back(a);
  }
  const bool any_segment = !g.segments.empty(), any_ack = !g.acks.empty();
  if (any_segment || any_ack) {
    g.t0 = std::min(any_segment ? g.segments.front().t : g.acks.front().t,
                    any_ack ? g.acks.front().t : g.segments.front().t);
    g.t1 = std::max(any_segment ? g.segments.back().t : g.acks.back().t,
                    any_ack ? g.acks.back().t : g.segments.back().t);
  }
  return g;
}

GraphCut graph_cut(const SequenceGraph& g, std::size_t step) {
  const auto before = [step](const auto& item) { return item.event < step; };
  GraphCut c;
  c.segments = static_cast<std::size_t>(
      std::partition_point(g.segments.begin(), g.segments.end(), before) - g.segments.begin());
  c.acks = static_cast<std::size_t>(std::partition_point(g.acks.begin(), g.acks.end(), before) -
                                    g.acks.begin());
  return c;
}

}  // namespace synack::view

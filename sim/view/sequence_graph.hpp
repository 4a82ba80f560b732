// Wireshark's Stevens / tcptrace graph for one direction of a connection:
// the sequence numbers its host sent against time (one stroke per segment,
// from SEQ to SEQ + LEN, a SYN or FIN counting one), retransmissions and
// losses marked, the ACK line (the peer's cumulative ACK as it arrived) and
// the receive-window line (ACK + window) above it. Numbers are relative to
// the connection's ISS, as the ladder shows them.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/trace/frame_view.hpp"
#include "sim/trace/trace.hpp"
#include "sim/view/conn_index.hpp"
#include "sim/view/ladder_model.hpp"

namespace synack::view {

struct GraphSegment {
  TimeUs t = 0;
  std::int64_t seq0 = 0, seq1 = 0;  // relative; seq1 is past its last number
  std::uint32_t event = 0;          // its Sent record
  bool retransmission = false;
  bool lost = false;  // this transmission never reached the peer
};

// The peer's ACK and window as they reached the host.
struct GraphAck {
  TimeUs t = 0;
  std::int64_t ack = 0, window_edge = 0;  // relative
  std::uint32_t event = 0;                // its Delivered record
};

struct SequenceGraph {
  std::vector<GraphSegment> segments;  // in time order
  std::vector<GraphAck> acks;          // in time order
  TimeUs t0 = 0, t1 = 0;               // the first and last of them
  std::int64_t seq_max = 0;            // the highest number sent or acknowledged
  std::int64_t window_max = 0;         // the highest window edge (often far above: drawn clipped)
  bool empty() const { return segments.empty() && acks.empty(); }
};

SequenceGraph sequence_graph(const LadderModel& ladder, const ConnRecords& records);

// How many of a graph's items are applied by `step`: segments[0..n) and acks[0..m).
struct GraphCut {
  std::size_t segments = 0, acks = 0;
};
GraphCut graph_cut(const SequenceGraph& g, std::size_t step);

}  // namespace synack::view

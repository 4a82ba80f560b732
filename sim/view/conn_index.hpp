// Each TCP connection's own records, found once per Trace: its state changes,
// its TCB records and the frames its host sent or received for it. The
// explaining panels (state diagram, TCB, sequence graph) read a connection's
// history from here, so what they do per step is proportional to that one
// connection, not to the trace.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/trace/frame_view.hpp"
#include "sim/trace/trace.hpp"

namespace synack::view {

struct ConnRecords {
  std::vector<std::uint32_t> states;    // StateEvent record indices, in order
  std::vector<std::uint32_t> tcbs;      // TcbEvent record indices
  std::vector<std::uint32_t> sent;      // frames its host put on a link for it (Sent)
  std::vector<std::uint32_t> received;  // frames of it that reached its host (Delivered)
  std::vector<std::uint32_t> lost;      // frames of it, either way, lost on the way (Dropped)
  std::uint32_t first = trace::kNone;   // its first record
};

class ConnIndex {
 public:
  // `numbers` as trace::number_tcp_frames gives them (by FrameId).
  ConnIndex(const trace::Trace& trace, const std::vector<trace::TcpNumbers>& numbers);

  const ConnRecords& of(trace::ConnId c) const { return conns_[c]; }
  std::size_t size() const { return conns_.size(); }

  // The connection a record is about: its `conn`, or for a TCP frame the
  // sender's connection; kNone when none.
  trace::ConnId conn_of_record(std::uint32_t event) const;
  // The other end's connection (the same four numbers reversed, on another host), or kNone.
  trace::ConnId peer(trace::ConnId c) const { return peer_[c]; }
  // The connection to show before anything is selected: the first with a
  // remote end (not a listener), else the first; kNone when there is none.
  trace::ConnId first_connection() const;

 private:
  const trace::Trace& trace_;
  std::vector<ConnRecords> conns_;
  std::vector<trace::ConnId> peer_;
  std::vector<trace::ConnId> frame_sender_;  // by FrameId: the sending host's connection
};

// "client  10.0.0.1:49152 → 10.0.0.2:80"; a listener: "server  listening on :80".
std::string conn_title(const trace::Trace& trace, trace::ConnId c);

}  // namespace synack::view

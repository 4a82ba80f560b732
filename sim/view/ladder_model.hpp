// What the ladder timeline shows, computed once per Trace: lifelines, frames
// as hops (one per link they cross), points on lifelines (calls, state
// changes, table changes, notes), state bands per connection and timer bars,
// each list sorted by time so a frame's layout finds the visible part by
// binary search (see timeline_layout.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/trace/frame_view.hpp"
#include "sim/trace/trace.hpp"
#include "sim/view/event_text.hpp"
#include "sim/view/time_axis.hpp"

namespace synack::view {

using trace::kNone;

// One frame on one link: from its Sent record to where it arrived or was lost.
struct Hop {
  TimeUs t0 = 0, t1 = 0;  // sent; arrived (or lost) — t1 == t0 + link time
  std::uint32_t sent_event = kNone;
  std::uint32_t end_event = kNone;  // Delivered or Dropped; kNone: still in flight at the end
  trace::FrameId frame = 0;
  std::uint16_t from_lane = 0, to_lane = 0;
  FrameKind kind = FrameKind::Other;
  bool dropped = false;
  bool lost_on_link = false;  // dropped on the way (fault, loss), not refused at the far end
  bool flooded = false;
  bool retransmission = false;
  bool labelled = false;  // the frame's first hop carries its label; the others repeat it
  // For a labelled hop: the last hop of the frame's unicast path through
  // switches, so the label spans the whole way from sender to receiver.
  std::uint32_t path_end = kNone;
};

enum class MarkKind : std::uint8_t {
  CallIssued,
  CallReturned,
  CallFailed,
  StateChange,
  Arp,
  Mac,
  TimerFired,
  Queue,
  Note,
  Ignored
};

// Something that happened at one moment on one lifeline.
struct Mark {
  TimeUs t = 0;
  std::uint32_t event = 0;
  std::uint16_t lane = 0;
  MarkKind kind = MarkKind::Note;
};

// A stretch of time with one value on one track beside a lifeline.
struct Span {
  TimeUs t0 = 0, t1 = 0;
  std::uint32_t event0 = kNone;  // the record that started it
  std::uint32_t event1 = kNone;  // the record that ended it; kNone: lasts to the end
  std::uint8_t value = 0;        // tcp::State for bands, tcp::TimerKind for timers
  std::uint8_t end_op = 0;       // timers: tcp::TimerOp of event1
  trace::ConnId conn = kNone;
  trace::TextId what = kNone;  // timers: display name
};

// Spans of one track sorted by start, with the latest end so far, so the first
// span reaching into a window is a binary search away.
struct Track {
  std::uint16_t lane = 0;
  std::uint8_t slot = 0;  // bands: 0 is nearest the lifeline
  std::vector<Span> spans;
  std::vector<TimeUs> max_end;  // max_end[i] = max(spans[0..i].t1)
  void finish();
  // Index of the first span whose end reaches t (or spans.size()).
  std::size_t first_reaching(TimeUs t) const;
};

struct Lane {
  trace::NodeId node = 0;
  std::uint8_t band_slots = 0;   // connection bands beside it
  std::uint8_t timer_slots = 0;  // timer bars beside it
};

class LadderModel {
 public:
  static constexpr int kMaxSlots = 6;  // more connections at once share the last band

  explicit LadderModel(const Trace& trace);

  const Trace& trace() const { return trace_; }
  const std::vector<trace::TcpNumbers>& numbers() const { return numbers_; }

  std::vector<Lane> lanes;
  std::vector<std::uint16_t> lane_of_node;  // by NodeId; kNoLane if the node has no lifeline
  static constexpr std::uint16_t kNoLane = 0xFFFF;

  std::vector<Hop> hops;  // by t0
  std::vector<TimeUs> hop_max_end;
  std::vector<Mark> marks;    // by t
  std::vector<Track> bands;   // one per (lane, slot): connection states
  std::vector<Track> timers;  // one per (lane, slot): TCP timers of the connections in that slot
  TimeAxis axis;

  // Where each record is drawn: index into hops (frames) or marks, or kNone.
  std::vector<std::uint32_t> hop_of_event;
  std::vector<std::uint32_t> mark_of_event;

  // The label of a hop's frame, Wireshark-style.
  std::string hop_label(const Hop& h, bool absolute) const;

 private:
  void place_lanes();
  void collect_hops();
  void collect_marks_and_spans();

  const Trace& trace_;
  std::vector<trace::TcpNumbers> numbers_;
};

}  // namespace synack::view

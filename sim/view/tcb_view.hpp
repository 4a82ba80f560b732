// A connection's TCB at any step, and its send and receive sequence spaces
// drawn as RFC 9293's Figures 3 and 4. Built once per connection from its TCB
// records (each holds only what changed); a step is then one binary search
// per variable.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/tcp_types.hpp"
#include "sim/trace/trace.hpp"
#include "sim/view/conn_index.hpp"

namespace synack::view {

struct TcbAt {
  std::array<std::uint32_t, tcp::kTcbVarCount> values{};
  std::uint16_t present = 0;            // bit i: variable i has a value by this step
  std::uint16_t changed = 0;            // bit i: the latest TCB record changed variable i
  std::uint32_t record = trace::kNone;  // that record
  bool has(tcp::TcbVar v) const { return present & (1u << static_cast<unsigned>(v)); }
  bool was_changed(tcp::TcbVar v) const { return changed & (1u << static_cast<unsigned>(v)); }
  std::uint32_t operator[](tcp::TcbVar v) const { return values[static_cast<std::size_t>(v)]; }
};

class TcbHistory {
 public:
  TcbHistory(const trace::Trace& trace, const ConnRecords& records);
  // The variables after `step` records (records 0..step-1 applied).
  TcbAt at(std::size_t step) const;

 private:
  struct Change {
    std::uint32_t event;
    std::uint32_t value;
  };
  const trace::Trace& trace_;
  const ConnRecords& records_;
  std::array<std::vector<Change>, tcp::kTcbVarCount> changes_;
};

// One stretch of a sequence space, numbered from the ISS (send) or IRS
// (receive), with its place along the drawn bar (0..1).
enum class SpacePart : std::uint8_t {
  Acknowledged,    // send 1: old numbers that have been acknowledged
  Unacknowledged,  // send 2: sent, not yet acknowledged
  Usable,          // send 3: allowed for new data
  Received,        // receive 1: received and acknowledged
  Window,          // receive 2: allowed for new reception
  NotYetAllowed,   // send 4, receive 3: future numbers not yet allowed
};
// RFC 9293's words in the language in force: "acknowledged", ...
const char* space_part_name(SpacePart p);

struct SpaceStretch {
  SpacePart part;
  std::int64_t from = 0, to = 0;  // relative numbers; `to` is open for NotYetAllowed
  float x0 = 0, x1 = 0;
};

// A labelled boundary: "SND.UNA" at its number and its place on the bar;
// boundaries at one number share a mark ("SND.UNA=SND.NXT").
struct SpaceMark {
  std::string name;
  std::int64_t at = 0;
  float x = 0;
};

struct SequenceSpace {
  std::vector<SpaceStretch> stretches;  // in order along the bar
  std::vector<SpaceMark> marks;
  // The bytes held in the buffer along this space: the send buffer (from
  // SND.UNA, `unsent` of them not yet sent) or what RECEIVE can read (up to RCV.NXT).
  std::int64_t buffer_from = 0, buffer_to = 0;
  float buffer_x0 = 0, buffer_x1 = 0;
  std::int64_t unsent = 0;
  bool zero_window = false;  // send: the peer acknowledged the SYN and offers no window
  bool valid = false;        // the TCB had the numbers the figure needs (receive: a SYN came)
};

// Figure 3: the window is min(SND.WND, cwnd) once a congestion window exists
// (its edge is then named "SND.UNA+min(WND,cwnd)").
SequenceSpace send_space(const TcbAt& tcb);
// Figure 4.
SequenceSpace receive_space(const TcbAt& tcb);

}  // namespace synack::view

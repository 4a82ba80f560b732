// A Trace as a ladder (sequence) diagram for the terminal: one column per node,
// one row per event, each frame one arrow from its sender to whoever received
// it, with state changes, socket calls and table changes written in the
// column of the node they happened on.
#pragma once

#include <ostream>

#include "sim/trace/trace.hpp"

namespace synack::trace {

struct LadderOptions {
  bool color = false;  // ANSI colors: frames by kind, state changes, errors
};

// Times are in ms; a frame is drawn when it was first sent, its label on the
// arrow when it fits there, else after the last column:
//    ms   client                      server                      sw1
//           │                           │                           │
// 0.000     ├── ARP who-has 10.0.0.2 ──▶│                           │  (flooded by sw1)
// 0.040     ├───── S seq 0 len 0 ──────▶│                           │
// 0.060     │◀── S. seq 0 ack 1 len 0 ──┤                           │
// 0.080     │ [SYN-SENT -> ESTABLISHED] rcv SYN,ACK                 │
// 0.200     ├── P. seq 1 ack 1 len 5 ──x│                           │  (dropped on l2 to server:
// loss)
void write_ladder(const Trace& trace, std::ostream& out, const LadderOptions& options = {});

}  // namespace synack::trace

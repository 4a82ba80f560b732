// Why a record happened, in one sentence: the transition-table row behind a
// state change, the reason an input was ignored, what made a host ask ARP,
// what a segment's arrival, its sending or a TCB change came from. In the
// language in force; the RFC's names (states, events, actions, sections) and
// the reasons the trace records stay as they are.
//   "ESTABLISHED + rcv FIN → CLOSE-WAIT; snd ACK (RFC 9293 §3.10.7.4, eighth: check the FIN bit)"
//   "segment dropped in ESTABLISHED: not acceptable: SEG.SEQ outside RCV.WND; ..."
//   "ARP request: 10.0.2.20 is on another network (10.0.2.0/24 ≠ 10.0.1.0/24), so ask for the
//    gateway 10.0.1.1"
#pragma once

#include <cstdint>
#include <string>

#include "sim/trace/trace.hpp"

namespace synack::view {

struct RuleExplanation {
  std::string sentence;  // empty: nothing to explain for this record
  // The record the sentence is about when it is not the selected one (the
  // state change a segment's arrival caused, the transition that sent it).
  std::uint32_t cause = trace::kNone;
};

// The sentence for a transition-table row (an index into tcp::fsm_edges()).
std::string row_sentence(std::uint16_t row);

// Why record `event` happened. Looks only at the records next to it (the same
// moment on the same host), so it costs the same on any trace.
RuleExplanation explain_record(const trace::Trace& trace, std::uint32_t event);

}  // namespace synack::view

// Expectations checked against a Trace: each one becomes a Verdict that says,
// in words a learner can act on, what the scenario promised and what the run
// did. Only the Trace is read, so a simulated run, a live capture and an
// imported pcap are judged alike.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::scenario {

struct Verdict {
  bool ok = false;
  std::string what;      // the expectation in words: "client fd c is ESTABLISHED at 1.000 s"
  std::string expected;  // "ESTABLISHED"; several lines for a segment list
  std::string actual;    // "SYN-SENT since 0.001 s (user OPEN)"; the segments seen
  Mark mark;             // where the expectation is in the file
  std::string note;      // Expectation::note
};

// One verdict per scenario expectation, in the scenario's order.
std::vector<Verdict> check(const Scenario& scenario, const trace::Trace& trace);

// "file:line:col: PASS|FAIL what", then for failures "   expected: ..." and
// "   actual:   ..." (further lines of either indented to match), then the note.
void print_verdicts(const Scenario& scenario, const std::vector<Verdict>& verdicts,
                    std::ostream& out);

// When an expectation is decided: its `at`, the end of its window, or the
// return of the call it checks; the end of the run when it has no moment.
TimeUs decision_time(const Expectation& e, const trace::Trace& trace);

// Times as verdicts print them: seconds with three decimals ("1.000 s"), six
// when the time is not a whole millisecond; kForever is "the end".
std::string format_time(TimeUs t);

}  // namespace synack::scenario

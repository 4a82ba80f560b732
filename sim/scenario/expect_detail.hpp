// Shared by the expectation checkers (expect*.cpp); not part of the public API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/expect.hpp"
#include "sim/trace/frame_view.hpp"
#include "sim/trace/trace.hpp"

namespace synack::scenario::detail {

// Each checker fills ok, what, expected and actual; check() adds mark and note.
Verdict check_state(const ExpectState& e, const Scenario& scenario, const trace::Trace& trace);
Verdict check_segments(const ExpectSegments& e, const Scenario& scenario, const trace::Trace& trace,
                       const std::vector<trace::TcpNumbers>& numbers);
Verdict check_call(const ExpectCall& e, const Scenario& scenario, const trace::Trace& trace);
Verdict check_arp(const ExpectArp& e, const trace::Trace& trace);
Verdict check_mac_table(const ExpectMacTable& e, const trace::Trace& trace);
Verdict check_counter(const ExpectCounter& e, const trace::Trace& trace);
Verdict check_queue(const ExpectQueue& e, const trace::Trace& trace);
Verdict check_received(const ExpectReceived& e, const Scenario& scenario,
                       const trace::Trace& trace);

// Data as a message shows it: in double quotes, with escapes; past 48 bytes
// the first 40 and the length, "\"abcdefgh...\" (10000 bytes)".
std::string quoted(std::string_view text);
bool cut_when_quoted(std::string_view text);
// Where `got` departs from `want`, with a few bytes of each around it:
// "first difference at byte 1460: expected \"...\", got \"...\"".
std::string data_difference(std::string_view want, std::string_view got);

// Socket labels of every connection of `host`, by ConnId ("" when unlabelled):
// the connect (or listen) on a label, or the accept that returned it as one.
std::vector<std::string> conn_labels(const Scenario& scenario, const trace::Trace& trace,
                                     trace::NodeId host);

// "a, b and c"
std::string join_and(const std::vector<std::string>& parts);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
// "no host, switch or router named x in the trace": for names the trace lacks.
std::string unknown_node(std::string_view name);
// A MAC with the name of the node that owns it, when one does: "02:00:00:00:00:02 (server)".
std::string mac_text(const trace::Trace& trace, const wire::MacAddress& mac);
// Time of the last record: when "the end of the run" was.
TimeUs end_time(const trace::Trace& trace);

}  // namespace synack::scenario::detail

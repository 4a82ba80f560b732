// The words the app shows for a record: Wireshark flow-graph labels for
// frames (in Wireshark's words, in any language), one-line summaries for the
// event list and marks (in the language in force; the RFC's names and the
// trace's own texts stay as they are), the node a record belongs to and its
// category for the list's type toggles.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/trace/frame_view.hpp"
#include "sim/trace/trace.hpp"

namespace synack::view {

using trace::Event;
using trace::NodeId;
using trace::TimeUs;
using trace::Trace;

// Ignored: inputs the state machine did not act on (shown by default, as they
// explain why nothing happened); Other: queues, counters, notes, TCB values.
enum class Category : std::uint8_t { Frame, State, Call, ArpMac, Timer, Ignored, Other };
inline constexpr int kCategoryCount = 7;
const char* category_name(Category c);  // "Frames", "States", ...
Category category_of(const Event& e);

// The node a record happened on (a frame: its sender); kNone when none.
NodeId node_of(const Event& e);
// The TCP connection a record is about (a state change, a call, a timer, ...); kNone when none.
trace::ConnId conn_of(const Event& e);

// What kind of frame, for its colour and the retransmission check.
enum class FrameKind : std::uint8_t { Syn, SynAck, Fin, Rst, Data, Ack, Arp, Udp, Other };
FrameKind frame_kind(const trace::TcpNumbers& n, bool is_arp, bool is_udp);

// Wireshark's flow graph words: "SYN, ACK Seq=0 Ack=1 Win=65535 Len=0",
// "Who has 10.0.0.2? Tell 10.0.0.1", "10.0.0.2 is at 02:00:00:00:01:02".
std::string tcp_flag_words(std::uint8_t flags);  // "FIN, ACK"
std::string frame_label(const Trace& trace, trace::FrameId id, const trace::TcpNumbers& n,
                        bool absolute);

// One line for the event list: "client → sw1  SYN Seq=0 Win=65535 Len=0",
// "client  SYN-SENT → ESTABLISHED  rcv SYN,ACK", "server  accept(3) → 4".
std::string event_summary(const Trace& trace, const std::vector<trace::TcpNumbers>& numbers,
                          const Event& e, bool absolute);

// A socket call's text with its result: "connect(3, 10.0.0.2:80) → 0",
// "connect(3, 10.0.0.2:80) = -1 ECONNREFUSED", "accept(3) … blocks" while blocked.
std::string call_summary(const Trace& trace, const trace::CallEvent& e);

// The words beside a record's mark on its lifeline: a call with its result,
// "ARP: 10.0.0.2 is server", "learns client on port 1", a listener's queues,
// a note, "ignored: …"; empty for records whose mark needs none (state changes
// are named on their bands).
std::string mark_words(const Trace& trace, const Event& e);

// `text` whole when it is at most `max_width` wide, else as much of it as fits
// before "…", cut between UTF-8 characters.
std::string fit_text(const std::string& text, float max_width,
                     const std::function<float(const std::string&)>& width);

// "12.345 ms", "1.000 s", "250 µs": a time as people read it.
std::string format_time(TimeUs t);
// Always milliseconds with three decimals, for aligned list columns: "12.345".
std::string format_ms(TimeUs t);

}  // namespace synack::view

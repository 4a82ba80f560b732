// The Trace: an append-only record of everything a run did, in time order.
// The simulator (and later the live runner and the pcap importer) write one;
// everything downstream (expectations, the terminal ladder, JSON and pcap
// exports, the GUI) reads one and never reaches back into what made it.
//
// Records are small fixed-size structs; text that repeats (causes, call names,
// counter names) is interned once, and frame bytes live in one arena, so a
// million events stay compact.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/isn.hpp"
#include "core/tcp_types.hpp"
#include "core/wire/bytes.hpp"
#include "core/wire/ethernet.hpp"
#include "core/wire/ipv4_address.hpp"

namespace synack::trace {

using TimeUs = tcp::TimeUs;
using NodeId = std::uint32_t;   // index into Trace::nodes
using LinkId = std::uint32_t;   // index into Trace::links
using ConnId = std::uint32_t;   // index into Trace::conns
using TextId = std::uint32_t;   // index into Trace::texts
using FrameId = std::uint32_t;  // index into Trace::frames
inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// ---- what the run was made of ------------------------------------------------

enum class NodeKind : std::uint8_t { Host, Switch, Router };
const char* node_kind_name(NodeKind k);  // "host", "switch", "router"

struct InterfaceInfo {
  std::string name;  // "eth0"
  wire::MacAddress mac;
  wire::Ipv4Address ip;  // unspecified on switch ports
  std::uint8_t prefix_length = 0;
};

struct NodeInfo {
  std::string name;
  NodeKind kind = NodeKind::Host;
  std::vector<InterfaceInfo> interfaces;  // hosts and routers; switches have none
  wire::Ipv4Address gateway;              // hosts; unspecified when none
};

// A link joins one port of each of two nodes. For hosts and routers the port is
// the interface index; for switches it is the switch port number (1-based, in
// the order the links attaching to that switch were declared).
struct LinkInfo {
  std::string name;
  NodeId a = 0, b = 0;
  std::uint16_t a_port = 0, b_port = 0;
  TimeUs delay = 0;
  std::uint64_t bandwidth_bps = 0;  // 0: no serialization time
};

// A TCP connection as seen from `host` (local = that host's side).
struct ConnInfo {
  NodeId host = 0;
  tcp::ConnectionId id;
};

// Where a frame's bytes live in the arena.
struct FrameRef {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

// ---- the records ---------------------------------------------------------------

// A frame on a link. One frame (one FrameId, the same bytes) may appear several
// times: sent by a host, forwarded or flooded by a switch, delivered, dropped.
// Routers make a new frame when they forward (new MACs, TTL - 1).
enum class Fate : std::uint8_t {
  Sent,       // `from` put it on `link` towards `to`
  Delivered,  // `to` received it from `link` (a host NIC accepted it, or a switch/router port)
  Dropped,    // lost on `link` (or refused by `to`): `reason` says why
};
const char* fate_name(Fate f);  // "sent", "delivered", "dropped"

struct FrameEvent {
  FrameId frame = 0;
  LinkId link = 0;
  NodeId from = 0;
  NodeId to = 0;
  Fate fate = Fate::Sent;
  bool flooded = false;   // a switch sent it out of every other port
  TextId reason = kNone;  // for Dropped: "loss", "fault: drop", "link cut", "not for us", ...
  // For Sent: how long the frame waits behind others on a busy link before its
  // first bit goes out (serialization at work); 0 on an idle link.
  std::uint32_t queued_us = 0;
};

// How a state change is known: the simulator's own endpoint made it, it was
// read from a real kernel, or a passive observer inferred it from the segments
// a capture holds (RFC 9293's rules); Uncertain when that inference rests on a
// segment the capture did not hold (it started mid-connection, or has a gap).
enum class StateBasis : std::uint8_t { Simulated, Sampled, Inferred, Uncertain };
const char* state_basis_name(StateBasis b);  // "simulated", "sampled", "inferred", "uncertain"
// The name back to its basis; false if unknown.
bool parse_state_basis(std::string_view name, StateBasis& out);

struct StateEvent {
  NodeId host = 0;
  ConnId conn = 0;
  tcp::State from = tcp::State::Closed;
  tcp::State to = tcp::State::Closed;
  TextId cause = kNone;  // "rcv SYN,ACK", "user CLOSE", "2MSL timeout", ...
  // The transition-table row that made the change: an index into
  // tcp::fsm_edges() (source, event, target, action, RFC section).
  std::uint16_t row = tcp::kNoRow;
  StateBasis basis = StateBasis::Simulated;
};

// A connection's TCB variables after an input changed some of them. The values
// live in the trace's TCB arena (Trace::tcb_values), only those that changed:
// bit i of `changed` stands for tcp::TcbVar i, in that order.
struct TcbEvent {
  NodeId host = 0;
  ConnId conn = 0;
  std::uint32_t offset = 0;  // first value in Trace::tcb_values()
  std::uint16_t changed = 0;
};

// An input the connection's state machine did not act on: what arrived, in
// which state, and why nothing happened.
struct IgnoredEvent {
  NodeId host = 0;
  ConnId conn = 0;
  tcp::State state = tcp::State::Closed;
  TextId event = kNone;   // "rcv . 1:1(0) ack 1 win 65535", "CLOSE"
  TextId reason = kNone;  // "not acceptable: ..."
};

// A socket call. A call that returns at once has one Returned record; a
// blocking call has an Issued record and, later, its Returned record.
enum class CallPhase : std::uint8_t { Issued, Returned };
struct CallEvent {
  NodeId host = 0;
  std::uint32_t step = kNone;  // index into the scenario's steps; kNone for calls not from a script
  TextId call = kNone;         // "socket", "connect", ...
  TextId text = kNone;         // the call as made: "connect(3, 10.0.0.2:80)"
  TextId data = kNone;         // recv/recvfrom on return: the bytes read, as text
  std::int32_t fd = -1;
  ConnId conn = kNone;      // the TCP connection the call made or acts on (connect, accept, ...)
  std::int32_t err = 0;     // errno value (0 on success)
  std::int32_t result = 0;  // return value (-1 on error)
  CallPhase phase = CallPhase::Returned;
};

enum class ArpOp : std::uint8_t {
  Learned,  // new cache entry
  Updated,  // entry refreshed or changed
  Expired,  // aged out
  Failed,   // resolution gave up (mac is zero)
};
const char* arp_op_name(ArpOp op);
struct ArpEvent {
  NodeId host = 0;  // a host or router
  wire::Ipv4Address ip;
  wire::MacAddress mac;
  ArpOp op = ArpOp::Learned;
};

enum class MacOp : std::uint8_t { Learned, Moved, Aged };
const char* mac_op_name(MacOp op);
struct MacEvent {
  NodeId node = 0;  // the switch
  wire::MacAddress mac;
  std::uint16_t port = 0;
  MacOp op = MacOp::Learned;
};

// A timer set (again), cancelled or fired, exactly when that happened. TCP
// timers belong to a connection and have a kind; others (ARP retry) have
// conn == kNone and are named by `what` alone.
using tcp::TimerOp;
struct TimerEvent {
  NodeId host = 0;
  ConnId conn = kNone;
  TextId what = kNone;  // "retransmission", "TIME-WAIT (2MSL)", "ARP retry", ...
  TimerOp op = TimerOp::Set;
  TimeUs deadline = 0;
  tcp::TimerKind kind = tcp::TimerKind::Retransmission;  // when conn != kNone
};

// Listen queues of one listening socket after a change.
struct QueueEvent {
  NodeId host = 0;
  std::uint16_t port = 0;
  std::uint16_t syn_queue = 0;     // half-open connections (SYN-RECEIVED)
  std::uint16_t accept_queue = 0;  // established, not yet accepted
  std::uint16_t backlog = 0;
};

// A named counter's new cumulative value: "syn_dropped", "retransmissions", ...
struct CounterEvent {
  NodeId node = 0;
  TextId name = kNone;
  std::int64_t value = 0;
};

// Anything else worth a line: "ARP: packet to 10.0.0.9 queued", ...
struct NoteEvent {
  NodeId node = 0;
  TextId text = kNone;
};

using Record = std::variant<FrameEvent, StateEvent, CallEvent, ArpEvent, MacEvent, TimerEvent,
                            QueueEvent, CounterEvent, NoteEvent, TcbEvent, IgnoredEvent>;

struct Event {
  TimeUs t = 0;
  Record what;
};

// ---- the settings in force ------------------------------------------------------

// One setting as the run's header shows it: a flag, a whole number (a time in
// microseconds), a policy's name, or nothing (no value, such as an ISN that
// comes from the seed).
using SettingValue = std::variant<std::monostate, bool, std::int64_t, std::string>;
struct Setting {
  std::string key;  // "msl_us", "rst_policy", ...
  SettingValue value;
};

// What one host or router sets differently from the scenario.
struct NodeSettings {
  std::string node;
  std::vector<Setting> settings;
};

// The settings a run used, and the facts of the run itself.
struct RunSettings {
  std::vector<Setting> scenario;    // every setting, with its scenario-wide value
  std::vector<NodeSettings> nodes;  // the nodes that differ, in the order they were declared
  TimeUs duration = 0;              // as the scenario gave it; 0 = until nothing was left to do
  TimeUs time_wait = 0;             // 2 x the scenario-wide MSL
  std::string cut_short;            // why the run stopped early (time or event limit); "" if not
};

// ---- the trace -------------------------------------------------------------------

// One item of a scenario's lesson, placed in time: words a teacher says at
// that point of the run, and optionally a question asked before the run goes
// on past it (a quiz: the student predicts what comes next).
struct LessonItem {
  TimeUs t = 0;
  std::string text;
  std::string question;              // empty: no question
  std::vector<std::string> answers;  // the choices offered
  int correct = -1;                  // index into answers
};

class Trace {
 public:
  // Describing the run.
  std::string name;         // scenario name
  std::string description;  // scenario description
  std::uint64_t seed = 0;
  RunSettings settings;
  std::vector<NodeInfo> nodes;
  std::vector<LinkInfo> links;
  std::vector<ConnInfo> conns;
  std::vector<LessonItem> lesson;  // in time order (file order at one time)

  // The records, in time order (append only in nondecreasing t).
  std::deque<Event> events;  // grows without moving what is recorded

  TextId intern(std::string_view text);
  const std::string& text(TextId id) const;  // "" for kNone

  FrameId add_frame(wire::ByteView bytes);
  wire::ByteView frame(FrameId id) const;
  std::size_t frame_count() const { return frames_.size(); }
  std::size_t frame_bytes() const { return frame_bytes_; }  // the frames' bytes in all

  // Stores the variables of `change` that it marks as changed; the TcbEvent
  // for it points here.
  TcbEvent add_tcb(NodeId host, ConnId conn, const tcp::TcbChange& change);
  // Value of variable `v` in `e`, if `e` marks it as changed.
  std::optional<std::uint32_t> tcb_value(const TcbEvent& e, tcp::TcbVar v) const;
  std::size_t tcb_values() const { return tcb_values_.size(); }

  ConnId add_conn(NodeId host, const tcp::ConnectionId& id);
  // "10.0.0.1:49152-10.0.0.2:80" (local first).
  std::string conn_name(ConnId id) const;

  // Appends a record; `t` must not be before the last record's.
  void add(TimeUs t, Record r) { events.push_back(Event{t, std::move(r)}); }

  // The setting `key` in force on the node named `node` (its own value, else
  // the scenario's), or the scenario's when `node` is empty; nullptr when no
  // setting has that key.
  const SettingValue* setting(std::string_view key, std::string_view node = {}) const;
  // Node by name, or kNone.
  NodeId find_node(std::string_view node_name) const;

 private:
  // Each text once: the index's keys view the strings a deque never moves
  // (a recv of 1 MB is not kept twice); a copy of the table indexes its own.
  struct Texts {
    std::deque<std::string> by_id;
    std::map<std::string_view, TextId> ids;
    Texts() = default;
    Texts(const Texts& o) : by_id(o.by_id) { index(); }
    Texts& operator=(const Texts& o) {
      if (this != &o) {
        by_id = o.by_id;
        index();
      }
      return *this;
    }
    Texts(Texts&&) noexcept = default;  // a deque's move keeps its elements where they are
    Texts& operator=(Texts&&) noexcept = default;
    void index();
  };
  Texts texts_;
  // The frames' bytes in chunks that never move once filled (a growing
  // arena copied itself at each doubling); a frame never straddles two.
  static constexpr std::size_t kChunkBits = 20;
  struct StoredFrame {
    std::uint64_t at : 46;      // chunk << kChunkBits | offset in it
    std::uint64_t length : 18;  // up to 256 KiB, more than an IPv4 packet and its header
  };
  std::vector<std::vector<std::uint8_t>> chunks_;
  std::vector<StoredFrame> frames_;
  std::size_t frame_bytes_ = 0;
  std::vector<std::uint32_t> tcb_values_;
};

// "10.0.0.1:49152"
std::string endpoint_name(std::uint32_t ip, std::uint16_t port);

}  // namespace synack::trace

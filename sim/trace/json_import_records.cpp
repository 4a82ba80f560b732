// The record lines of a JSON trace, read in chunks on every core and merged
// into the Trace in order.
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <cstring>
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/errno_names.hpp"
#include "core/wire/frame.hpp"
#include "sim/trace/json_import_internal.hpp"

namespace synack::trace::json_detail {

namespace {

namespace dom = simdjson::dom;
// ---- the records: one On-Demand pass over each record's fields -----------------

// The keys records use. One pass puts each value in its key's slot, so the
// order of keys in a record does not matter and unknown keys cost nothing.
// clang-format off
enum class Key : std::uint8_t {
  Type, TUs, Host, Conn, From, To, Cause, Row, Phase, Step, Call, Text, Data, Fd, Result, Errno,
  What, Op, Deadline, Ip, Mac, Switch, Port, SynQueue, AcceptQueue, Backlog, Node, Name, Value,
  State, Event, Reason, Src, Dst, Link, Fate, Frame, Bytes, Flooded, QueuedUs, Tcp, Udp, Arp,
  Seq, Ack, Flags, Win, Len, SenderIp, SenderMac, TargetIp, TargetMac, Basis, TcbVar0,
  Unknown = 0xFF
};
// clang-format on
// The keys' names in the order of Key, up to the TCB variables (named by tcp::tcb_var_name).
constexpr const char* kKeyNames[] = {
    "type",       "t_us",      "host",       "conn",         "from",        "to",   "cause",
    "row",        "phase",     "step",       "call",         "text",        "data", "fd",
    "result",     "errno",     "what",       "op",           "deadline_us", "ip",   "mac",
    "switch",     "port",      "syn_queue",  "accept_queue", "backlog",     "node", "name",
    "value",      "state",     "event",      "reason",       "src",         "dst",  "link",
    "fate",       "frame",     "bytes",      "flooded",      "queued_us",   "tcp",  "udp",
    "arp",        "seq",       "ack",        "flags",        "win",         "len",  "sender_ip",
    "sender_mac", "target_ip", "target_mac", "basis"};
static_assert(std::size(kKeyNames) == static_cast<std::size_t>(Key::TcbVar0));
constexpr std::size_t kKeyCount = static_cast<std::size_t>(Key::TcbVar0) + tcp::kTcbVarCount;

class KeyTable {
 public:
  KeyTable() {
    for (std::size_t i = 0; i < std::size(kKeyNames); ++i) add(kKeyNames[i], i);
    for (int i = 0; i < tcp::kTcbVarCount; ++i) {
      add(tcp::tcb_var_name(static_cast<tcp::TcbVar>(i)),
          static_cast<std::size_t>(Key::TcbVar0) + static_cast<std::size_t>(i));
    }
  }
  Key find(std::string_view name) const {
    const std::uint32_t k = index_.find(name);
    return k == kNone ? Key::Unknown : static_cast<Key>(k);
  }
  std::string_view name(Key k) const { return names_[static_cast<std::size_t>(k)]; }

 private:
  void add(std::string_view name, std::size_t key) {
    index_.add(name, static_cast<std::uint32_t>(key));
    names_[key] = name;
  }
  NameIndex index_;
  std::array<std::string_view, kKeyCount> names_{};
};

const KeyTable& keys() {
  static const KeyTable table;
  return table;
}

// One record's values by key; texts point into the parser, valid for the record.
struct Fields {
  std::bitset<kKeyCount> has_text, has_number;
  std::array<std::string_view, kKeyCount> text;
  std::array<std::int64_t, kKeyCount> number;

  static std::size_t at(Key k) { return static_cast<std::size_t>(k); }
  std::string_view str(Key k, std::string_view fallback = {}) const {
    return has_text[at(k)] ? text[at(k)] : fallback;
  }
  std::string_view need_str(Key k) const {
    if (!has_text[at(k)]) {
      throw BadTrace("missing text '" + std::string(keys().name(k)) + "'");
    }
    return text[at(k)];
  }
  std::int64_t num(Key k, std::int64_t fallback = 0) const {
    return has_number[at(k)] ? number[at(k)] : fallback;
  }
  bool has_num(Key k) const { return has_number[at(k)]; }
};

// Fills `out` from `object`; a frame's "tcp", "udp" or "arp" object goes to
// `inner` (when given) and its key to `inner_key`.
void read_fields(const dom::object& object, Fields& out, Fields* inner, Key& inner_key) {
  out.has_text.reset();
  out.has_number.reset();
  const KeyTable& table = keys();
  for (const dom::key_value_pair field : object) {
    const Key key = table.find(field.key);
    if (key == Key::Unknown) continue;
    const std::size_t k = Fields::at(key);
    const dom::element& value = field.value;
    switch (value.type()) {
      case dom::element_type::STRING:
        out.text[k] = value.get_string().value_unsafe();
        out.has_text.set(k);
        break;
      case dom::element_type::INT64: out.number[k] = value.get_int64().value_unsafe(); break;
      case dom::element_type::UINT64:
        out.number[k] = static_cast<std::int64_t>(value.get_uint64().value_unsafe());
        break;
      case dom::element_type::DOUBLE:
        out.number[k] = static_cast<std::int64_t>(value.get_double().value_unsafe());
        break;
      case dom::element_type::BOOL: out.number[k] = value.get_bool().value_unsafe() ? 1 : 0; break;
      case dom::element_type::OBJECT:
        if (inner != nullptr && (key == Key::Tcp || key == Key::Udp || key == Key::Arp)) {
          Key none = Key::Unknown;
          read_fields(value.get_object().value_unsafe(), *inner, nullptr, none);
          inner_key = key;
        }
        continue;
      default: continue;  // null, arrays: nothing a record needs
    }
    if (value.type() != dom::element_type::STRING) out.has_number.set(k);
  }
}

// What every chunk reads from the header: names to ids, and the nodes' MACs.
struct Names {
  explicit Names(const Trace& trace) {
    for (NodeId i = 0; i < trace.nodes.size(); ++i) {
      nodes.add(trace.nodes[i].name, i);
      const auto& ifs = trace.nodes[i].interfaces;
      macs.push_back(ifs.empty() ? wire::MacAddress{} : ifs.front().mac);
    }
    for (LinkId i = 0; i < trace.links.size(); ++i) links.add(trace.links[i].name, i);
  }
  NameIndex nodes, links;  // views into the trace's nodes and links
  std::vector<wire::MacAddress> macs;
};

// A run of record lines read into records whose texts, connections, frames
// and TCB values are numbered within the chunk; merged into the Trace in order.
class Chunk {
 public:
  explicit Chunk(const Names& names) : names_(names) {}

  // Reads the lines in [begin, end) of a simdjson::padded_string (each line is
  // parsed where it lies: what follows it is its padding). Stops at the first
  // bad record.
  void read(const char* begin, const char* end, bool strict_layout) {
    dom::parser parser;
    Fields fields, inner;
    events.reserve(static_cast<std::size_t>(end - begin) / kLineBytes);
    for (const char* line = begin; line < end;) {
      const char* eol = static_cast<const char*>(std::memchr(line, '\n', end - line));
      if (eol == nullptr) eol = end;
      const char* last = eol;
      while (last > line && (last[-1] == ',' || last[-1] == '\r' || last[-1] == ' ')) --last;
      try {
        if (last == line || *line != '{' || last[-1] != '}') {
          if (strict_layout) {
            layout_mismatch = true;
            return;
          }
          throw BadTrace("not an object");
        }
        dom::object object;
        if (auto e = parser.parse(line, static_cast<std::size_t>(last - line), false).get(object)) {
          throw BadTrace(std::string("not valid JSON: ") + simdjson::error_message(e));
        }
        Key inner_key = Key::Unknown;
        read_fields(object, fields, &inner, inner_key);
        event(fields, inner, inner_key);
      } catch (const BadTrace& e) {
        error = e.what();
        return;
      } catch (const std::exception& e) {  // a number too large for std::stoul, ...
        error = e.what();
        return;
      }
      ++lines;
      line = eol + 1;
    }
  }

  static constexpr std::size_t kLineBytes = 160;  // records are longer: room reserved once

  std::vector<Event> events;
  std::size_t lines = 0;         // read without error
  std::string error;             // about the record after `lines`
  bool layout_mismatch = false;  // a line that is not one record: read the file another way

  std::deque<std::string> texts;             // by the chunk's TextId
  std::vector<ConnInfo> conns;               // by the chunk's ConnId
  std::vector<std::uint8_t> frame_bytes;     // the chunk's frames, one after another
  std::vector<FrameRef> frames;              // by the chunk's FrameId
  std::vector<std::uint32_t> frame_numbers;  // by the chunk's FrameId: the file's number
  std::vector<std::uint32_t> tcb_values;     // TcbEvent::offset points here

 private:
  NodeId node(const Fields& o, Key key) const {
    const std::string_view name = o.need_str(key);
    const NodeId id = names_.nodes.find(name);
    if (id == kNone) {
      throw BadTrace("'" + std::string(keys().name(key)) + "' names no node: '" +
                     std::string(name) + "'");
    }
    return id;
  }

  TextId intern(std::string_view text) {
    TextId id = text_ids_.find(text);
    if (id != kNone) return id;
    id = static_cast<TextId>(texts.size());
    texts.emplace_back(text);
    text_ids_.add(texts.back(), id);
    return id;
  }

  // "10.0.0.1:49152-10.0.0.2:80" on `host`: one ConnId per distinct pair.
  ConnId conn(NodeId host, std::string_view name) {
    if (host >= conn_ids_.size()) conn_ids_.resize(host + 1);
    if (const ConnId id = conn_ids_[host].find(name); id != kNone) return id;
    const auto dash = name.find('-');
    if (dash == std::string_view::npos) {
      throw BadTrace("'" + std::string(name) + "' is not a connection");
    }
    const auto [lip, lport] = endpoint_of(name.substr(0, dash));
    const auto [rip, rport] = endpoint_of(name.substr(dash + 1));
    const auto id = static_cast<ConnId>(conns.size());
    conns.push_back(ConnInfo{host, tcp::ConnectionId{lip.value(), lport, rip.value(), rport}});
    conn_names_.emplace_back(name);
    conn_ids_[host].add(conn_names_.back(), id);
    return id;
  }
  ConnId conn_if_any(NodeId host, const Fields& o) {
    const std::string_view c = o.str(Key::Conn);
    return c.empty() ? kNone : conn(host, c);
  }

  void add(TimeUs t, Record r) { events.push_back(Event{t, std::move(r)}); }

  void event(const Fields& o, const Fields& inner, Key inner_key) {
    const std::string_view type = o.need_str(Key::Type);
    const TimeUs t = o.num(Key::TUs);
    if (type == "frame") {
      add(t, frame(o, inner, inner_key));
    } else if (type == "state") {
      StateEvent e;
      e.host = node(o, Key::Host);
      e.conn = conn(e.host, o.need_str(Key::Conn));
      e.from = state_of(o.need_str(Key::From));
      e.to = state_of(o.need_str(Key::To));
      e.cause = intern(o.str(Key::Cause));
      e.row = static_cast<std::uint16_t>(o.num(Key::Row, tcp::kNoRow));
      e.basis = basis_of(o.str(Key::Basis, "simulated"));
      add(t, e);
    } else if (type == "call") {
      CallEvent e;
      e.host = node(o, Key::Host);
      e.phase = o.str(Key::Phase) == "issued" ? CallPhase::Issued : CallPhase::Returned;
      e.step = static_cast<std::uint32_t>(o.num(Key::Step, kNone));
      e.call = intern(o.str(Key::Call));
      e.text = intern(o.str(Key::Text));
      if (o.has_text[Fields::at(Key::Data)]) e.data = intern(o.str(Key::Data));
      e.fd = static_cast<std::int32_t>(o.num(Key::Fd, -1));
      e.result = static_cast<std::int32_t>(o.num(Key::Result));
      const std::string_view err = o.str(Key::Errno);
      if (!err.empty()) {
        const std::optional<int> value = errno_from_name(err);
        e.err = value ? *value : static_cast<std::int32_t>(std::atoi(std::string(err).c_str()));
      }
      e.conn = conn_if_any(e.host, o);
      add(t, e);
    } else if (type == "timer") {
      TimerEvent e;
      e.host = node(o, Key::Host);
      const std::string_view what = o.str(Key::What);
      e.what = intern(what);
      e.conn = conn_if_any(e.host, o);
      const std::string_view op = o.need_str(Key::Op);
      e.op = op == "set" ? TimerOp::Set : op == "cancelled" ? TimerOp::Cancelled : TimerOp::Fired;
      e.deadline = o.num(Key::Deadline);
      for (int k = 0; k < tcp::kTimerKindCount; ++k) {
        if (what == tcp::timer_kind_name(static_cast<tcp::TimerKind>(k))) {
          e.kind = static_cast<tcp::TimerKind>(k);
        }
      }
      add(t, e);
    } else if (type == "arp") {
      ArpEvent e;
      e.host = node(o, Key::Host);
      e.ip = ip_of(o.need_str(Key::Ip));
      e.mac = mac_of(o.need_str(Key::Mac));
      const std::string_view op = o.str(Key::Op);
      for (ArpOp k : {ArpOp::Learned, ArpOp::Updated, ArpOp::Expired, ArpOp::Failed}) {
        if (op == arp_op_name(k)) e.op = k;
      }
      add(t, e);
    } else if (type == "mac") {
      MacEvent e;
      e.node = node(o, Key::Switch);
      e.mac = mac_of(o.need_str(Key::Mac));
      e.port = static_cast<std::uint16_t>(o.num(Key::Port));
      const std::string_view op = o.str(Key::Op);
      for (MacOp k : {MacOp::Learned, MacOp::Moved, MacOp::Aged}) {
        if (op == mac_op_name(k)) e.op = k;
      }
      add(t, e);
    } else if (type == "queue") {
      QueueEvent e;
      e.host = node(o, Key::Host);
      e.port = static_cast<std::uint16_t>(o.num(Key::Port));
      e.syn_queue = static_cast<std::uint16_t>(o.num(Key::SynQueue));
      e.accept_queue = static_cast<std::uint16_t>(o.num(Key::AcceptQueue));
      e.backlog = static_cast<std::uint16_t>(o.num(Key::Backlog));
      add(t, e);
    } else if (type == "counter") {
      add(t, CounterEvent{node(o, Key::Node), intern(o.str(Key::Name)), o.num(Key::Value)});
    } else if (type == "note") {
      add(t, NoteEvent{node(o, Key::Node), intern(o.str(Key::Text))});
    } else if (type == "tcb") {
      TcbEvent e;
      e.host = node(o, Key::Host);
      e.conn = conn(e.host, o.need_str(Key::Conn));
      e.offset = static_cast<std::uint32_t>(tcb_values.size());
      for (int i = 0; i < tcp::kTcbVarCount; ++i) {
        const Key k = static_cast<Key>(static_cast<int>(Key::TcbVar0) + i);
        if (!o.has_num(k)) continue;
        e.changed |= static_cast<std::uint16_t>(1u << i);
        tcb_values.push_back(static_cast<std::uint32_t>(o.num(k)));
      }
      add(t, e);
    } else if (type == "ignored") {
      IgnoredEvent e;
      e.host = node(o, Key::Host);
      e.conn = conn_if_any(e.host, o);
      e.state = state_of(o.str(Key::State, "CLOSED"));
      e.event = intern(o.str(Key::Event));
      e.reason = intern(o.str(Key::Reason));
      add(t, e);
    }
    // Other types: records of a newer format, skipped.
  }

  FrameEvent frame(const Fields& o, const Fields& inner, Key inner_key) {
    FrameEvent e;
    e.from = node(o, Key::Src);
    e.to = node(o, Key::Dst);
    const std::string_view link = o.need_str(Key::Link);
    e.link = names_.links.find(link);
    if (e.link == kNone) throw BadTrace("'link' names no link: '" + std::string(link) + "'");
    const std::string_view fate = o.need_str(Key::Fate);
    e.fate = fate == "sent" ? Fate::Sent : fate == "delivered" ? Fate::Delivered : Fate::Dropped;
    e.flooded = o.num(Key::Flooded) != 0;
    e.queued_us = static_cast<std::uint32_t>(o.num(Key::QueuedUs));
    const std::string_view reason = o.str(Key::Reason);
    if (!reason.empty()) e.reason = intern(reason);
    const std::int64_t number = o.num(Key::Frame, -1);
    if (number < 0 || number >= std::int64_t{kNone}) throw BadTrace("missing number 'frame'");
    const auto n = static_cast<std::uint32_t>(number);
    FrameId& id = frame_of_number(n);
    if (id == kNone) {
      id = static_cast<FrameId>(frames.size());
      frame_numbers.push_back(n);
      const std::vector<std::uint8_t> bytes = rebuild_frame(o, inner, inner_key, e);
      frames.push_back(FrameRef{static_cast<std::uint32_t>(frame_bytes.size()),
                                static_cast<std::uint32_t>(bytes.size())});
      frame_bytes.insert(frame_bytes.end(), bytes.begin(), bytes.end());
    }
    e.frame = id;
    return e;
  }

  // A chunk's frames have numbers close together: a window of them, from the
  // lowest seen, rather than a table of every number in the file per chunk.
  FrameId& frame_of_number(std::uint32_t n) {
    if (frame_window_.empty()) window_base_ = n;
    if (n < window_base_) {
      frame_window_.insert(frame_window_.begin(), window_base_ - n, kNone);
      window_base_ = n;
    }
    const std::size_t at = n - window_base_;
    if (at >= frame_window_.size()) frame_window_.resize(at + 1, kNone);
    return frame_window_[at];
  }

  std::vector<std::uint8_t> rebuild_frame(const Fields& o, const Fields& f, Key kind,
                                          const FrameEvent& e) const {
    const wire::MacAddress& src_mac = names_.macs[e.from];
    const wire::MacAddress& dst_mac = names_.macs[e.to];
    if (kind == Key::Tcp || kind == Key::Udp) {
      const auto [sip, sport] = endpoint_of(f.need_str(Key::Src));
      const auto [dip, dport] = endpoint_of(f.need_str(Key::Dst));
      wire::Ipv4Repr ip;
      ip.src = sip;
      ip.dst = dip;
      if (kind == Key::Udp) {
        wire::UdpRepr u;
        u.src_port = sport;
        u.dst_port = dport;
        u.payload.assign(static_cast<std::size_t>(f.num(Key::Len)), 0);
        return wire::build_udp_frame(src_mac, dst_mac, ip, u);
      }
      wire::TcpRepr t;
      t.src_port = sport;
      t.dst_port = dport;
      t.seg.seq = SeqNum(static_cast<std::uint32_t>(f.num(Key::Seq)));
      t.seg.ack = SeqNum(static_cast<std::uint32_t>(f.num(Key::Ack)));
      t.seg.flags = flags_of(f.str(Key::Flags));
      t.seg.window = static_cast<std::uint16_t>(f.num(Key::Win));
      t.seg.payload.assign(static_cast<std::size_t>(f.num(Key::Len)), 0);
      return wire::build_tcp_frame(src_mac, dst_mac, ip, t);
    }
    if (kind == Key::Arp) {
      wire::ArpRepr a;
      a.operation =
          f.str(Key::Op) == "reply" ? wire::ArpOperation::reply : wire::ArpOperation::request;
      a.sender_ip = ip_of(f.need_str(Key::SenderIp));
      a.sender_mac = mac_of(f.need_str(Key::SenderMac));
      a.target_ip = ip_of(f.need_str(Key::TargetIp));
      a.target_mac = mac_of(f.need_str(Key::TargetMac));
      const bool broadcast = a.operation == wire::ArpOperation::request;
      return wire::build_arp_frame(a.sender_mac,
                                   broadcast ? wire::MacAddress::broadcast() : dst_mac, a);
    }
    // Neither: keep its length so the frame list still shows it (it will not decode).
    return std::vector<std::uint8_t>(static_cast<std::size_t>(o.num(Key::Bytes)), 0);
  }

  const Names& names_;
  NameIndex text_ids_;  // views into `texts`
  std::deque<std::string> conn_names_;
  std::vector<NameIndex> conn_ids_;    // by host; views into conn_names_
  std::vector<FrameId> frame_window_;  // by the file's frame number less window_base_
  std::uint32_t window_base_ = 0;
};

// Takes chunks in order, renumbering what each numbered on its own.
class Merger {
 public:
  explicit Merger(Trace& trace) : trace_(trace) {}

  void merge(Chunk& c) {
    text_.resize(c.texts.size());
    for (std::size_t i = 0; i < c.texts.size(); ++i) text_[i] = trace_.intern(c.texts[i]);
    conn_.resize(c.conns.size());
    for (std::size_t i = 0; i < c.conns.size(); ++i) {
      const ConnInfo& info = c.conns[i];
      const ConnTuple key{info.host, std::uint64_t{info.id.local_ip} << 32 | info.id.remote_ip,
                          std::uint32_t{info.id.local_port} << 16 | info.id.remote_port};
      const auto [it, added] = conn_ids_.try_emplace(key, static_cast<ConnId>(trace_.conns.size()));
      if (added) trace_.add_conn(info.host, info.id);
      conn_[i] = it->second;
    }
    frame_.resize(c.frames.size());
    for (std::size_t i = 0; i < c.frames.size(); ++i) {
      const std::uint32_t n = c.frame_numbers[i];
      if (n >= frame_of_number_.size()) frame_of_number_.resize(n + 1, kNone);
      if (frame_of_number_[n] == kNone) {
        const FrameRef r = c.frames[i];
        frame_of_number_[n] =
            trace_.add_frame(wire::ByteView(c.frame_bytes.data() + r.offset, r.length));
      }
      frame_[i] = frame_of_number_[n];
    }
    chunk_ = &c;
    for (Event& e : c.events) {
      std::visit(*this, e.what);
      trace_.events.push_back(e);
    }
  }

  void operator()(FrameEvent& e) const {
    e.frame = frame_[e.frame];
    e.reason = text(e.reason);
  }
  void operator()(StateEvent& e) const {
    e.conn = conn(e.conn);
    e.cause = text(e.cause);
  }
  void operator()(CallEvent& e) const {
    e.call = text(e.call);
    e.text = text(e.text);
    e.data = text(e.data);
    e.conn = conn(e.conn);
  }
  void operator()(TimerEvent& e) const {
    e.conn = conn(e.conn);
    e.what = text(e.what);
  }
  void operator()(CounterEvent& e) const { e.name = text(e.name); }
  void operator()(NoteEvent& e) const { e.text = text(e.text); }
  void operator()(IgnoredEvent& e) const {
    e.conn = conn(e.conn);
    e.event = text(e.event);
    e.reason = text(e.reason);
  }
  void operator()(TcbEvent& e) const {
    tcp::TcbChange change{0, e.changed, {}};
    std::uint32_t at = e.offset;
    for (int i = 0; i < tcp::kTcbVarCount; ++i) {
      if (e.changed & (1u << i)) change.values[i] = chunk_->tcb_values[at++];
    }
    e = trace_.add_tcb(e.host, conn(e.conn), change);
  }
  void operator()(ArpEvent&) const {}
  void operator()(MacEvent&) const {}
  void operator()(QueueEvent&) const {}

 private:
  TextId text(TextId id) const { return id == kNone ? kNone : text_[id]; }
  ConnId conn(ConnId id) const { return id == kNone ? kNone : conn_[id]; }

  // A connection by its host and four-tuple.
  struct ConnTuple {
    NodeId host;
    std::uint64_t ips;
    std::uint32_t ports;
    bool operator==(const ConnTuple& o) const {
      return host == o.host && ips == o.ips && ports == o.ports;
    }
  };
  struct ConnHash {
    std::size_t operator()(const ConnTuple& k) const {
      return std::hash<std::uint64_t>()(k.ips * 0x9E3779B97F4A7C15ull ^
                                        (std::uint64_t{k.ports} << 20) ^ k.host);
    }
  };

  Trace& trace_;
  const Chunk* chunk_ = nullptr;
  std::vector<TextId> text_;
  std::vector<ConnId> conn_;
  std::vector<FrameId> frame_;
  std::vector<FrameId> frame_of_number_;
  std::unordered_map<ConnTuple, ConnId, ConnHash> conn_ids_;
};

}  // namespace

// Reads the record lines in [begin, end) in chunks, on `threads` threads, and
// merges them into `trace` in order; this thread merges each chunk as soon as
// it is done and reads chunks itself while none is. With `strict_layout`, a
// line that is not one record stops it (the file is read another way).
Outcome read_records(const char* begin, const char* end, bool strict_layout,
                     const JsonReadOptions& options, Trace& trace, std::string& error) {
  std::vector<const char*> starts{begin};
  const std::size_t size = std::max<std::size_t>(1, options.chunk_bytes);
  while (static_cast<std::size_t>(end - starts.back()) > size) {
    const char* cut = starts.back() + size;
    const char* eol = static_cast<const char*>(std::memchr(cut, '\n', end - cut));
    if (eol == nullptr || eol + 1 >= end) break;
    starts.push_back(eol + 1);
  }
  const std::size_t count = starts.size();
  starts.push_back(end);

  const Names names(trace);
  std::vector<std::unique_ptr<Chunk>> chunks(count);
  std::vector<std::promise<void>> done(count);
  std::vector<std::future<void>> ready;
  for (std::promise<void>& p : done) ready.push_back(p.get_future());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  const auto read_one = [&](std::size_t i) {
    chunks[i] = std::make_unique<Chunk>(names);
    if (!stop) chunks[i]->read(starts[i], starts[i + 1], strict_layout);
    done[i].set_value();
  };
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, count));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back([&] {
      for (std::size_t i = next++; i < count; i = next++) read_one(i);
    });
  }
  Merger merger(trace);
  Outcome outcome = Outcome::Read;
  std::size_t lines = 0;
  for (std::size_t merged = 0; merged < count;) {
    if (ready[merged].wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      if (const std::size_t i = next++; i < count) {
        read_one(i);
      } else {
        ready[merged].wait();
      }
      continue;
    }
    Chunk& c = *chunks[merged];
    if (outcome == Outcome::Read && c.layout_mismatch) {
      outcome = Outcome::NotOneRecordALine;
    } else if (outcome == Outcome::Read && !c.error.empty()) {
      outcome = Outcome::Bad;
      error = "events[" + std::to_string(lines + c.lines) + "]: " + c.error;
    }
    if (outcome == Outcome::Read) {
      merger.merge(c);
    } else {
      stop = true;
    }
    lines += c.lines;
    chunks[merged++].reset();
  }
  for (std::thread& t : pool) t.join();
  return outcome;
}

// Where the records are in a file laid out as write_json lays it out: the
// header ends with ',' before '\n"events":[', one record a line follows, and
// '\n]}' closes the file.
}  // namespace synack::trace::json_detail

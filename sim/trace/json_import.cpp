#include "sim/trace/json_import.hpp"

#include <simdjson.h>

#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "core/errno_names.hpp"
#include "core/tcp_segment.hpp"
#include "core/wire/frame.hpp"
#include "sim/trace/json_export.hpp"

namespace synack::trace {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Thrown with what is wrong where; caught once at the top.
struct BadTrace : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string_view str(const object& o, const char* key, std::string_view fallback = {}) {
  std::string_view v;
  if (o[key].get(v) != simdjson::SUCCESS) return fallback;
  return v;
}
std::string_view need_str(const object& o, const char* key) {
  std::string_view v;
  if (o[key].get(v) != simdjson::SUCCESS) throw BadTrace(std::string("missing text '") + key + "'");
  return v;
}
std::int64_t num(const object& o, const char* key, std::int64_t fallback = 0) {
  element e;
  if (o[key].get(e) != simdjson::SUCCESS) return fallback;
  std::int64_t i;
  if (e.get(i) == simdjson::SUCCESS) return i;
  std::uint64_t u;
  if (e.get(u) == simdjson::SUCCESS) return static_cast<std::int64_t>(u);
  double d;
  if (e.get(d) == simdjson::SUCCESS) return static_cast<std::int64_t>(d);
  return fallback;
}
bool flag(const object& o, const char* key) {
  bool b = false;
  return o[key].get(b) == simdjson::SUCCESS && b;
}

wire::Ipv4Address ip_of(std::string_view text) {
  auto parsed = wire::Ipv4Address::parse(text);
  if (!parsed) throw BadTrace("'" + std::string(text) + "' is not an IPv4 address");
  return parsed.value();
}
wire::MacAddress mac_of(std::string_view text) {
  auto parsed = wire::MacAddress::parse(text);
  if (!parsed) throw BadTrace("'" + std::string(text) + "' is not a MAC address");
  return parsed.value();
}
// "10.0.0.1:49152" -> address and port.
std::pair<wire::Ipv4Address, std::uint16_t> endpoint_of(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) throw BadTrace("'" + std::string(text) + "' is not ip:port");
  const std::string port(text.substr(colon + 1));
  return {ip_of(text.substr(0, colon)), static_cast<std::uint16_t>(std::stoul(port))};
}

std::uint8_t flags_of(std::string_view letters) {
  std::uint8_t flags = 0;
  for (char c : letters) {
    for (const tcp::FlagLetter& f : tcp::kFlagLetters) {
      if (f.letter == c) flags |= f.bit;
    }
  }
  return flags;
}

class Reader {
 public:
  explicit Reader(Trace& trace) : trace_(trace) {}

  void header(const object& root) {
    trace_.name = std::string(str(root, "name"));
    trace_.description = std::string(str(root, "description"));
    trace_.seed = static_cast<std::uint64_t>(num(root, "seed", 0));
    object settings, node_settings, run;
    if (root["settings"].get(settings) == simdjson::SUCCESS) {
      trace_.settings.scenario = settings_of(settings);
    }
    if (root["node_settings"].get(node_settings) == simdjson::SUCCESS) {
      for (auto field : node_settings) {
        object one;
        if (field.value.get(one) != simdjson::SUCCESS) continue;
        trace_.settings.nodes.push_back(NodeSettings{std::string(field.key), settings_of(one)});
      }
    }
    if (root["run"].get(run) == simdjson::SUCCESS) {
      trace_.settings.duration = num(run, "duration_us", 0);
      trace_.settings.time_wait = num(run, "time_wait_us", 0);
      trace_.settings.cut_short = std::string(str(run, "cut_short"));
    }
    simdjson::dom::array nodes, links;
    if (root["nodes"].get(nodes) != simdjson::SUCCESS) throw BadTrace("no 'nodes' list");
    for (element e : nodes) node(e.get_object().value());
    for (NodeId i = 0; i < trace_.nodes.size(); ++i) node_ids_[trace_.nodes[i].name] = i;
    if (root["links"].get(links) == simdjson::SUCCESS) {
      std::size_t i = 0;
      for (element e : links) {
        where_ = "links[" + std::to_string(i++) + "]";
        link(e.get_object().value());
      }
    }
  }

  // A settings object: numbers, booleans, names and nulls, as written.
  static std::vector<Setting> settings_of(const object& o) {
    std::vector<Setting> out;
    for (auto field : o) {
      Setting one{std::string(field.key), {}};
      std::int64_t n;
      bool b;
      std::string_view text;
      if (field.value.get(n) == simdjson::SUCCESS) {
        one.value = n;
      } else if (field.value.get(b) == simdjson::SUCCESS) {
        one.value = b;
      } else if (field.value.get(text) == simdjson::SUCCESS) {
        one.value = std::string(text);
      }
      out.push_back(std::move(one));
    }
    return out;
  }

  void event(const object& o) {
    const std::string_view type = need_str(o, "type");
    const TimeUs t = num(o, "t_us");
    if (type == "frame") {
      trace_.add(t, frame(o));
    } else if (type == "state") {
      StateEvent e;
      e.host = node(o, "host");
      e.conn = conn(e.host, need_str(o, "conn"));
      e.from = state(need_str(o, "from"));
      e.to = state(need_str(o, "to"));
      e.cause = trace_.intern(str(o, "cause"));
      e.row = static_cast<std::uint16_t>(num(o, "row", tcp::kNoRow));
      trace_.add(t, e);
    } else if (type == "call") {
      CallEvent e;
      e.host = node(o, "host");
      e.phase = str(o, "phase") == "issued" ? CallPhase::Issued : CallPhase::Returned;
      e.step = static_cast<std::uint32_t>(num(o, "step", kNone));
      e.call = trace_.intern(str(o, "call"));
      e.text = trace_.intern(str(o, "text"));
      std::string_view data;
      if (o["data"].get(data) == simdjson::SUCCESS) e.data = trace_.intern(data);
      e.fd = static_cast<std::int32_t>(num(o, "fd", -1));
      e.result = static_cast<std::int32_t>(num(o, "result"));
      const std::string_view err = str(o, "errno");
      if (!err.empty()) {
        const std::optional<int> value = errno_from_name(err);
        e.err = value ? *value : static_cast<std::int32_t>(std::atoi(std::string(err).c_str()));
      }
      const std::string_view c = str(o, "conn");
      if (!c.empty()) e.conn = conn(e.host, c);
      trace_.add(t, e);
    } else if (type == "timer") {
      TimerEvent e;
      e.host = node(o, "host");
      const std::string_view what = str(o, "what");
      e.what = trace_.intern(what);
      const std::string_view c = str(o, "conn");
      if (!c.empty()) e.conn = conn(e.host, c);
      const std::string_view op = need_str(o, "op");
      e.op = op == "set" ? TimerOp::Set : op == "cancelled" ? TimerOp::Cancelled : TimerOp::Fired;
      e.deadline = num(o, "deadline_us");
      for (int k = 0; k < tcp::kTimerKindCount; ++k) {
        if (what == tcp::timer_kind_name(static_cast<tcp::TimerKind>(k))) {
          e.kind = static_cast<tcp::TimerKind>(k);
        }
      }
      trace_.add(t, e);
    } else if (type == "arp") {
      ArpEvent e;
      e.host = node(o, "host");
      e.ip = ip_of(need_str(o, "ip"));
      e.mac = mac_of(need_str(o, "mac"));
      const std::string_view op = str(o, "op");
      for (ArpOp k : {ArpOp::Learned, ArpOp::Updated, ArpOp::Expired, ArpOp::Failed}) {
        if (op == arp_op_name(k)) e.op = k;
      }
      trace_.add(t, e);
    } else if (type == "mac") {
      MacEvent e;
      e.node = node(o, "switch");
      e.mac = mac_of(need_str(o, "mac"));
      e.port = static_cast<std::uint16_t>(num(o, "port"));
      const std::string_view op = str(o, "op");
      for (MacOp k : {MacOp::Learned, MacOp::Moved, MacOp::Aged}) {
        if (op == mac_op_name(k)) e.op = k;
      }
      trace_.add(t, e);
    } else if (type == "queue") {
      QueueEvent e;
      e.host = node(o, "host");
      e.port = static_cast<std::uint16_t>(num(o, "port"));
      e.syn_queue = static_cast<std::uint16_t>(num(o, "syn_queue"));
      e.accept_queue = static_cast<std::uint16_t>(num(o, "accept_queue"));
      e.backlog = static_cast<std::uint16_t>(num(o, "backlog"));
      trace_.add(t, e);
    } else if (type == "counter") {
      trace_.add(t, CounterEvent{node(o, "node"), trace_.intern(str(o, "name")), num(o, "value")});
    } else if (type == "note") {
      trace_.add(t, NoteEvent{node(o, "node"), trace_.intern(str(o, "text"))});
    } else if (type == "tcb") {
      const NodeId host = node(o, "host");
      const ConnId c = conn(host, need_str(o, "conn"));
      tcp::TcbChange change{t, 0, {}};
      for (int i = 0; i < tcp::kTcbVarCount; ++i) {
        std::int64_t v;
        if (o[tcp::tcb_var_name(static_cast<tcp::TcbVar>(i))].get(v) == simdjson::SUCCESS) {
          change.changed |= static_cast<std::uint16_t>(1u << i);
          change.values[i] = static_cast<std::uint32_t>(v);
        }
      }
      trace_.add(t, trace_.add_tcb(host, c, change));
    } else if (type == "ignored") {
      IgnoredEvent e;
      e.host = node(o, "host");
      const std::string_view c = str(o, "conn");
      if (!c.empty()) e.conn = conn(e.host, c);
      e.state = state(str(o, "state", "CLOSED"));
      e.event = trace_.intern(str(o, "event"));
      e.reason = trace_.intern(str(o, "reason"));
      trace_.add(t, e);
    }
    // Other types: records of a newer format, skipped.
  }

  std::string where_;

 private:
  void node(const object& o) {
    NodeInfo n;
    n.name = std::string(need_str(o, "name"));
    const std::string_view kind = str(o, "kind", "host");
    n.kind = kind == "switch"   ? NodeKind::Switch
             : kind == "router" ? NodeKind::Router
                                : NodeKind::Host;
    simdjson::dom::array interfaces;
    if (o["interfaces"].get(interfaces) == simdjson::SUCCESS) {
      for (element e : interfaces) {
        const object i = e.get_object().value();
        InterfaceInfo info;
        info.name = std::string(str(i, "name"));
        info.mac = mac_of(str(i, "mac", "00:00:00:00:00:00"));
        info.ip = ip_of(str(i, "ip", "0.0.0.0"));
        info.prefix_length = static_cast<std::uint8_t>(num(i, "prefix"));
        n.interfaces.push_back(info);
      }
    }
    const std::string_view gateway = str(o, "gateway");
    if (!gateway.empty()) n.gateway = ip_of(gateway);
    trace_.nodes.push_back(std::move(n));
  }

  void link(const object& o) {
    LinkInfo l;
    l.name = std::string(str(o, "name"));
    l.a = node(o, "a");
    l.b = node(o, "b");
    l.a_port = static_cast<std::uint16_t>(num(o, "a_port"));
    l.b_port = static_cast<std::uint16_t>(num(o, "b_port"));
    l.delay = num(o, "delay_us");
    l.bandwidth_bps = static_cast<std::uint64_t>(num(o, "bandwidth_bps"));
    link_ids_[l.name] = static_cast<LinkId>(trace_.links.size());
    trace_.links.push_back(std::move(l));
  }

  NodeId node(const object& o, const char* key) {
    const std::string_view name = need_str(o, key);
    auto it = node_ids_.find(name);
    if (it == node_ids_.end()) {
      throw BadTrace("'" + std::string(key) + "' names no node: '" + std::string(name) + "'");
    }
    return it->second;
  }

  tcp::State state(std::string_view name) {
    tcp::State s;
    if (!tcp::parse_state(std::string(name), s)) {
      throw BadTrace("'" + std::string(name) + "' is not a TCP state");
    }
    return s;
  }

  // "10.0.0.1:49152-10.0.0.2:80" on `host`: one ConnId per distinct pair.
  ConnId conn(NodeId host, std::string_view name) {
    std::string key = std::to_string(host) + '/';
    key += name;
    auto it = conn_ids_.find(key);
    if (it != conn_ids_.end()) return it->second;
    const auto dash = name.find('-');
    if (dash == std::string_view::npos)
      throw BadTrace("'" + std::string(name) + "' is not a connection");
    const auto [lip, lport] = endpoint_of(name.substr(0, dash));
    const auto [rip, rport] = endpoint_of(name.substr(dash + 1));
    const ConnId id =
        trace_.add_conn(host, tcp::ConnectionId{lip.value(), lport, rip.value(), rport});
    conn_ids_.emplace(std::move(key), id);
    return id;
  }

  const wire::MacAddress& mac_of_node(NodeId id) const {
    static const wire::MacAddress none;
    const auto& ifs = trace_.nodes[id].interfaces;
    return ifs.empty() ? none : ifs.front().mac;
  }

  FrameEvent frame(const object& o) {
    FrameEvent e;
    e.from = node(o, "src");
    e.to = node(o, "dst");
    const std::string_view link = need_str(o, "link");
    auto l = link_ids_.find(std::string(link));
    if (l == link_ids_.end()) throw BadTrace("'link' names no link: '" + std::string(link) + "'");
    e.link = l->second;
    const std::string_view fate = need_str(o, "fate");
    e.fate = fate == "sent" ? Fate::Sent : fate == "delivered" ? Fate::Delivered : Fate::Dropped;
    e.flooded = flag(o, "flooded");
    e.queued_us = static_cast<std::uint32_t>(num(o, "queued_us"));
    const std::string_view reason = str(o, "reason");
    if (!reason.empty()) e.reason = trace_.intern(reason);
    const auto id = static_cast<std::size_t>(num(o, "frame", -1));
    if (id >= frame_ids_.size()) frame_ids_.resize(id + 1, kNone);
    if (frame_ids_[id] == kNone) frame_ids_[id] = rebuild_frame(o, e);
    e.frame = frame_ids_[id];
    return e;
  }

  FrameId rebuild_frame(const object& o, const FrameEvent& e) {
    const wire::MacAddress& src_mac = mac_of_node(e.from);
    const wire::MacAddress& dst_mac = mac_of_node(e.to);
    object tcp_fields, udp_fields, arp_fields;
    if (o["tcp"].get(tcp_fields) == simdjson::SUCCESS) {
      const auto [sip, sport] = endpoint_of(need_str(tcp_fields, "src"));
      const auto [dip, dport] = endpoint_of(need_str(tcp_fields, "dst"));
      wire::Ipv4Repr ip;
      ip.src = sip;
      ip.dst = dip;
      wire::TcpRepr t;
      t.src_port = sport;
      t.dst_port = dport;
      t.seg.seq = SeqNum(static_cast<std::uint32_t>(num(tcp_fields, "seq")));
      t.seg.ack = SeqNum(static_cast<std::uint32_t>(num(tcp_fields, "ack")));
      t.seg.flags = flags_of(str(tcp_fields, "flags"));
      t.seg.window = static_cast<std::uint16_t>(num(tcp_fields, "win"));
      t.seg.payload.assign(static_cast<std::size_t>(num(tcp_fields, "len")), 0);
      return add_frame(wire::build_tcp_frame(src_mac, dst_mac, ip, t));
    }
    if (o["udp"].get(udp_fields) == simdjson::SUCCESS) {
      const auto [sip, sport] = endpoint_of(need_str(udp_fields, "src"));
      const auto [dip, dport] = endpoint_of(need_str(udp_fields, "dst"));
      wire::Ipv4Repr ip;
      ip.src = sip;
      ip.dst = dip;
      wire::UdpRepr u;
      u.src_port = sport;
      u.dst_port = dport;
      u.payload.assign(static_cast<std::size_t>(num(udp_fields, "len")), 0);
      return add_frame(wire::build_udp_frame(src_mac, dst_mac, ip, u));
    }
    if (o["arp"].get(arp_fields) == simdjson::SUCCESS) {
      wire::ArpRepr a;
      a.operation = str(arp_fields, "op") == "reply" ? wire::ArpOperation::reply
                                                     : wire::ArpOperation::request;
      a.sender_ip = ip_of(need_str(arp_fields, "sender_ip"));
      a.sender_mac = mac_of(need_str(arp_fields, "sender_mac"));
      a.target_ip = ip_of(need_str(arp_fields, "target_ip"));
      a.target_mac = mac_of(need_str(arp_fields, "target_mac"));
      const bool broadcast = a.operation == wire::ArpOperation::request;
      return add_frame(wire::build_arp_frame(
          a.sender_mac, broadcast ? wire::MacAddress::broadcast() : dst_mac, a));
    }
    // Neither: keep its length so the frame list still shows it (it will not decode).
    return add_frame(std::vector<std::uint8_t>(static_cast<std::size_t>(num(o, "bytes")), 0));
  }

  FrameId add_frame(const std::vector<std::uint8_t>& bytes) {
    return trace_.add_frame(wire::ByteView(bytes.data(), bytes.size()));
  }

  Trace& trace_;
  std::unordered_map<std::string_view, NodeId> node_ids_;  // views into trace_.nodes
  std::unordered_map<std::string, LinkId> link_ids_;
  std::unordered_map<std::string, ConnId> conn_ids_;
  std::vector<FrameId> frame_ids_;  // by the file's frame number
};

JsonImport read(const simdjson::padded_string& text, const std::string& name) {
  JsonImport result;
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(text).get(root)) {
    result.error = name + ": not valid JSON: " + simdjson::error_message(error);
    return result;
  }
  object top;
  if (root.get(top) != simdjson::SUCCESS) {
    result.error = name + ": not a synack trace (expected a JSON object)";
    return result;
  }
  Trace trace;
  Reader reader(trace);
  try {
    reader.header(top);
    simdjson::dom::array events;
    if (top["events"].get(events) != simdjson::SUCCESS) throw BadTrace("no 'events' list");
    std::size_t i = 0;
    for (element e : events) {
      reader.where_ = "events[" + std::to_string(i++) + "]";
      object o;
      if (e.get(o) != simdjson::SUCCESS) throw BadTrace("not an object");
      reader.event(o);
    }
  } catch (const BadTrace& e) {
    result.error = name + ": " + (reader.where_.empty() ? "" : reader.where_ + ": ") + e.what();
    return result;
  } catch (const std::exception& e) {  // a number too large for std::stoul, ...
    result.error = name + ": " + reader.where_ + ": " + e.what();
    return result;
  }
  result.trace = std::move(trace);
  return result;
}

}  // namespace

JsonImport read_json_trace(const std::string& path) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text) != simdjson::SUCCESS) {
    JsonImport result;
    result.error = path + ": cannot read the file";
    return result;
  }
  return read(text, path);
}

JsonImport read_json_text(const std::string& text, const std::string& name) {
  return read(simdjson::padded_string(text), name);
}

}  // namespace synack::trace

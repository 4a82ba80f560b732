#include "sim/trace/json_export.hpp"

#include <cerrno>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "core/errno_names.hpp"
#include "core/tcp_fsm_graph.hpp"
#include "core/tcp_segment.hpp"
#include "sim/trace/frame_view.hpp"

namespace synack::trace {

namespace {

using Json = nlohmann::ordered_json;

const std::string& node_name(const Trace& trace, NodeId id) {
  static const std::string unknown = "?";
  return id < trace.nodes.size() ? trace.nodes[id].name : unknown;
}

const std::string& link_name(const Trace& trace, LinkId id) {
  static const std::string unknown = "?";
  return id < trace.links.size() ? trace.links[id].name : unknown;
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json node_json(const NodeInfo& node) {
  Json j;
  j["name"] = node.name;
  j["kind"] = node_kind_name(node.kind);
  Json interfaces = Json::array();
  for (const InterfaceInfo& i : node.interfaces) {
    interfaces.push_back(Json{{"name", i.name},
                              {"mac", i.mac.to_string()},
                              {"ip", i.ip.to_string()},
                              {"prefix", i.prefix_length}});
  }
  j["interfaces"] = std::move(interfaces);
  if (node.gateway != wire::Ipv4Address::unspecified()) j["gateway"] = node.gateway.to_string();
  return j;
}

Json link_json(const Trace& trace, const LinkInfo& link) {
  return Json{{"name", link.name},
              {"a", node_name(trace, link.a)},
              {"b", node_name(trace, link.b)},
              {"a_port", link.a_port},
              {"b_port", link.b_port},
              {"delay_us", link.delay},
              {"bandwidth_bps", link.bandwidth_bps}};
}

// Fills the fields after "type" and "t_us" for each kind of record.
class EventWriter {
 public:
  EventWriter(const Trace& trace, const std::vector<TcpNumbers>& numbers, TimeUs t, Json& j)
      : trace_(trace), numbers_(numbers), t_(t), j_(j) {}

  void operator()(const FrameEvent& e) {
    j_["type"] = "frame";
    time();
    j_["src"] = node_name(trace_, e.from);
    j_["dst"] = node_name(trace_, e.to);
    j_["link"] = link_name(trace_, e.link);
    j_["fate"] = fate_name(e.fate);
    j_["frame"] = e.frame;
    if (e.frame >= trace_.frame_count()) return;
    const wire::ByteView bytes = trace_.frame(e.frame);
    j_["bytes"] = bytes.size();
    const TcpNumbers& n = numbers_[e.frame];
    // TCP frames were decoded once when numbered; the others are decoded here.
    wire::DecodedFrame decoded;
    if (!n.is_tcp) decoded = wire::decode_frame(bytes);
    j_["summary"] = summarize_decoded(decoded, &n);
    if (e.flooded) j_["flooded"] = true;
    if (e.queued_us != 0) j_["queued_us"] = e.queued_us;
    if (e.reason != kNone) j_["reason"] = trace_.text(e.reason);
    if (n.is_tcp) {
      j_["tcp"] = Json{{"src", endpoint_name(n.src_ip, n.src_port)},
                       {"dst", endpoint_name(n.dst_ip, n.dst_port)},
                       {"flags", tcp::flags_to_string(n.flags)},
                       {"seq", n.seq},
                       {"ack", n.ack},
                       {"rel_seq", n.rel_seq},
                       {"rel_ack", n.rel_ack},
                       {"len", n.len},
                       {"win", n.win}};
      if (!n.options.empty()) j_["tcp"]["options"] = n.options;
    } else if (decoded.udp && decoded.ipv4) {
      j_["udp"] = Json{{"src", endpoint_name(decoded.ipv4->src.value(), decoded.udp->src_port)},
                       {"dst", endpoint_name(decoded.ipv4->dst.value(), decoded.udp->dst_port)},
                       {"len", decoded.udp->payload.size()}};
    } else if (decoded.icmp && decoded.ipv4) {
      const wire::IcmpRepr& icmp = *decoded.icmp;
      Json o{{"src", decoded.ipv4->src.to_string()},
             {"dst", decoded.ipv4->dst.to_string()},
             {"type", icmp.type},
             {"code", icmp.code},
             {"text", wire::describe(icmp)}};
      const auto quote = wire::decode_icmp_quote(icmp.data);
      if (icmp.is_error() && quote) {
        const wire::IcmpQuote& q = quote.value();
        Json quoted{{"proto", q.protocol},
                    {"src", endpoint_name(q.src.value(), q.src_port)},
                    {"dst", endpoint_name(q.dst.value(), q.dst_port)}};
        if (q.protocol == wire::ip_protocol::TCP) quoted["seq"] = q.tcp_seq;
        o["quoted"] = std::move(quoted);
      }
      j_["icmp"] = std::move(o);
    } else if (decoded.arp) {
      const wire::ArpRepr& arp = *decoded.arp;
      j_["arp"] = Json{{"op", arp.operation == wire::ArpOperation::request ? "request" : "reply"},
                       {"sender_ip", arp.sender_ip.to_string()},
                       {"sender_mac", arp.sender_mac.to_string()},
                       {"target_ip", arp.target_ip.to_string()},
                       {"target_mac", arp.target_mac.to_string()}};
    }
  }

  void operator()(const StateEvent& e) {
    j_["type"] = "state";
    time();
    j_["host"] = node_name(trace_, e.host);
    j_["conn"] = trace_.conn_name(e.conn);
    j_["from"] = tcp::state_name(e.from);
    j_["to"] = tcp::state_name(e.to);
    j_["cause"] = trace_.text(e.cause);
    if (e.row != tcp::kNoRow) j_["row"] = e.row;
    if (e.basis != StateBasis::Simulated) j_["basis"] = state_basis_name(e.basis);
  }

  void operator()(const TcbEvent& e) {
    j_["type"] = "tcb";
    time();
    j_["host"] = node_name(trace_, e.host);
    j_["conn"] = trace_.conn_name(e.conn);
    for (int i = 0; i < tcp::kTcbVarCount; ++i) {
      const auto v = static_cast<tcp::TcbVar>(i);
      if (auto value = trace_.tcb_value(e, v)) j_[tcp::tcb_var_name(v)] = *value;
    }
  }

  void operator()(const IgnoredEvent& e) {
    j_["type"] = "ignored";
    time();
    j_["host"] = node_name(trace_, e.host);
    if (e.conn != kNone) j_["conn"] = trace_.conn_name(e.conn);
    j_["state"] = tcp::state_name(e.state);
    j_["event"] = trace_.text(e.event);
    j_["reason"] = trace_.text(e.reason);
  }

  void operator()(const CallEvent& e) {
    j_["type"] = "call";
    time();
    j_["host"] = node_name(trace_, e.host);
    j_["phase"] = e.phase == CallPhase::Issued ? "issued" : "returned";
    if (e.step != kNone) j_["step"] = e.step;
    j_["call"] = trace_.text(e.call);
    j_["text"] = trace_.text(e.text);
    if (e.data != kNone) j_["data"] = trace_.text(e.data);
    j_["fd"] = e.fd;
    j_["result"] = e.result;
    if (e.err != 0) {
      const char* name = errno_name(e.err);
      j_["errno"] = name != nullptr ? std::string(name) : std::to_string(e.err);
    }
    if (e.conn != kNone) j_["conn"] = trace_.conn_name(e.conn);
  }

  void operator()(const ArpEvent& e) {
    j_["type"] = "arp";
    time();
    j_["host"] = node_name(trace_, e.host);
    j_["op"] = arp_op_name(e.op);
    j_["ip"] = e.ip.to_string();
    j_["mac"] = e.mac.to_string();
  }

  void operator()(const MacEvent& e) {
    j_["type"] = "mac";
    time();
    j_["switch"] = node_name(trace_, e.node);
    j_["mac"] = e.mac.to_string();
    j_["port"] = e.port;
    j_["op"] = mac_op_name(e.op);
  }

  void operator()(const TimerEvent& e) {
    j_["type"] = "timer";
    time();
    j_["host"] = node_name(trace_, e.host);
    if (e.conn != kNone) j_["conn"] = trace_.conn_name(e.conn);
    j_["what"] = trace_.text(e.what);
    j_["op"] = tcp::timer_op_name(e.op);
    j_["deadline_us"] = e.deadline;
  }

  void operator()(const QueueEvent& e) {
    j_["type"] = "queue";
    time();
    j_["host"] = node_name(trace_, e.host);
    j_["port"] = e.port;
    j_["syn_queue"] = e.syn_queue;
    j_["accept_queue"] = e.accept_queue;
    j_["backlog"] = e.backlog;
  }

  void operator()(const CounterEvent& e) {
    j_["type"] = "counter";
    time();
    j_["node"] = node_name(trace_, e.node);
    j_["name"] = trace_.text(e.name);
    j_["value"] = e.value;
  }

  void operator()(const NoteEvent& e) {
    j_["type"] = "note";
    time();
    j_["node"] = node_name(trace_, e.node);
    j_["text"] = trace_.text(e.text);
  }

 private:
  // "type" goes first, then the time, then the record's own fields.
  void time() { j_["t_us"] = t_; }

  const Trace& trace_;
  const std::vector<TcpNumbers>& numbers_;
  TimeUs t_;
  Json& j_;
};

// Writes `items` as a JSON array, one element per line.
template <typename Items, typename ToJson>
void write_lines(std::ostream& out, const Items& items, ToJson to_json) {
  out << '[';
  const char* separator = "\n";
  for (const auto& item : items) {
    out << separator << dump(to_json(item));
    separator = ",\n";
  }
  out << (items.empty() ? "]" : "\n]");
}

Json settings_json(const std::vector<Setting>& settings) {
  Json j = Json::object();
  for (const Setting& s : settings) {
    std::visit(
        [&](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
            j[s.key] = nullptr;
          } else {
            j[s.key] = v;
          }
        },
        s.value);
  }
  return j;
}

// "settings" (every one, scenario-wide), "node_settings" (what each host or
// router sets differently) and "run" (duration, TIME-WAIT, why it was cut short).
void write_settings(std::ostream& out, const RunSettings& settings) {
  Json nodes = Json::object();
  for (const NodeSettings& n : settings.nodes) nodes[n.node] = settings_json(n.settings);
  Json run{{"duration_us", settings.duration}, {"time_wait_us", settings.time_wait}};
  run["cut_short"] = settings.cut_short.empty() ? Json(nullptr) : Json(settings.cut_short);
  out << "\"settings\":" << dump(settings_json(settings.scenario))
      << ",\n\"node_settings\":" << dump(nodes) << ",\n\"run\":" << dump(run);
}

}  // namespace

void write_json(const Trace& trace, std::ostream& out) {
  const std::vector<TcpNumbers> numbers = number_tcp_frames(trace);

  out << "{\"name\":" << dump(trace.name) << ",\n\"description\":" << dump(trace.description)
      << ",\n\"seed\":" << trace.seed << ",\n";
  write_settings(out, trace.settings);
  // The transition table, so a state change's `row` says which rule made it.
  out << ",\n\"fsm\":";
  write_lines(out, tcp::fsm_edges(), [](const tcp::FsmEdge& e) {
    Json row{{"from", tcp::state_name(e.from)},
             {"event", e.event},
             {"to", tcp::state_name(e.to)},
             {"action", e.action},
             {"guard", e.guard},
             {"rfc", e.rfc}};
    if (e.internal) row["internal"] = true;
    return row;
  });
  out << ",\n\"nodes\":";
  write_lines(out, trace.nodes, node_json);
  out << ",\n\"links\":";
  write_lines(out, trace.links, [&](const LinkInfo& link) { return link_json(trace, link); });
  out << ",\n\"lesson\":";
  write_lines(out, trace.lesson, [](const LessonItem& item) {
    Json j{{"t_us", item.t}, {"text", item.text}};
    if (!item.question.empty()) {
      j["question"] = item.question;
      j["answers"] = item.answers;
      j["correct"] = item.correct;
    }
    return j;
  });
  out << ",\n\"events\":";
  Json j;
  write_lines(out, trace.events, [&](const Event& event) -> const Json& {
    j = Json::object();
    std::visit(EventWriter(trace, numbers, event.t, j), event.what);
    return j;
  });
  out << "}\n";
}

}  // namespace synack::trace

#include "sim/trace/json_export.hpp"

#include <cerrno>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/errno_names.hpp"
#include "core/tcp_fsm_graph.hpp"
#include "core/tcp_segment.hpp"
#include "sim/trace/frame_view.hpp"
#include "sim/trace/json_writer.hpp"

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

// Writes one record as one JSON object: "type", then "t_us", then the
// record's own fields, straight into the writer (no DOM per record).
class EventWriter {
 public:
  EventWriter(const Trace& trace, JsonWriter& w)
      : trace_(trace), numbers_(number_tcp_frames(trace)), w_(w) {
    conn_names_.reserve(trace.conns.size());
    for (ConnId id = 0; id < trace.conns.size(); ++id) conn_names_.push_back(trace.conn_name(id));
  }

  void write(const Event& event) {
    t_ = event.t;
    std::visit(*this, event.what);
  }

  void operator()(const FrameEvent& e) {
    begin("frame");
    w_.field("src", node_name(trace_, e.from));
    w_.field("dst", node_name(trace_, e.to));
    w_.field("link", link_name(trace_, e.link));
    w_.field("fate", fate_name(e.fate));
    w_.field("frame", e.frame);
    if (e.frame < trace_.frame_count()) frame_fields(e);
    w_.end_object();
  }

  void operator()(const StateEvent& e) {
    begin("state");
    w_.field("host", node_name(trace_, e.host));
    w_.field("conn", conn_name(e.conn));
    w_.field("from", tcp::state_name(e.from));
    w_.field("to", tcp::state_name(e.to));
    w_.field("cause", trace_.text(e.cause));
    if (e.row != tcp::kNoRow) w_.field("row", e.row);
    if (e.basis != StateBasis::Simulated) w_.field("basis", state_basis_name(e.basis));
    w_.end_object();
  }

  void operator()(const TcbEvent& e) {
    begin("tcb");
    w_.field("host", node_name(trace_, e.host));
    w_.field("conn", conn_name(e.conn));
    for (int i = 0; i < tcp::kTcbVarCount; ++i) {
      const auto v = static_cast<tcp::TcbVar>(i);
      if (auto value = trace_.tcb_value(e, v)) w_.field(tcp::tcb_var_name(v), *value);
    }
    w_.end_object();
  }

  void operator()(const IgnoredEvent& e) {
    begin("ignored");
    w_.field("host", node_name(trace_, e.host));
    if (e.conn != kNone) w_.field("conn", conn_name(e.conn));
    w_.field("state", tcp::state_name(e.state));
    w_.field("event", trace_.text(e.event));
    w_.field("reason", trace_.text(e.reason));
    w_.end_object();
  }

  void operator()(const CallEvent& e) {
    begin("call");
    w_.field("host", node_name(trace_, e.host));
    w_.field("phase", e.phase == CallPhase::Issued ? "issued" : "returned");
    if (e.step != kNone) w_.field("step", e.step);
    w_.field("call", trace_.text(e.call));
    w_.field("text", trace_.text(e.text));
    if (e.data != kNone) w_.field("data", trace_.text(e.data));
    w_.field("fd", e.fd);
    w_.field("result", e.result);
    if (e.err != 0) {
      const char* name = errno_name(e.err);
      w_.field("errno", name != nullptr ? std::string(name) : std::to_string(e.err));
    }
    if (e.conn != kNone) w_.field("conn", conn_name(e.conn));
    w_.end_object();
  }

  void operator()(const ArpEvent& e) {
    begin("arp");
    w_.field("host", node_name(trace_, e.host));
    w_.field("op", arp_op_name(e.op));
    w_.field("ip", e.ip.to_string());
    w_.field("mac", e.mac.to_string());
    w_.end_object();
  }

  void operator()(const MacEvent& e) {
    begin("mac");
    w_.field("switch", node_name(trace_, e.node));
    w_.field("mac", e.mac.to_string());
    w_.field("port", e.port);
    w_.field("op", mac_op_name(e.op));
    w_.end_object();
  }

  void operator()(const TimerEvent& e) {
    begin("timer");
    w_.field("host", node_name(trace_, e.host));
    if (e.conn != kNone) w_.field("conn", conn_name(e.conn));
    w_.field("what", trace_.text(e.what));
    w_.field("op", tcp::timer_op_name(e.op));
    w_.field("deadline_us", e.deadline);
    w_.end_object();
  }

  void operator()(const QueueEvent& e) {
    begin("queue");
    w_.field("host", node_name(trace_, e.host));
    w_.field("port", e.port);
    w_.field("syn_queue", e.syn_queue);
    w_.field("accept_queue", e.accept_queue);
    w_.field("backlog", e.backlog);
    w_.end_object();
  }

  void operator()(const CounterEvent& e) {
    begin("counter");
    w_.field("node", node_name(trace_, e.node));
    w_.field("name", trace_.text(e.name));
    w_.field("value", e.value);
    w_.end_object();
  }

  void operator()(const NoteEvent& e) {
    begin("note");
    w_.field("node", node_name(trace_, e.node));
    w_.field("text", trace_.text(e.text));
    w_.end_object();
  }

 private:
  // "type" goes first, then the time, then the record's own fields.
  void begin(const char* type) {
    w_.begin_object();
    w_.field("type", type);
    w_.field("t_us", t_);
  }

  // What the frame's bytes say, around what this appearance of it adds.
  void frame_fields(const FrameEvent& e) {
    const RenderedFrame& r = rendered(e.frame);
    w_.raw(r.head);
    if (e.flooded) w_.field("flooded", true);
    if (e.queued_us != 0) w_.field("queued_us", e.queued_us);
    if (e.reason != kNone) w_.field("reason", trace_.text(e.reason));
    w_.raw(r.tail);
  }

  // One frame appears several times (sent, delivered, once per port when
  // flooded), close together: what its bytes say is written once, kept in a
  // slot picked by its id, and copied while it stays there.
  struct RenderedFrame {
    FrameId id = kNone;
    std::string head;  // ,"bytes":..,"summary":".."
    std::string tail;  // ,"tcp":{..} (udp, icmp, arp), or nothing
  };

  const RenderedFrame& rendered(FrameId frame) {
    RenderedFrame& r = rendered_[frame % rendered_.size()];
    if (r.id == frame) return r;
    r.id = frame;
    const wire::ByteView bytes = trace_.frame(frame);
    const TcpNumbers& n = numbers_[frame];
    // TCP frames were decoded once when numbered; the others are decoded here.
    wire::DecodedFrame decoded;
    if (!n.is_tcp) decoded = wire::decode_frame(bytes);
    w_.take(r.head, [&] {
      w_.field("bytes", bytes.size());
      w_.field("summary", summarize_decoded(decoded, &n));
    });
    w_.take(r.tail, [&] { protocol_fields(n, decoded); });
    return r;
  }

  void protocol_fields(const TcpNumbers& n, const wire::DecodedFrame& decoded) {
    if (n.is_tcp) {
      w_.key("tcp");
      w_.begin_object();
      w_.field("src", endpoint_name(n.src_ip, n.src_port));
      w_.field("dst", endpoint_name(n.dst_ip, n.dst_port));
      w_.field("flags", tcp::flags_to_string(n.flags));
      w_.field("seq", n.seq);
      w_.field("ack", n.ack);
      w_.field("rel_seq", n.rel_seq);
      w_.field("rel_ack", n.rel_ack);
      w_.field("len", n.len);
      w_.field("win", n.win);
      if (!n.options.empty()) w_.field("options", n.options);
      w_.end_object();
    } else if (decoded.udp && decoded.ipv4) {
      w_.key("udp");
      w_.begin_object();
      w_.field("src", endpoint_name(decoded.ipv4->src.value(), decoded.udp->src_port));
      w_.field("dst", endpoint_name(decoded.ipv4->dst.value(), decoded.udp->dst_port));
      w_.field("len", decoded.udp->payload.size());
      w_.end_object();
    } else if (decoded.icmp && decoded.ipv4) {
      icmp_fields(*decoded.ipv4, *decoded.icmp);
    } else if (decoded.arp) {
      const wire::ArpRepr& arp = *decoded.arp;
      w_.key("arp");
      w_.begin_object();
      w_.field("op", arp.operation == wire::ArpOperation::request ? "request" : "reply");
      w_.field("sender_ip", arp.sender_ip.to_string());
      w_.field("sender_mac", arp.sender_mac.to_string());
      w_.field("target_ip", arp.target_ip.to_string());
      w_.field("target_mac", arp.target_mac.to_string());
      w_.end_object();
    }
  }

  void icmp_fields(const wire::Ipv4Repr& ipv4, const wire::IcmpRepr& icmp) {
    w_.key("icmp");
    w_.begin_object();
    w_.field("src", ipv4.src.to_string());
    w_.field("dst", ipv4.dst.to_string());
    w_.field("type", icmp.type);
    w_.field("code", icmp.code);
    w_.field("text", wire::describe(icmp));
    const auto quote = wire::decode_icmp_quote(icmp.data);
    if (icmp.is_error() && quote) {
      const wire::IcmpQuote& q = quote.value();
      w_.key("quoted");
      w_.begin_object();
      w_.field("proto", q.protocol);
      w_.field("src", endpoint_name(q.src.value(), q.src_port));
      w_.field("dst", endpoint_name(q.dst.value(), q.dst_port));
      if (q.protocol == wire::ip_protocol::TCP) w_.field("seq", q.tcp_seq);
      w_.end_object();
    }
    w_.end_object();
  }

  // "" for a connection the trace does not hold, as Trace::conn_name says.
  std::string_view conn_name(ConnId id) const {
    return id < conn_names_.size() ? std::string_view(conn_names_[id]) : std::string_view();
  }

  const Trace& trace_;
  const std::vector<TcpNumbers> numbers_;  // by FrameId
  std::vector<std::string> conn_names_;    // by ConnId: formatted once
  std::vector<RenderedFrame> rendered_ = std::vector<RenderedFrame>(1024);
  JsonWriter& w_;
  TimeUs t_ = 0;
};

// Writes `items` as a JSON array, one element per line; `write_item` writes one.
template <typename Items, typename WriteItem>
void write_lines(JsonWriter& w, const Items& items, WriteItem write_item) {
  w.raw("[");
  const char* separator = "\n";
  for (const auto& item : items) {
    w.raw(separator);
    write_item(item);
    w.flush_if_full();
    separator = ",\n";
  }
  w.raw(items.empty() ? "]" : "\n]");
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
void write_settings(JsonWriter& w, const RunSettings& settings) {
  Json nodes = Json::object();
  for (const NodeSettings& n : settings.nodes) nodes[n.node] = settings_json(n.settings);
  Json run{{"duration_us", settings.duration}, {"time_wait_us", settings.time_wait}};
  run["cut_short"] = settings.cut_short.empty() ? Json(nullptr) : Json(settings.cut_short);
  w.raw("\"settings\":");
  w.raw(dump(settings_json(settings.scenario)));
  w.raw(",\n\"node_settings\":");
  w.raw(dump(nodes));
  w.raw(",\n\"run\":");
  w.raw(dump(run));
}

}  // namespace

// The small parts written once are built with nlohmann; the events, up to
// millions, go straight into the writer, which writes what nlohmann's dump would.
void write_json(const Trace& trace, std::ostream& out) {
  JsonWriter w(out);

  w.raw("{\"name\":");
  w.value(trace.name);
  w.raw(",\n\"description\":");
  w.value(trace.description);
  w.raw(",\n\"seed\":");
  w.value(trace.seed);
  w.raw(",\n");
  write_settings(w, trace.settings);
  // The transition table, so a state change's `row` says which rule made it.
  w.raw(",\n\"fsm\":");
  write_lines(w, tcp::fsm_edges(), [&](const tcp::FsmEdge& e) {
    Json row{{"from", tcp::state_name(e.from)},
             {"event", e.event},
             {"to", tcp::state_name(e.to)},
             {"action", e.action},
             {"guard", e.guard},
             {"rfc", e.rfc}};
    if (e.internal) row["internal"] = true;
    w.raw(dump(row));
  });
  w.raw(",\n\"nodes\":");
  write_lines(w, trace.nodes, [&](const NodeInfo& node) { w.raw(dump(node_json(node))); });
  w.raw(",\n\"links\":");
  write_lines(w, trace.links, [&](const LinkInfo& link) { w.raw(dump(link_json(trace, link))); });
  w.raw(",\n\"lesson\":");
  write_lines(w, trace.lesson, [&](const LessonItem& item) {
    Json j{{"t_us", item.t}, {"text", item.text}};
    if (!item.question.empty()) {
      j["question"] = item.question;
      j["answers"] = item.answers;
      j["correct"] = item.correct;
    }
    w.raw(dump(j));
  });
  w.raw(",\n\"events\":");
  EventWriter events(trace, w);
  write_lines(w, trace.events, [&](const Event& event) { events.write(event); });
  w.raw("}\n");
}

}  // namespace synack::trace

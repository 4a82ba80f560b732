#include "fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "core/tcp_segment.hpp"
#include "sim/scenario/load.hpp"

namespace synack::sim::testing {

std::string scenario_text(std::string_view body) {
  return "name: t\ndescription: d\n" + std::string(body);
}

const char* const kLan = R"(topology:
  hosts:
    - {name: client, ip: 10.0.0.1/24}
    - {name: server, ip: 10.0.0.2/24}
  switches:
    - {name: sw1}
  links:
    - {a: client, b: sw1}
    - {a: server, b: sw1}
)";

Sim::Sim(const std::string& yaml, const RunOptions& options) : Sim(yaml, Edit(), options) {}

Sim::Sim(const std::string& yaml, const Edit& edit, const RunOptions& options) {
  scenario::LoadResult loaded = scenario::load_text(yaml, "inline.yaml");
  if (!loaded.ok()) {
    std::string errors;
    for (const scenario::LoadError& e : loaded.errors) errors += e.to_string() + "\n";
    ADD_FAILURE() << "the scenario does not load:\n" << errors << "---\n" << yaml;
    throw std::runtime_error("scenario does not load");
  }
  scenario = std::move(*loaded.scenario);
  if (edit) edit(scenario);
  trace = sim::run(scenario, options);
  numbers = trace::number_tcp_frames(trace);
}

Sim::Edit waitall(std::vector<std::string> step_ids) {
  return [ids = std::move(step_ids)](scenario::Scenario& s) {
    for (const std::string& id : ids) {
      auto step = std::find_if(s.steps.begin(), s.steps.end(),
                               [&](const scenario::Step& x) { return x.id == id; });
      if (step == s.steps.end() || step->call != scenario::CallKind::Recv) {
        ADD_FAILURE() << "no recv step with id " << id;
        continue;
      }
      step->waitall = true;
    }
  };
}

NodeId Sim::node(std::string_view name) const {
  NodeId id = trace.find_node(name);
  if (id == trace::kNone) {
    ADD_FAILURE() << "no node named " << name;
    throw std::runtime_error("no such node");
  }
  return id;
}

wire::Ipv4Address Sim::ip(std::string_view host) const {
  return trace.nodes[node(host)].interfaces.at(0).ip;
}

wire::MacAddress Sim::mac(std::string_view name, std::size_t iface) const {
  return trace.nodes[node(name)].interfaces.at(iface).mac;
}

trace::LinkId Sim::link(std::string_view name) const {
  for (trace::LinkId i = 0; i < trace.links.size(); ++i) {
    if (trace.links[i].name == name) return i;
  }
  ADD_FAILURE() << "no link named " << name;
  throw std::runtime_error("no such link");
}

std::vector<At<trace::FrameEvent>> Sim::hops(trace::Fate fate) const {
  std::vector<At<trace::FrameEvent>> out;
  for (const auto& f : records<trace::FrameEvent>()) {
    if (f.e.fate == fate) out.push_back(f);
  }
  return out;
}

std::vector<At<trace::FrameEvent>> Sim::sent_by(std::string_view name) const {
  NodeId n = node(name);
  std::vector<At<trace::FrameEvent>> out;
  for (const auto& f : hops(trace::Fate::Sent)) {
    if (f.e.from == n) out.push_back(f);
  }
  return out;
}

std::vector<At<trace::FrameEvent>> Sim::arrivals_at(std::string_view name) const {
  NodeId n = node(name);
  std::vector<At<trace::FrameEvent>> out;
  for (const auto& f : records<trace::FrameEvent>()) {
    if (f.e.fate != trace::Fate::Sent && f.e.to == n) out.push_back(f);
  }
  return out;
}

wire::DecodedFrame Sim::decode(FrameId frame) const {
  return wire::decode_frame(trace.frame(frame));
}

std::vector<At<trace::FrameEvent>> Sim::udp_sent_by(std::string_view host) const {
  wire::Ipv4Address src = ip(host);
  std::vector<At<trace::FrameEvent>> out;
  for (const auto& f : sent_by(host)) {
    wire::DecodedFrame d = decode(f.e.frame);
    if (d.udp && d.ipv4 && d.ipv4->src == src) out.push_back(f);
  }
  return out;
}

std::vector<std::string> Sim::udp_received(std::string_view host) const {
  std::vector<std::string> out;
  for (const auto& f : arrivals_at(host)) {
    if (f.e.fate != trace::Fate::Delivered) continue;
    wire::DecodedFrame d = decode(f.e.frame);
    if (d.udp) out.push_back(payload(f.e.frame));
  }
  return out;
}

std::string Sim::payload(FrameId frame) const {
  wire::DecodedFrame d = decode(frame);
  if (d.udp) return std::string(d.udp->payload.begin(), d.udp->payload.end());
  if (d.tcp) return std::string(d.tcp->seg.payload.begin(), d.tcp->seg.payload.end());
  return "";
}

std::vector<At<trace::FrameEvent>> Sim::arp_sent_by(std::string_view name) const {
  std::vector<At<trace::FrameEvent>> out;
  for (const auto& f : sent_by(name)) {
    if (decode(f.e.frame).arp) out.push_back(f);
  }
  return out;
}

std::vector<Seg> Sim::segments(std::string_view a, std::string_view b) const {
  NodeId na = node(a), nb = node(b);
  std::uint32_t ia = ip(a).value(), ib = ip(b).value();
  std::vector<Seg> out;
  for (const auto& f : hops(trace::Fate::Sent)) {
    const trace::TcpNumbers& n = numbers.at(f.e.frame);
    if (!n.is_tcp) continue;
    bool ab = f.e.from == na && n.src_ip == ia && n.dst_ip == ib;
    bool ba = f.e.from == nb && n.src_ip == ib && n.dst_ip == ia;
    if (!ab && !ba) continue;
    out.push_back(Seg{f.t, f.e.frame, std::string(ab ? a : b), std::string(ab ? b : a),
                      tcp::flags_to_string(n.flags), n.rel_seq, n.rel_ack, n.len});
  }
  return out;
}

std::vector<std::string> Sim::flags(std::string_view from, std::string_view to) const {
  std::vector<std::string> out;
  for (const Seg& s : segments(from, to)) {
    if (s.from == from) out.push_back(s.flags);
  }
  return out;
}

std::vector<std::string> Sim::ladder(std::string_view a, std::string_view b) const {
  std::vector<std::string> out;
  for (const Seg& s : segments(a, b)) out.push_back(s.from + ">" + s.to + " " + s.flags);
  return out;
}

std::vector<ConnId> Sim::conns(std::string_view host) const {
  NodeId h = node(host);
  std::vector<ConnId> out;
  for (ConnId c = 0; c < trace.conns.size(); ++c) {
    if (trace.conns[c].host == h) out.push_back(c);
  }
  return out;
}

ConnId Sim::conn(std::string_view host, std::uint16_t local_port, std::uint16_t remote_port) const {
  for (ConnId c : conns(host)) {
    const tcp::ConnectionId& id = trace.conns[c].id;
    if (id.local_port == local_port && id.remote_port != 0 &&
        (remote_port == 0 || id.remote_port == remote_port)) {
      return c;
    }
  }
  return trace::kNone;
}

ConnId Sim::conn_of(std::string_view step_id) const {
  auto r = returned(step_id);
  if (r && r->e.conn != trace::kNone) return r->e.conn;
  auto i = issued(step_id);
  return i ? i->e.conn : trace::kNone;
}

std::vector<At<trace::StateEvent>> Sim::state_changes(ConnId conn) const {
  std::vector<At<trace::StateEvent>> out;
  for (const auto& s : records<trace::StateEvent>()) {
    if (s.e.conn == conn) out.push_back(s);
  }
  return out;
}

std::string Sim::path(ConnId conn) const {
  std::string out;
  for (const auto& s : state_changes(conn)) {
    if (out.empty()) out = tcp::state_name(s.e.from);
    out += ">";
    out += tcp::state_name(s.e.to);
  }
  return out;
}

tcp::State Sim::state_at(ConnId conn, TimeUs t) const {
  tcp::State st = tcp::State::Closed;
  for (const auto& s : state_changes(conn)) {
    if (s.t > t) break;
    st = s.e.to;
  }
  return st;
}

std::optional<TimeUs> Sim::entered(ConnId conn, tcp::State state) const {
  for (const auto& s : state_changes(conn)) {
    if (s.e.to == state) return s.t;
  }
  return std::nullopt;
}

std::uint32_t Sim::step_index(std::string_view step_id) const {
  for (std::uint32_t i = 0; i < scenario.steps.size(); ++i) {
    if (scenario.steps[i].id == step_id) return i;
  }
  ADD_FAILURE() << "no step with id " << step_id;
  throw std::runtime_error("no such step");
}

std::optional<At<trace::CallEvent>> Sim::returned(std::string_view step_id) const {
  std::uint32_t index = step_index(step_id);
  for (const auto& c : records<trace::CallEvent>()) {
    if (c.e.step == index && c.e.phase == trace::CallPhase::Returned) return c;
  }
  return std::nullopt;
}

std::optional<At<trace::CallEvent>> Sim::issued(std::string_view step_id) const {
  std::uint32_t index = step_index(step_id);
  for (const auto& c : records<trace::CallEvent>()) {
    if (c.e.step == index && c.e.phase == trace::CallPhase::Issued) return c;
  }
  return std::nullopt;
}

std::int64_t Sim::counter(std::string_view name_of_node, std::string_view name, TimeUs at) const {
  NodeId n = node(name_of_node);
  std::int64_t value = 0;
  for (const auto& c : records<trace::CounterEvent>()) {
    if (c.t > at) break;
    if (c.e.node == n && trace.text(c.e.name) == name) value = c.e.value;
  }
  return value;
}

std::vector<std::string> Sim::notes(std::string_view name) const {
  NodeId n = node(name);
  std::vector<std::string> out;
  for (const auto& note : records<trace::NoteEvent>()) {
    if (note.e.node == n) out.push_back(trace.text(note.e.text));
  }
  return out;
}

bool Sim::has_note(std::string_view name, std::string_view words) const {
  for (const std::string& n : notes(name)) {
    if (n.find(words) != std::string::npos) return true;
  }
  return false;
}

std::vector<At<trace::QueueEvent>> Sim::queues(std::string_view host, std::uint16_t port) const {
  NodeId h = node(host);
  std::vector<At<trace::QueueEvent>> out;
  for (const auto& q : records<trace::QueueEvent>()) {
    if (q.e.host == h && q.e.port == port) out.push_back(q);
  }
  return out;
}

std::vector<At<trace::ArpEvent>> Sim::arp(std::string_view name) const {
  NodeId n = node(name);
  std::vector<At<trace::ArpEvent>> out;
  for (const auto& a : records<trace::ArpEvent>()) {
    if (a.e.host == n) out.push_back(a);
  }
  return out;
}

std::vector<At<trace::MacEvent>> Sim::macs(std::string_view sw) const {
  NodeId n = node(sw);
  std::vector<At<trace::MacEvent>> out;
  for (const auto& m : records<trace::MacEvent>()) {
    if (m.e.node == n) out.push_back(m);
  }
  return out;
}

std::string udp_lan(std::string_view steps, std::string_view top, std::string_view switch_keys,
                    bool c_listens) {
  std::string text = std::string(top) + R"(
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24}
    - {name: b, ip: 10.0.0.2/24}
    - {name: c, ip: 10.0.0.3/24}
  switches:
    - {name: sw1)" + std::string(switch_keys) +
                     R"(}
  links:
    - {a: a, b: sw1}
    - {a: b, b: sw1}
    - {a: c, b: sw1}
script:
  - {host: b, call: socket, udp: true, as: r}
  - {host: b, call: bind, fd: r, port: 9}
)";
  if (c_listens) {
    text +=
        "  - {host: c, call: socket, udp: true, as: q}\n"
        "  - {host: c, call: bind, fd: q, port: 9}\n";
  }
  return scenario_text(text + "  - {host: a, call: socket, udp: true, as: s}\n" +
                       std::string(steps));
}

}  // namespace synack::sim::testing

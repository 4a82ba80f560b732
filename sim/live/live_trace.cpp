#include "sim/live/live_trace.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "sim/live/real_sockets.hpp"

namespace synack::live {

namespace {

constexpr std::int64_t kSameFrameUs = 20'000;  // hops of one frame are this close in time

trace::TimeUs relative(std::int64_t t_us, std::int64_t base_us) {
  return std::max<std::int64_t>(0, t_us - base_us);
}

void add_frames(trace::Trace& trace, const Lab& lab, std::int64_t base_us,
                std::vector<Captured> captured, std::vector<trace::Event>& out) {
  // In time order; at one instant, a frame leaves before it arrives.
  std::stable_sort(captured.begin(), captured.end(), [](const Captured& a, const Captured& b) {
    return a.t_us != b.t_us ? a.t_us < b.t_us : a.sent > b.sent;
  });
  std::map<std::string, std::pair<trace::FrameId, std::int64_t>> recent;  // bytes -> id, last seen
  std::map<trace::FrameId, std::vector<std::size_t>> switch_sends;
  for (const Captured& c : captured) {
    const std::string key(c.bytes.begin(), c.bytes.end());
    auto it = recent.find(key);
    trace::FrameId id = 0;
    if (it != recent.end() && c.t_us - it->second.second <= kSameFrameUs) {
      id = it->second.first;
      it->second.second = c.t_us;
    } else {
      id = trace.add_frame(wire::ByteView(c.bytes.data(), c.bytes.size()));
      recent[key] = {id, c.t_us};
    }
    const LabInterface& at = lab.interfaces()[c.iface];
    const trace::LinkInfo& link = trace.links[at.link];
    const trace::NodeId other = link.a == at.node ? link.b : link.a;
    trace::FrameEvent f;
    f.frame = id;
    f.link = at.link;
    f.from = c.sent ? at.node : other;
    f.to = c.sent ? other : at.node;
    f.fate = c.sent ? trace::Fate::Sent : trace::Fate::Delivered;
    if (c.sent && trace.nodes[at.node].kind == trace::NodeKind::Switch) {
      switch_sends[id].push_back(out.size());
    }
    out.push_back(trace::Event{relative(c.t_us, base_us), f});
  }
  for (const auto& [id, sends] : switch_sends) {
    if (sends.size() < 2) continue;
    for (std::size_t i : sends) std::get<trace::FrameEvent>(out[i].what).flooded = true;
  }
}

void add_states(trace::Trace& trace, const std::vector<SampledState>& states, std::int64_t base_us,
                std::vector<trace::Event>& out) {
  const trace::TextId cause = trace.intern(kSampledCause);
  std::map<trace::ConnId, tcp::State> last;
  for (const SampledState& s : states) {
    tcp::ConnectionId id = s.id;
    const bool listener =
        s.state == tcp::State::Listen || (id.remote_ip == 0 && id.remote_port == 0);
    if (listener && id.local_ip == 0 && !trace.nodes[s.host].interfaces.empty()) {
      id.local_ip = trace.nodes[s.host].interfaces[0].ip.value();
    }
    const trace::ConnId conn = conn_of(trace, s.host, id);
    auto it = last.find(conn);
    tcp::State from = it != last.end() ? it->second : tcp::State::Closed;
    // A connection first seen half-open was born of its listener (a passive open).
    if (it == last.end() && s.state == tcp::State::SynReceived) from = tcp::State::Listen;
    if (from == s.state) continue;
    last[conn] = s.state;
    trace::StateEvent e;
    e.host = s.host;
    e.conn = conn;
    e.from = from;
    e.to = s.state;
    e.cause = cause;
    out.push_back(trace::Event{relative(s.t_us, base_us), e});
  }
}

void add_tables(const Samples& samples, std::int64_t base_us, std::vector<trace::Event>& out) {
  for (const SampledQueue& q : samples.queues) {
    out.push_back(
        trace::Event{relative(q.t_us, base_us),
                     trace::QueueEvent{q.host, q.port, q.syn_queue, q.accept_queue, q.backlog}});
  }
  for (const SampledEntry& e : samples.arp) {
    const trace::ArpOp op = e.failed    ? trace::ArpOp::Failed
                            : e.changed ? trace::ArpOp::Updated
                                        : trace::ArpOp::Learned;
    out.push_back(
        trace::Event{relative(e.t_us, base_us),
                     trace::ArpEvent{e.node, e.ip, e.failed ? wire::MacAddress() : e.mac, op}});
  }
  for (const SampledEntry& e : samples.mac) {
    out.push_back(
        trace::Event{relative(e.t_us, base_us),
                     trace::MacEvent{e.node, e.mac, e.port,
                                     e.changed ? trace::MacOp::Moved : trace::MacOp::Learned}});
  }
}

}  // namespace

trace::Trace copy_header(const trace::Trace& simulated) {
  trace::Trace t;
  t.name = simulated.name;
  t.description = simulated.description;
  t.seed = simulated.seed;
  t.settings = simulated.settings;
  t.settings.cut_short.clear();
  t.nodes = simulated.nodes;
  t.links = simulated.links;
  return t;
}

void add_observations(trace::Trace& trace, const Lab& lab, std::int64_t base_us,
                      const std::vector<Captured>& captured, const Samples& samples) {
  std::vector<trace::Event> events(trace.events.begin(), trace.events.end());
  add_frames(trace, lab, base_us, captured, events);
  add_states(trace, samples.states, base_us, events);
  add_tables(samples, base_us, events);
  std::stable_sort(events.begin(), events.end(),
                   [](const trace::Event& a, const trace::Event& b) { return a.t < b.t; });
  trace.events.assign(events.begin(), events.end());
}

}  // namespace synack::live

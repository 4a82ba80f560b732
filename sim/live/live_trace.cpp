#include "sim/live/live_trace.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "sim/capture/observer.hpp"
#include "sim/live/real_sockets.hpp"
#include "sim/trace/frame_view.hpp"

namespace synack::live {

namespace {

constexpr tcp::TimeUs kSameFrameUs = 20'000;  // hops of one frame are this close in time

trace::TimeUs relative(tcp::TimeUs t_us, tcp::TimeUs base_us) {
  return std::max<tcp::TimeUs>(0, t_us - base_us);
}

void add_frames(trace::Trace& trace, const Lab& lab, tcp::TimeUs base_us,
                std::vector<Captured> captured, std::vector<trace::Event>& out) {
  // In time order; at one instant, a frame leaves before it arrives.
  std::stable_sort(captured.begin(), captured.end(), [](const Captured& a, const Captured& b) {
    return a.t_us != b.t_us ? a.t_us < b.t_us : a.sent > b.sent;
  });
  std::map<std::string, std::pair<trace::FrameId, tcp::TimeUs>> recent;  // bytes -> id, last seen
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

struct Change {
  trace::TimeUs t = 0;
  tcp::State from = tcp::State::Closed, to = tcp::State::Closed;
  trace::TextId cause = trace::kNone;
  std::uint16_t row = tcp::kNoRow;
  trace::StateBasis basis = trace::StateBasis::Sampled;
};
using Tuple = std::tuple<trace::NodeId, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;

Tuple tuple_of(trace::NodeId host, const tcp::ConnectionId& id) {
  return {host, id.local_ip, id.local_port, id.remote_ip, id.remote_port};
}

// The host whose address is `ip`, or kNone.
trace::NodeId host_with(const trace::Trace& trace, std::uint32_t ip) {
  for (trace::NodeId n = 0; n < trace.nodes.size(); ++n) {
    if (trace.nodes[n].kind != trace::NodeKind::Host) continue;
    for (const trace::InterfaceInfo& i : trace.nodes[n].interfaces) {
      if (i.ip.value() == ip) return n;
    }
  }
  return trace::kNone;
}

// What the capture shows of each endpoint's states: the segments as their
// senders (hosts) sent them, through the observer. A listener's LISTEN is left
// to the sampler, which sees the listening socket itself.
std::map<std::pair<Tuple, std::uint32_t>, std::vector<Change>> inferred_changes(
    trace::Trace& trace, const std::vector<trace::Event>& frames) {
  const std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(trace);
  capture::Observer observer;
  std::vector<capture::ObservedChange> seen;
  std::vector<bool> done(numbers.size(), false);
  for (const trace::Event& e : frames) {
    const auto& f = std::get<trace::FrameEvent>(e.what);
    if (f.fate != trace::Fate::Sent || trace.nodes[f.from].kind != trace::NodeKind::Host ||
        f.frame >= numbers.size() || done[f.frame] || !numbers[f.frame].is_tcp) {
      continue;
    }
    done[f.frame] = true;
    const trace::TcpNumbers& n = numbers[f.frame];
    observer.on_segment(capture::SeenSegment{e.t, n.src_ip, n.dst_ip, n.src_port, n.dst_port,
                                             n.flags, SeqNum(n.seq), SeqNum(n.ack), n.len},
                        seen);
  }
  observer.finish(seen);
  std::stable_sort(seen.begin(), seen.end(),
                   [](const auto& a, const auto& b) { return a.t < b.t; });
  std::map<std::pair<Tuple, std::uint32_t>, std::vector<Change>> out;
  for (const capture::ObservedChange& c : seen) {
    const trace::NodeId host = host_with(trace, c.id.local_ip);
    if (host == trace::kNone || c.to == tcp::State::Listen) continue;
    out[{tuple_of(host, c.id), c.connection}].push_back(
        Change{c.t, c.from, c.to, trace.intern(c.cause), c.row, c.basis});
  }
  return out;
}

// One connection's changes: the inferred ones, each marked Sampled where the
// sampler saw the state it leads to, and the sampled states the capture does
// not show (a listener's, a socket gone) put in where they come.
std::vector<Change> merge(std::vector<Change> inferred, const std::vector<Change>& sampled) {
  std::size_t at = 0;  // inferred changes before this one are settled
  for (const Change& s : sampled) {
    std::size_t found = at;
    while (found < inferred.size() && inferred[found].to != s.to) ++found;
    if (found < inferred.size()) {
      inferred[found].basis = trace::StateBasis::Sampled;
      at = found + 1;
      continue;
    }
    Change c = s;
    if (at > 0) {
      c.from = inferred[at - 1].to;
      c.t = std::max(c.t, inferred[at - 1].t);
    }
    if (at < inferred.size() && c.to == inferred[at].from) c.t = std::min(c.t, inferred[at].t);
    if (c.from == c.to) continue;
    inferred.insert(inferred.begin() + static_cast<std::ptrdiff_t>(at), c);
    ++at;
  }
  return inferred;
}

void add_states(trace::Trace& trace, const std::vector<SampledState>& states, tcp::TimeUs base_us,
                const std::vector<trace::Event>& frames, std::vector<trace::Event>& out) {
  auto inferred = inferred_changes(trace, frames);
  // The sampled changes of each 4-tuple, given to the connection on it that
  // had begun by then (a port reused after TIME-WAIT is a new connection).
  const trace::TextId cause = trace.intern(kSampledCause);
  std::map<std::pair<Tuple, std::uint32_t>, std::vector<Change>> sampled;
  std::map<Tuple, tcp::State> last;
  std::map<Tuple, std::uint32_t> reborn;  // listeners made again on one address and port
  for (const SampledState& s : states) {
    tcp::ConnectionId id = s.id;
    const bool listener = id.remote_ip == 0 && id.remote_port == 0;
    if (listener && id.local_ip == 0 && !trace.nodes[s.host].interfaces.empty()) {
      id.local_ip = trace.nodes[s.host].interfaces[0].ip.value();
    }
    const Tuple key = tuple_of(s.host, id);
    const trace::TimeUs t = relative(s.t_us, base_us);
    auto it = last.find(key);
    if (listener && it != last.end() && it->second == tcp::State::Closed) ++reborn[key];
    std::uint32_t number = listener ? reborn[key] : 0;
    for (const auto& [k, changes] : inferred) {
      if (k.first == key && !changes.empty() && changes.front().t <= t) {
        number = std::max(number, k.second);
      }
    }
    tcp::State from = it != last.end() ? it->second : tcp::State::Closed;
    // A connection first seen half-open was born of its listener (a passive open).
    if (it == last.end() && s.state == tcp::State::SynReceived) from = tcp::State::Listen;
    last[key] = s.state;
    sampled[{key, number}].push_back(
        Change{t, from, s.state, cause, tcp::kNoRow, trace::StateBasis::Sampled});
  }
  std::map<std::pair<Tuple, std::uint32_t>, bool> keys;
  for (const auto& [k, v] : inferred) keys[k] = true;
  for (const auto& [k, v] : sampled) keys[k] = true;
  for (const auto& [k, unused] : keys) {
    const auto& [tuple, number] = k;
    const trace::NodeId host = std::get<0>(tuple);
    const tcp::ConnectionId id{std::get<1>(tuple), std::get<2>(tuple), std::get<3>(tuple),
                               std::get<4>(tuple)};
    // The script's calls made the connections of a 4-tuple in this order too.
    const trace::ConnId conn = conn_of(trace, host, id, number);
    auto i = inferred.find(k);
    auto s = sampled.find(k);
    const std::vector<Change> changes =
        merge(i != inferred.end() ? i->second : std::vector<Change>{},
              s != sampled.end() ? s->second : std::vector<Change>{});
    for (const Change& c : changes) {
      trace::StateEvent e;
      e.host = host;
      e.conn = conn;
      e.from = c.from;
      e.to = c.to;
      e.cause = c.cause;
      e.row = c.row;
      e.basis = c.basis;
      out.push_back(trace::Event{c.t, e});
    }
  }
}

void add_tables(const Samples& samples, tcp::TimeUs base_us, std::vector<trace::Event>& out) {
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

void add_observations(trace::Trace& trace, const Lab& lab, tcp::TimeUs base_us,
                      const std::vector<Captured>& captured, const Samples& samples) {
  std::vector<trace::Event> frames;
  add_frames(trace, lab, base_us, captured, frames);
  std::vector<trace::Event> events(trace.events.begin(), trace.events.end());
  // The observer numbers the frames in the trace: the frames go in first.
  trace.events.assign(frames.begin(), frames.end());
  add_states(trace, samples.states, base_us, frames, events);
  events.insert(events.end(), frames.begin(), frames.end());
  add_tables(samples, base_us, events);
  std::stable_sort(events.begin(), events.end(),
                   [](const trace::Event& a, const trace::Event& b) { return a.t < b.t; });
  trace.events.assign(events.begin(), events.end());
}

}  // namespace synack::live

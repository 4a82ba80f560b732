#include "sim/view/rule_text.hpp"

#include "core/tcp_fsm_graph.hpp"
#include "core/wire/frame.hpp"
#include "core/wire/ipv4_cidr.hpp"
#include "sim/lang/tr.hpp"
#include "sim/view/event_text.hpp"
#include "sim/view/state_diagram.hpp"

namespace synack::view {

using namespace synack::trace;

namespace {

// How far around a record to look for what caused it, or what it caused:
// the records of one input on one host are next to each other.
constexpr std::uint32_t kNearby = 64;

std::string state_change_sentence(const Trace& trace, const StateEvent& s) {
  if (const std::uint16_t row = row_of(s); row != tcp::kNoRow) return row_sentence(row);
  return lang::trf("{} → {} on {}", tcp::state_name(s.from), tcp::state_name(s.to),
                   trace.text(s.cause));
}

std::string ignored_sentence(const Trace& trace, const IgnoredEvent& e) {
  const std::string& what = trace.text(e.event);
  if (what.rfind("rcv", 0) == 0) {
    return lang::trf("segment dropped in {}: {}", tcp::state_name(e.state), trace.text(e.reason));
  }
  return lang::trf("{} ignored in {}: {}", what, tcp::state_name(e.state), trace.text(e.reason));
}

// The interface of `host` a frame left on over `link`.
const InterfaceInfo* interface_on(const Trace& trace, NodeId host, LinkId link) {
  if (host >= trace.nodes.size() || link >= trace.links.size()) return nullptr;
  const LinkInfo& l = trace.links[link];
  const std::uint16_t port = l.a == host ? l.a_port : l.b_port;
  const auto& ifs = trace.nodes[host].interfaces;
  return port < ifs.size() ? &ifs[port] : nullptr;
}

// The address the host was sending to when it had to ask ARP: the remote end
// of the connection whose records come just before, at the same moment.
std::optional<wire::Ipv4Address> destination_before(const Trace& trace, std::uint32_t event,
                                                    NodeId host) {
  const TimeUs t = trace.events[event].t;
  for (std::uint32_t i = event, n = 0; i-- > 0 && n < kNearby; ++n) {
    const Event& e = trace.events[i];
    if (e.t != t) break;
    if (node_of(e) != host) continue;
    const ConnId c = conn_of(e);
    if (c < trace.conns.size()) return wire::Ipv4Address(trace.conns[c].id.remote_ip);
  }
  return std::nullopt;
}

std::string arp_request_sentence(const Trace& trace, std::uint32_t event, const FrameEvent& f,
                                 const wire::ArpRepr& arp) {
  const InterfaceInfo* ifc = interface_on(trace, f.from, f.link);
  const std::string target = arp.target_ip.to_string();
  if (ifc == nullptr) return lang::trf("ARP request: who has {}?", target);
  const wire::Ipv4Cidr own = wire::Ipv4Cidr(ifc->ip, ifc->prefix_length).network();
  const wire::Ipv4Address gateway =
      f.from < trace.nodes.size() ? trace.nodes[f.from].gateway : wire::Ipv4Address();
  const auto dest = destination_before(trace, event, f.from);
  if (arp.target_ip == gateway && !(dest && own.contains(*dest))) {
    if (dest) {
      const wire::Ipv4Cidr theirs = wire::Ipv4Cidr(*dest, ifc->prefix_length).network();
      return lang::trf("ARP request: {} is on another network ({} ≠ {}), so ask for the gateway {}",
                       dest->to_string(), theirs.to_string(), own.to_string(), target);
    }
    return lang::trf("ARP request: the destination is not on {}, so ask for the gateway {}",
                     own.to_string(), target);
  }
  return lang::trf("ARP request: {} is on this network ({}), so ask for it directly", target,
                   own.to_string());
}

std::string arp_reply_sentence(const wire::ArpRepr& arp) {
  return lang::trf("ARP reply: {} is this interface's address, so answer with its MAC {}",
                   arp.sender_ip.to_string(), arp.sender_mac.to_string());
}

// What a host did on a frame's arrival: the first state change, ignored input
// or note of that host at the same moment.
RuleExplanation after_arrival(const Trace& trace, std::uint32_t event, NodeId host) {
  const TimeUs t = trace.events[event].t;
  for (std::uint32_t i = event + 1, n = 0; i < trace.events.size() && n < kNearby; ++i, ++n) {
    const Event& e = trace.events[i];
    if (e.t != t) break;
    if (const auto* f = std::get_if<FrameEvent>(&e.what); f && f->fate == Fate::Delivered) break;
    if (node_of(e) != host) continue;
    if (const auto* s = std::get_if<StateEvent>(&e.what)) {
      return {lang::trf("on arrival: {}", state_change_sentence(trace, *s)), i};
    }
    if (const auto* g = std::get_if<IgnoredEvent>(&e.what)) {
      return {ignored_sentence(trace, *g), i};
    }
    if (const auto* note = std::get_if<NoteEvent>(&e.what)) return {trace.text(note->text), i};
  }
  return {};
}

// The sentences of what a record came from, one set per thing done: whole
// sentences, so each language words them its own way.
struct Done {
  const char* on_arrival;  // of the segment just before
  const char* by_change;   // {}: the state change
  const char* by_timer;    // {}: the timer
  const char* on_call;     // {}: the call
};
constexpr Done kSent{
    lang::tr_later("sent on the arrival of the segment just before"), lang::tr_later("sent by {}"),
    lang::tr_later("sent because the {} timer fired"), lang::tr_later("sent on {}")};
constexpr Done kTcbUpdated{lang::tr_later("TCB updated on the arrival of the segment just before"),
                           lang::tr_later("TCB updated by {}"),
                           lang::tr_later("TCB updated because the {} timer fired"),
                           lang::tr_later("TCB updated on {}")};
constexpr Done kCounted{lang::tr_later("counted on the arrival of the segment just before"),
                        lang::tr_later("counted by {}"),
                        lang::tr_later("counted because the {} timer fired"),
                        lang::tr_later("counted on {}")};

// What made a host send a segment, change its TCB or count: a state change,
// a timer firing, a call or an arriving segment at the same moment just before.
RuleExplanation came_before(const Trace& trace, std::uint32_t event, NodeId host,
                            const Done& done) {
  const TimeUs t = trace.events[event].t;
  for (std::uint32_t i = event, n = 0; i-- > 0 && n < kNearby; ++n) {
    const Event& e = trace.events[i];
    if (e.t != t) break;
    if (const auto* f = std::get_if<FrameEvent>(&e.what)) {
      if (f->fate == Fate::Delivered && f->to == host) return {lang::tr(done.on_arrival), i};
      continue;
    }
    if (node_of(e) != host) continue;
    if (const auto* s = std::get_if<StateEvent>(&e.what)) {
      return {lang::trf(done.by_change, state_change_sentence(trace, *s)), i};
    }
    if (const auto* timer = std::get_if<TimerEvent>(&e.what);
        timer && timer->op == tcp::TimerOp::Fired) {
      return {lang::trf(done.by_timer, trace.text(timer->what)), i};
    }
    if (const auto* c = std::get_if<CallEvent>(&e.what)) {
      return {lang::trf(done.on_call, call_summary(trace, *c)), i};
    }
  }
  return {};
}

}  // namespace

std::string row_sentence(std::uint16_t row) {
  const auto& edges = tcp::fsm_edges();
  if (row >= edges.size()) return "";
  const tcp::FsmEdge& e = edges[row];
  // The RFC's words (states, event, guard, action, section) are the values;
  // the sentence around them is translated.
  const char* from = tcp::state_name(e.from);
  const char* to = tcp::state_name(e.to);
  const std::string event = e.guard.empty() ? e.event : lang::trf("{} [{}]", e.event, e.guard);
  std::string s;
  if (e.action.empty()) {
    s = e.internal ? lang::trf("{} + {} → stays {}", from, event, to)
                   : lang::trf("{} + {} → {}", from, event, to);
  } else {
    s = e.internal ? lang::trf("{} + {} → stays {}; {}", from, event, to, e.action)
                   : lang::trf("{} + {} → {}; {}", from, event, to, e.action);
  }
  if (!e.rfc.empty()) s += lang::trf(" ({})", e.rfc);
  return s;
}

RuleExplanation explain_record(const Trace& trace, std::uint32_t event) {
  if (event >= trace.events.size()) return {};
  const Event& e = trace.events[event];
  if (const auto* s = std::get_if<StateEvent>(&e.what)) {
    return {state_change_sentence(trace, *s), kNone};
  }
  if (const auto* g = std::get_if<IgnoredEvent>(&e.what)) return {ignored_sentence(trace, *g)};
  if (const auto* note = std::get_if<NoteEvent>(&e.what)) return {trace.text(note->text)};
  if (const auto* c = std::get_if<CounterEvent>(&e.what)) {
    // A counter goes up with what it counts: the note or change that follows
    // at the same moment, else what came just before.
    RuleExplanation r = after_arrival(trace, event, c->node);
    return r.sentence.empty() ? came_before(trace, event, c->node, kCounted) : r;
  }
  if (const auto* tcb = std::get_if<TcbEvent>(&e.what)) {
    return came_before(trace, event, tcb->host, kTcbUpdated);
  }
  if (const auto* timer = std::get_if<TimerEvent>(&e.what)) {
    if (timer->op != tcp::TimerOp::Fired) return {};
    return {lang::trf("the {} timer fired: its deadline {} was reached", trace.text(timer->what),
                      format_time(timer->deadline))};
  }
  const auto* f = std::get_if<FrameEvent>(&e.what);
  if (f == nullptr) return {};
  if (f->fate == Fate::Dropped) {
    const std::string& why = trace.text(f->reason);
    return {
        lang::trf("frame dropped on {}: {}",
                  f->link < trace.links.size() ? trace.links[f->link].name : lang::tr("the link"),
                  why.empty() ? lang::tr("lost") : why)};
  }
  const bool host_sends = f->fate == Fate::Sent && f->from < trace.nodes.size() &&
                          trace.nodes[f->from].kind != NodeKind::Switch;
  const bool host_receives = f->fate == Fate::Delivered && f->to < trace.nodes.size() &&
                             trace.nodes[f->to].kind != NodeKind::Switch;
  if (host_receives) return after_arrival(trace, event, f->to);
  if (!host_sends || f->frame >= trace.frame_count()) return {};
  const wire::DecodedFrame d = wire::decode_frame(trace.frame(f->frame));
  if (d.arp) {
    if (d.arp->operation == wire::ArpOperation::request) {
      return {arp_request_sentence(trace, event, *f, *d.arp)};
    }
    return {arp_reply_sentence(*d.arp)};
  }
  return came_before(trace, event, f->from, kSent);
}

}  // namespace synack::view

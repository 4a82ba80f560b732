// Checkers for what nodes hold over time: ARP caches, switch MAC tables,
// counters and listen queues. Each folds its records up to the asked time.
#include <map>
#include <set>

#include "sim/lang/tr.hpp"
#include "sim/scenario/expect_detail.hpp"

namespace synack::scenario::detail {

using lang::tr;
using lang::trf;

namespace {

// ---- ARP caches -----------------------------------------------------------------

const char* arp_op_words(trace::ArpOp op) {
  switch (op) {
    case trace::ArpOp::Learned: return tr("learned");
    case trace::ArpOp::Updated: return tr("updated");
    case trace::ArpOp::Expired: return tr("expired");
    case trace::ArpOp::Failed: return tr("failed to resolve");
  }
  return "?";
}

// The last thing that happened to `ip` by `at` and the first after it, so an
// entry that expired too soon or came too late says so.
std::string arp_history(const trace::Trace& trace, trace::NodeId host, wire::Ipv4Address ip,
                        TimeUs at) {
  const trace::Event* before = nullptr;
  const trace::Event* after = nullptr;
  for (const trace::Event& ev : trace.events) {
    const auto* arp = std::get_if<trace::ArpEvent>(&ev.what);
    if (arp == nullptr || arp->host != host || arp->ip != ip) continue;
    if (ev.t <= at) {
      before = &ev;
    } else {
      after = &ev;
      break;
    }
  }
  std::string text =
      before ? trf("{} {} at {}", ip.to_string(),
                   arp_op_words(std::get<trace::ArpEvent>(before->what).op), format_time(before->t))
             : trf("{} not resolved by then", ip.to_string());
  if (after) {
    text = trf("{}, then {} at {}", text, arp_op_words(std::get<trace::ArpEvent>(after->what).op),
               format_time(after->t));
  }
  return text;
}

// ---- MAC tables -------------------------------------------------------------------

const char* mac_op_words(trace::MacOp op) {
  switch (op) {
    case trace::MacOp::Learned: return tr("learned");
    case trace::MacOp::Moved: return tr("moved");
    case trace::MacOp::Aged: return tr("aged out");
  }
  return "?";
}

// "port 2 (link server-sw1)": the link says which neighbour the port faces.
std::string port_text(const trace::Trace& trace, trace::NodeId node, std::uint16_t port) {
  for (const trace::LinkInfo& link : trace.links) {
    if ((link.a == node && link.a_port == port) || (link.b == node && link.b_port == port)) {
      return trf("port {} (link {})", port, link.name);
    }
  }
  return trf("port {}", port);
}

std::string mac_history(const trace::Trace& trace, trace::NodeId node, const wire::MacAddress& mac,
                        TimeUs at) {
  const trace::Event* before = nullptr;
  const trace::Event* after = nullptr;
  for (const trace::Event& ev : trace.events) {
    const auto* m = std::get_if<trace::MacEvent>(&ev.what);
    if (m == nullptr || m->node != node || m->mac != mac) continue;
    if (ev.t <= at) {
      before = &ev;
    } else {
      after = &ev;
      break;
    }
  }
  std::string text =
      before ? trf("{} {} at {}", mac_text(trace, mac),
                   mac_op_words(std::get<trace::MacEvent>(before->what).op), format_time(before->t))
             : trf("{} not seen by then", mac_text(trace, mac));
  if (after) {
    text = trf("{}, then {} at {}", text, mac_op_words(std::get<trace::MacEvent>(after->what).op),
               format_time(after->t));
  }
  return text;
}

// ---- counters ------------------------------------------------------------------------

// The comparison in words, with its value: "is at least 3".
std::string compare_words(Compare op, std::int64_t value) {
  switch (op) {
    case Compare::Eq: return trf("is {}", value);
    case Compare::Ne: return trf("is not {}", value);
    case Compare::Ge: return trf("is at least {}", value);
    case Compare::Gt: return trf("is more than {}", value);
    case Compare::Le: return trf("is at most {}", value);
    case Compare::Lt: return trf("is less than {}", value);
  }
  return "?";
}

const char* compare_symbol(Compare op) {
  switch (op) {
    case Compare::Eq: return "=";
    case Compare::Ne: return "!=";
    case Compare::Ge: return ">=";
    case Compare::Gt: return ">";
    case Compare::Le: return "<=";
    case Compare::Lt: return "<";
  }
  return "?";
}

bool compare(std::int64_t actual, Compare op, std::int64_t value) {
  switch (op) {
    case Compare::Eq: return actual == value;
    case Compare::Ne: return actual != value;
    case Compare::Ge: return actual >= value;
    case Compare::Gt: return actual > value;
    case Compare::Le: return actual <= value;
    case Compare::Lt: return actual < value;
  }
  return false;
}

}  // namespace

Verdict check_arp(const ExpectArp& e, const trace::Trace& trace) {
  Verdict v;
  std::vector<std::string> says, wants;
  for (const ArpEntryExpect& p : e.present) {
    says.push_back(p.mac ? trf("has {} at {}", p.ip.to_string(), mac_text(trace, *p.mac))
                         : trf("has {}", p.ip.to_string()));
    wants.push_back(p.mac ? trf("{} at {}", p.ip.to_string(), mac_text(trace, *p.mac))
                          : trf("{} at any MAC", p.ip.to_string()));
  }
  for (const wire::Ipv4Address& ip : e.absent) {
    says.push_back(trf("has no entry for {}", ip.to_string()));
    wants.push_back(trf("no {}", ip.to_string()));
  }
  v.what = trf("{}'s ARP cache at {} {}", e.host, format_time(e.at), join_and(says));
  v.expected = join(wants, tr(", "));
  const trace::NodeId host = trace.find_node(e.host);
  if (host == trace::kNone) {
    v.actual = unknown_node(e.host);
    return v;
  }

  std::map<wire::Ipv4Address, wire::MacAddress> cache;
  for (const trace::Event& ev : trace.events) {
    if (ev.t > e.at) break;
    const auto* arp = std::get_if<trace::ArpEvent>(&ev.what);
    if (arp == nullptr || arp->host != host) continue;
    if (arp->op == trace::ArpOp::Learned || arp->op == trace::ArpOp::Updated) {
      cache[arp->ip] = arp->mac;
    } else {
      cache.erase(arp->ip);
    }
  }

  std::vector<std::string> wrong;  // histories of the entries that disagree
  for (const ArpEntryExpect& p : e.present) {
    auto it = cache.find(p.ip);
    if (it == cache.end() || (p.mac && it->second != *p.mac)) {
      wrong.push_back(arp_history(trace, host, p.ip, e.at));
    }
  }
  for (const wire::Ipv4Address& ip : e.absent) {
    if (cache.count(ip) != 0) wrong.push_back(arp_history(trace, host, ip, e.at));
  }
  v.ok = wrong.empty();
  std::vector<std::string> entries;
  for (const auto& [ip, mac] : cache) {
    entries.push_back(trf("{} at {}", ip.to_string(), mac_text(trace, mac)));
  }
  v.actual = entries.empty() ? tr("empty") : join(entries, tr(", "));
  if (!wrong.empty()) v.actual += tr("; ") + join(wrong, tr("; "));
  return v;
}

Verdict check_mac_table(const ExpectMacTable& e, const trace::Trace& trace) {
  Verdict v;
  std::vector<std::string> says, wants;
  for (const MacEntryExpect& p : e.present) {
    const std::string mac = mac_text(trace, p.mac);
    says.push_back(p.port ? trf("has {} on port {}", mac, *p.port) : trf("has {}", mac));
    wants.push_back(p.port ? trf("{} on port {}", mac, *p.port) : trf("{} on any port", mac));
  }
  for (const wire::MacAddress& mac : e.absent) {
    says.push_back(trf("has no entry for {}", mac_text(trace, mac)));
    wants.push_back(trf("no {}", mac_text(trace, mac)));
  }
  if (e.size) {
    says.push_back(trf("has {} entries", *e.size));
    wants.push_back(trf("{} entries", *e.size));
  }
  v.what = trf("{}'s MAC table at {} {}", e.node, format_time(e.at), join_and(says));
  v.expected = join(wants, tr(", "));
  const trace::NodeId node = trace.find_node(e.node);
  if (node == trace::kNone) {
    v.actual = unknown_node(e.node);
    return v;
  }

  std::map<wire::MacAddress, std::uint16_t> table;
  for (const trace::Event& ev : trace.events) {
    if (ev.t > e.at) break;
    const auto* m = std::get_if<trace::MacEvent>(&ev.what);
    if (m == nullptr || m->node != node) continue;
    if (m->op == trace::MacOp::Aged) {
      table.erase(m->mac);
    } else {
      table[m->mac] = m->port;
    }
  }

  std::vector<std::string> wrong;
  for (const MacEntryExpect& p : e.present) {
    auto it = table.find(p.mac);
    if (it == table.end() || (p.port && it->second != *p.port)) {
      wrong.push_back(mac_history(trace, node, p.mac, e.at));
    }
  }
  for (const wire::MacAddress& mac : e.absent) {
    if (table.count(mac) != 0) wrong.push_back(mac_history(trace, node, mac, e.at));
  }
  if (e.size && table.size() != *e.size) {
    wrong.push_back(trf("{} entries, not {}", table.size(), *e.size));
  }
  v.ok = wrong.empty();
  std::vector<std::string> entries;
  for (const auto& [mac, port] : table) {
    entries.push_back(trf("{} on {}", mac_text(trace, mac), port_text(trace, node, port)));
  }
  v.actual = entries.empty() ? tr("empty") : join(entries, tr(", "));
  if (!wrong.empty()) v.actual += tr("; ") + join(wrong, tr("; "));
  return v;
}

Verdict check_counter(const ExpectCounter& e, const trace::Trace& trace) {
  Verdict v;
  const std::string when = e.at ? trf("at {}", format_time(*e.at)) : tr("at the end");
  v.what = trf("{} counter {} {} {}", e.node, e.name, compare_words(e.op, e.value), when);
  v.expected = std::string(compare_symbol(e.op)) + " " + std::to_string(e.value);
  const trace::NodeId node = trace.find_node(e.node);
  if (node == trace::kNone) {
    v.actual = unknown_node(e.node);
    return v;
  }

  const TimeUs at = e.at.value_or(kForever);
  const trace::Event* current = nullptr;
  const trace::Event* last = nullptr;  // over the whole run, to show where it went later
  std::set<std::string> names;         // what the node does count, for a misspelt name
  for (const trace::Event& ev : trace.events) {
    const auto* c = std::get_if<trace::CounterEvent>(&ev.what);
    if (c == nullptr || c->node != node) continue;
    const std::string& name = trace.text(c->name);
    if (name != e.name) {
      names.insert(name);
      continue;
    }
    last = &ev;
    if (ev.t <= at) current = &ev;
  }
  const std::int64_t value = current ? std::get<trace::CounterEvent>(current->what).value : 0;
  v.ok = compare(value, e.op, e.value);
  if (current) {
    v.actual = trf("{} (since {})", value, format_time(current->t));
  } else if (last) {
    v.actual = tr("0 (not counted by then)");
  } else if (names.empty()) {
    v.actual = tr("0 (never counted)");
  } else {
    v.actual = trf("0 (never counted; {} counts {})", e.node,
                   join(std::vector<std::string>(names.begin(), names.end()), ", "));
  }
  if (last && last != current) {
    v.actual += trf("; {} at the end", std::get<trace::CounterEvent>(last->what).value);
  }
  return v;
}

Verdict check_queue(const ExpectQueue& e, const trace::Trace& trace) {
  Verdict v;
  std::vector<std::string> says, wants;
  if (e.syn_queue) {
    says.push_back(trf("{} in the SYN queue", *e.syn_queue));
    wants.push_back(trf("SYN queue {}", *e.syn_queue));
  }
  if (e.accept_queue) {
    says.push_back(trf("{} in the accept queue", *e.accept_queue));
    wants.push_back(trf("accept queue {}", *e.accept_queue));
  }
  v.what = trf("{} port {} has {} at {}", e.host, e.port, join_and(says), format_time(e.at));
  v.expected = join(wants, tr(", "));
  const trace::NodeId host = trace.find_node(e.host);
  if (host == trace::kNone) {
    v.actual = unknown_node(e.host);
    return v;
  }

  const trace::Event* current = nullptr;
  for (const trace::Event& ev : trace.events) {
    if (ev.t > e.at) break;
    const auto* q = std::get_if<trace::QueueEvent>(&ev.what);
    if (q != nullptr && q->host == host && q->port == e.port) current = &ev;
  }
  const trace::QueueEvent q = current ? std::get<trace::QueueEvent>(current->what)
                                      : trace::QueueEvent{host, e.port, 0, 0, 0};
  v.ok = (!e.syn_queue || *e.syn_queue == q.syn_queue) &&
         (!e.accept_queue || *e.accept_queue == q.accept_queue);
  v.actual = trf("SYN queue {}, accept queue {}", q.syn_queue, q.accept_queue);
  v.actual += current ? trf(", backlog {} (since {})", q.backlog, format_time(current->t))
                      : trf(" (no listen queue on port {} by then)", e.port);
  return v;
}

}  // namespace synack::scenario::detail

// `expect`: what a scenario demonstrates, as checks on the run's Trace. Each
// names hosts, links, steps and sockets the rest of the file declares, so the
// checker never meets a name it cannot resolve.
#include <algorithm>
#include <limits>

#include "sim/lang/tr.hpp"
#include "sim/scenario/counters.hpp"
#include "sim/scenario/load_internal.hpp"

namespace synack::scenario::detail {

void load_call_check(Fields& f, const Step* step, ExpectCall& call) {
  Context& ctx = f.ctx();
  StepExpect& x = call.expect;
  x.mark = f.mark();
  x.result = f.integer("returns", std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max());
  if (auto e = f.find("errno")) x.err = read_errno(ctx, *e, "errno");
  if (auto data = f.string("data")) {
    if (step != nullptr && step->call != CallKind::Recv && step->call != CallKind::Recvfrom) {
      ctx.error(*f.find("data"), lang::trf("data: only recv and recvfrom return data; step is {}",
                                           call_name(step->call)));
    } else {
      x.data = *data;
    }
  }
  call.returned_by = f.duration("returned_by");
  call.returned_after = f.duration("returned_after");
  if (auto blocks = f.boolean("blocks")) {
    if (!*blocks) {
      // A message stays one literal, as the catalogue test reads it.
      ctx.error(*f.find("blocks"),
                lang::tr("blocks: only blocks: true is a check (the call never returned); to check "
                         "that it returned, use returned_by"));
    } else if (f.has("returns") || f.has("errno") || f.has("data") || f.has("returned_by") ||
               f.has("returned_after")) {
      ctx.error(*f.find("blocks"), lang::tr("blocks: a call that never returns has no returns, "
                                            "errno, data or returned_by to check"));
    } else {
      call.blocks = true;
    }
  }
  if (x.err && *x.err != 0 && x.result && *x.result != -1) {
    ctx.error(*f.find("returns"), lang::tr("returns: a call that fails with errno returns -1"));
  }
  if (f.is_map() && !f.has("returns") && !f.has("errno") && !f.has("data") &&
      !f.has("returned_by") && !f.has("returned_after") && !f.has("blocks")) {
    ctx.error(f.mark(), lang::trf("{} needs at least one of {}", f.what(),
                                  "returns, errno, data, returned_by, returned_after or blocks"));
  }
}

namespace {

// A list of at least one key, so an expectation always checks something.
bool needs_one_of(Fields& f, std::initializer_list<std::string_view> keys) {
  for (const std::string_view k : keys) {
    if (f.has(k)) return true;
  }
  f.ctx().error(f.mark(), lang::trf("{} needs at least one of {}", f.what(), join(keys)));
  return false;
}

// `at:` is required wherever a table or state is looked at.
TimeUs required_at(Fields& f) {
  if (!f.require("at", lang::tr("the time to look, such as 100ms"))) return 0;
  return f.duration("at").value_or(0);
}

ExpectState load_state(Loader& l, Fields& f) {
  ExpectState e;
  bool host_ok = false;
  if (const YAML::Node* h = f.require("host", lang::tr("the host whose connection this is"))) {
    if (auto name = read_name(l.ctx, *h, "host")) {
      e.conn.host = *name;
      host_ok = l.host(*h, *name, "host") != nullptr;
    }
  }
  if (auto fd = f.name("fd")) {
    e.conn.fd = *fd;
    const auto labels = l.sockets.find(e.conn.host);
    if (host_ok && (labels == l.sockets.end() || labels->second.count(*fd) == 0)) {
      l.ctx.error(
          *f.find("fd"),
          lang::trf("fd: no step on {} makes a socket labelled '{}' (with as:)", e.conn.host, *fd));
    }
  }
  if (auto p = f.integer("local_port", 1, 65535)) {
    e.conn.local_port = static_cast<std::uint16_t>(*p);
  }
  if (auto p = f.integer("remote_port", 1, 65535)) {
    e.conn.remote_port = static_cast<std::uint16_t>(*p);
  }
  if (f.has("fd") && (f.has("local_port") || f.has("remote_port"))) {
    l.ctx.error(f.key_mark(f.has("local_port") ? "local_port" : "remote_port"),
                lang::tr("a connection is chosen by fd or by ports, not both"));
  }
  e.at = required_at(f);
  if (const YAML::Node* is = f.require("is", lang::tr("a state such as ESTABLISHED"))) {
    if (auto text = read_string(l.ctx, *is, "is")) {
      if (!tcp::parse_state(*text, e.state)) {
        std::vector<std::string_view> names;
        for (int i = 0; i < tcp::kStateCount; ++i) {
          names.push_back(tcp::state_name(static_cast<tcp::State>(i)));
        }
        l.ctx.error(*is,
                    lang::trf("is: expected a TCP state ({}), got {}", join(names), describe(*is)) +
                        did_you_mean(closest(*text, names)));
      }
    }
  }
  return e;
}

// `fd: k`: the socket label of one of the two hosts; that host's connections made from it.
void load_segments_fd(Loader& l, Fields& f, ExpectSegments& e) {
  const auto label = f.name("fd");
  if (!label) return;
  const YAML::Node& at = *f.find("fd");
  if (e.a.empty() || e.b.empty()) {
    l.ctx.error(at, lang::tr("fd: picks the connection of a socket of one of the two hosts; give "
                             "between: [host, host] too"));
    return;
  }
  std::vector<std::string> owners;
  for (const std::string& host : {e.a, e.b}) {
    const auto it = l.sockets.find(host);
    if (it != l.sockets.end() && it->second.count(*label) != 0) owners.push_back(host);
  }
  if (owners.empty()) {
    l.ctx.error(at, lang::trf("fd: neither {} nor {} has a socket labelled '{}' in the script", e.a,
                              e.b, *label));
  } else if (owners.size() == 2) {
    l.ctx.error(at, lang::trf("fd: both {} and {} have a socket labelled '{}'; give one of them "
                              "another label so fd: names one connection",
                              e.a, e.b, *label));
  } else {
    e.fd = *label;
    e.fd_host = owners[0];
  }
}

ExpectSegments load_segments(Loader& l, Fields& f) {
  ExpectSegments e;
  if (f.has("between") == f.has("link")) {
    l.ctx.error(f.has("link") ? f.key_mark("link") : f.mark(),
                lang::tr("segments needs between: [host, host] or link: NAME, one of the two"));
  }
  if (const YAML::Node* between = f.find("between")) {
    if (!between->IsSequence() || between->size() != 2) {
      l.ctx.error(*between,
                  lang::trf("between: expected two hosts such as [client, server], got {}",
                            describe(*between)));
    } else {
      std::string ends[2];
      for (std::size_t i = 0; i < 2; ++i) {
        const YAML::Node end = (*between)[i];
        if (auto name = read_name(l.ctx, end, "between")) {
          if (l.host(end, *name, "between") != nullptr) ends[i] = *name;
        }
      }
      if (!ends[0].empty() && ends[0] == ends[1]) {
        l.ctx.error(*between, lang::tr("between: expected two different hosts"));
      }
      e.a = ends[0];
      e.b = ends[1];
    }
  }
  if (auto link = f.string("link")) {
    if (l.link(*f.find("link"), *link, "link") != nullptr) e.link = *link;
  }
  if (auto port = f.integer("port", 1, 65535)) e.port = static_cast<std::uint16_t>(*port);
  load_segments_fd(l, f, e);
  e.match = choice<SegmentMatch>(f, "match",
                                 {{"prefix", SegmentMatch::Prefix},
                                  {"exact", SegmentMatch::Exact},
                                  {"contains", SegmentMatch::Contains}})
                .value_or(e.match);
  if (auto from = f.duration("from")) e.from = *from;
  if (auto until = f.duration("until")) e.until = *until;
  check_window(f, e.from, e.until);
  const YAML::Node* list =
      f.require("list", lang::tr("the segments, such as \"client > server: S\""));
  if (list == nullptr) return e;
  const bool between = f.has("between");
  for_each_item(l.ctx, *list, "list", [&](const YAML::Node& item, std::size_t) {
    if (item.IsMap()) {
      // Unquoted, "a > b: S" is a YAML key and value.
      l.ctx.error(item, lang::tr("segment: expected text, got a map; put the segment in quotes, as "
                                 "in \"client > server: S\""));
      return;
    }
    const auto text = read_string(l.ctx, item, "segment");
    if (!text) return;
    const SegmentPatternParse p = parse_segment_pattern(*text);
    if (!p.pattern) {
      l.ctx.error(l.ctx.inside(item, p.error_offset), "segment: " + p.error);
      return;
    }
    SegmentPattern pattern = *p.pattern;
    pattern.mark = mark_of(item);
    for (const std::string* mac : {&pattern.src_mac, &pattern.dst_mac}) {
      if (!mac->empty() && !wire::MacAddress::parse(*mac).ok() &&
          l.node(item, *mac, lang::tr("segment's MAC"), {NodeKind::Host, NodeKind::Router}) ==
              nullptr) {
        return;
      }
    }
    if (pattern.from.empty()) {
      if (between) {
        l.ctx.error(item, lang::trf("segment: expected the direction first, as in \"{} > {}: {}\"",
                                    e.a.empty() ? std::string("client") : e.a,
                                    e.b.empty() ? std::string("server") : e.b, *text));
        return;
      }
    } else if (between) {
      const bool same =
          (pattern.from == e.a && pattern.to == e.b) || (pattern.from == e.b && pattern.to == e.a);
      if (!e.a.empty() && !e.b.empty() && !same) {
        l.ctx.error(item, lang::trf("segment: {} > {} is not between {} and {}", pattern.from,
                                    pattern.to, e.a, e.b));
        return;
      }
    } else if (l.host(item, pattern.from, "segment") == nullptr ||
               l.host(item, pattern.to, "segment") == nullptr) {
      // On a link the direction is optional; written, it names two hosts.
      return;
    }
    e.segments.push_back(std::move(pattern));
  });
  return e;
}

ExpectCall load_call(Loader& l, Fields& f) {
  ExpectCall e;
  const Step* step = nullptr;
  if (const YAML::Node* id = f.require("step", lang::tr("the id of a step in the script"))) {
    if (auto name = read_name(l.ctx, *id, "step")) {
      e.step = *name;
      if (const auto index = l.step_id(mark_of(*id), *name, "step")) {
        e.step_index = *index;
        step = &l.scenario.steps[*index];
      }
    }
  }
  load_call_check(f, step, e);
  return e;
}

ExpectArp load_arp(Loader& l, Fields& f) {
  ExpectArp e;
  if (const YAML::Node* h =
          f.require("host", lang::tr("the host or router whose ARP cache this is"))) {
    if (auto name = read_name(l.ctx, *h, "host")) {
      if (l.node(*h, *name, "host", {NodeKind::Host, NodeKind::Router}) != nullptr) e.host = *name;
    }
  }
  e.at = required_at(f);
  if (const YAML::Node* has = f.find("has")) {
    if (!has->IsMap()) {
      l.ctx.error(
          *has,
          lang::trf(
              "has: expected a map of address: MAC (or host name, or nothing for any), got {}",
              describe(*has)));
    } else {
      for (auto it = has->begin(); it != has->end(); ++it) {
        ArpEntryExpect entry;
        const auto ip = l.ip_ref(it->first, "has");
        if (!ip) continue;
        entry.ip = *ip;
        if (!it->second.IsNull()) {
          const auto mac = l.mac_ref(it->second, "has");
          if (!mac) continue;
          entry.mac = *mac;
        }
        e.present.push_back(entry);
      }
    }
  }
  if (const YAML::Node* lacks = f.find("lacks")) {
    for_each_item(l.ctx, *lacks, "lacks", [&](const YAML::Node& item, std::size_t) {
      if (auto ip = l.ip_ref(item, "lacks")) e.absent.push_back(*ip);
    });
  }
  needs_one_of(f, {"has", "lacks"});
  return e;
}

ExpectMacTable load_mac_table(Loader& l, Fields& f) {
  ExpectMacTable e;
  std::size_t ports = 0;
  if (const YAML::Node* sw = f.require("switch", lang::tr("the switch whose MAC table this is"))) {
    if (auto name = read_name(l.ctx, *sw, "switch")) {
      if (const NodeRef* ref = l.node(*sw, *name, "switch", {NodeKind::Switch})) {
        e.node = *name;
        ports = l.switch_ports[ref->index];
      }
    }
  }
  e.at = required_at(f);
  if (const YAML::Node* has = f.find("has")) {
    if (!has->IsMap()) {
      l.ctx.error(
          *has,
          lang::trf("has: expected a map of MAC (or host name): port (or nothing for any), got {}",
                    describe(*has)));
    } else {
      for (auto it = has->begin(); it != has->end(); ++it) {
        MacEntryExpect entry;
        const auto mac = l.mac_ref(it->first, "has");
        if (!mac) continue;
        entry.mac = *mac;
        if (!it->second.IsNull()) {
          const auto port = read_int(l.ctx, it->second, "port", 1, 65535);
          if (!port) continue;
          if (!e.node.empty() && static_cast<std::size_t>(*port) > ports) {
            l.ctx.error(
                it->second,
                lang::trf("port: {} has {} ports (one per link, numbered from 1 in link order)",
                          e.node, ports));
            continue;
          }
          entry.port = static_cast<std::uint16_t>(*port);
        }
        e.present.push_back(entry);
      }
    }
  }
  if (const YAML::Node* lacks = f.find("lacks")) {
    for_each_item(l.ctx, *lacks, "lacks", [&](const YAML::Node& item, std::size_t) {
      if (auto mac = l.mac_ref(item, "lacks")) e.absent.push_back(*mac);
    });
  }
  if (auto size = f.integer("size", 0, 1'000'000)) e.size = static_cast<std::size_t>(*size);
  needs_one_of(f, {"has", "lacks", "size"});
  return e;
}

// The counter named `name`, or nullptr after reporting that none is.
const CounterInfo* known_counter(Context& ctx, const YAML::Node& at, const std::string& name) {
  if (const CounterInfo* counter = find_counter(name)) return counter;
  std::vector<std::string_view> names;
  for (const CounterInfo& c : counters_list()) names.push_back(c.name);
  const std::string_view near = closest(name, names);
  ctx.error(at,
            lang::trf("name: no counter is named {}", quote_input(name)) +
                (near.empty() ? lang::trf("; counters are: {}", join(names)) : did_you_mean(near)));
  return nullptr;
}

bool counts(const CounterInfo& counter, NodeKind kind) {
  switch (kind) {
    case NodeKind::Host: return counter.hosts;
    case NodeKind::Router: return counter.routers;
    case NodeKind::Switch: return counter.switches;
  }
  return false;
}

ExpectCounter load_counter(Loader& l, Fields& f) {
  struct Op {
    const char* text;
    Compare op;
  };
  static constexpr Op kOps[] = {{"==", Compare::Eq}, {"!=", Compare::Ne}, {">=", Compare::Ge},
                                {">", Compare::Gt},  {"<=", Compare::Le}, {"<", Compare::Lt}};
  ExpectCounter e;
  const NodeRef* node = nullptr;
  if (const YAML::Node* n = f.require("node", lang::tr("the node that counts, such as server"))) {
    if (auto name = read_name(l.ctx, *n, "node")) {
      node = l.node(*n, *name, "node", {NodeKind::Host, NodeKind::Router, NodeKind::Switch});
      if (node != nullptr) e.node = *name;
    }
  }
  if (f.require("name", lang::tr("the counter, such as syn_dropped"))) {
    if (auto name = f.name("name")) {
      if (const CounterInfo* counter = known_counter(l.ctx, *f.find("name"), *name)) {
        e.name = *name;
        if (node != nullptr && !counts(*counter, node->kind)) {
          l.ctx.error(*f.find("name"),
                      lang::trf("name: {} is counted by {}, and {} is a {}", *name,
                                counted_by(*counter), e.node, kind_name(node->kind)));
        }
      }
    }
  }
  const Op* chosen = nullptr;
  for (const Op& op : kOps) {
    if (!f.has(op.text)) continue;
    if (chosen != nullptr) {
      l.ctx.error(f.key_mark(op.text),
                  lang::trf("counter compares once; it already has '{}'", chosen->text));
      continue;
    }
    chosen = &op;
    e.op = op.op;
    if (auto v = f.integer(op.text, std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max())) {
      e.value = *v;
    }
  }
  if (chosen == nullptr) {
    l.ctx.error(f.mark(), lang::tr("counter needs a comparison: one of \"==\", \"!=\", \">=\", "
                                   "\">\", \"<=\", \"<\" (quoted) with a number"));
  }
  e.at = f.duration("at");
  return e;
}

ExpectQueue load_queue(Loader& l, Fields& f) {
  ExpectQueue e;
  if (const YAML::Node* h = f.require("host", lang::tr("the host with the listening socket"))) {
    if (auto name = read_name(l.ctx, *h, "host")) {
      if (l.host(*h, *name, "host") != nullptr) e.host = *name;
    }
  }
  if (f.require("port", lang::tr("the port the socket listens on"))) {
    if (auto port = f.integer("port", 1, 65535)) e.port = static_cast<std::uint16_t>(*port);
  }
  e.at = required_at(f);
  if (auto v = f.integer("syn_queue", 0, std::numeric_limits<int>::max()))
    e.syn_queue = static_cast<int>(*v);
  if (auto v = f.integer("accept_queue", 0, std::numeric_limits<int>::max()))
    e.accept_queue = static_cast<int>(*v);
  needs_one_of(f, {"syn_queue", "accept_queue"});
  return e;
}

ExpectReceived load_received(Loader& l, Fields& f) {
  ExpectReceived e;
  bool host_ok = false;
  if (const YAML::Node* h = f.require("host", lang::tr("the host whose reads these are"))) {
    if (auto name = read_name(l.ctx, *h, "host")) {
      host_ok = l.host(*h, *name, "host") != nullptr;
      e.host = *name;
    }
  }
  if (f.require("fd", lang::tr("the label of the socket the reads were made on"))) {
    if (auto label = f.name("fd")) {
      e.fd = *label;
      const auto& made = l.sockets[e.host];
      const auto& inside = l.each_labels[e.host];
      if (host_ok && made.count(*label) == 0 && inside.count(*label) == 0) {
        l.ctx.error(*f.find("fd"), lang::trf("fd: the script makes no socket labelled '{}' on {}",
                                             *label, e.host));
      }
    }
  }
  if (f.has("data") == f.has("bytes")) {
    l.ctx.error(f.mark(), lang::tr("received needs data (the text) or bytes (a count of the "
                                   "pattern a send's bytes: sends), one of the two"));
  } else if (auto bytes = f.integer("bytes", 1, 1LL << 30)) {
    const std::vector<std::uint8_t> pattern = pattern_bytes(static_cast<std::size_t>(*bytes));
    e.data.assign(pattern.begin(), pattern.end());
    e.pattern = true;
  } else if (auto data = f.string("data")) {
    e.data = *data;
  }
  return e;
}

void load_expectation(Loader& l, const YAML::Node& n) {
  struct Kind {
    const char* key;
    std::vector<std::string_view> keys;
  };
  static const std::vector<Kind> kKinds = {
      {"state", {"host", "fd", "local_port", "remote_port", "at", "is", "note"}},
      {"segments", {"between", "link", "port", "fd", "match", "from", "until", "list", "note"}},
      {"call",
       {"step", "returns", "errno", "data", "returned_by", "returned_after", "blocks", "note"}},
      {"arp", {"host", "at", "has", "lacks", "note"}},
      {"mac_table", {"switch", "at", "has", "lacks", "size", "note"}},
      {"counter", {"node", "name", "==", "!=", ">=", ">", "<=", "<", "at", "note"}},
      {"queue", {"host", "port", "at", "syn_queue", "accept_queue", "note"}},
      {"received", {"host", "fd", "data", "bytes", "note"}},
  };
  std::vector<std::string_view> allowed;
  for (const Kind& k : kKinds) allowed.push_back(k.key);
  allowed.push_back("note");
  Fields f(l.ctx, n, lang::tr("expectation"), allowed);
  if (!f.is_map()) return;
  const Kind* kind = nullptr;
  for (const Kind& k : kKinds) {
    if (!f.has(k.key)) continue;
    if (kind != nullptr) {
      l.ctx.error(f.key_mark(k.key), lang::trf("one check per list item; this one is already a {} "
                                               "check (start a new item with '- ')",
                                               kind->key));
      continue;
    }
    kind = &k;
  }
  if (kind == nullptr) {
    l.ctx.error(f.mark(), lang::tr("expectation needs one of state, segments, call, arp, "
                                   "mac_table, counter, queue or received"));
    return;
  }
  Fields body(l.ctx, *f.find(kind->key), kind->key, kind->keys);
  if (!body.is_map()) return;
  Expectation x;
  x.mark = f.mark();
  const std::string key = kind->key;
  if (key == "state") x.body = load_state(l, body);
  if (key == "segments") x.body = load_segments(l, body);
  if (key == "call") x.body = load_call(l, body);
  if (key == "arp") x.body = load_arp(l, body);
  if (key == "mac_table") x.body = load_mac_table(l, body);
  if (key == "received") x.body = load_received(l, body);
  if (key == "counter") x.body = load_counter(l, body);
  if (key == "queue") x.body = load_queue(l, body);
  if (f.has("note") && body.has("note")) {
    l.ctx.error(body.key_mark("note"), lang::tr("note: the expectation already has a note"));
  }
  if (auto note = f.has("note") ? f.string("note") : body.string("note")) x.note = *note;
  l.scenario.expectations.push_back(std::move(x));
}

}  // namespace

void load_expectations(Loader& l, const YAML::Node& n) {
  for_each_item(l.ctx, n, "expect",
                [&](const YAML::Node& item, std::size_t) { load_expectation(l, item); });
}

}  // namespace synack::scenario::detail

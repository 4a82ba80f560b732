// `faults` and `script`: what the network does to frames, and the timed socket
// calls each host makes. A step may only act on a socket label an earlier step
// on the same host made, so a script reads top to bottom like a program.
#include <algorithm>
#include <limits>

#include "sim/lang/tr.hpp"
#include "sim/scenario/load_internal.hpp"

namespace synack::scenario::detail {

namespace {

constexpr std::int64_t kMaxBytes = 16 * 1024 * 1024;  // per send, and per recv buffer
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

// ---- faults --------------------------------------------------------------------------------

// A fault's `flags:` are letters as in segment patterns, with nothing else.
std::optional<std::uint8_t> match_flags(Context& ctx, const YAML::Node& n) {
  const auto text = read_string(ctx, n, "flags");
  if (!text) return std::nullopt;
  const SegmentPatternParse p = parse_segment_pattern(*text);
  if (!p.pattern) {
    ctx.error(ctx.inside(n, p.error_offset), "flags: " + p.error);
    return std::nullopt;
  }
  SegmentPattern flags_only;
  flags_only.flags = p.pattern->flags;
  if (segment_pattern_text(*p.pattern) != segment_pattern_text(flags_only)) {
    ctx.error(
        n, lang::trf("flags: expected only flag letters such as S, S. or R, got {}", describe(n)));
    return std::nullopt;
  }
  return p.pattern->flags;
}

FrameMatch load_match(Loader& l, const YAML::Node& n, const std::string& action) {
  FrameMatch m;
  Fields f(l.ctx, n, lang::trf("{} match", action),
           {"from", "to", "proto", "flags", "data", "port"}, true);
  if (!f.is_map()) return m;
  for (auto [key, field] : {std::pair{"from", &m.from}, std::pair{"to", &m.to}}) {
    if (auto name = f.name(key)) {
      if (l.host(*f.find(key), *name, key) != nullptr) *field = *name;
    }
  }
  using Proto = FrameMatch::Proto;
  const std::optional<Proto> proto = choice<Proto>(
      f, "proto",
      {{"tcp", Proto::Tcp}, {"udp", Proto::Udp}, {"arp", Proto::Arp}, {"any", Proto::Any}});
  if (auto flags = f.find("flags")) {
    if (auto bits = match_flags(l.ctx, *flags)) m.flags = *bits;
  }
  if (auto data = f.boolean("data")) m.payload_only = *data;
  if (auto port = f.integer("port", 1, 65535)) m.port = static_cast<std::uint16_t>(*port);
  // Flags and payload exist only on TCP; ports only on TCP and UDP.
  const bool tcp_only = f.has("flags") || f.has("data");
  if (tcp_only && proto && *proto != FrameMatch::Proto::Tcp && *proto != FrameMatch::Proto::Any) {
    l.ctx.error(*f.find("proto"),
                lang::tr("proto: flags and data match TCP segments; expected tcp here"));
  } else if (f.has("port") && proto == FrameMatch::Proto::Arp) {
    l.ctx.error(*f.find("port"),
                lang::tr("port: ARP has no ports; expected proto tcp, udp or any"));
  }
  m.proto = proto.value_or(FrameMatch::Proto::Any);
  if (tcp_only && m.proto == FrameMatch::Proto::Any) m.proto = FrameMatch::Proto::Tcp;
  return m;
}

void load_fault(Loader& l, const YAML::Node& n) {
  struct Action {
    const char* key;
    FaultAction action;
  };
  static constexpr Action kActions[] = {
      {"drop", FaultAction::Drop},   {"duplicate", FaultAction::Duplicate},
      {"delay", FaultAction::Delay}, {"cut", FaultAction::Cut},
      {"crash", FaultAction::Crash}, {"reboot", FaultAction::Reboot}};
  const Action* action = nullptr;
  for (const Action& a : kActions) {
    if (action == nullptr && peek(n, a.key)) action = &a;
  }
  const bool host_fault = action != nullptr && (action->action == FaultAction::Crash ||
                                                action->action == FaultAction::Reboot);
  std::vector<std::string_view> allowed = {"drop", "duplicate", "delay", "cut", "crash", "reboot"};
  if (host_fault) {
    allowed.push_back("at");
    if (action->action == FaultAction::Reboot) allowed.push_back("down");
  } else {
    allowed.insert(allowed.end(), {"from", "until"});
  }
  if (action == nullptr || (action->action != FaultAction::Cut && !host_fault)) {
    allowed.insert(allowed.end(), {"nth", "count", "link"});
  }
  if (action == nullptr || action->action == FaultAction::Delay) allowed.push_back("by");
  Fields f(l.ctx, n, action != nullptr ? lang::trf("{} fault", action->key) : lang::tr("fault"),
           allowed);
  if (!f.is_map()) return;
  if (action == nullptr) {
    l.ctx.error(f.mark(),
                lang::tr("fault needs one of drop, duplicate, delay, cut, crash or reboot"));
    return;
  }
  for (const Action& a : kActions) {
    if (&a != action && f.has(a.key)) {
      l.ctx.error(
          f.key_mark(a.key),
          lang::trf(
              "a fault does one thing; this one already says {} (write a second fault for {})",
              action->key, a.key));
    }
  }
  FaultSpec fault;
  fault.action = action->action;
  fault.mark = f.mark();
  const YAML::Node* what_node = f.find(action->key);
  if (what_node == nullptr) return;  // the key itself was malformed, and reported
  const YAML::Node& what = *what_node;
  if (host_fault) {
    // "crash: server, at: 2s"; a reboot is back after `down` (at once by default).
    if (auto name = read_name(l.ctx, what, action->key)) {
      if (l.host(what, *name, action->key) != nullptr) fault.host = *name;
    }
    if (f.require("at", lang::tr("when the host goes down, such as 2s"))) {
      if (auto at = f.duration("at")) fault.from = *at;
    }
    if (fault.action == FaultAction::Reboot) {
      fault.until = tcp::later(fault.from, f.duration("down").value_or(0));
    }
    l.scenario.faults.push_back(std::move(fault));
    return;
  }
  if (fault.action == FaultAction::Cut) {
    if (auto name = read_string(l.ctx, what, "cut")) {
      if (l.link(what, *name, "cut") != nullptr) fault.link = *name;
    }
  } else {
    fault.match = load_match(l, what, action->key);
    if (auto name = f.string("link")) {
      if (l.link(*f.find("link"), *name, "link") != nullptr) fault.link = *name;
    }
    if (auto nth = f.integer("nth", 1, kIntMax)) fault.nth = static_cast<int>(*nth);
    if (auto count = f.integer("count", 1, kIntMax)) {
      if (f.has("nth")) {
        fault.count = static_cast<int>(*count);
      } else {
        l.ctx.error(*f.find("count"),
                    lang::tr("count: counts frames from the nth on; give nth too"));
      }
    }
  }
  if (fault.action == FaultAction::Delay) {
    if (f.require("by", lang::tr("the extra delay, such as 50ms"))) {
      if (auto by = f.duration("by")) {
        if (*by > 0) {
          fault.extra_delay = *by;
        } else {
          l.ctx.error(*f.find("by"), lang::tr("by: expected a duration above 0, got '0'"));
        }
      }
    }
  }
  if (auto from = f.duration("from")) fault.from = *from;
  if (auto until = f.duration("until")) fault.until = *until;
  check_window(f, fault.from, fault.until);
  l.scenario.faults.push_back(std::move(fault));
}

// ---- steps ---------------------------------------------------------------------------------

struct CallSpec {
  const char* name;
  CallKind kind;
  std::vector<std::string_view> keys;  // besides the ones every step has
};

const std::vector<CallSpec>& calls() {
  static const std::vector<CallSpec> kCalls = {
      {"socket", CallKind::Socket, {"as", "udp"}},
      {"bind", CallKind::Bind, {"fd", "port", "addr"}},
      {"listen", CallKind::Listen, {"fd", "backlog"}},
      {"accept", CallKind::Accept, {"fd", "as", "each", "count"}},
      {"connect", CallKind::Connect, {"fd", "to"}},
      {"send", CallKind::Send, {"fd", "data", "bytes"}},
      {"recv", CallKind::Recv, {"fd", "size", "waitall"}},
      {"shutdown", CallKind::Shutdown, {"fd", "how"}},
      {"close", CallKind::Close, {"fd"}},
      {"setsockopt", CallKind::Setsockopt, {"fd", "option", "value"}},
      {"sendto", CallKind::Sendto, {"fd", "to", "data", "bytes"}},
      {"recvfrom", CallKind::Recvfrom, {"fd", "size"}},
      {"syn_flood", CallKind::SynFlood, {"to", "count", "interval", "spoof"}},
  };
  return kCalls;
}

const std::vector<std::string_view> kStepKeys = {"at",     "after", "host",  "call",
                                                 "thread", "id",    "expect"};

// The payload of a send: `data: text` as written, or `bytes: N` (also written
// `data: {bytes: N}`) of the pattern pattern_bytes() makes.
void load_payload(Fields& f, Step& s) {
  if (f.has("data") && f.has("bytes")) {
    f.ctx().error(f.key_mark("bytes"), lang::tr("bytes: give data or bytes, not both"));
    return;
  }
  const YAML::Node* data = f.find("data");
  if (data != nullptr && data->IsMap()) {
    Fields generated(f.ctx(), *data, "data", {"bytes"});
    if (generated.require("bytes",
                          lang::tr("how many bytes of the pattern to send, such as 10000"))) {
      if (auto bytes = generated.integer("bytes", 1, kMaxBytes)) {
        s.data = pattern_bytes(static_cast<std::size_t>(*bytes));
      }
    }
  } else if (auto text = f.string("data")) {
    s.data.assign(text->begin(), text->end());
  } else if (auto bytes = f.integer("bytes", 1, kMaxBytes)) {
    s.data = pattern_bytes(static_cast<std::size_t>(*bytes));
  } else if (!f.has("data") && !f.has("bytes")) {
    f.ctx().error(f.mark(),
                  lang::trf("{} needs 'data' (text to send) or 'bytes' (a count)", f.what()));
  }
}

// `after: acc` or `after: "acc + 5ms"`: the step id is resolved once the whole
// script is read (it may come later in the file).
void load_after(Loader& l, Fields& f, Step& s, std::uint32_t index) {
  const YAML::Node* n = f.find("after");
  if (n == nullptr) return;
  if (f.has("at")) {
    l.ctx.error(f.key_mark("after"),
                lang::tr("after: give at (a time) or after (a step), not both"));
    return;
  }
  const auto text = read_string(l.ctx, *n, "after");
  if (!text) return;
  std::string_view id = *text;
  const std::size_t plus = id.find('+');
  if (plus != std::string_view::npos) {
    std::size_t from = plus + 1;
    while (from < id.size() && id[from] == ' ') ++from;
    const auto delay = parse_duration(id.substr(from));
    if (!delay) {
      l.ctx.error(l.ctx.inside(*n, from),
                  lang::tr("after: expected a duration after '+', such as \"acc + 5ms\""));
      return;
    }
    s.after_delay = *delay;
    id = id.substr(0, plus);
  }
  while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
  while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
  if (!is_name(id)) {
    // A message stays one literal, as the catalogue test reads it.
    l.ctx.error(*n, lang::trf("after: expected the id of a step, optionally \"+ delay\", such as "
                              "\"acc + 5ms\"; got {}",
                              describe(*n)));
    return;
  }
  l.afters.push_back(PendingAfter{index, std::string(id), mark_of(*n)});
}

// `fd:` must name a socket an earlier step made on this host.
void load_fd(Loader& l, Fields& f, Step& s, bool host_ok, TimeUs earliest) {
  const YAML::Node* n =
      f.require("fd", lang::tr("the label a socket or accept step gave with as:"));
  if (n == nullptr) return;
  const auto label = read_name(l.ctx, *n, "fd");
  if (!label) return;
  s.fd = *label;
  if (!host_ok) return;
  const auto& labels = l.sockets[s.host];
  const auto it = labels.find(*label);
  if (it == labels.end()) {
    std::string message = lang::trf(
        "fd: no socket labelled '{}' on {} yet; a socket step (or an accept) with as: {} must come "
        "before",
        *label, s.host, *label);
    std::vector<std::string_view> known;
    for (const auto& entry : labels) known.push_back(entry.first);
    message += did_you_mean(closest(*label, known));
    for (const auto& [host, other] : l.sockets) {
      if (host != s.host && other.count(*label) != 0) {
        message += lang::trf(" ({} has one)", host);
        break;
      }
    }
    l.ctx.error(*n, message);
    return;
  }
  // Another thread's socket must exist by the time this step can start.
  const SocketLabel& made = it->second;
  if (made.thread != s.thread && made.earliest > earliest) {
    l.ctx.error(*n, lang::trf("fd: socket '{}' is made on thread {} ({}), whose step starts at {} "
                              "at the earliest; this step of thread {} starts at {}, before it "
                              "exists; give it a later at: or after: the step that makes it",
                              *label, made.thread, line_of(made.mark),
                              format_duration(made.earliest), s.thread, format_duration(earliest)));
  }
  const bool udp = it->second.udp;
  const char* message = nullptr;
  if (udp && (s.call == CallKind::Listen || s.call == CallKind::Accept)) {
    message = lang::tr_later("fd: {} needs a TCP socket; '{}' is a UDP socket (made at {})");
  }
  if (!udp && (s.call == CallKind::Sendto || s.call == CallKind::Recvfrom)) {
    message = lang::tr_later("fd: {} needs a UDP socket; '{}' is a TCP socket (made at {})");
  }
  if (message != nullptr) {
    l.ctx.error(*n, lang::trf(message, call_name(s.call), *label, line_of(it->second.mark)));
  }
}

void load_each(Loader& l, const YAML::Node& n, std::uint32_t accept, bool host_ok);

// A step of the script, or (with `parent`) of an accept's `each:` list.
void load_step(Loader& l, const YAML::Node& n, const Step* parent = nullptr) {
  const CallSpec* spec = nullptr;
  const auto call_node = peek(n, "call");
  if (call_node && call_node->IsScalar()) {
    for (const CallSpec& c : calls()) {
      if (call_node->Scalar() == c.name) spec = &c;
    }
  }
  std::vector<std::string_view> allowed = kStepKeys;
  for (const CallSpec& c : calls()) {
    if (spec != nullptr && &c != spec) continue;
    for (const std::string_view k : c.keys) {
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) allowed.push_back(k);
    }
  }
  Fields f(l.ctx, n, spec != nullptr ? lang::trf("{} step", spec->name) : lang::tr("step"),
           allowed);
  if (!f.is_map()) return;
  Step s;
  s.mark = f.mark();
  const std::size_t index = l.scenario.steps.size();

  if (const YAML::Node* c = f.require("call", lang::tr("the socket call, such as connect"))) {
    if (spec == nullptr) {
      std::vector<std::string_view> names;
      for (const CallSpec& x : calls()) names.push_back(x.name);
      const std::string_view near = c->IsScalar() ? closest(c->Scalar(), names) : "";
      l.ctx.error(*c, lang::trf("call: expected one of {}, got {}", join(names), describe(*c)) +
                          did_you_mean(near));
    } else {
      s.call = spec->kind;
    }
  }
  if (auto at = f.duration("at")) s.at = *at;
  load_after(l, f, s, static_cast<std::uint32_t>(index));
  if (auto thread = f.name("thread")) s.thread = *thread;
  bool host_ok = false;
  if (parent != nullptr) {
    s.host = parent->host;
    s.thread = parent->thread + "/" + parent->as;
    s.in_each = true;
    host_ok = l.nodes.count(s.host) != 0;
  } else if (const YAML::Node* h = f.require("host", lang::tr("the host that makes the call"))) {
    if (auto name = read_name(l.ctx, *h, "host")) {
      s.host = *name;
      host_ok = l.host(*h, *name, "host") != nullptr;
    }
  }
  if (auto id = f.name("id")) {
    s.id = *id;
    const auto [it, fresh] = l.step_ids.emplace(*id, index);
    if (!fresh) {
      l.ctx.error(*f.find("id"), lang::trf("id: '{}' is already the id of the step at {}", *id,
                                           line_of(l.scenario.steps[it->second].mark)));
    }
  }
  if (spec == nullptr) {
    l.scenario.steps.push_back(std::move(s));
    return;
  }
  // Steps of a thread run one after another, each not before its at:.
  TimeUs& clock = l.thread_clock[s.host + " " + s.thread];
  clock = std::max(clock, s.at);
  const TimeUs earliest = clock;

  if (std::find(spec->keys.begin(), spec->keys.end(), "fd") != spec->keys.end()) {
    load_fd(l, f, s, host_ok, earliest);
  }
  switch (s.call) {
    case CallKind::Socket:
      if (auto udp = f.boolean("udp")) s.udp = *udp;
      break;
    case CallKind::Bind:
      if (f.require("port", lang::tr("the local port, or 0 for any"))) {
        if (auto port = f.integer("port", 0, 65535)) s.port = static_cast<std::uint16_t>(*port);
      }
      if (auto addr = f.find("addr")) s.addr = l.ip_ref(*addr, "addr");
      break;
    case CallKind::Listen:
      if (auto backlog = f.integer("backlog", 0, 65535)) s.backlog = static_cast<int>(*backlog);
      break;
    case CallKind::Connect:
    case CallKind::Sendto:
    case CallKind::SynFlood:
      if (const YAML::Node* to = f.require("to", lang::tr("address:port such as 10.0.0.2:80"))) {
        if (s.call == CallKind::Sendto && to->IsScalar() && to->Scalar() == "peer") {
          s.to_peer = true;  // whoever the socket's last recvfrom heard from
        } else {
          l.endpoint(*to, "to", s.addr, s.port);
        }
      }
      break;
    case CallKind::Recv:
    case CallKind::Recvfrom:
      if (f.require("size", lang::tr("the most bytes to read, such as 100"))) {
        if (auto size = f.integer("size", 1, kMaxBytes)) s.size = static_cast<std::size_t>(*size);
      }
      if (s.call == CallKind::Recv) {
        if (auto waitall = f.boolean("waitall")) s.waitall = *waitall;
      }
      break;
    case CallKind::Shutdown:
      if (f.require("how", lang::tr("SHUT_RD, SHUT_WR or SHUT_RDWR"))) {
        s.how =
            choice<ShutHow>(
                f, "how",
                {{"SHUT_RD", ShutHow::Rd}, {"SHUT_WR", ShutHow::Wr}, {"SHUT_RDWR", ShutHow::RdWr}})
                .value_or(s.how);
      }
      break;
    case CallKind::Setsockopt: {
      const char* options = lang::tr(
          "SO_REUSEADDR, SO_LINGER, SO_BROADCAST, SO_KEEPALIVE, TCP_NODELAY, TCP_KEEPIDLE, "
          "TCP_KEEPINTVL or TCP_KEEPCNT");
      if (f.require("option", options)) {
        static const SockOpt kOptions[] = {SockOpt::ReuseAddr, SockOpt::Linger,  SockOpt::Broadcast,
                                           SockOpt::KeepAlive, SockOpt::NoDelay, SockOpt::KeepIdle,
                                           SockOpt::KeepIntvl, SockOpt::KeepCnt};
        std::vector<std::string_view> words;
        for (SockOpt o : kOptions) words.push_back(sockopt_name(o));
        if (auto i = read_choice(f.ctx(), *f.find("option"), "option", words)) {
          s.option = kOptions[*i];
        }
      }
      // SO_LINGER's value is the linger time in seconds (-1: off); the keep-alive
      // times are seconds, TCP_KEEPCNT a count; the others are switches.
      std::optional<std::int64_t> value;
      switch (s.option) {
        case SockOpt::Linger: value = f.integer("value", -1, 65535); break;
        case SockOpt::KeepIdle:
        case SockOpt::KeepIntvl: value = f.integer("value", 1, 86400); break;
        case SockOpt::KeepCnt: value = f.integer("value", 1, 255); break;
        default: value = f.integer("value", 0, 1); break;
      }
      if (value) s.value = static_cast<int>(*value);
      break;
    }
    case CallKind::Accept:
    case CallKind::Send:
    case CallKind::Close: break;
  }
  if (s.call == CallKind::Send || s.call == CallKind::Sendto) load_payload(f, s);
  if (s.call == CallKind::SynFlood) {
    if (auto count = f.integer("count", 1, 1'000'000)) s.count = static_cast<int>(*count);
    if (auto interval = f.duration("interval")) s.interval = *interval;
    if (auto spoof = f.find("spoof")) s.spoof = read_cidr(l.ctx, *spoof, "spoof");
  }
  // The new socket's label exists from this step on.
  if (s.call == CallKind::Socket) {
    if (f.require("as", lang::tr("the label later steps use for this socket, such as s"))) {
      if (auto as = f.name("as")) s.as = *as;
    }
  } else if (s.call == CallKind::Accept) {
    if (auto as = f.name("as")) s.as = *as;
  }
  // An accept's label with each: belongs to the threads it starts (load_each).
  const bool own_threads = s.call == CallKind::Accept && f.has("each");
  if (!s.as.empty() && host_ok && !own_threads) {
    l.sockets[s.host][s.as] = SocketLabel{s.udp, s.mark, s.thread, earliest};
  }

  if (s.call == CallKind::Accept && f.has("count") && !f.has("each")) {
    l.ctx.error(
        f.key_mark("count"),
        lang::tr("count: says how many connections an accept with each: serves; give each too"));
  }
  if (s.call == CallKind::Accept && f.has("each")) {
    s.count = 0;
    if (auto count = f.integer("count", 1, kIntMax)) s.count = static_cast<int>(*count);
    if (s.as.empty()) {
      l.ctx.error(f.key_mark("each"), lang::tr("each: the steps for a connection name it by the "
                                               "accept's as:; give the accept an as: label"));
    }
  }
  if (s.in_each && s.call == CallKind::Accept && f.has("each")) {
    l.ctx.error(f.key_mark("each"),
                lang::tr("each: an accept inside each: cannot start threads itself"));
  }
  if (const YAML::Node* e = f.find("expect")) {
    Fields fe(l.ctx, *e, lang::tr("step expect"),
              {"returns", "errno", "data", "returned_by", "returned_after", "blocks", "note"});
    if (fe.is_map()) {
      Expectation x;
      x.mark = fe.mark();
      ExpectCall call;
      call.step_index = static_cast<std::uint32_t>(index);
      load_call_check(fe, &s, call);
      if (auto note = fe.string("note")) x.note = *note;
      s.expect = call.expect;
      x.body = std::move(call);
      l.scenario.expectations.push_back(std::move(x));
    }
  }
  const bool each = s.call == CallKind::Accept && f.has("each") && !s.in_each;
  if (each) {
    // Its threads start when a connection is accepted, not before the accept.
    TimeUs& child = l.thread_clock[s.host + " " + s.thread + "/" + s.as];
    child = std::max(child, earliest);
  }
  l.scenario.steps.push_back(std::move(s));
  if (each) load_each(l, *f.find("each"), static_cast<std::uint32_t>(index), host_ok);
}

// An accept's `each:` steps: the host and thread are the accept's, and the
// accept's label names each thread's own connection. Labels made inside stay
// inside.
void load_each(Loader& l, const YAML::Node& n, std::uint32_t accept, bool host_ok) {
  const Step parent = l.scenario.steps[accept];
  std::map<std::string, SocketLabel, std::less<>> outside;
  if (host_ok) {
    outside = l.sockets[parent.host];
    const std::string thread = parent.thread + "/" + parent.as;
    l.sockets[parent.host][parent.as] =
        SocketLabel{false, parent.mark, thread, l.thread_clock[parent.host + " " + thread]};
  }
  std::vector<std::uint32_t> steps;
  for_each_item(l.ctx, n, "each", [&](const YAML::Node& item, std::size_t) {
    for (const char* inherited : {"host", "thread", "at"}) {
      if (auto key = peek(item, inherited)) {
        l.ctx.error(*key, lang::trf("{}: steps under each: run on the accept's host, in a thread "
                                    "of their own, as soon as the connection is accepted",
                                    inherited));
        return;
      }
    }
    steps.push_back(static_cast<std::uint32_t>(l.scenario.steps.size()));
    load_step(l, item, &parent);
  });
  if (host_ok) {
    for (const auto& entry : l.sockets[parent.host]) {
      l.each_labels[parent.host].insert(entry.first);
    }
    l.sockets[parent.host] = std::move(outside);
  }
  l.scenario.steps[accept].each = std::move(steps);
}

// Each `after:` names a step of the file, not itself, and no chain of them
// comes back to where it started (those steps would wait for ever).
void resolve_afters(Loader& l) {
  for (const PendingAfter& a : l.afters) {
    const std::optional<std::uint32_t> index = l.step_id(a.mark, a.id, "after");
    if (!index) continue;
    if (*index == a.step) {
      l.ctx.error(a.mark, lang::tr("after: a step cannot wait for itself to return"));
      continue;
    }
    l.scenario.steps[a.step].after = *index;
  }
  for (const PendingAfter& a : l.afters) {
    std::uint32_t at = a.step;
    for (std::size_t hops = 0; hops <= l.scenario.steps.size(); ++hops) {
      const std::optional<std::uint32_t> next = l.scenario.steps[at].after;
      if (!next) break;
      at = *next;
      if (at == a.step) {
        l.ctx.error(
            a.mark,
            lang::trf("after: '{}' waits, through after:, for this step; neither would ever start",
                      a.id));
        break;
      }
    }
  }
}

}  // namespace

void load_faults(Loader& l, const YAML::Node& n) {
  for_each_item(l.ctx, n, "faults",
                [&](const YAML::Node& item, std::size_t) { load_fault(l, item); });
}

void load_script(Loader& l, const YAML::Node& n) {
  for_each_item(l.ctx, n, "script",
                [&](const YAML::Node& item, std::size_t) { load_step(l, item); });
  resolve_afters(l);
}

std::vector<std::uint8_t> pattern_bytes(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  for (std::size_t i = 0; i < n; ++i) bytes[i] = static_cast<std::uint8_t>('a' + i % 26);
  return bytes;
}

}  // namespace synack::scenario::detail

#include "sim/live/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/errno_names.hpp"
#include "sim/live/linux_choices.hpp"
#include "sim/trace/frame_view.hpp"

namespace synack::live {

namespace {

constexpr std::uint16_t kFirstEphemeral = 32768;  // Linux's and the model's ports lie above

std::string node_with_ip(const trace::Trace& t, std::uint32_t ip) {
  for (const trace::NodeInfo& n : t.nodes) {
    for (const trace::InterfaceInfo& i : n.interfaces) {
      if (i.ip.value() == ip) return n.name;
    }
  }
  return wire::Ipv4Address(ip).to_string();
}

// What a connection is for its host, in words both traces share.
std::string role_of(const trace::Trace& t, trace::ConnId c) {
  const tcp::ConnectionId& id = t.conns[c].id;
  if (id.remote_ip == 0 && id.remote_port == 0)
    return fmt::format("listening on :{}", id.local_port);
  const std::string peer = node_with_ip(t, id.remote_ip);
  if (id.local_port < kFirstEphemeral && id.remote_port >= kFirstEphemeral) {
    return fmt::format(":{} from {}", id.local_port, peer);
  }
  return fmt::format("to {}:{}", peer, id.remote_port);
}

struct Conn {
  std::string key;  // host + role + ordinal
  std::string host, role;
  trace::ConnId id = 0;
  std::vector<tcp::State> states;
  std::vector<std::uint32_t> events;  // the record of each state after the first
};

// Connections in the order they first appear, each keyed by its role and
// how many of that role came before it on its host.
std::vector<Conn> connections(const trace::Trace& t) {
  std::vector<Conn> out;
  std::map<trace::ConnId, std::size_t> index;
  std::map<std::string, int> seen;
  auto touch = [&](trace::ConnId c) -> Conn* {
    if (c >= t.conns.size()) return nullptr;
    auto it = index.find(c);
    if (it != index.end()) return &out[it->second];
    Conn conn;
    conn.id = c;
    conn.host = t.nodes[t.conns[c].host].name;
    conn.role = role_of(t, c);
    const std::string base = conn.host + " " + conn.role;
    conn.key = fmt::format("{} #{}", base, seen[base]++);
    index[c] = out.size();
    out.push_back(conn);
    return &out.back();
  };
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const trace::Event& e = t.events[i];
    if (const auto* s = std::get_if<trace::StateEvent>(&e.what)) {
      Conn* c = touch(s->conn);
      if (c == nullptr) continue;
      if (c->states.empty()) c->states.push_back(s->from);
      c->states.push_back(s->to);
      c->events.push_back(static_cast<std::uint32_t>(i));
    } else if (const auto* call = std::get_if<trace::CallEvent>(&e.what)) {
      touch(call->conn);
    }
  }
  return out;
}

std::string states_text(const std::vector<tcp::State>& states) {
  std::string out;
  for (tcp::State s : states) out += (out.empty() ? "" : " > ") + std::string(tcp::state_name(s));
  return out.empty() ? "(none)" : out;
}

void compare_states(const std::vector<Conn>& sim, const std::vector<Conn>& live, Comparison& c) {
  std::vector<std::string> keys;
  for (const Conn& s : sim) keys.push_back(s.key);
  for (const Conn& l : live) {
    if (std::find(keys.begin(), keys.end(), l.key) == keys.end()) keys.push_back(l.key);
  }
  for (const std::string& key : keys) {
    auto s = std::find_if(sim.begin(), sim.end(), [&](const Conn& x) { return x.key == key; });
    auto l = std::find_if(live.begin(), live.end(), [&](const Conn& x) { return x.key == key; });
    EndpointComparison e;
    const Conn& any = s != sim.end() ? *s : *l;
    e.host = any.host;
    e.role = any.role;
    if (s != sim.end()) {
      e.sim_states = s->states;
      e.sim_conn = s->id;
    }
    if (l != live.end()) {
      e.live_states = l->states;
      e.live_conn = l->id;
    }
    e.agree = e.sim_states == e.live_states;
    if (!e.agree) {
      // The first state each side reached that the other did not, at that place.
      std::size_t k = 0;
      while (k < e.sim_states.size() && k < e.live_states.size() &&
             e.sim_states[k] == e.live_states[k]) {
        ++k;
      }
      // states[0] is where the first change started from; its record is that change's.
      const std::size_t at = k == 0 ? 0 : k - 1;
      if (s != sim.end() && at < s->events.size()) e.sim_event = s->events[at];
      if (l != live.end() && at < l->events.size()) e.live_event = l->events[at];
    }
    // A live run ends with its script: a TIME-WAIT still running agrees so far.
    std::vector<tcp::State> rest = e.live_states;
    if (!e.agree && !rest.empty() && rest.back() == tcp::State::TimeWait) {
      rest.push_back(tcp::State::Closed);
      if (rest == e.sim_states) {
        e.agree = true;
        e.choice = "time_wait";
      }
    }
    if (!e.choice.empty() &&
        std::find(c.choices.begin(), c.choices.end(), e.choice) == c.choices.end()) {
      c.choices.push_back(e.choice);
    }
    c.states_agree = c.states_agree && e.agree;
    c.endpoints.push_back(std::move(e));
  }
}

// "client > server: S. seq 0 ack 1 len 0" for each TCP segment a host sent,
// at its first appearance, by host pair; ARP requests and replies by sender.
struct Lines {
  std::map<std::string, std::vector<std::string>> segments;  // "client-server" -> lines
  std::map<std::string, std::vector<trace::TimeUs>> times;   // when each was sent
  std::map<std::string, std::vector<std::uint32_t>> events;  // the record of each
  std::vector<std::string> arp;
  std::vector<std::uint32_t> arp_events;
};

Lines frame_lines(const trace::Trace& t) {
  Lines out;
  const std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(t);
  std::vector<bool> done(t.frame_count(), false);
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const trace::Event& e = t.events[i];
    const auto index = static_cast<std::uint32_t>(i);
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    if (f == nullptr || f->fate != trace::Fate::Sent || done[f->frame] ||
        t.nodes[f->from].kind != trace::NodeKind::Host) {
      continue;
    }
    done[f->frame] = true;
    const trace::TcpNumbers& n = numbers[f->frame];
    if (n.is_tcp) {
      const std::string a = node_with_ip(t, n.src_ip), b = node_with_ip(t, n.dst_ip);
      std::string line =
          fmt::format("{} > {}: {} seq {}", a, b, tcp::flags_to_string(n.flags), n.rel_seq);
      if (n.flags & tcp::flag::ACK) line += fmt::format(" ack {}", n.rel_ack);
      line += fmt::format(" len {}", n.len);
      const std::string pair = std::min(a, b) + "-" + std::max(a, b);
      out.segments[pair].push_back(line);
      out.times[pair].push_back(e.t);
      out.events[pair].push_back(index);
      continue;
    }
    const std::string summary = trace::summarize_frame(t, f->frame, &n);
    if (summary.rfind("ARP", 0) == 0) {
      out.arp.push_back(t.nodes[f->from].name + ": " + summary);
      out.arp_events.push_back(index);
    }
  }
  return out;
}

bool pure_ack(const std::string& line) {
  return line.find(": . seq") != std::string::npos && line.size() > 6 &&
         line.compare(line.size() - 6, 6, " len 0") == 0;
}

// One side of an alignment: its lines, and the record and time of each.
struct Side {
  const std::vector<std::string>& lines;
  const std::vector<std::uint32_t>& events;
  const std::vector<trace::TimeUs>* times = nullptr;
};

// The two lists aligned by their longest common subsequence.
std::vector<Row> align(const Side& sa, const Side& sb) {
  const std::vector<std::string>& a = sa.lines;
  const std::vector<std::string>& b = sb.lines;
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Row> rows;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    Row row;
    const bool both = i < n && j < m && a[i] == b[j];
    const bool take_a = both || j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]);
    if (take_a) {
      row.sim = a[i];
      row.sim_event = sa.events[i];
      if (sa.times != nullptr) row.sim_t = (*sa.times)[i];
      ++i;
    }
    if (both || !take_a) {
      row.live = b[j];
      row.live_event = sb.events[j];
      if (sb.times != nullptr) row.live_t = (*sb.times)[j];
      ++j;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Names the Linux choice behind each segment difference it can explain: a
// pure ACK only one side sent (delayed, or carried on the FIN that follows),
// a SYN or SYN,ACK sent again.
void explain_segments(std::vector<Row>& rows) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    Row& row = rows[r];
    if (row.same()) continue;
    const std::string& line = row.sim.empty() ? row.live : row.sim;
    if (!row.sim.empty() && !row.live.empty()) continue;
    if (pure_ack(line)) {
      const std::string sender = line.substr(0, line.find(' '));
      bool fin_follows = false;
      for (std::size_t k = r + 1; k < rows.size(); ++k) {
        const std::string& next = row.sim.empty() ? rows[k].live : rows[k].sim;
        if (next.rfind(sender + " ", 0) != 0) continue;
        fin_follows = next.find(": F") != std::string::npos;
        break;
      }
      // Only the model sent it, and its FIN came next: Linux's FIN carried it.
      row.choice = fin_follows && row.live.empty() ? "ack_on_fin" : "delayed_ack";
    } else if (line.find(": S") != std::string::npos) {
      row.choice = "syn_retry_timing";
    }
  }
}

std::string call_line(const trace::Trace& t, const trace::CallEvent& e) {
  std::string out = t.text(e.text);
  if (e.phase == trace::CallPhase::Issued) return out + " blocks to the end";
  if (e.err != 0) {
    const char* name = errno_name(e.err);
    return out + " -> -1 " + (name != nullptr ? name : fmt::format("errno {}", e.err));
  }
  return fmt::format("{} -> {}", out, e.result);
}

struct CallLine {
  std::string text;
  std::uint32_t event = trace::kNone;
};

// The outcome of every script step: its Returned record, else its Issued one.
std::map<std::uint32_t, CallLine> call_lines(const trace::Trace& t) {
  std::map<std::uint32_t, CallLine> out;
  std::map<std::uint32_t, bool> returned;
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const auto* c = std::get_if<trace::CallEvent>(&t.events[i].what);
    if (c == nullptr || c->step == trace::kNone || returned[c->step]) continue;
    out[c->step] = {t.nodes[c->host].name + ": " + call_line(t, *c), static_cast<std::uint32_t>(i)};
    returned[c->step] = c->phase == trace::CallPhase::Returned;
  }
  return out;
}

void compare_calls(const scenario::Scenario& scenario, const trace::Trace& sim,
                   const trace::Trace& live, Comparison& c) {
  const auto a = call_lines(sim), b = call_lines(live);
  SectionComparison section{"calls", {}};
  for (std::uint32_t step = 0; step < scenario.steps.size(); ++step) {
    auto i = a.find(step), j = b.find(step);
    Row row;
    if (i != a.end()) {
      row.sim = i->second.text;
      row.sim_event = i->second.event;
    }
    if (j != b.end()) {
      row.live = j->second.text;
      row.live_event = j->second.event;
    }
    if (!row.same()) {
      const scenario::Step& s = scenario.steps[step];
      if (s.call == scenario::CallKind::Bind &&
          (row.sim.find("EADDRINUSE") != std::string::npos) !=
              (row.live.find("EADDRINUSE") != std::string::npos)) {
        row.choice = "reuse_addr";
      } else if (row.sim.find("ECONNRESET") != std::string::npos &&
                 row.live.find("EPIPE") != std::string::npos) {
        row.choice = "rst_in_close_wait";
      } else if (s.call == scenario::CallKind::SynFlood) {
        row.choice = "syn_cookies";
      }
      c.calls_agree = c.calls_agree && !row.choice.empty();
    }
    section.rows.push_back(std::move(row));
  }
  c.sections.push_back(std::move(section));
}

std::string settings_line(const trace::Trace& t) {
  std::string out;
  for (const trace::Setting& s : t.settings.scenario) {
    std::string v;
    if (const auto* b = std::get_if<bool>(&s.value)) v = *b ? "true" : "false";
    if (const auto* i = std::get_if<std::int64_t>(&s.value)) v = std::to_string(*i);
    if (const auto* str = std::get_if<std::string>(&s.value)) v = *str;
    if (std::holds_alternative<std::monostate>(s.value)) v = "none";
    out += (out.empty() ? "" : ", ") + s.key + "=" + v;
  }
  return out;
}

}  // namespace

scenario::Scenario with_profile(const scenario::Scenario& scenario, const SimProfile& profile) {
  scenario::Scenario out = scenario;
  if (!profile.apply) return out;
  profile.apply(out.defaults);
  for (scenario::HostSpec& h : out.hosts) profile.apply(h.settings);
  for (scenario::RouterSpec& r : out.routers) profile.apply(r.settings);
  return out;
}

Comparison compare(const scenario::Scenario& scenario, const trace::Trace& simulated,
                   const trace::Trace& live, const std::string& profile, bool timed) {
  Comparison c;
  c.profile = profile;
  c.timed = timed;
  c.settings = settings_line(simulated);
  compare_states(connections(simulated), connections(live), c);
  const Lines a = frame_lines(simulated), b = frame_lines(live);
  std::vector<std::string> pairs;
  for (const auto& [pair, lines] : a.segments) pairs.push_back(pair);
  for (const auto& [pair, lines] : b.segments) {
    if (a.segments.count(pair) == 0) pairs.push_back(pair);
  }
  static const std::vector<std::string> kNoLines;
  static const std::vector<std::uint32_t> kNoEvents;
  static const std::vector<trace::TimeUs> kNoTimes;
  const auto side = [&](const Lines& l, const std::string& pair) {
    const auto it = l.segments.find(pair);
    if (it == l.segments.end()) return Side{kNoLines, kNoEvents, &kNoTimes};
    return Side{it->second, l.events.at(pair), &l.times.at(pair)};
  };
  for (const std::string& pair : pairs) {
    SectionComparison section{"segments " + pair, align(side(a, pair), side(b, pair))};
    explain_segments(section.rows);
    c.sections.push_back(std::move(section));
  }
  compare_calls(scenario, simulated, live, c);
  c.sections.push_back(
      SectionComparison{"ARP", align(Side{a.arp, a.arp_events}, Side{b.arp, b.arp_events})});
  for (const SectionComparison& s : c.sections) {
    for (const Row& r : s.rows) {
      if (!r.choice.empty() &&
          std::find(c.choices.begin(), c.choices.end(), r.choice) == c.choices.end()) {
        c.choices.push_back(r.choice);
      }
    }
  }
  return c;
}

void print_comparison(const Comparison& c, std::ostream& out) {
  out << "simulated with " << c.profile << ": " << c.settings << "\n";
  constexpr int kWidth = 44;
  auto mark = [](const Row& r) { return r.same() ? ' ' : r.choice.empty() ? '!' : '~'; };
  out << fmt::format("\nstate sequences (! disagreement, ~ a Linux choice)\n");
  for (const EndpointComparison& e : c.endpoints) {
    const char m = e.agree ? (e.choice.empty() ? ' ' : '~') : '!';
    out << fmt::format("{} {} {}\n    sim:  {}\n    live: {}\n", m, e.host, e.role,
                       states_text(e.sim_states), states_text(e.live_states));
  }
  for (const SectionComparison& s : c.sections) {
    out << fmt::format("\n{}\n  {:<{}} | {}\n", s.title, "simulation", kWidth, "Linux");
    // With link delays honoured, a segment's times are compared too.
    auto at = [&](const std::string& line, trace::TimeUs t) {
      return c.timed && t >= 0 && !line.empty() ? fmt::format("{} @{:.3f}", line, t / 1000.0)
                                                : line;
    };
    for (const Row& r : s.rows) {
      out << fmt::format("{} {:<{}} | {}{}\n", mark(r), at(r.sim, r.sim_t), kWidth,
                         at(r.live, r.live_t), r.choice.empty() ? "" : "  (" + r.choice + ")");
    }
  }
  if (!c.choices.empty()) out << "\nLinux's documented choices seen here:\n";
  for (const std::string& key : c.choices) {
    const LinuxChoice& choice = linux_choice(key);
    out << fmt::format("  {}: {} [{}]\n", choice.key, choice.choice, choice.source);
  }
  out << fmt::format("\nstate sequences {}, call results {}\n",
                     c.states_agree ? "agree" : "DISAGREE", c.calls_agree ? "agree" : "DISAGREE");
}

nlohmann::json comparison_json(const Comparison& c) {
  using nlohmann::json;
  json out;
  out["profile"] = c.profile;
  out["timed"] = c.timed;
  out["settings"] = c.settings;
  out["states_agree"] = c.states_agree;
  out["calls_agree"] = c.calls_agree;
  json endpoints = json::array();
  for (const EndpointComparison& e : c.endpoints) {
    json sim = json::array(), live = json::array();
    for (tcp::State s : e.sim_states) sim.push_back(tcp::state_name(s));
    for (tcp::State s : e.live_states) live.push_back(tcp::state_name(s));
    endpoints.push_back({{"host", e.host},
                         {"role", e.role},
                         {"sim", sim},
                         {"live", live},
                         {"agree", e.agree},
                         {"choice", e.choice}});
  }
  out["endpoints"] = endpoints;
  json sections = json::array();
  for (const SectionComparison& s : c.sections) {
    json rows = json::array();
    for (const Row& r : s.rows) {
      json row = {{"sim", r.sim}, {"live", r.live}, {"same", r.same()}, {"choice", r.choice}};
      if (r.sim_t >= 0) row["sim_t_us"] = r.sim_t;
      if (r.live_t >= 0) row["live_t_us"] = r.live_t;
      rows.push_back(row);
    }
    sections.push_back({{"title", s.title}, {"rows", rows}});
  }
  out["sections"] = sections;
  json choices = json::array();
  for (const std::string& key : c.choices) {
    const LinuxChoice& choice = linux_choice(key);
    choices.push_back({{"key", key}, {"choice", choice.choice}, {"source", choice.source}});
  }
  out["linux_choices"] = choices;
  return out;
}

}  // namespace synack::live

// The segments checker: TCP segments between two hosts (as their senders sent
// them) or delivered over one link, compared with the teacher's list in the
// same notation the failure prints ("client > server: S seq 0 len 0").
#include <algorithm>

#include "core/tcp_segment.hpp"
#include "core/wire/frame.hpp"
#include "sim/lang/tr.hpp"
#include "sim/scenario/expect_detail.hpp"
#include "sim/scenario/load.hpp"

namespace synack::scenario::detail {

using lang::tr;
using lang::trf;

namespace {

struct Seen {
  TimeUs t = 0;
  const trace::TcpNumbers* n = nullptr;
  std::string from, to;  // host names, or addresses no node owns
  // Of the frame itself, read when a pattern asks for them.
  std::uint8_t ttl = 0;
  wire::MacAddress src_mac, dst_mac;
};

// What the listing shows besides flags, seq, ack and len: what the patterns ask about.
struct Shown {
  bool win = false, ttl = false, mac = false, options = false;
};

Shown shown_by(const ExpectSegments& e) {
  Shown shown;
  for (const SegmentPattern& p : e.segments) {
    shown.win |= p.win.has_value();
    shown.ttl |= p.ttl.has_value();
    shown.mac |= !p.src_mac.empty() || !p.dst_mac.empty();
    shown.options |= p.options.has_value();
  }
  return shown;
}

// The node whose interface has `ip`, or the address itself.
std::string ip_owner(const trace::Trace& trace, std::uint32_t ip) {
  for (const trace::NodeInfo& node : trace.nodes) {
    for (const trace::InterfaceInfo& iface : node.interfaces) {
      if (iface.ip.value() == ip) return node.name;
    }
  }
  return wire::Ipv4Address(ip).to_string();
}

std::uint32_t host_ip(const trace::Trace& trace, trace::NodeId node) {
  const auto& ifaces = trace.nodes[node].interfaces;
  return ifaces.empty() ? 0 : ifaces[0].ip.value();
}

// PSH is the sender's business unless the pattern spells it out.
std::uint8_t flag_mask(const SegmentPattern& p) {
  return p.psh_given ? 0xFF : static_cast<std::uint8_t>(~tcp::flag::PSH);
}

// `written` is a MAC address, or the name of a node one of whose interfaces has `mac`.
bool mac_matches(const trace::Trace& trace, const std::string& written,
                 const wire::MacAddress& mac) {
  if (const auto parsed = wire::MacAddress::parse(written)) return parsed.value() == mac;
  const trace::NodeId node = trace.find_node(written);
  if (node == trace::kNone) return false;
  const auto& ifaces = trace.nodes[node].interfaces;
  return std::any_of(ifaces.begin(), ifaces.end(),
                     [&](const trace::InterfaceInfo& i) { return i.mac == mac; });
}

std::vector<std::string_view> split(std::string_view text, char by) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (!text.empty() && start <= text.size()) {
    std::size_t end = text.find(by, start);
    if (end == std::string_view::npos) end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// One option as written ("TS val * ecr 0") against one as sent ("TS val 7 ecr 0").
bool option_matches(std::string_view written, std::string_view sent) {
  const std::vector<std::string_view> a = split(written, ' '), b = split(sent, ' ');
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && !(a[i] == "*" && i > 0)) return false;
  }
  return true;
}

// The segment carries exactly the written options, in any order.
bool options_match(const std::vector<std::string>& written, const std::string& sent) {
  std::vector<std::string_view> left = split(sent, ',');
  if (left.size() != written.size()) return false;
  for (const std::string& w : written) {
    const auto it = std::find_if(left.begin(), left.end(),
                                 [&](std::string_view s) { return option_matches(w, s); });
    if (it == left.end()) return false;
    left.erase(it);
  }
  return true;
}

// The fields of `s` that disagree with `p`; empty when it matches.
std::vector<std::string> differences(const SegmentPattern& p, const Seen& s,
                                     const trace::Trace& trace) {
  std::vector<std::string> diff;
  if ((!p.from.empty() && p.from != s.from) || (!p.to.empty() && p.to != s.to)) {
    diff.push_back("direction");
  }
  if ((p.flags & flag_mask(p)) != (s.n->flags & flag_mask(p))) diff.push_back("flags");
  if (p.seq && *p.seq != s.n->rel_seq) diff.push_back("seq");
  if (p.ack && *p.ack != s.n->rel_ack) diff.push_back("ack");
  if (p.len && *p.len != s.n->len) diff.push_back("len");
  if (p.win && *p.win != s.n->win) diff.push_back("win");
  if (p.ttl && *p.ttl != s.ttl) diff.push_back("ttl");
  if (!p.src_mac.empty() && !mac_matches(trace, p.src_mac, s.src_mac)) diff.push_back("src_mac");
  if (!p.dst_mac.empty() && !mac_matches(trace, p.dst_mac, s.dst_mac)) diff.push_back("dst_mac");
  if (p.options && !options_match(*p.options, s.n->options)) diff.push_back("options");
  return diff;
}

std::string seen_text(const Seen& s, const Shown& shown, const trace::Trace& trace) {
  std::string text = s.from + " > " + s.to + ": " + tcp::flags_to_string(s.n->flags) + " seq " +
                     std::to_string(s.n->rel_seq);
  if (s.n->flags & tcp::flag::ACK) text += " ack " + std::to_string(s.n->rel_ack);
  text += " len " + std::to_string(s.n->len);
  if (shown.win) text += " win " + std::to_string(s.n->win);
  if (shown.ttl) text += " ttl " + std::to_string(s.ttl);
  if (shown.mac) {
    text += " src_mac " + detail::mac_text(trace, s.src_mac) + " dst_mac " +
            detail::mac_text(trace, s.dst_mac);
  }
  if (shown.options) text += " <" + s.n->options + ">";
  return text;
}

// One expectation checked against one trace: the segments it is about, and
// the listing a failure shows.
class Checker {
 public:
  Checker(const ExpectSegments& e, const Scenario& scenario, const trace::Trace& trace,
          const std::vector<trace::TcpNumbers>& numbers)
      : e_(e), trace_(trace), shown_(shown_by(e)) {
    collect(scenario, numbers);
  }

  const std::string& error() const { return error_; }
  std::string check(bool& ok) const {
    return e_.match == SegmentMatch::Contains ? check_contains(ok) : check_in_order(ok);
  }

 private:
  void collect(const Scenario& scenario, const std::vector<trace::TcpNumbers>& numbers);
  void add(TimeUs t, const trace::TcpNumbers& n, const trace::FrameEvent& f, std::string from,
           std::string to);
  bool in_conn(const trace::TcpNumbers& n) const;
  std::string listing(std::size_t focus, const std::vector<std::string>& marks) const;
  std::string check_in_order(bool& ok) const;
  std::string check_contains(bool& ok) const;

  const ExpectSegments& e_;
  const trace::Trace& trace_;
  Shown shown_;
  std::vector<Seen> seen_;
  std::vector<trace::ConnInfo> conns_;  // those `fd` names, when it is given
  std::string error_;                   // its hosts or link are not in the trace
};

// Up to kShown segments around `focus`, one per line with its time, and
// `marks[i]` after segment i where given.
std::string Checker::listing(std::size_t focus, const std::vector<std::string>& marks) const {
  constexpr std::size_t kShown = 20;
  if (seen_.empty()) return tr("no TCP segments");
  std::size_t first = focus > kShown / 2 ? focus - kShown / 2 : 0;
  const std::size_t last = std::min(seen_.size(), first + kShown);
  first = last > kShown ? std::min(first, last - kShown) : 0;

  std::vector<std::string> texts, times;
  std::size_t width = 0, time_width = 0;
  for (std::size_t i = first; i < last; ++i) {
    texts.push_back(seen_text(seen_[i], shown_, trace_));
    times.push_back(format_time(seen_[i].t));
    width = std::max(width, texts.back().size());
    time_width = std::max(time_width, times.back().size());
  }
  std::vector<std::string> lines;
  if (first > 0) lines.push_back(trf("... {} earlier", first));
  for (std::size_t i = first; i < last; ++i) {
    const std::string& text = texts[i - first];
    const std::string& time = times[i - first];
    std::string line = trf("{}  at {}", text + std::string(width - text.size(), ' '),
                           std::string(time_width - time.size(), ' ') + time);
    if (i < marks.size() && !marks[i].empty()) line += "  <-- " + marks[i];
    lines.push_back(std::move(line));
  }
  if (last < seen_.size()) {
    lines.push_back(trf("... {} more", seen_.size() - last));
  }
  return join(lines, "\n");
}

void Checker::add(TimeUs t, const trace::TcpNumbers& n, const trace::FrameEvent& f,
                  std::string from, std::string to) {
  if (e_.port && n.src_port != *e_.port && n.dst_port != *e_.port) return;
  if (!e_.fd.empty() && !in_conn(n)) return;
  Seen s{t, &n, std::move(from), std::move(to), 0, {}, {}};
  if (shown_.ttl || shown_.mac) {
    const wire::DecodedFrame frame = wire::decode_frame(trace_.frame(f.frame));
    if (frame.ipv4) s.ttl = frame.ipv4->ttl;
    if (frame.ethernet) {
      s.src_mac = frame.ethernet->src;
      s.dst_mac = frame.ethernet->dst;
    }
  }
  seen_.push_back(std::move(s));
}

// The segment belongs to one of the connections `fd` names, in either direction.
bool Checker::in_conn(const trace::TcpNumbers& n) const {
  return std::any_of(conns_.begin(), conns_.end(), [&](const trace::ConnInfo& c) {
    const auto& id = c.id;
    const bool out = n.src_ip == id.local_ip && n.src_port == id.local_port &&
                     n.dst_ip == id.remote_ip && n.dst_port == id.remote_port;
    const bool in = n.dst_ip == id.local_ip && n.dst_port == id.local_port &&
                    n.src_ip == id.remote_ip && n.src_port == id.remote_port;
    return out || in;
  });
}

// The segments the expectation is about, in time order.
void Checker::collect(const Scenario& scenario, const std::vector<trace::TcpNumbers>& numbers) {
  trace::NodeId a = trace::kNone, b = trace::kNone;
  trace::LinkId link = trace::kNone;
  std::uint32_t ip_a = 0, ip_b = 0;
  if (!e_.link.empty()) {
    for (trace::LinkId i = 0; i < trace_.links.size(); ++i) {
      if (trace_.links[i].name == e_.link) link = i;
    }
    if (link == trace::kNone) error_ = trf("no link named \"{}\" in the trace", e_.link);
  } else {
    a = trace_.find_node(e_.a);
    b = trace_.find_node(e_.b);
    if (a == trace::kNone || b == trace::kNone) {
      error_ = unknown_node(a == trace::kNone ? e_.a : e_.b);
    } else {
      ip_a = host_ip(trace_, a);
      ip_b = host_ip(trace_, b);
    }
  }
  if (!e_.fd.empty() && error_.empty()) {
    const trace::NodeId host = trace_.find_node(e_.fd_host);
    if (host == trace::kNone) {
      error_ = unknown_node(e_.fd_host);
    } else {
      const std::vector<std::string> labels = conn_labels(scenario, trace_, host);
      for (trace::ConnId c = 0; c < labels.size(); ++c) {
        if (labels[c] == e_.fd) conns_.push_back(trace_.conns[c]);
      }
      if (conns_.empty()) {
        error_ = trf("no connect or accept on {}'s fd {} made a connection", e_.fd_host, e_.fd);
      }
    }
  }
  if (!error_.empty()) return;

  for (const trace::Event& ev : trace_.events) {
    if (ev.t < e_.from) continue;
    if (ev.t >= e_.until) break;
    const auto* f = std::get_if<trace::FrameEvent>(&ev.what);
    if (f == nullptr || f->frame >= numbers.size() || !numbers[f->frame].is_tcp) continue;
    const trace::TcpNumbers& n = numbers[f->frame];
    if (link != trace::kNone) {
      if (f->fate != trace::Fate::Delivered || f->link != link) continue;
      add(ev.t, n, *f, ip_owner(trace_, n.src_ip), ip_owner(trace_, n.dst_ip));
      continue;
    }
    // Each segment once, where its sender put it on the wire: not as a switch
    // forwards it, nor a router's copy.
    if (f->fate != trace::Fate::Sent) continue;
    if (f->from == a && n.src_ip == ip_a && n.dst_ip == ip_b) {
      add(ev.t, n, *f, e_.a, e_.b);
    } else if (f->from == b && n.src_ip == ip_b && n.dst_ip == ip_a) {
      add(ev.t, n, *f, e_.b, e_.a);
    }
  }
}

std::string describe(const ExpectSegments& e) {
  std::string text = e.link.empty() ? trf("segments between {} and {}", e.a, e.b)
                                    : trf("segments delivered on link {}", e.link);
  if (e.port) text += trf(" to or from port {}", *e.port);
  if (!e.fd.empty()) text += trf(" of {}'s fd {}", e.fd_host, e.fd);
  if (e.from > 0) text += trf(" from {}", format_time(e.from));
  if (e.until != kForever) text += trf(" until {}", format_time(e.until));
  const std::size_t k = e.segments.size();
  const std::string these = k == 1 ? tr("this one") : trf("these {}", k);
  switch (e.match) {
    case SegmentMatch::Prefix: return trf("{} begin with {}", text, these);
    case SegmentMatch::Exact: return trf("{} are exactly {}", text, these);
    case SegmentMatch::Contains:
      return k == 1 ? trf("{} include {}", text, these)
                    : trf("{} include {} in order", text, these);
  }
  return text;
}

// Prefix and Exact: the first position where the seen list departs from the patterns.
std::string Checker::check_in_order(bool& ok) const {
  const std::size_t k = e_.segments.size();
  std::vector<std::string> marks(seen_.size());
  for (std::size_t i = 0; i < k; ++i) {
    if (i >= seen_.size()) {
      const std::string only = seen_.empty() ? "" : trf("only {} segments; ", seen_.size());
      return listing(seen_.size(), marks) + "\n(" + only +
             trf("nothing for pattern {}: {}", i + 1, segment_pattern_text(e_.segments[i])) + ")";
    }
    const std::vector<std::string> diff = differences(e_.segments[i], seen_[i], trace_);
    if (!diff.empty()) {
      marks[i] = trf("first mismatch ({})", join(diff, ", "));
      return listing(i, marks);
    }
  }
  if (e_.match == SegmentMatch::Exact && seen_.size() > k) {
    marks[k] = trf("unexpected: only {} expected", k);
    return listing(k, marks);
  }
  ok = true;
  return "";
}

// Contains: the patterns as a subsequence, each taking the earliest segment that fits.
std::string Checker::check_contains(bool& ok) const {
  std::vector<std::string> marks(seen_.size());
  std::size_t next = 0;
  for (std::size_t j = 0; j < e_.segments.size(); ++j) {
    std::size_t i = next;
    while (i < seen_.size() && !differences(e_.segments[j], seen_[i], trace_).empty()) ++i;
    if (i == seen_.size()) {
      const std::string pattern = segment_pattern_text(e_.segments[j]);
      const std::string where =
          j == 0 ? trf("no segment matches pattern {}: {}", j + 1, pattern)
                 : trf("no segment after the one for pattern {} matches pattern {}: {}", j, j + 1,
                       pattern);
      return listing(next > 0 ? next - 1 : 0, marks) + "\n(" + where + ")";
    }
    marks[i] = trf("pattern {}", j + 1);
    next = i + 1;
  }
  ok = true;
  return "";
}

}  // namespace

Verdict check_segments(const ExpectSegments& e, const Scenario& scenario, const trace::Trace& trace,
                       const std::vector<trace::TcpNumbers>& numbers) {
  Verdict v;
  v.what = describe(e);
  std::vector<std::string> patterns;
  for (const SegmentPattern& p : e.segments) patterns.push_back(segment_pattern_text(p));
  v.expected = patterns.empty() ? tr("no segments") : join(patterns, "\n");

  const Checker checker(e, scenario, trace, numbers);
  v.actual = checker.error().empty() ? checker.check(v.ok) : checker.error();
  return v;
}

}  // namespace synack::scenario::detail

// The segments checker: TCP segments between two hosts (as their senders sent
// them) or delivered over one link, compared with the teacher's list in the
// same notation the failure prints ("client > server: S seq 0 len 0").
#include <algorithm>

#include "core/tcp_segment.hpp"
#include "sim/scenario/expect_detail.hpp"

namespace synack::scenario::detail {

namespace {

struct Seen {
  TimeUs t = 0;
  const trace::TcpNumbers* n = nullptr;
  std::string from, to;  // host names, or addresses no node owns
};

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

// The fields of `s` that disagree with `p`; empty when it matches.
std::vector<std::string> differences(const SegmentPattern& p, const Seen& s) {
  std::vector<std::string> diff;
  if ((!p.from.empty() && p.from != s.from) || (!p.to.empty() && p.to != s.to)) {
    diff.push_back("direction");
  }
  if ((p.flags & flag_mask(p)) != (s.n->flags & flag_mask(p))) diff.push_back("flags");
  if (p.seq && *p.seq != s.n->rel_seq) diff.push_back("seq");
  if (p.ack && *p.ack != s.n->rel_ack) diff.push_back("ack");
  if (p.len && *p.len != s.n->len) diff.push_back("len");
  return diff;
}

bool matches(const SegmentPattern& p, const Seen& s) { return differences(p, s).empty(); }

std::string pattern_text(const SegmentPattern& p) {
  std::string text;
  if (!p.from.empty() || !p.to.empty()) {
    text = (p.from.empty() ? "*" : p.from) + " > " + (p.to.empty() ? "*" : p.to) + ": ";
  }
  text += tcp::flags_to_string(p.flags);
  if (p.seq) text += " seq " + std::to_string(*p.seq);
  if (p.ack) text += " ack " + std::to_string(*p.ack);
  if (p.len) text += " len " + std::to_string(*p.len);
  return text;
}

std::string seen_text(const Seen& s) {
  std::string text = s.from + " > " + s.to + ": " + tcp::flags_to_string(s.n->flags) + " seq " +
                     std::to_string(s.n->rel_seq);
  if (s.n->flags & tcp::flag::ACK) text += " ack " + std::to_string(s.n->rel_ack);
  return text + " len " + std::to_string(s.n->len);
}

// Up to kShown segments around `focus`, one per line with its time, and
// `marks[i]` after segment i where given.
std::string listing(const std::vector<Seen>& seen, std::size_t focus,
                    const std::vector<std::string>& marks) {
  constexpr std::size_t kShown = 20;
  if (seen.empty()) return "no TCP segments";
  std::size_t first = focus > kShown / 2 ? focus - kShown / 2 : 0;
  const std::size_t last = std::min(seen.size(), first + kShown);
  first = last > kShown ? std::min(first, last - kShown) : 0;

  std::vector<std::string> texts, times;
  std::size_t width = 0, time_width = 0;
  for (std::size_t i = first; i < last; ++i) {
    texts.push_back(seen_text(seen[i]));
    times.push_back(format_time(seen[i].t));
    width = std::max(width, texts.back().size());
    time_width = std::max(time_width, times.back().size());
  }
  std::vector<std::string> lines;
  if (first > 0) lines.push_back("... " + std::to_string(first) + " earlier");
  for (std::size_t i = first; i < last; ++i) {
    const std::string& text = texts[i - first];
    const std::string& time = times[i - first];
    std::string line = text + std::string(width - text.size(), ' ') + "  at " +
                       std::string(time_width - time.size(), ' ') + time;
    if (i < marks.size() && !marks[i].empty()) line += "  <-- " + marks[i];
    lines.push_back(std::move(line));
  }
  if (last < seen.size()) lines.push_back("... " + std::to_string(seen.size() - last) + " more");
  return join(lines, "\n");
}

// The segments the expectation is about, in time order; `error` when its
// hosts or link are not in the trace.
std::vector<Seen> collect(const ExpectSegments& e, const trace::Trace& trace,
                          const std::vector<trace::TcpNumbers>& numbers, std::string& error) {
  std::vector<Seen> seen;
  trace::NodeId a = trace::kNone, b = trace::kNone;
  trace::LinkId link = trace::kNone;
  std::uint32_t ip_a = 0, ip_b = 0;
  if (!e.link.empty()) {
    for (trace::LinkId i = 0; i < trace.links.size(); ++i) {
      if (trace.links[i].name == e.link) link = i;
    }
    if (link == trace::kNone) error = "no link named \"" + e.link + "\" in the trace";
  } else {
    a = trace.find_node(e.a);
    b = trace.find_node(e.b);
    if (a == trace::kNone || b == trace::kNone) {
      error = unknown_node(a == trace::kNone ? e.a : e.b);
    } else {
      ip_a = host_ip(trace, a);
      ip_b = host_ip(trace, b);
    }
  }
  if (!error.empty()) return seen;

  for (const trace::Event& ev : trace.events) {
    if (ev.t < e.from) continue;
    if (ev.t >= e.until) break;
    const auto* f = std::get_if<trace::FrameEvent>(&ev.what);
    if (f == nullptr || f->frame >= numbers.size() || !numbers[f->frame].is_tcp) continue;
    const trace::TcpNumbers& n = numbers[f->frame];
    if (link != trace::kNone) {
      if (f->fate != trace::Fate::Delivered || f->link != link) continue;
      seen.push_back(Seen{ev.t, &n, ip_owner(trace, n.src_ip), ip_owner(trace, n.dst_ip)});
      continue;
    }
    // Each segment once, where its sender put it on the wire: not as a switch
    // forwards it, nor a router's copy.
    if (f->fate != trace::Fate::Sent) continue;
    if (f->from == a && n.src_ip == ip_a && n.dst_ip == ip_b) {
      seen.push_back(Seen{ev.t, &n, e.a, e.b});
    } else if (f->from == b && n.src_ip == ip_b && n.dst_ip == ip_a) {
      seen.push_back(Seen{ev.t, &n, e.b, e.a});
    }
  }
  return seen;
}

std::string describe(const ExpectSegments& e) {
  std::string text = e.link.empty() ? "segments between " + e.a + " and " + e.b
                                    : "segments delivered on link " + e.link;
  if (e.from > 0) text += " from " + format_time(e.from);
  if (e.until != kForever) text += " until " + format_time(e.until);
  const std::size_t k = e.segments.size();
  const std::string these = k == 1 ? "this one" : "these " + std::to_string(k);
  switch (e.match) {
    case SegmentMatch::Prefix: return text + " begin with " + these;
    case SegmentMatch::Exact: return text + " are exactly " + these;
    case SegmentMatch::Contains: return text + " include " + these + (k == 1 ? "" : " in order");
  }
  return text;
}

// Prefix and Exact: the first position where the seen list departs from the patterns.
std::string check_in_order(const ExpectSegments& e, const std::vector<Seen>& seen, bool& ok) {
  const std::size_t k = e.segments.size();
  std::vector<std::string> marks(seen.size());
  for (std::size_t i = 0; i < k; ++i) {
    if (i >= seen.size()) {
      const std::string only =
          seen.empty() ? "" : "only " + std::to_string(seen.size()) + " segments; ";
      return listing(seen, seen.size(), marks) + "\n(" + only + "nothing for pattern " +
             std::to_string(i + 1) + ": " + pattern_text(e.segments[i]) + ")";
    }
    const std::vector<std::string> diff = differences(e.segments[i], seen[i]);
    if (!diff.empty()) {
      marks[i] = "first mismatch (" + join(diff, ", ") + ")";
      return listing(seen, i, marks);
    }
  }
  if (e.match == SegmentMatch::Exact && seen.size() > k) {
    marks[k] = "unexpected: only " + std::to_string(k) + " expected";
    return listing(seen, k, marks);
  }
  ok = true;
  return "";
}

// Contains: the patterns as a subsequence, each taking the earliest segment that fits.
std::string check_contains(const ExpectSegments& e, const std::vector<Seen>& seen, bool& ok) {
  std::vector<std::string> marks(seen.size());
  std::size_t next = 0;
  for (std::size_t j = 0; j < e.segments.size(); ++j) {
    std::size_t i = next;
    while (i < seen.size() && !matches(e.segments[j], seen[i])) ++i;
    if (i == seen.size()) {
      const std::string where =
          j == 0 ? "no segment matches"
                 : "no segment after the one for pattern " + std::to_string(j) + " matches";
      return listing(seen, next > 0 ? next - 1 : 0, marks) + "\n(" + where + " pattern " +
             std::to_string(j + 1) + ": " + pattern_text(e.segments[j]) + ")";
    }
    marks[i] = "pattern " + std::to_string(j + 1);
    next = i + 1;
  }
  ok = true;
  return "";
}

}  // namespace

Verdict check_segments(const ExpectSegments& e, const trace::Trace& trace,
                       const std::vector<trace::TcpNumbers>& numbers) {
  Verdict v;
  v.what = describe(e);
  std::vector<std::string> patterns;
  for (const SegmentPattern& p : e.segments) patterns.push_back(pattern_text(p));
  v.expected = patterns.empty() ? "no segments" : join(patterns, "\n");

  std::string error;
  const std::vector<Seen> seen = collect(e, trace, numbers, error);
  if (!error.empty()) {
    v.actual = error;
    return v;
  }
  v.actual = e.match == SegmentMatch::Contains ? check_contains(e, seen, v.ok)
                                               : check_in_order(e, seen, v.ok);
  return v;
}

}  // namespace synack::scenario::detail

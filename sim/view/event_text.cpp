#include "sim/view/event_text.hpp"

#include <fmt/format.h>

#include "core/errno_names.hpp"
#include "core/tcp_segment.hpp"
#include "core/wire/frame.hpp"
#include "sim/lang/tr.hpp"
#include "sim/trace/json_export.hpp"

namespace synack::view {

using namespace synack::trace;

const char* category_name(Category c) {
  switch (c) {
    case Category::Frame: return lang::tr_later("Frames");
    case Category::State: return lang::tr_later("States");
    case Category::Call: return lang::tr_later("Calls");
    case Category::ArpMac: return lang::tr_later("ARP/MAC");
    case Category::Timer: return lang::tr_later("Timers");
    case Category::Ignored: return lang::tr_later("Ignored");
    case Category::Other: return lang::tr_later("Other");
  }
  return "Other";
}

Category category_of(const Event& e) {
  return std::visit(
      [](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, FrameEvent>) return Category::Frame;
        if constexpr (std::is_same_v<R, StateEvent>) return Category::State;
        if constexpr (std::is_same_v<R, CallEvent>) return Category::Call;
        if constexpr (std::is_same_v<R, ArpEvent> || std::is_same_v<R, MacEvent>) {
          return Category::ArpMac;
        }
        if constexpr (std::is_same_v<R, TimerEvent>) return Category::Timer;
        if constexpr (std::is_same_v<R, IgnoredEvent>) return Category::Ignored;
        return Category::Other;
      },
      e.what);
}

NodeId node_of(const Event& e) {
  return std::visit(
      [](const auto& r) -> NodeId {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, FrameEvent>) {
          return r.fate == Fate::Sent ? r.from : r.to;
        } else if constexpr (std::is_same_v<R, MacEvent> || std::is_same_v<R, CounterEvent> ||
                             std::is_same_v<R, NoteEvent>) {
          return r.node;
        } else {
          return r.host;
        }
      },
      e.what);
}

trace::ConnId conn_of(const Event& e) {
  return std::visit(
      [](const auto& r) -> trace::ConnId {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, StateEvent> || std::is_same_v<R, CallEvent> ||
                      std::is_same_v<R, TimerEvent> || std::is_same_v<R, TcbEvent> ||
                      std::is_same_v<R, IgnoredEvent>) {
          return r.conn;
        } else {
          return trace::kNone;
        }
      },
      e.what);
}

FrameKind frame_kind(const TcpNumbers& n, bool is_arp, bool is_udp) {
  if (is_arp) return FrameKind::Arp;
  if (is_udp) return FrameKind::Udp;
  if (!n.is_tcp) return FrameKind::Other;
  if (n.flags & tcp::flag::RST) return FrameKind::Rst;
  if (n.flags & tcp::flag::SYN)
    return (n.flags & tcp::flag::ACK) ? FrameKind::SynAck : FrameKind::Syn;
  if (n.flags & tcp::flag::FIN) return FrameKind::Fin;
  return n.len > 0 ? FrameKind::Data : FrameKind::Ack;
}

std::string tcp_flag_words(std::uint8_t flags) {
  // Wireshark's order.
  static constexpr std::pair<std::uint8_t, const char*> kWords[] = {
      {tcp::flag::FIN, "FIN"}, {tcp::flag::SYN, "SYN"}, {tcp::flag::RST, "RST"},
      {tcp::flag::PSH, "PSH"}, {tcp::flag::ACK, "ACK"}, {tcp::flag::URG, "URG"},
      {tcp::flag::ECE, "ECE"}, {tcp::flag::CWR, "CWR"}};
  std::string out;
  for (const auto& [bit, word] : kWords) {
    if (flags & bit) out += (out.empty() ? "" : ", ") + std::string(word);
  }
  return out.empty() ? "<none>" : out;
}

std::string frame_label(const Trace& trace, FrameId id, const TcpNumbers& n, bool absolute) {
  if (n.is_tcp) {
    std::string text = tcp_flag_words(n.flags);
    text += fmt::format(" Seq={}", absolute ? n.seq : n.rel_seq);
    if (n.flags & tcp::flag::ACK) text += fmt::format(" Ack={}", absolute ? n.ack : n.rel_ack);
    text += fmt::format(" Win={} Len={}", n.win, n.len);
    return text;
  }
  if (id >= trace.frame_count()) return "frame";
  const wire::DecodedFrame f = wire::decode_frame(trace.frame(id));
  if (f.arp) {
    if (f.arp->operation == wire::ArpOperation::request) {
      return fmt::format("Who has {}? Tell {}", f.arp->target_ip.to_string(),
                         f.arp->sender_ip.to_string());
    }
    return fmt::format("{} is at {}", f.arp->sender_ip.to_string(), f.arp->sender_mac.to_string());
  }
  if (f.udp) {
    return fmt::format("UDP {} → {} Len={}", f.udp->src_port, f.udp->dst_port,
                       f.udp->payload.size());
  }
  return summarize_decoded(f);
}

std::string call_summary(const Trace& trace, const CallEvent& e) {
  const std::string& made = trace.text(e.text);
  const std::string call = made.empty() ? trace.text(e.call) + "()" : made;
  if (e.phase == CallPhase::Issued) return lang::trf("{} … blocks", call);
  if (e.err != 0) {
    const char* name = errno_name(e.err);
    return fmt::format("{} = {} {}", call, e.result,
                       name != nullptr ? std::string(name) : fmt::format("errno {}", e.err));
  }
  std::string text = fmt::format("{} → {}", call, e.result);
  if (e.data != kNone) {
    std::string data = trace.text(e.data);
    if (data.size() > 24) data = data.substr(0, 24) + "…";
    for (char& c : data) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    text += " \"" + data + "\"";
  }
  return text;
}

namespace {

// The node owning a MAC, so marks speak of hosts by name.
std::string owner_of_mac(const Trace& trace, const wire::MacAddress& mac) {
  for (const trace::NodeInfo& n : trace.nodes) {
    for (const trace::InterfaceInfo& i : n.interfaces) {
      if (i.mac == mac) return n.name;
    }
  }
  return mac.to_string();
}

const std::string& name_of(const Trace& trace, NodeId id) {
  static const std::string unknown = "?";
  return id < trace.nodes.size() ? trace.nodes[id].name : unknown;
}

class Summary {
 public:
  Summary(const Trace& trace, const std::vector<TcpNumbers>& numbers, bool absolute)
      : trace_(trace), numbers_(numbers), absolute_(absolute) {}

  std::string operator()(const FrameEvent& e) const {
    const std::string label = e.frame < numbers_.size()
                                  ? frame_label(trace_, e.frame, numbers_[e.frame], absolute_)
                                  : "frame";
    const std::string route = name_of(trace_, e.from) + " → " + name_of(trace_, e.to);
    switch (e.fate) {
      case Fate::Sent:
        return fmt::format("{}{}  {}", route, e.flooded ? lang::tr(" (flood)") : "", label);
      case Fate::Delivered: return lang::trf("{}  arrived: {}", route, label);
      case Fate::Dropped:
        return lang::trf("{}  DROPPED ({}): {}", route, trace_.text(e.reason), label);
    }
    return label;
  }
  std::string operator()(const StateEvent& e) const {
    std::string text = fmt::format("{} → {}  {}", tcp::state_name(e.from), tcp::state_name(e.to),
                                   trace_.text(e.cause));
    if (e.conn < trace_.conns.size()) {
      const tcp::ConnectionId& c = trace_.conns[e.conn].id;
      text += c.remote_port == 0 ? fmt::format("  (:{})", c.local_port)
                                 : fmt::format("  (:{} ↔ {})", c.local_port,
                                               endpoint_name(c.remote_ip, c.remote_port));
    }
    return text;
  }
  std::string operator()(const CallEvent& e) const { return call_summary(trace_, e); }
  std::string operator()(const ArpEvent& e) const {
    return lang::trf("ARP cache: {} {} {}", e.ip.to_string(), arp_op_name(e.op), e.mac.to_string());
  }
  std::string operator()(const MacEvent& e) const {
    return lang::trf("MAC table: {} {} on port {}", e.mac.to_string(), mac_op_name(e.op), e.port);
  }
  std::string operator()(const TimerEvent& e) const {
    std::string text = lang::trf("timer {} {}", trace_.text(e.what), tcp::timer_op_name(e.op));
    if (e.op == TimerOp::Set) text += lang::trf(" for {}", format_time(e.deadline));
    return text;
  }
  std::string operator()(const QueueEvent& e) const {
    return lang::trf(":{} SYN queue {}/{}, accept queue {}/{}", e.port, e.syn_queue, e.backlog,
                     e.accept_queue, e.backlog);
  }
  std::string operator()(const CounterEvent& e) const {
    return fmt::format("{} = {}", trace_.text(e.name), e.value);
  }
  std::string operator()(const NoteEvent& e) const { return trace_.text(e.text); }
  std::string operator()(const TcbEvent& e) const {
    std::string text = "TCB";
    for (int i = 0; i < tcp::kTcbVarCount; ++i) {
      const auto v = static_cast<tcp::TcbVar>(i);
      if (auto value = trace_.tcb_value(e, v)) {
        text += fmt::format(" {}={}", tcp::tcb_var_name(v), *value);
      }
    }
    return text;
  }
  std::string operator()(const IgnoredEvent& e) const {
    return lang::trf("ignored in {}: {} ({})", tcp::state_name(e.state), trace_.text(e.event),
                     trace_.text(e.reason));
  }

 private:
  const Trace& trace_;
  const std::vector<TcpNumbers>& numbers_;
  bool absolute_;
};

}  // namespace

std::string event_summary(const Trace& trace, const std::vector<TcpNumbers>& numbers,
                          const Event& e, bool absolute) {
  return std::visit(Summary(trace, numbers, absolute), e.what);
}

std::string mark_words(const Trace& trace, const Event& e) {
  if (const auto* c = std::get_if<trace::CallEvent>(&e.what)) return call_summary(trace, *c);
  if (const auto* a = std::get_if<trace::ArpEvent>(&e.what)) {
    if (a->op == trace::ArpOp::Failed) return lang::trf("ARP: {} unresolved", a->ip.to_string());
    if (a->op == trace::ArpOp::Expired) return lang::trf("ARP: {} expired", a->ip.to_string());
    return lang::trf("ARP: {} is {}", a->ip.to_string(), owner_of_mac(trace, a->mac));
  }
  if (const auto* m = std::get_if<trace::MacEvent>(&e.what)) {
    if (m->op == trace::MacOp::Aged) return lang::trf("forgets {}", owner_of_mac(trace, m->mac));
    return lang::trf("learns {} on port {}", owner_of_mac(trace, m->mac), m->port);
  }
  if (const auto* q = std::get_if<trace::QueueEvent>(&e.what)) {
    return lang::trf("SYN queue {}/{}, accept queue {}/{}", q->syn_queue, q->backlog,
                     q->accept_queue, q->backlog);
  }
  if (const auto* n = std::get_if<trace::NoteEvent>(&e.what)) return trace.text(n->text);
  if (const auto* i = std::get_if<trace::IgnoredEvent>(&e.what)) {
    return lang::trf("ignored: {}", trace.text(i->event));
  }
  return "";
}

std::string fit_text(const std::string& text, float max_width,
                     const std::function<float(const std::string&)>& width) {
  if (width(text) <= max_width) return text;
  std::size_t lo = 0, hi = text.size();
  while (lo < hi) {
    std::size_t mid = (lo + hi + 1) / 2;
    while (mid > 0 && (static_cast<unsigned char>(text[mid]) & 0xC0) == 0x80) --mid;  // UTF-8
    if (mid <= lo) break;
    if (width(text.substr(0, mid) + "…") <= max_width) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return text.substr(0, lo) + "…";
}

std::string format_time(TimeUs t) {
  const char* sign = t < 0 ? "-" : "";
  const TimeUs a = t < 0 ? -t : t;
  if (a < tcp::kMillis) return fmt::format("{}{} µs", sign, a);
  if (a < tcp::kSeconds) {
    return a % tcp::kMillis == 0 ? fmt::format("{}{} ms", sign, a / tcp::kMillis)
                                 : fmt::format("{}{}.{:03} ms", sign, a / 1000, a % 1000);
  }
  if (a % tcp::kMillis == 0) {
    return fmt::format("{}{}.{:03} s", sign, a / tcp::kSeconds, (a / 1000) % 1000);
  }
  return fmt::format("{}{}.{:06} s", sign, a / tcp::kSeconds, a % tcp::kSeconds);
}

std::string format_ms(TimeUs t) {
  const char* sign = t < 0 ? "-" : "";
  const TimeUs a = t < 0 ? -t : t;
  return fmt::format("{}{}.{:03}", sign, a / 1000, a % 1000);
}

}  // namespace synack::view

// The executor's timeline: virtual time, injected segments, expected segments.
#include "sim/pkt/executor.hpp"

#include <algorithm>
#include <cerrno>

#include "sim/lang/tr.hpp"
#include "sim/pkt/executor_impl.hpp"
#include "sim/pkt/parser.hpp"
#include "sim/scenario/profiles.hpp"

namespace synack::pkt {

using tcp::TimeUs;

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Passed: return "passed";
    case Verdict::Failed: return "failed";
    case Verdict::Skipped: return "skipped";
  }
  return "?";
}

Executor::Executor(const Script& s) : script_(s) {
  // FreeBSD's answers where RFC 9293 is silent or a BSD stack goes its own way
  // (docs/profiles.md lists them with their sources, docs/conformance.md with
  // the RFC sections). The RTO keeps RFC 6298's 1 s minimum.
  scenario::HostSettings freebsd;
  scenario::apply_profile(scenario::StackProfile::FreeBsd, freebsd);
  if (s.mtu) freebsd.mtu = *s.mtu;
  const sock::StackSettings settings = scenario::stack_settings(freebsd);
  stack_ = std::make_unique<sock::Stack>(settings, &isn_, 0, interfaces_);
}

// Moves what the model sent into the outbound queue (the rest of its output is
// for viewers, not for the script), and sees whether a blocked call is done.
void Executor::collect() {
  for (sock::Output& out : stack_->take_output()) {
    if (auto* seg = std::get_if<sock::SendSegment>(&out)) {
      outbound_.push_back(Sent{now_, std::move(seg->seg)});
    }
  }
  if (blocked_) finish_blocked();
}

// A blocked call that can return now does, and its result and time are checked.
void Executor::finish_blocked() {
  const sock::Result r = blocked_->retry();
  if (r.err == EAGAIN || r.err == EALREADY || r.err == EINPROGRESS) return;
  const Blocked b = std::move(*blocked_);
  blocked_.reset();
  collect();  // what the call itself sent (a window update after a read)
  check_result(*b.event, *b.call, b.end, r);
}

void Executor::still_blocked() const {
  fail(*blocked_->event,
       lang::trf("expected {} by {} s, the model's call still blocks at {} s; state {}",
                 to_string(*blocked_->call), seconds(blocked_->end),
                 seconds(blocked_->end + tolerance()), model_state()));
}

// Runs the model's timers up to `t`; with stop_on_output, stops at the first
// timer that makes it send. A blocked call must return by its end time.
void Executor::advance_to(TimeUs t, bool stop_on_output) {
  for (;;) {
    const std::optional<TimeUs> next = stack_->poll_at();
    const TimeUs limit = blocked_ ? std::min(t, blocked_->end + tolerance()) : t;
    if (!next || *next > limit) break;
    now_ = std::max(now_, *next);
    stack_->on_timer(now_);
    collect();
    if (stop_on_output && !outbound_.empty()) return;
  }
  if (blocked_ && t > blocked_->end + tolerance()) still_blocked();
  now_ = std::max(now_, t);
}

// The state of the connection the script last talked about: its socket, or,
// once the application closed it, the connection that lives on without one.
std::string Executor::model_state() const {
  if (stack_->is_open(last_fd_)) {
    const sock::ConnHandle c = stack_->conn_of(last_fd_);
    return c == sock::kNoConn ? "CLOSED" : tcp::state_name(stack_->endpoint(c).state());
  }
  if (last_closed_ != sock::kNoConn) {
    return lang::trf("{} (socket closed)", tcp::state_name(stack_->endpoint(last_closed_).state()));
  }
  return lang::tr("no socket");
}

void Executor::fail(const Event& e, const std::string& message) const {
  throw Stop(Verdict::Failed, e.pos.line, message);
}

void Executor::skip(const Event& e, const std::string& message) const {
  throw Stop(Verdict::Skipped, e.pos.line, message);
}

TimeUs Executor::event_time(const Event& e, TimeUs previous) const {
  switch (e.time.kind) {
    case TimeKind::Absolute: return e.time.usecs;
    case TimeKind::Relative: return previous + e.time.usecs;
    case TimeKind::Any: return now_;
  }
  return now_;
}

TimeUs Executor::end_time(const Event& e, TimeUs previous, std::optional<std::int64_t> end,
                          TimeUs t) const {
  if (!end) return t;
  return e.time.kind == TimeKind::Relative ? previous + *end : *end;
}

// The peer sends: relative numbers become absolute ones on each side's ISN
// (its SACK blocks speak of the model's sequence space).
void Executor::inject(const Event& e, const TcpPacket& p) {
  if (p.seq_any) skip(e, lang::tr("an injected segment with '...' for its sequence numbers"));
  if (p.payload_len > kMaxBytes) skip(e, lang::trf("a segment of {} bytes", p.payload_len));
  tcp::Segment s;
  s.flags = p.flags;
  s.seq = SeqNum(kRemoteIsn + p.seq_start);
  s.ack = SeqNum(kLocalIss + p.ack.value_or(0));
  s.window = p.window.value_or(65535);
  for (const TcpOption& o : p.options) {
    switch (o.kind) {
      case OptionKind::Mss: s.mss = static_cast<std::uint16_t>(o.value); break;
      case OptionKind::WindowScale: s.window_scale = static_cast<std::uint8_t>(o.value); break;
      case OptionKind::SackPermitted: s.sack_permitted = true; break;
      case OptionKind::Timestamp: s.timestamps = tcp::Timestamps{o.ts_val, o.ts_ecr}; break;
      case OptionKind::Sack:
        for (const SackBlock& b : o.sack_blocks) {
          s.sack.push_back({SeqNum(kLocalIss + b.left), SeqNum(kLocalIss + b.right)});
        }
        break;
      default: break;  // padding, and options the model does not read
    }
  }
  s.payload.assign(p.payload_len, 'x');

  stack_->on_segment(now_, kRemoteIp, kLocalIp, kPort, kPort, s);
  collect();
}

// An ICMP error from the network, quoting the segment of ours the script names.
void Executor::inject_icmp(const IcmpPacket& p) {
  wire::IcmpQuote quote;
  quote.src = wire::Ipv4Address(kLocalIp);
  quote.dst = wire::Ipv4Address(kRemoteIp);
  quote.protocol = wire::ip_protocol::TCP;
  quote.src_port = kPort;
  quote.dst_port = kPort;
  quote.tcp_seq = kLocalIss + p.seq_start;
  stack_->on_icmp(now_, p.type, p.code, quote);
  collect();
}

namespace {

// The model's segment in the script's notation: numbers relative to each
// side's ISN, the SACK blocks to the peer's.
TcpPacket relative_packet(const tcp::Segment& s) {
  TcpPacket p;
  p.flags = s.flags;
  p.flags_text = tcp::flags_to_string(s.flags);
  p.seq_start = s.seq.raw() - kLocalIss;
  p.payload_len = static_cast<std::uint32_t>(s.payload.size());
  p.seq_end = p.seq_start + p.payload_len;
  if (s.has(tcp::flag::ACK)) p.ack = s.ack.raw() - kRemoteIsn;
  p.window = s.window;
  const auto add = [&](OptionKind kind, std::string name) {
    TcpOption o;
    o.kind = kind;
    o.name = std::move(name);
    p.options.push_back(std::move(o));
    return &p.options.back();
  };
  if (s.mss != 0) add(OptionKind::Mss, "mss")->value = s.mss;
  if (s.window_scale) add(OptionKind::WindowScale, "wscale")->value = *s.window_scale;
  if (s.sack_permitted) add(OptionKind::SackPermitted, "sackOK");
  if (s.timestamps) {
    TcpOption* ts = add(OptionKind::Timestamp, "TS");
    ts->ts_val = s.timestamps->val;
    ts->ts_ecr = s.timestamps->ecr;
  }
  if (!s.sack.empty()) {
    TcpOption* sack = add(OptionKind::Sack, "sack");
    for (const tcp::SackBlock& b : s.sack) {
      sack->sack_blocks.push_back({b.left.raw() - kRemoteIsn, b.right.raw() - kRemoteIsn});
    }
  }
  return p;
}

std::string describe_relative(const tcp::Segment& s) { return to_string(relative_packet(s)); }

// The options as compared: padding left out, timestamps by presence only (the
// clocks are the hosts'), in order.
std::vector<std::string> compared_options(const TcpPacket& p) {
  std::vector<std::string> list;
  for (TcpOption o : p.options) {
    if (o.kind == OptionKind::Nop || o.kind == OptionKind::Eol) continue;
    if (o.kind == OptionKind::Timestamp) o.ts_val = o.ts_ecr = 0;
    list.push_back(to_string(o));
  }
  return list;
}

}  // namespace

// The model must send this segment between t and latest, give or take the
// tolerance (at any time for `*`). Returns the time it did. The options are
// compared unless the script writes `<...>`; the window is a host property and
// is not.
TimeUs Executor::expect(const Event& e, const TcpPacket& p, TimeUs t, TimeUs latest) {
  const TimeUs tol = tolerance();
  const bool any_time = e.time.kind == TimeKind::Any;
  if (outbound_.empty()) advance_to(any_time ? kMaxScriptUsecs : latest + tol, true);
  const std::string want = "> " + to_string(p);
  if (outbound_.empty()) {
    fail(e, lang::trf("expected {}, model sent nothing; state {}", want, model_state()));
  }
  const Sent sent = std::move(outbound_.front());
  outbound_.pop_front();
  const std::string got = describe_relative(sent.seg);
  const bool flags_ok = sent.seg.flags == p.flags;
  const bool seq_ok = p.seq_any || sent.seg.seq.raw() - kLocalIss == p.seq_start;
  const bool len_ok = sent.seg.payload.size() == p.payload_len;
  const bool ack_ok = !p.ack || !p.has(tcp::flag::ACK) || sent.seg.ack.raw() - kRemoteIsn == *p.ack;
  const bool options_ok =
      p.options_any || compared_options(p) == compared_options(relative_packet(sent.seg));
  if (!(flags_ok && seq_ok && len_ok && ack_ok && options_ok)) {
    fail(e, lang::trf("expected {}, model sent > {}; state {}", want, got, model_state()));
  }
  if (!any_time && (sent.time < t - tol || sent.time > latest + tol)) {
    const std::string when = latest == t
                                 ? lang::trf("at {} s", seconds(t))
                                 : lang::trf("from {} to {} s", seconds(t), seconds(latest));
    fail(e, lang::trf("expected {} {}, model sent it at {} s", want, when, seconds(sent.time)));
  }
  return sent.time;
}

Outcome Executor::run() {
  TimeUs previous = 0;
  try {
    for (const Event& e : script_.events) {
      if (!enabled(e, {"STANDARD"})) continue;  // the suites' RFC branches, not FreeBSD's
      const TimeUs t = event_time(e, previous);
      if (t > kMaxScriptUsecs) {
        fail(e, lang::trf("the script's time passes {} s (one day), the longest it may run",
                          kMaxScriptUsecs / tcp::kSeconds));
      }
      if (const auto* pkt = std::get_if<PacketEvent>(&e.body);
          pkt && pkt->direction == Direction::Outbound) {
        if (pkt->icmp) skip(e, lang::tr("an ICMP message the endpoint sends"));
        previous = expect(e, pkt->packet, t, end_time(e, previous, e.time.end_usecs, t));
        continue;
      }
      // Anything the model sends before this line's time was not in the script.
      advance_to(t, true);
      if (!outbound_.empty()) {
        fail(e, lang::trf("model sent > {} at {} s, which the script does not expect; state {}",
                          describe_relative(outbound_.front().seg), seconds(outbound_.front().time),
                          model_state()));
      }
      advance_to(t, false);
      if (const auto* in = std::get_if<PacketEvent>(&e.body); in && in->icmp) {
        inject_icmp(*in->icmp);
      } else if (in) {
        inject(e, in->packet);
      } else if (const auto* call = std::get_if<SyscallEvent>(&e.body)) {
        if (blocked_) {
          skip(e, lang::trf("a system call while {}() blocks", blocked_->call->name));
        }
        syscall(e, *call, end_time(e, previous, call->end_usecs, t));
        collect();
      } else if (const auto* sh = std::get_if<ShellEvent>(&e.body)) {
        shell(e, *sh);
        collect();
      } else if (const auto* c = std::get_if<CodeEvent>(&e.body)) {
        code(e, *c);
      }
      previous = t;
    }
    if (blocked_) {
      advance_to(blocked_->end + tolerance(), false);
      if (blocked_) still_blocked();
    }
  } catch (const Stop& stop) {
    return Outcome{stop.verdict, stop.line, stop.what()};
  } catch (const ParseError& err) {  // a number in a shell line or a code block
    return Outcome{Verdict::Failed, err.position().line, err.what()};
  }
  return Outcome{Verdict::Passed, 0, ""};
}

Outcome run_script(const Script& script) { return Executor(script).run(); }

Outcome run_file(const std::string& path) {
  try {
    return run_script(parse_file(path));
  } catch (const ParseError& err) {
    return Outcome{Verdict::Failed, err.position().line, err.what()};
  }
}

}  // namespace synack::pkt

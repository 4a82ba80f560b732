// The executor's timeline: virtual time, injected segments, expected segments.
#include "sim/pkt/executor.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/pkt/executor_impl.hpp"
#include "sim/pkt/parser.hpp"

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
  // Host properties of the stack the suites were written for, set aside rather
  // than modelled: buffer sizes. The RTO keeps RFC 6298's 1 s minimum.
  // Without window scaling a window field holds at most 65535; scripts that
  // want FreeBSD's larger buffer say so through getsockopt(SO_RCVBUF).
  settings_.receive_buffer = 65535;
  settings_.send_buffer = 32768;
  // FreeBSD's answers where RFC 9293 is silent or a BSD stack goes its own way
  // (docs/conformance.md lists them with the RFC sections).
  settings_.time_wait_ignores_rst = true;
  settings_.ack_in_old_segment = true;
  settings_.ack_carries_unacked_fin = true;
}

std::unique_ptr<tcp::Endpoint> Executor::new_endpoint() {
  auto ep = std::make_unique<tcp::Endpoint>(settings_, &isn_);
  // Only one peer exists; its port makes active opens and SEND in LISTEN legal.
  ep->set_id(tcp::ConnectionId{0x0a000001, 8080, 0xc0000201, 8080});
  return ep;
}

std::vector<tcp::Endpoint*> Executor::endpoints() {
  std::vector<tcp::Endpoint*> all;
  for (auto& [fd, sock] : fds_) {
    if (sock.ep) all.push_back(sock.ep.get());
    for (auto& p : sock.pending) all.push_back(p.get());
  }
  for (auto& o : orphans_) all.push_back(o.get());
  return all;
}

void Executor::take_output(tcp::Endpoint& ep) {
  for (auto& seg : ep.take_segments()) outbound_.push_back(Sent{now_, std::move(seg)});
}

// Moves what the model sent into the outbound queue, and socket errors to SO_ERROR.
void Executor::collect() {
  for (auto& [fd, sock] : fds_) {
    if (!sock.ep) continue;
    for (const auto& n : sock.ep->take_notifications()) {
      if (n.notice == tcp::Notice::Error) sock.so_error = tcp::to_errno(n.error);
    }
  }
  for (tcp::Endpoint* ep : endpoints()) take_output(*ep);
  // Connections that finished after close() are gone for good.
  orphans_.erase(std::remove_if(orphans_.begin(), orphans_.end(),
                                [](const auto& ep) { return ep->state() == tcp::State::Closed; }),
                 orphans_.end());
}

// Runs the model's timers up to `t`; with stop_on_output, stops at the first
// timer that makes it send.
void Executor::advance_to(TimeUs t, bool stop_on_output) {
  for (;;) {
    std::optional<TimeUs> next;
    for (tcp::Endpoint* ep : endpoints()) {
      if (auto at = ep->poll_at(); at && (!next || *at < *next)) next = at;
    }
    if (!next || *next > t) break;
    now_ = std::max(now_, *next);
    for (tcp::Endpoint* ep : endpoints()) {
      if (auto at = ep->poll_at(); at && *at <= now_) ep->on_timer(now_);
    }
    collect();
    if (stop_on_output && !outbound_.empty()) return;
  }
  now_ = std::max(now_, t);
}

// The state of the connection the script last talked about: its socket, or,
// once the application closed it, the connection that lives on without one.
std::string Executor::model_state() const {
  for (const auto& [fd, sock] : fds_) {
    if (fd == last_fd_ && sock.ep) return tcp::state_name(sock.ep->state());
  }
  if (!orphans_.empty()) {
    return std::string(tcp::state_name(orphans_.back()->state())) + " (socket closed)";
  }
  return "no socket";
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

// The peer sends: relative numbers become absolute ones on each side's ISN.
void Executor::inject(const Event& e, const TcpPacket& p) {
  if (p.seq_any) skip(e, "an injected segment with '...' for its sequence numbers");
  if (p.payload_len > kMaxBytes) skip(e, fmt::format("a segment of {} bytes", p.payload_len));
  tcp::Segment s;
  s.flags = p.flags;
  s.seq = SeqNum(kRemoteIsn + p.seq_start);
  s.ack = SeqNum(kLocalIss + p.ack.value_or(0));
  s.window = p.window.value_or(65535);
  if (auto mss = p.mss()) s.mss = *mss;
  s.payload.assign(p.payload_len, 'x');

  // Which endpoint owns the peer's four-tuple: a connection, else a listener,
  // else nobody (RFC 9293 §3.10.7.1 answers for a missing TCB).
  tcp::Endpoint* target = nullptr;
  for (tcp::Endpoint* ep : endpoints()) {
    const auto st = ep->state();
    if (st != tcp::State::Closed && st != tcp::State::Listen) target = ep;
  }
  if (!target) {
    for (auto& [fd, sock] : fds_) {
      if (sock.listener && sock.ep && sock.ep->state() == tcp::State::Listen) {
        auto child = new_endpoint();
        child->open_passive(now_);
        child->on_segment(now_, s);
        take_output(*child);  // a child that stays in LISTEN is dropped with its answer kept
        if (child->state() != tcp::State::Listen) sock.pending.push_back(std::move(child));
        collect();
        return;
      }
    }
  }
  if (target) {
    target->on_segment(now_, s);
  } else if (auto rst = tcp::reset_for_unknown(s)) {
    outbound_.push_back(Sent{now_, std::move(*rst)});
  }
  collect();
}

namespace {

std::string describe_relative(const tcp::Segment& s) {
  TcpPacket p;
  p.flags = s.flags;
  p.flags_text = tcp::flags_to_string(s.flags);
  p.seq_start = s.seq.raw() - kLocalIss;
  p.payload_len = static_cast<std::uint32_t>(s.payload.size());
  p.seq_end = p.seq_start + p.payload_len;
  if (s.has(tcp::flag::ACK)) p.ack = s.ack.raw() - kRemoteIsn;
  p.window = s.window;
  return to_string(p);
}

std::string seconds(TimeUs t) { return fmt::format("{:.3f}", static_cast<double>(t) / 1e6); }

}  // namespace

// The model must send this segment within the tolerance of time t. Returns the
// time it did. ECN bits (RFC 3168) and TCP options are host properties and are
// not compared; neither is the window.
TimeUs Executor::expect(const Event& e, const TcpPacket& p, TimeUs t) {
  const TimeUs tol = script_.tolerance_usecs;
  if (outbound_.empty()) advance_to(t + tol, true);
  const std::string want = "> " + to_string(p);
  if (outbound_.empty()) {
    fail(e, fmt::format("expected {}, model sent nothing; state {}", want, model_state()));
  }
  const Sent sent = std::move(outbound_.front());
  outbound_.pop_front();
  const std::string got = describe_relative(sent.seg);
  constexpr std::uint8_t kEcnBits = tcp::flag::ECE | tcp::flag::CWR;
  const bool flags_ok = (sent.seg.flags & ~kEcnBits) == (p.flags & ~kEcnBits);
  const bool seq_ok = p.seq_any || sent.seg.seq.raw() - kLocalIss == p.seq_start;
  const bool len_ok = sent.seg.payload.size() == p.payload_len;
  const bool ack_ok = !p.ack || !p.has(tcp::flag::ACK) || sent.seg.ack.raw() - kRemoteIsn == *p.ack;
  if (!(flags_ok && seq_ok && len_ok && ack_ok)) {
    fail(e, fmt::format("expected {}, model sent > {}; state {}", want, got, model_state()));
  }
  if (sent.time < t - tol || sent.time > t + tol) {
    fail(e, fmt::format("expected {} at {} s, model sent it at {} s", want, seconds(t),
                        seconds(sent.time)));
  }
  return sent.time;
}

Outcome Executor::run() {
  TimeUs previous = 0;
  try {
    for (const Event& e : script_.events) {
      if (!enabled(e, {"STANDARD"})) continue;  // the suites' RFC branches, not FreeBSD's
      const TimeUs t = event_time(e, previous);
      if (const auto* pkt = std::get_if<PacketEvent>(&e.body);
          pkt && pkt->direction == Direction::Outbound) {
        previous = expect(e, pkt->packet, t);
        continue;
      }
      // Anything the model sends before this line's time was not in the script.
      advance_to(t, true);
      if (!outbound_.empty()) {
        fail(e, fmt::format("model sent > {} at {} s, which the script does not expect; state {}",
                            describe_relative(outbound_.front().seg),
                            seconds(outbound_.front().time), model_state()));
      }
      advance_to(t, false);
      if (const auto* in = std::get_if<PacketEvent>(&e.body)) {
        inject(e, in->packet);
      } else if (const auto* call = std::get_if<SyscallEvent>(&e.body)) {
        syscall(e, *call);
        collect();
      } else if (const auto* sh = std::get_if<ShellEvent>(&e.body)) {
        shell(e, *sh);
        collect();
      } else if (const auto* c = std::get_if<CodeEvent>(&e.body)) {
        code(e, *c);
      }
      previous = t;
    }
  } catch (const Stop& stop) {
    return Outcome{stop.verdict, stop.line, stop.what()};
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

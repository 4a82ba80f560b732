// User calls (RFC 9293 §3.10.1–3.10.6) and the endpoint's public face.
#include "tcp_endpoint.hpp"

#include <algorithm>
#include <utility>

#include "tcp_tcb.hpp"

namespace synack::tcp {

Endpoint::Endpoint(Settings settings, IsnSource* isn)
    : tcb_(std::make_unique<Tcb>(settings, isn)) {}
Endpoint::Endpoint(std::unique_ptr<Tcb> tcb) : tcb_(std::move(tcb)) {}

Endpoint Endpoint::fork(const Endpoint& listener, const ConnectionId& id) {
  return Endpoint(std::make_unique<Tcb>(*listener.tcb_, id));
}
Endpoint::~Endpoint() = default;
Endpoint::Endpoint(Endpoint&&) noexcept = default;
Endpoint& Endpoint::operator=(Endpoint&&) noexcept = default;

void Endpoint::set_id(const ConnectionId& id) { tcb_->id = id; }
const ConnectionId& Endpoint::id() const { return tcb_->id; }
const Settings& Endpoint::settings() const { return tcb_->settings; }
Settings& Endpoint::settings() { return tcb_->settings; }

CallResult Endpoint::open_passive(TimeUs now) {
  Tcb& t = *tcb_;
  t.now = now;
  if (t.state != State::Closed) return CallResult::ConnectionExists;
  t.error = SocketError::None;
  t.fire(ev::PassiveOpen{});
  t.finish_input();
  return CallResult::Ok;
}

CallResult Endpoint::open_active(TimeUs now) {
  Tcb& t = *tcb_;
  t.now = now;
  if (t.state != State::Closed && t.state != State::Listen) return CallResult::ConnectionExists;
  if (t.id.remote_port == 0) return CallResult::ForeignUnspecified;
  t.error = SocketError::None;
  t.fire(ev::ActiveOpen{});
  t.finish_input();
  return CallResult::Ok;
}

CallResult Endpoint::send(TimeUs now, const std::uint8_t* data, std::size_t len,
                          std::size_t* accepted) {
  Tcb& t = *tcb_;
  t.now = now;
  if (accepted) *accepted = 0;
  switch (t.state) {
    case State::Closed:
      return t.error != SocketError::None ? CallResult::ConnectionReset
                                          : CallResult::ConnectionNotExist;
    case State::Listen:
      if (t.id.remote_port == 0) return CallResult::ForeignUnspecified;
      break;
    case State::SynSent:
    case State::SynReceived:
    case State::Established:
    case State::CloseWait: break;
    default: return CallResult::ConnectionClosing;
  }
  if (t.fin_queued) return CallResult::ConnectionClosing;
  const std::size_t n = std::min(len, send_space());
  if (n == 0 && len > 0) return CallResult::InsufficientResources;
  t.send_buf.write_at(t.send_buf.size(), data, n);
  if (accepted) *accepted = n;
  if (t.state == State::Listen) t.fire(ev::Send{});  // §3.10.2: becomes an active open
  t.finish_input();
  return CallResult::Ok;
}

std::size_t Endpoint::peek(std::uint8_t* buf, std::size_t cap) const {
  const std::size_t n = std::min(cap, tcb_->readable_bytes);
  tcb_->recv_buf.copy_out(0, n, buf);
  return n;
}

std::size_t Endpoint::receive(TimeUs now, std::uint8_t* buf, std::size_t cap) {
  Tcb& t = *tcb_;
  t.now = now;
  const std::uint32_t before = t.rcv_wnd();
  const std::size_t n = std::min(cap, t.readable_bytes);
  t.recv_buf.copy_out(0, n, buf);
  t.recv_buf.erase_begin(n);
  t.readable_bytes -= n;
  // Window update when reading reopens a window that had shrunk below
  // min(RCV.BUFF/2, MSS) (receiver-side silly window avoidance, RFC 9293
  // §3.8.6.2.2): so a buffer smaller than one MSS still gets its updates.
  const std::uint32_t after = t.rcv_wnd();
  const std::uint32_t threshold = std::max<std::uint32_t>(
      1, std::min<std::uint32_t>(t.settings.receive_buffer / 2, t.settings.mss));
  if (n > 0 && is_synchronized(t.state) && before < threshold && after >= threshold &&
      (t.state == State::Established || t.state == State::FinWait1 || t.state == State::FinWait2)) {
    t.ack_needed = true;
  }
  t.finish_input();
  return n;
}

CallResult Endpoint::close(TimeUs now) {
  Tcb& t = *tcb_;
  t.now = now;
  const State before = t.state;
  t.fire(ev::Close{});
  t.finish_input();
  switch (before) {
    case State::Closed: return CallResult::ConnectionNotExist;
    case State::FinWait1:
    case State::FinWait2:
    case State::Closing:
    case State::LastAck:
    case State::TimeWait: return CallResult::ConnectionClosing;
    default: return CallResult::Ok;
  }
}

CallResult Endpoint::abort(TimeUs now) {
  Tcb& t = *tcb_;
  t.now = now;
  const State before = t.state;
  t.fire(ev::Abort{});
  t.finish_input();
  return before == State::Closed ? CallResult::ConnectionNotExist : CallResult::Ok;
}

void Endpoint::release() { tcb_->released = true; }

void Endpoint::apply_settings(TimeUs now) {
  Tcb& t = *tcb_;
  t.now = now;
  // A new idle time counts from now, as a socket option set later does on Linux.
  t.restart_keepalive();
  t.finish_input();  // what Nagle held may go now
}

void Endpoint::listener_closed(TimeUs now) {
  Tcb& t = *tcb_;
  t.now = now;
  if (t.state == State::SynReceived) {
    t.fire(ev::ListenerClosed{});
  } else {
    t.fire(ev::Abort{}, "listener closed");
  }
  t.finish_input();
}

bool Endpoint::completes_open(const Segment& seg) const {
  const Tcb& t = *tcb_;
  return t.state == State::SynReceived && seg.has(flag::ACK) && !seg.has(flag::RST) &&
         !seg.has(flag::SYN) && t.snd_una < seg.ack && seg.ack <= t.snd_nxt;
}

Status Endpoint::status() const {
  const Tcb& t = *tcb_;
  Status s;
  s.state = t.state;
  s.iss = t.iss;
  s.snd_una = t.snd_una;
  s.snd_nxt = t.snd_nxt;
  s.snd_wnd = t.snd_wnd;
  s.irs = t.irs;
  s.rcv_nxt = t.rcv_nxt;
  s.rcv_wnd = t.rcv_wnd();
  s.send_queued = t.send_buf.size();
  s.receive_queued = t.readable_bytes;
  s.rto = t.rto;
  s.retransmissions = t.retries;
  s.fin_received = t.fin_received;
  s.timestamps = t.ts_ok;
  s.sack = t.sack_ok;
  s.window_scaling = t.ws_ok;
  s.ecn = t.ecn_ok;
  return s;
}

void Endpoint::on_segment(TimeUs now, const Segment& seg) {
  tcb_->now = now;
  tcb_->segment_arrives(seg);
}

void Endpoint::on_icmp(TimeUs now, const IcmpError& e) {
  tcb_->now = now;
  tcb_->icmp_arrives(e);
}

SocketError Endpoint::take_soft_error() {
  return std::exchange(tcb_->soft_error, SocketError::None);
}

void Endpoint::answer_with_cookie(TimeUs now, const Segment& syn, SeqNum cookie) {
  tcb_->now = now;
  tcb_->fire(ev::RcvSynQueueFull{syn, cookie});
  tcb_->finish_input();
}

void Endpoint::open_from_cookie(TimeUs now, const Segment& ack, std::uint16_t peer_mss) {
  Tcb& t = *tcb_;
  t.now = now;
  t.fire(ev::RcvCookieAck{ack, peer_mss});
  // The ACK may carry the first data: steps seven and eight as for any segment.
  if (t.state == State::Established) {
    t.process_text_and_fin(ack.seq, ack.payload.data(), ack.payload.size(), ack.has(flag::FIN));
  }
  t.finish_input();
}

void Endpoint::on_timer(TimeUs now) {
  tcb_->now = now;
  tcb_->timers_fire();
}

std::optional<TimeUs> Endpoint::poll_at() const {
  const Tcb& t = *tcb_;
  std::optional<TimeUs> at;
  for (const auto& d : {t.rtx.deadline, t.time_wait.deadline, t.delack.deadline, t.persist.deadline,
                        t.keepalive.deadline, t.establish.deadline}) {
    if (d && (!at || *d < *at)) at = d;
  }
  return at;
}

std::vector<Segment> Endpoint::take_segments() { return std::exchange(tcb_->out, {}); }
std::vector<Notification> Endpoint::take_notifications() {
  return std::exchange(tcb_->notices, {});
}
std::vector<Record> Endpoint::take_records() { return std::exchange(tcb_->records, {}); }

State Endpoint::state() const { return tcb_->state; }
SocketError Endpoint::error() const { return tcb_->error; }
bool Endpoint::passive() const { return tcb_->passive; }
std::size_t Endpoint::readable() const { return tcb_->readable_bytes; }
bool Endpoint::peer_closed() const { return tcb_->fin_received; }
std::size_t Endpoint::send_space() const {
  const std::size_t used = tcb_->send_buf.size();
  return used >= tcb_->settings.send_buffer ? 0 : tcb_->settings.send_buffer - used;
}
const std::vector<StateChange>& Endpoint::history() const { return tcb_->history; }
const std::vector<IgnoredEvent>& Endpoint::ignored() const { return tcb_->ignored; }

}  // namespace synack::tcp

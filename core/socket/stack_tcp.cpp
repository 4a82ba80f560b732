// The TCP side of the socket layer: demultiplexing arriving segments, the
// listening sockets' SYN and accept queues, SYN cookies (RFC 4987 §3.6), the
// connections' deadlines, and carrying each endpoint's output out.
#include <algorithm>
#include <string>

#include "core/rng.hpp"
#include "core/socket/stack.hpp"

namespace synack::sock {

namespace {

// SYN cookies change their secret input every 64 s (as Linux counts).
constexpr TimeUs kCookieEpoch = 64 * tcp::kSeconds;
// The MSS values a cookie can carry in its two low bits (the largest not above
// the client's is chosen), as Linux keeps a small table.
constexpr std::uint16_t kCookieMss[] = {536, 1300, 1440, 1460};

std::uint32_t cookie_mss_index(std::uint16_t mss) {
  std::uint32_t index = 0;
  for (std::uint32_t i = 0; i < 4; ++i) {
    if (kCookieMss[i] <= (mss == 0 ? 536 : mss)) index = i;
  }
  return index;
}

std::string endpoint_text(Ip ip, std::uint16_t port) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xFF) + "." +
         std::to_string((ip >> 8) & 0xFF) + "." + std::to_string(ip & 0xFF) + ":" +
         std::to_string(port);
}

bool is_connection_request(const tcp::Segment& s) {
  return s.has(tcp::flag::SYN) && !s.has(tcp::flag::ACK) && !s.has(tcp::flag::RST);
}

bool is_bare_ack(const tcp::Segment& s) {
  return s.has(tcp::flag::ACK) && !s.has(tcp::flag::SYN) && !s.has(tcp::flag::RST);
}

}  // namespace

ConnHandle Stack::add_conn(tcp::Endpoint ep, const tcp::ConnectionId& id, int fd, int listener) {
  auto conn = std::make_unique<Conn>(
      Conn{std::move(ep), id, -1, -1, false, false, false, false, false, {}});
  conn->fd = fd;
  conn->listener = listener;
  conns_.push_back(std::move(conn));
  const auto c = static_cast<ConnHandle>(conns_.size() - 1);
  if (id.remote_port != 0) demux_[{id.local_port, id.remote_ip, id.remote_port}] = c;
  emit(ConnOpened{c, id});
  return c;
}

void Stack::send_segment(const tcp::ConnectionId& id, tcp::Segment seg) {
  if (seg.has(tcp::flag::RST)) emit(Count{"rst_sent"});
  emit(SendSegment{id.local_ip, id.remote_ip, id.local_port, id.remote_port, std::move(seg)});
}

std::size_t Stack::accept_capacity(const Socket& l) const {
  return static_cast<std::size_t>(l.backlog) + (settings_.accept_backlog_plus_one ? 1 : 0);
}

void Stack::record_queues(const Socket& l) {
  QueueChange q;
  q.port = l.local_port;
  q.syn_queue = static_cast<std::uint16_t>(l.syn_queue.size());
  q.accept_queue = static_cast<std::uint16_t>(l.accept_queue.size());
  q.backlog = static_cast<std::uint16_t>(l.backlog);
  emit(q);
}

bool Stack::leave_syn_queue(Socket& listener, ConnHandle c) {
  auto& q = listener.syn_queue;
  auto pos = std::find(q.begin(), q.end(), c);
  if (pos == q.end()) return false;
  q.erase(pos);
  return true;
}

// Carries one endpoint's output out: its records, then its segments (to
// `reply_to` for a listener's answers), then what its notices mean for the
// sockets and queues.
void Stack::pump(ConnHandle c, const tcp::ConnectionId* reply_to) {
  Conn& conn = *conns_[c];
  for (tcp::Record& r : conn.ep.take_records()) emit(ConnRecord{c, std::move(r)});
  for (tcp::Segment& seg : conn.ep.take_segments()) {
    send_segment(reply_to ? *reply_to : conn.id, std::move(seg));
  }
  bool notified = false;
  for (const tcp::Notification& n : conn.ep.take_notifications()) {
    notified = true;
    if (n.notice == tcp::Notice::Connected && !conn.connected) {
      conn.connected = true;
      Socket* l = find(conn.listener);
      if (l && !conn.in_accept_queue) {
        leave_syn_queue(*l, c);
        l->accept_queue.push_back(c);
        conn.in_accept_queue = true;
        record_queues(*l);
      }
    }
    if (n.notice == tcp::Notice::Error) {
      if (Socket* s = find(conn.fd)) s->so_error = errno_of(n.error);
    }
  }
  const tcp::State state = conn.ep.state();
  if (conn.lingering && !awaits_fin_ack(state)) {
    conn.lingering = false;  // a lingering close() may return
    notified = true;
  }
  if (!conn.gone &&
      (state == tcp::State::Closed || (state == tcp::State::Listen && conn.listener >= 0))) {
    forget(c);
    notified = true;
  }
  if (notified) {
    if (conn.fd >= 0) emit(Ready{conn.fd});
    if (conn.listener >= 0) emit(Ready{conn.listener});
  }
  const std::optional<TimeUs> at = conn.gone ? std::nullopt : conn.ep.poll_at();
  if (at != conn.deadline) {
    conn.deadline = at;
    if (at) deadlines_.push({*at, c});
  }
}

void Stack::forget(ConnHandle c) {
  Conn& conn = *conns_[c];
  conn.gone = true;
  auto it = demux_.find({conn.id.local_port, conn.id.remote_ip, conn.id.remote_port});
  if (it != demux_.end() && it->second == c) demux_.erase(it);
  Socket* l = find(conn.listener);
  if (l && !conn.in_accept_queue && leave_syn_queue(*l, c)) record_queues(*l);
}

std::uint32_t Stack::cookie(const tcp::ConnectionId& id, std::uint32_t peer_isn,
                            TimeUs epoch) const {
  using Mix = SplitMix64;
  std::uint64_t h = Mix::mix(secret_ ^ id.local_ip);
  h = Mix::mix(h ^ ((std::uint64_t{id.local_port} << 16) | id.remote_port));
  h = Mix::mix(h ^ id.remote_ip);
  h = Mix::mix(h ^ peer_isn);
  h = Mix::mix(h ^ static_cast<std::uint64_t>(epoch));
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

void Stack::on_segment(TimeUs now, Ip src, Ip dst, std::uint16_t src_port, std::uint16_t dst_port,
                       const tcp::Segment& seg) {
  auto it = demux_.find({dst_port, src, src_port});
  if (it != demux_.end()) {
    const ConnHandle c = it->second;
    Conn& conn = *conns_[c];
    // A full accept queue: the handshake's last ACK is dropped, as Linux does,
    // and the SYN,ACK retransmission asks for it again.
    Socket* l = find(conn.listener);
    if (l && !conn.in_accept_queue && conn.ep.completes_open(seg) &&
        l->accept_queue.size() >= accept_capacity(*l)) {
      emit(Count{"accept_queue_overflow"});
      emit(Note{"ACK dropped: accept queue of :" + std::to_string(l->local_port) + " is full (" +
                std::to_string(l->accept_queue.size()) + "/" + std::to_string(accept_capacity(*l)) +
                ")"});
      return;
    }
    conn.ep.on_segment(now, seg);
    pump(c);
    return;
  }
  const tcp::ConnectionId id{dst, dst_port, src, src_port};
  for (auto& [fd, s] : sockets_) {
    if (!s.udp && s.listening && s.local_port == dst_port &&
        (s.local_ip == 0 || s.local_ip == dst)) {
      on_listener_segment(now, s, id, seg);
      return;
    }
  }
  // RFC 9293 §3.10.7.1: no connection and no listener.
  if (std::optional<tcp::Segment> rst = tcp::reset_for_unknown(seg)) send_segment(id, *rst);
}

void Stack::on_listener_segment(TimeUs now, Socket& l, const tcp::ConnectionId& id,
                                const tcp::Segment& seg) {
  tcp::Endpoint& listener = conns_[l.listen_ep]->ep;
  const std::string peer = endpoint_text(id.remote_ip, id.remote_port);
  const std::string port = std::to_string(l.local_port);
  const bool accept_full = l.accept_queue.size() >= accept_capacity(l);
  // A new half-open connection, forked from the listener's endpoint.
  auto child = [&] {
    tcp::Endpoint ep = tcp::Endpoint::fork(listener, id);
    ep.settings().syn_retries = settings_.synack_retries;
    const ConnHandle c = add_conn(std::move(ep), id, -1, l.fd);
    conns_[c]->reuse_addr = l.reuse_addr;
    l.syn_queue.push_back(c);
    return c;
  };
  if (is_connection_request(seg)) {
    const bool syn_full = static_cast<int>(l.syn_queue.size()) >= l.backlog;
    if (!syn_full && !accept_full) {
      const ConnHandle c = child();
      conns_[c]->ep.on_segment(now, seg);
      pump(c);
      record_queues(l);
      return;
    }
    if (settings_.syn_cookies && !accept_full) {
      const TimeUs epoch = now / kCookieEpoch;
      const SeqNum iss((cookie(id, seg.seq.raw(), epoch) & ~3u) | cookie_mss_index(seg.mss));
      emit(Count{"syn_cookies_sent"});
      emit(Note{"SYN from " + peer + ": SYN queue of :" + port +
                " full; SYN,ACK carries a SYN cookie"});
      listener.answer_with_cookie(now, seg, iss);
      pump(l.listen_ep, &id);
      return;
    }
    emit(Count{"syn_dropped"});
    const std::size_t held = accept_full ? l.accept_queue.size() : l.syn_queue.size();
    emit(Note{
        "SYN from " + peer + " dropped: " + (accept_full ? "accept" : "SYN") +
        " queue of :" + port + " is full (" + std::to_string(held) + "/" +
        std::to_string(accept_full ? accept_capacity(l) : static_cast<std::size_t>(l.backlog)) +
        ")"});
    return;
  }
  if (settings_.syn_cookies && is_bare_ack(seg) && !accept_full) {
    const std::uint32_t iss = (seg.ack - 1u).raw();
    const std::uint32_t peer_isn = (seg.seq - 1u).raw();
    const TimeUs epoch = now / kCookieEpoch;
    auto valid = [&](TimeUs e) { return (iss & ~3u) == (cookie(id, peer_isn, e) & ~3u); };
    if (valid(epoch) || (epoch > 0 && valid(epoch - 1))) {
      emit(Count{"syn_cookies_accepted"});
      emit(Note{"connection from " + peer + " rebuilt from its SYN cookie"});
      const ConnHandle c = child();
      conns_[c]->ep.open_from_cookie(now, seg, kCookieMss[iss & 3u]);
      pump(c);
      return;
    }
  }
  // LISTEN's own rules (RFC 9293 §3.10.7.2): an ACK gets a RST, a RST is ignored.
  listener.on_segment(now, seg);
  pump(l.listen_ep, &id);
}

void Stack::on_timer(TimeUs now) {
  while (!linger_deadlines_.empty() && linger_deadlines_.begin()->first <= now) {
    emit(Ready{linger_deadlines_.begin()->second});  // a lingering close() returns
    linger_deadlines_.erase(linger_deadlines_.begin());
  }
  while (!deadlines_.empty() && deadlines_.top().first <= now) {
    const auto [at, c] = deadlines_.top();
    deadlines_.pop();
    Conn& conn = *conns_[c];
    if (conn.gone || conn.deadline != at) continue;  // superseded
    conn.deadline.reset();
    conn.ep.on_timer(now);
    pump(c);
  }
}

std::optional<TimeUs> Stack::poll_at() {
  std::optional<TimeUs> next;
  while (!deadlines_.empty()) {
    const auto [at, c] = deadlines_.top();
    const Conn& conn = *conns_[c];
    if (!conn.gone && conn.deadline == at) {
      next = at;
      break;
    }
    deadlines_.pop();
  }
  if (!linger_deadlines_.empty() && (!next || linger_deadlines_.begin()->first < *next)) {
    next = linger_deadlines_.begin()->first;
  }
  return next;
}

}  // namespace synack::sock

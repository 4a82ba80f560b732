#include "tcp_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace synack {

void PrintTo(SeqNum n, std::ostream* os) { *os << n.raw(); }

}  // namespace synack

namespace synack::tcp {

void PrintTo(State s, std::ostream* os) { *os << state_name(s); }
void PrintTo(SocketError e, std::ostream* os) {
  const char* names[] = {"none", "connection refused", "connection reset", "timed out"};
  *os << names[static_cast<int>(e)];
}
void PrintTo(CallResult r, std::ostream* os) { *os << '"' << call_result_text(r) << '"'; }

}  // namespace synack::tcp

namespace synack::tcp::test {
namespace {

// Always hands out kIss: every endpoint a builder makes starts at the same ISS.
IsnSource& our_isn() {
  static FixedIsn isn(kIss);
  return isn;
}

}  // namespace

Segment seg(std::string_view flags, std::uint32_t seq, std::uint32_t ack, std::string_view payload,
            std::uint16_t window) {
  Segment s;
  for (char c : flags) {
    switch (c) {
      case 'S': s.flags |= flag::SYN; break;
      case 'F': s.flags |= flag::FIN; break;
      case 'R': s.flags |= flag::RST; break;
      case 'P': s.flags |= flag::PSH; break;
      case '.': s.flags |= flag::ACK; break;
      default: ADD_FAILURE() << "unknown flag '" << c << "' in \"" << flags << "\"";
    }
  }
  s.seq = SeqNum(seq);
  s.ack = SeqNum(ack);
  s.window = window;
  if (s.has(flag::SYN)) s.mss = kPeerMss;
  s.payload = bytes(payload);
  return s;
}

std::string brief(const Segment& s) {
  std::string line = flags_to_string(s.flags) + " seq=" + std::to_string(s.seq.raw());
  if (s.has(flag::ACK)) line += " ack=" + std::to_string(s.ack.raw());
  line += " len=" + std::to_string(s.payload.size());
  return line;
}

Sent sent(Endpoint& ep) {
  Sent lines;
  for (const Segment& s : ep.take_segments()) lines.push_back(brief(s));
  return lines;
}

std::vector<std::uint8_t> bytes(std::string_view t) { return {t.begin(), t.end()}; }

std::string text(const std::vector<std::uint8_t>& data) { return {data.begin(), data.end()}; }

void send_text(Endpoint& ep, TimeUs now, std::string_view data) {
  const auto b = bytes(data);
  std::size_t accepted = 0;
  EXPECT_EQ(ep.send(now, b.data(), b.size(), &accepted), CallResult::Ok);
  EXPECT_EQ(accepted, b.size());
}

std::string receive_all(Endpoint& ep, TimeUs now) {
  std::vector<std::uint8_t> buf(ep.readable());
  buf.resize(ep.receive(now, buf.data(), buf.size()));
  return text(buf);
}

ConnectionId full_id() { return ConnectionId{kLocalIp, kLocalPort, kRemoteIp, kRemotePort}; }

Settings rfc793() {
  Settings s;
  s.rst_policy = RstSynPolicy::Rfc793;
  s.syn_policy = RstSynPolicy::Rfc793;
  return s;
}

const StateChange& last_change(const Endpoint& ep) {
  static const StateChange none{-1, State::Closed, State::Closed, "(no change recorded)"};
  return ep.history().empty() ? none : ep.history().back();
}

std::vector<Notice> notices(Endpoint& ep) {
  std::vector<Notice> kinds;
  for (const Notification& n : ep.take_notifications()) kinds.push_back(n.notice);
  return kinds;
}

bool contains(const std::vector<Notice>& list, Notice n) {
  return std::find(list.begin(), list.end(), n) != list.end();
}

// ---- builders ----

Endpoint closed(const Settings& s) {
  Endpoint ep(s, &our_isn());
  ep.set_id(full_id());
  return ep;
}

Endpoint listen(const Settings& s) {
  Endpoint ep = closed(s);
  ep.set_id(ConnectionId{kLocalIp, kLocalPort, 0, 0});
  EXPECT_EQ(ep.open_passive(kOpenAt), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(sent(ep), Sent{});
  ep.take_notifications();
  return ep;
}

Endpoint listen_with_peer(const Settings& s) {
  Endpoint ep = closed(s);
  EXPECT_EQ(ep.open_passive(kOpenAt), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::Listen);
  EXPECT_EQ(sent(ep), Sent{});
  ep.take_notifications();
  return ep;
}

Endpoint syn_sent(const Settings& s) {
  Endpoint ep = closed(s);
  EXPECT_EQ(ep.open_active(kOpenAt), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::SynSent);
  EXPECT_EQ(sent(ep), Sent{"S seq=1000 len=0"});
  ep.take_notifications();
  return ep;
}

Endpoint syn_received_passive(const Settings& s) {
  Endpoint ep = listen(s);
  ep.on_segment(kStep1, seg("S", kIrs));
  EXPECT_EQ(ep.state(), State::SynReceived);
  EXPECT_EQ(sent(ep), Sent{"S. seq=1000 ack=5001 len=0"});
  ep.take_notifications();
  return ep;
}

Endpoint syn_received_active(const Settings& s) {
  Endpoint ep = syn_sent(s);
  ep.on_segment(kStep1, seg("S", kIrs));
  EXPECT_EQ(ep.state(), State::SynReceived);
  EXPECT_EQ(sent(ep), Sent{"S. seq=1000 ack=5001 len=0"});
  ep.take_notifications();
  return ep;
}

Endpoint established(const Settings& s) {
  Endpoint ep = syn_sent(s);
  ep.on_segment(kStep1, seg("S.", kIrs, kIss + 1));
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5001 len=0"});
  ep.take_notifications();
  return ep;
}

Endpoint fin_wait_1(const Settings& s) {
  Endpoint ep = established(s);
  EXPECT_EQ(ep.close(kStep2), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::FinWait1);
  EXPECT_EQ(sent(ep), Sent{"F. seq=1001 ack=5001 len=0"});
  ep.take_notifications();
  return ep;
}

Endpoint fin_wait_2(const Settings& s) {
  Endpoint ep = fin_wait_1(s);
  ep.on_segment(kStep3, seg(".", 5001, 1002));
  EXPECT_EQ(ep.state(), State::FinWait2);
  EXPECT_EQ(sent(ep), Sent{});
  ep.take_notifications();
  return ep;
}

Endpoint time_wait(const Settings& s) {
  Endpoint ep = fin_wait_2(s);
  ep.on_segment(kStep4, seg("F.", 5001, 1002));
  EXPECT_EQ(ep.state(), State::TimeWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  ep.take_notifications();
  return ep;
}

Endpoint close_wait(const Settings& s) {
  Endpoint ep = established(s);
  ep.on_segment(kStep2, seg("F.", 5001, 1001));
  EXPECT_EQ(ep.state(), State::CloseWait);
  EXPECT_EQ(sent(ep), Sent{". seq=1001 ack=5002 len=0"});
  ep.take_notifications();
  return ep;
}

Endpoint last_ack(const Settings& s) {
  Endpoint ep = close_wait(s);
  EXPECT_EQ(ep.close(kStep3), CallResult::Ok);
  EXPECT_EQ(ep.state(), State::LastAck);
  EXPECT_EQ(sent(ep), Sent{"F. seq=1001 ack=5002 len=0"});
  ep.take_notifications();
  return ep;
}

Endpoint closing(const Settings& s) {
  Endpoint ep = fin_wait_1(s);
  ep.on_segment(kStep3, seg("F.", 5001, 1001));  // the peer's FIN, ours not yet acked
  EXPECT_EQ(ep.state(), State::Closing);
  EXPECT_EQ(sent(ep), Sent{". seq=1002 ack=5002 len=0"});
  ep.take_notifications();
  return ep;
}

}  // namespace synack::tcp::test

// SYN cookies (RFC 4987 §3.6): past a full SYN queue the listener answers with
// a SYN,ACK whose sequence number is the cookie and keeps nothing; the ACK that
// returns a valid cookie rebuilds the connection straight into ESTABLISHED.
#include <gtest/gtest.h>

#include <cerrno>

#include "tests/core/socket/stack_fixture.hpp"

namespace synack::sock::test {
namespace {

using tcp::State;

constexpr std::uint16_t kFiller = kPeerPort;       // fills the SYN queue
constexpr std::uint16_t kCookied = kPeerPort + 1;  // gets a cookie

StackSettings with_cookies() {
  StackSettings s;
  s.syn_cookies = true;
  return s;
}

// A listener with backlog 1 whose SYN queue is full.
struct CookieHost {
  explicit CookieHost(StackSettings s = with_cookies()) : h(s) {
    l = h.listener(1);
    h.syn(10 * kMillis, kFiller);
  }
  // A SYN from kCookied carrying `mss`; the cookie our SYN,ACK carried.
  std::uint32_t cookie_for(TimeUs now, std::uint16_t mss = tcp::test::kPeerMss) {
    tcp::Segment s = seg("S", kIrs);
    s.mss = mss;
    h.from_peer(now, s, kCookied);
    const auto sends = h.out().sends();
    EXPECT_EQ(sends.size(), 1u);
    if (sends.empty()) return 0;
    return sends[0].seg.seq.raw();
  }
  void ack_cookie(TimeUs now, std::uint32_t cookie, std::string_view payload = {}) {
    h.from_peer(now, seg(payload.empty() ? "." : "P.", kIrs + 1, cookie + 1, payload), kCookied);
  }

  Host h;
  int l = -1;
};

TEST(StackSynCookies, SynQueueFull_SynAckCarriesACookieAndNothingIsKept) {
  CookieHost ch;
  const std::size_t conns_before = ch.h.stack.connections().size();
  tcp::Segment syn = seg("S", kIrs);
  ch.h.from_peer(20 * kMillis, syn, kCookied);
  auto out = ch.h.out();
  const auto sends = out.sends();
  ASSERT_EQ(sends.size(), 1u);
  const tcp::Segment& sa = sends[0].seg;
  EXPECT_EQ(tcp::flags_to_string(sa.flags), "S.");
  EXPECT_EQ(sa.ack.raw(), kIrs + 1);
  EXPECT_NE(sa.seq.raw(), kIss);  // not the ISN source's number: the cookie
  EXPECT_EQ(sa.mss, 1460);        // our MSS, announced as on any SYN,ACK
  EXPECT_EQ(sends[0].src_port, kPort);
  EXPECT_EQ(sends[0].dst_port, kCookied);
  EXPECT_EQ(sends[0].dst, kPeerIp);
  EXPECT_EQ(out.counts(), std::vector<std::string>{"syn_cookies_sent"});
  EXPECT_TRUE(out.noted("SYN queue of :80 full; SYN,ACK carries a SYN cookie"))
      << ::testing::PrintToString(out.notes());
  EXPECT_EQ(out.opened().size(), 0u);
  EXPECT_EQ(out.queues().size(), 0u);
  EXPECT_EQ(ch.h.stack.connections().size(), conns_before);
  const ConnHandle listen_ep = ch.h.stack.conn_of(ch.l);
  EXPECT_EQ(ch.h.state_of(listen_ep), State::Listen);
  EXPECT_EQ(out.state_changes(listen_ep).size(), 0u);
}

TEST(StackSynCookies, CookiesOff_SynDropped) {
  CookieHost ch(StackSettings{});
  ch.h.from_peer(20 * kMillis, seg("S", kIrs), kCookied);
  auto out = ch.h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_EQ(out.counts(), std::vector<std::string>{"syn_dropped"});
}

TEST(StackSynCookies, SameSynTwice_SameCookie) {
  CookieHost ch;
  const std::uint32_t first = ch.cookie_for(20 * kMillis);
  const std::uint32_t second = ch.cookie_for(30 * kMillis);
  EXPECT_EQ(first, second);
}

TEST(StackSynCookies, CookieAck_RebuildsTheConnectionStraightToEstablished) {
  CookieHost ch;
  const std::uint32_t cookie = ch.cookie_for(20 * kMillis);
  ch.ack_cookie(30 * kMillis, cookie);
  auto out = ch.h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_EQ(out.counts(), std::vector<std::string>{"syn_cookies_accepted"});
  EXPECT_TRUE(out.noted("connection from 10.0.0.2:33001 rebuilt from its SYN cookie"))
      << ::testing::PrintToString(out.notes());
  ASSERT_EQ(out.opened().size(), 1u);
  const ConnHandle c = out.opened()[0].conn;
  EXPECT_EQ(out.opened()[0].id.remote_port, kCookied);
  const auto changes = out.state_changes(c);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].from, State::Listen);
  EXPECT_EQ(changes[0].to, State::Established);
  EXPECT_EQ(changes[0].cause, "rcv ACK of SYN cookie");
  EXPECT_EQ(changes[0].time, 30 * kMillis);

  const tcp::Status st = ch.h.stack.endpoint(c).status();
  EXPECT_EQ(st.iss.raw(), cookie);
  EXPECT_EQ(st.snd_una.raw(), cookie + 1);
  EXPECT_EQ(st.snd_nxt.raw(), cookie + 1);
  EXPECT_EQ(st.irs.raw(), kIrs);
  EXPECT_EQ(st.rcv_nxt.raw(), kIrs + 1);

  // Straight into the accept queue, past the full SYN queue.
  ASSERT_FALSE(out.queues().empty());
  EXPECT_EQ(out.queues().back().accept_queue, 1);
  EXPECT_EQ(out.queues().back().syn_queue, 1);  // the filler is still there
  EXPECT_TRUE(out.ready_for(ch.l));
  const Result r = ch.h.stack.accept(40 * kMillis, ch.l);
  ASSERT_EQ(r.err, 0);
  EXPECT_EQ(r.conn, c);
}

TEST(StackSynCookies, CookieAckWithData_DataReadableAfterAccept) {
  CookieHost ch;
  const std::uint32_t cookie = ch.cookie_for(20 * kMillis);
  ch.ack_cookie(30 * kMillis, cookie, "GET /");
  auto out = ch.h.out();
  EXPECT_EQ(out.segments(), (Sent{". seq=" + std::to_string(cookie + 1) + " ack=5006 len=0"}));
  const Result r = ch.h.stack.accept(40 * kMillis, ch.l);
  ASSERT_EQ(r.err, 0);
  auto [got, text] = recv_text(ch.h.stack, 40 * kMillis, static_cast<int>(r.value));
  EXPECT_EQ(text, "GET /");
}

TEST(StackSynCookies, BadCookieAck_AnsweredWithRst) {
  CookieHost ch;
  const std::uint32_t cookie = ch.cookie_for(20 * kMillis);
  const std::uint32_t wrong = cookie ^ 0x00010000u;  // a bit the MSS index does not use
  ch.ack_cookie(30 * kMillis, wrong);
  auto out = ch.h.out();
  EXPECT_EQ(out.segments(), (Sent{"R seq=" + std::to_string(wrong + 1) + " len=0"}));
  EXPECT_TRUE(out.counted("rst_sent"));
  EXPECT_FALSE(out.counted("syn_cookies_accepted"));
  EXPECT_EQ(out.opened().size(), 0u);
}

TEST(StackSynCookies, CookieFromThePreviousEpoch_StillAccepted) {
  CookieHost ch;
  const std::uint32_t cookie = ch.cookie_for(60 * kSeconds);  // epoch 0 (64 s each)
  ch.ack_cookie(70 * kSeconds, cookie);                       // epoch 1
  EXPECT_TRUE(ch.h.out().counted("syn_cookies_accepted"));
}

TEST(StackSynCookies, CookieTwoEpochsOld_AnsweredWithRst) {
  CookieHost ch;
  const std::uint32_t cookie = ch.cookie_for(20 * kMillis);  // epoch 0
  ch.ack_cookie(130 * kSeconds, cookie);                     // epoch 2
  auto out = ch.h.out();
  EXPECT_FALSE(out.counted("syn_cookies_accepted"));
  EXPECT_EQ(out.segments(), (Sent{"R seq=" + std::to_string(cookie + 1) + " len=0"}));
}

TEST(StackSynCookies, CookieFromAnotherPeerPort_AnsweredWithRst) {
  CookieHost ch;
  const std::uint32_t cookie = ch.cookie_for(20 * kMillis);
  ch.h.from_peer(30 * kMillis, seg(".", kIrs + 1, cookie + 1), kCookied + 7);
  auto out = ch.h.out();
  EXPECT_FALSE(out.counted("syn_cookies_accepted"));
  EXPECT_TRUE(out.counted("rst_sent"));
}

// The cookie's two low bits keep the largest of 536/1300/1440/1460 not above
// the client's MSS; the rebuilt connection sends segments of that size.
struct MssCase {
  std::uint16_t client_mss;
  std::uint16_t kept;
};

class StackSynCookieMss : public ::testing::TestWithParam<MssCase> {};

TEST_P(StackSynCookieMss, CookieKeepsTheClientsMss_SegmentsOfThatSize) {
  const MssCase m = GetParam();
  CookieHost ch;
  const std::uint32_t cookie = ch.cookie_for(20 * kMillis, m.client_mss);
  ch.ack_cookie(30 * kMillis, cookie);
  ch.h.out();
  const Result r = ch.h.stack.accept(40 * kMillis, ch.l);
  ASSERT_EQ(r.err, 0);
  const int fd = static_cast<int>(r.value);
  ASSERT_EQ(ch.h.stack.setsockopt(40 * kMillis, fd, SockOpt::NoDelay, 1).err, 0);
  const std::vector<std::uint8_t> data(3000, 'x');
  ASSERT_EQ(ch.h.stack.send(50 * kMillis, fd, data.data(), data.size()).value, 3000);
  const auto sends = ch.h.out().sends();
  ASSERT_GE(sends.size(), 2u);
  EXPECT_EQ(sends[0].seg.payload.size(), m.kept) << "client MSS " << m.client_mss;
  EXPECT_EQ(sends[1].seg.payload.size(), std::min<std::size_t>(m.kept, 3000 - m.kept));
}

INSTANTIATE_TEST_SUITE_P(MssTable, StackSynCookieMss,
                         ::testing::Values(MssCase{1460, 1460}, MssCase{9000, 1460},
                                           MssCase{1459, 1440}, MssCase{1440, 1440},
                                           MssCase{1400, 1300}, MssCase{1300, 1300},
                                           MssCase{1000, 536}, MssCase{536, 536}, MssCase{0, 536}));

TEST(StackSynCookies, CookieMssIndex_InTheLowBits) {
  CookieHost ch;
  EXPECT_EQ(ch.cookie_for(20 * kMillis, 536) & 3u, 0u);
  EXPECT_EQ(ch.cookie_for(20 * kMillis, 1300) & 3u, 1u);
  EXPECT_EQ(ch.cookie_for(20 * kMillis, 1440) & 3u, 2u);
  EXPECT_EQ(ch.cookie_for(20 * kMillis, 1460) & 3u, 3u);
}

TEST(StackSynCookies, AcceptQueueFull_NoCookieSynDropped) {
  Host h(with_cookies());
  h.listener(1);
  h.syn(10 * kMillis, kFiller);
  h.ack_of_syn(20 * kMillis, kFiller);  // accept queue 1/1
  h.out();
  h.from_peer(30 * kMillis, seg("S", kIrs), kCookied);
  auto out = h.out();
  EXPECT_EQ(out.segments(), Sent{});
  EXPECT_EQ(out.counts(), std::vector<std::string>{"syn_dropped"});
}

}  // namespace
}  // namespace synack::sock::test

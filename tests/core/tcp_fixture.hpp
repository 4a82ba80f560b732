// Fixtures for the TCP endpoint tests, in the manner of smoltcp's socket tests:
// each builder makes a connection in one state from the builder of the state
// before it (established() from syn_sent(), fin_wait_2() from fin_wait_1(), ...),
// checking every segment on the way, and hands it back with its outputs drained.
//
// The numbers are fixed so tests can spell segments out: our ISS is kIss (from
// a FixedIsn), the peer's is kIrs, and each builder step happens at a known time.
//
//   builder                  last step at   SND.UNA  SND.NXT  RCV.NXT
//   closed()                 -              -        -        -
//   listen()                 kOpenAt        -        -        -
//   syn_sent()               kOpenAt        1000     1001     -
//   syn_received_passive()   kStep1         1000     1001     5001
//   syn_received_active()    kStep1         1000     1001     5001
//   established()            kStep1         1001     1001     5001
//   fin_wait_1()             kStep2         1001     1002     5001
//   fin_wait_2()             kStep3         1002     1002     5001
//   time_wait()              kStep4         1002     1002     5002
//   close_wait()             kStep2         1001     1001     5002
//   last_ack()               kStep3         1001     1002     5002
//   closing()                kStep3         1001     1002     5002
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/isn.hpp"
#include "core/tcp_endpoint.hpp"
#include "core/tcp_segment.hpp"
#include "core/tcp_types.hpp"

// Readable failure messages: GoogleTest finds these by argument-dependent lookup.
namespace synack {
void PrintTo(SeqNum n, std::ostream* os);
}  // namespace synack

namespace synack::tcp {
void PrintTo(State s, std::ostream* os);
void PrintTo(SocketError e, std::ostream* os);
void PrintTo(CallResult r, std::ostream* os);
}  // namespace synack::tcp

namespace synack::tcp::test {

inline constexpr std::uint32_t kIss = 1000;  // our initial send sequence number
inline constexpr std::uint32_t kIrs = 5000;  // the peer's initial sequence number
inline constexpr std::uint16_t kPeerMss = 1000;      // announced on the peer's SYN
inline constexpr std::uint16_t kPeerWindow = 65535;  // the peer's window unless a test says
inline constexpr std::uint32_t kLocalIp = 0x0a000001;   // 10.0.0.1
inline constexpr std::uint32_t kRemoteIp = 0x0a000002;  // 10.0.0.2
inline constexpr std::uint16_t kLocalPort = 80;
inline constexpr std::uint16_t kRemotePort = 49152;

inline constexpr TimeUs kOpenAt = 0;
inline constexpr TimeUs kStep1 = 10 * kMillis;
inline constexpr TimeUs kStep2 = 20 * kMillis;
inline constexpr TimeUs kStep3 = 30 * kMillis;
inline constexpr TimeUs kStep4 = 40 * kMillis;
// A time after every builder step and before any timer a builder started.
inline constexpr TimeUs kNow = 100 * kMillis;

// A segment from the peer. `flags` in tcpdump's spelling: "S" SYN, "F" FIN,
// "R" RST, "P" PSH, "." ACK (so "S.", "F.", "R.", "P."). A SYN carries the MSS
// option kPeerMss.
Segment seg(std::string_view flags, std::uint32_t seq, std::uint32_t ack = 0,
            std::string_view payload = {}, std::uint16_t window = kPeerWindow);

// One line per segment with what the tests compare: "S. seq=1000 ack=5001 len=0"
// (no ack= without the ACK flag).
std::string brief(const Segment& s);
using Sent = std::vector<std::string>;
// Drains the endpoint's segments as brief() lines.
Sent sent(Endpoint& ep);

std::vector<std::uint8_t> bytes(std::string_view text);
std::string text(const std::vector<std::uint8_t>& data);
// SEND of `data`; expects the call to succeed.
void send_text(Endpoint& ep, TimeUs now, std::string_view data);
// RECEIVE of everything readable, as text.
std::string receive_all(Endpoint& ep, TimeUs now);

// The peer's side of the connection as seen by our endpoint.
ConnectionId full_id();

// The builders. Each expects its own steps to go as RFC 9293 says and drains
// segments and notifications, so a test starts with empty outputs.
Endpoint closed(const Settings& s = {});
Endpoint listen(const Settings& s = {});  // passive OPEN, foreign socket unspecified
Endpoint listen_with_peer(const Settings& s = {});  // passive OPEN, foreign socket given
Endpoint syn_sent(const Settings& s = {});
Endpoint syn_received_passive(const Settings& s = {});
Endpoint syn_received_active(const Settings& s = {});  // simultaneous open
Endpoint established(const Settings& s = {});
Endpoint fin_wait_1(const Settings& s = {});
Endpoint fin_wait_2(const Settings& s = {});
Endpoint time_wait(const Settings& s = {});
Endpoint close_wait(const Settings& s = {});
Endpoint last_ack(const Settings& s = {});
Endpoint closing(const Settings& s = {});

Settings rfc793();  // default settings with the RFC 793 RST and SYN policies

// The last recorded state change.
const StateChange& last_change(const Endpoint& ep);
// Drains the notifications, keeping what they announce.
std::vector<Notice> notices(Endpoint& ep);
bool contains(const std::vector<Notice>& list, Notice n);

}  // namespace synack::tcp::test

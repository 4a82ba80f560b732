// Fixtures for the socket layer's tests: one host (a sock::Stack over fake
// interfaces) and a peer the test plays by hand. The test builds the peer's
// segments with tcp::test::seg(), feeds them in, and reads what the stack put
// out, sorted by kind.
//
// Addresses and numbers are fixed so tests can spell segments out:
//   the host is 10.0.0.1 (broadcast 10.0.0.255), the peer 10.0.0.2;
//   192.168.0.0/16 has no route;
//   our ISS is 1000 (every connection), the peer's 5000;
//   the host listens on port 80, the peer connects from 33000 (and up);
//   the host connects to the peer's port 443 from its ephemeral ports (49152 up).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/socket/stack.hpp"
#include "tests/core/tcp_fixture.hpp"

namespace synack::sock::test {

using tcp::kMillis;
using tcp::kSeconds;
using tcp::TimeUs;
using tcp::test::brief;
using tcp::test::kIrs;
using tcp::test::kIss;
using tcp::test::seg;
using tcp::test::Sent;

inline constexpr Ip kHostIp = 0x0a000001;           // 10.0.0.1
inline constexpr Ip kPeerIp = 0x0a000002;           // 10.0.0.2
inline constexpr Ip kBroadcastIp = 0x0a0000ff;      // 10.0.0.255
inline constexpr Ip kOtherHostIp = 0x0a000003;      // 10.0.0.3: on the LAN, not ours
inline constexpr Ip kUnroutedIp = 0xc0a80001;       // 192.168.0.1: no route there
inline constexpr std::uint16_t kPort = 80;          // the host's listening port
inline constexpr std::uint16_t kPeerPort = 33000;   // the peer's first client port
inline constexpr std::uint16_t kServicePort = 443;  // the peer's listening port
inline constexpr std::uint16_t kEphemeral = 49152;  // StackSettings' first ephemeral port

// One address, 10.0.0.1/24, and a route everywhere but 192.168.0.0/16.
class FakeInterfaces final : public Interfaces {
 public:
  bool is_local(Ip ip) const override { return ip == kHostIp; }
  std::optional<Ip> source_for(Ip dst) const override {
    if ((dst & 0xFFFF0000u) == 0xc0a80000u) return std::nullopt;
    return kHostIp;
  }
  bool is_broadcast(Ip ip) const override { return ip == kBroadcastIp || ip == 0xFFFFFFFFu; }
  Ip primary() const override { return kHostIp; }
};

// What the stack put out since the last look, with views by kind.
struct Outputs {
  std::vector<Output> all;

  std::vector<SendSegment> sends() const;
  Sent segments() const;  // brief() lines of the segments sent
  std::vector<SendDatagram> datagrams() const;
  std::vector<std::string> counts() const;
  bool counted(std::string_view counter) const;
  std::vector<std::string> notes() const;
  bool noted(std::string_view part) const;  // some note contains `part`
  std::vector<QueueChange> queues() const;
  std::vector<int> ready() const;
  bool ready_for(int fd) const;
  std::vector<ConnOpened> opened() const;
  std::vector<tcp::Record> records(ConnHandle c) const;
  std::vector<tcp::StateChange> state_changes(ConnHandle c) const;
  std::vector<tcp::TimerChange> timers(ConnHandle c) const;
};

// "S.-LISTEN>SYN-RECEIVED" style path of a connection's state changes.
std::string path(const std::vector<tcp::StateChange>& changes);

class Host {
 public:
  explicit Host(StackSettings settings = {});

  // Everything put out since the last call.
  Outputs out();

  // The peer (10.0.0.2:from) sends `s` to the host's port `to`.
  void from_peer(TimeUs now, const tcp::Segment& s, std::uint16_t from = kPeerPort,
                 std::uint16_t to = kPort);

  // The peer's server (10.0.0.2:443) sends `s` to our first ephemeral port.
  void from_service(TimeUs now, const tcp::Segment& s) {
    from_peer(now, s, kServicePort, kEphemeral);
  }

  // socket, bind to :80, listen(backlog); outputs drained.
  int listener(int backlog = 5);
  // The peer's SYN from port `from` to a listener on :80; our SYN,ACK is checked.
  void syn(TimeUs now, std::uint16_t from = kPeerPort);
  // The peer's ACK of our SYN,ACK: the handshake's third segment.
  void ack_of_syn(TimeUs now, std::uint16_t from = kPeerPort);
  // A listener and one connection accepted from the peer at kPeerPort; the
  // new fd, with outputs drained. RCV.NXT 5001, SND.NXT 1001.
  int accepted(int* listener_fd = nullptr);
  // A socket connected to the peer's :443 from our first ephemeral port;
  // the fd, with outputs drained. RCV.NXT 5001, SND.NXT 1001.
  int client();

  // The connection's current state.
  tcp::State state_of(ConnHandle c) const { return stack.endpoint(c).state(); }

  FakeInterfaces interfaces;
  tcp::FixedIsn isn{kIss};
  Stack stack;
};

// Bytes of `text`, and a stack call's payload back as text.
std::vector<std::uint8_t> bytes(std::string_view text);
Result send_text(Stack& stack, TimeUs now, int fd, std::string_view text);
// recv into a buffer of `cap` bytes: the result and what was read.
std::pair<Result, std::string> recv_text(Stack& stack, TimeUs now, int fd, std::size_t cap = 4096);

}  // namespace synack::sock::test

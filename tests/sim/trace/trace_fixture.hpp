// Hand-built traces for the tests of what reads a Trace: three hosts on one
// switch, real frames built with core/wire, and records laid down the way the
// simulator lays them down (sent, delivered at the switch, forwarded, delivered).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/trace/trace.hpp"

namespace synack::trace::testing {

inline const wire::MacAddress kClientMac({0x02, 0, 0, 0, 0, 0x01});
inline const wire::MacAddress kServerMac({0x02, 0, 0, 0, 0, 0x02});
inline const wire::MacAddress kOtherMac({0x02, 0, 0, 0, 0, 0x03});
inline constexpr wire::Ipv4Address kClientIp(10, 0, 0, 1);
inline constexpr wire::Ipv4Address kServerIp(10, 0, 0, 2);
inline constexpr wire::Ipv4Address kOtherIp(10, 0, 0, 3);
inline constexpr std::uint16_t kClientPort = 49152;
inline constexpr std::uint16_t kServerPort = 80;
inline constexpr std::uint32_t kClientIsn = 1000;
inline constexpr std::uint32_t kServerIsn = 5000;

// client, server and other (hosts) on sw1; links l1, l2, l3 to switch ports 1, 2, 3.
struct Lan {
  Lan();

  Trace trace;
  NodeId client = 0, server = 1, other = 2, sw = 3;

  // A TCP frame between client and server, in the direction `from_client` says.
  FrameId tcp(bool from_client, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
              std::size_t len = 0, std::uint16_t client_port = kClientPort);
  FrameId arp_request(bool from_client);  // who-has the other one, broadcast
  FrameId arp_reply(bool from_client);    // to the other one
  FrameId udp(std::size_t len);           // client:5000 -> server:6000
  FrameId port_unreachable();             // server -> client, quoting udp(4)

  // host -> sw1 -> host, 10 us per link; a flooded frame reaches server and other.
  void cross(TimeUs t, FrameId frame, NodeId from, NodeId to, bool flooded = false);
  // host -> sw1, then lost on the switch's link to `to`.
  void lose(TimeUs t, FrameId frame, NodeId from, NodeId to, std::string_view reason);

  void call(TimeUs t, NodeId host, std::string_view name, std::string_view text,
            std::int64_t result, int err = 0, CallPhase phase = CallPhase::Returned,
            std::string_view data = {});
  void state(TimeUs t, NodeId host, ConnId conn, tcp::State from, tcp::State to,
             std::string_view cause);

  LinkId link_of(NodeId host) const { return host; }  // l1, l2, l3 in host order
};

// The client connects to server:80 and sends 5 bytes that are lost once and
// retransmitted; the server reads them; then a bind on the server fails with
// EADDRINUSE. Connections:
// 0 the client's, 1 the server's listener, 2 the server's accepted one.
Lan handshake();

}  // namespace synack::trace::testing

#include "sim/scenario/counters.hpp"

#include <algorithm>
#include <string>

#include "sim/lang/tr.hpp"

namespace synack::scenario {

namespace {

struct Nodes {
  bool hosts, routers, switches;
};
constexpr Nodes kHosts{true, false, false};
constexpr Nodes kRouters{false, true, false};
constexpr Nodes kSwitches{false, false, true};
constexpr Nodes kHostsAndRouters{true, true, false};
constexpr Nodes kEveryNode{true, true, true};

CounterInfo counted(std::string_view name, Nodes by, std::string_view meaning) {
  return {name, by.hosts, by.routers, by.switches, meaning};
}

}  // namespace

const std::vector<CounterInfo>& counters_list() {
  using namespace counter;
  static const std::vector<CounterInfo> kList = {
      counted(kAcceptQueueOverflow, kHosts,
              "a handshake's last ACK dropped because the accept queue was full"),
      counted(kArpFailures, kHostsAndRouters,
              "addresses ARP gave up on after arp_retries requests; their packets are dropped"),
      counted(kArpRequests, kHostsAndRouters, "ARP requests sent, retries included"),
      counted(kFramesDropped, kEveryNode,
              "frames this node sent that the link lost (loss, a drop fault, a cut link)"),
      counted(kFramesFiltered, kSwitches,
              "frames not forwarded because their destination is on the port they came from"),
      counted(kFramesFlooded, kSwitches,
              "frames sent out of every other port: broadcast, or an unknown destination"),
      counted(kIcmpRateLimited, kHostsAndRouters,
              "ICMP errors not sent: the destination's rate limit was spent (icmp_ratelimit)"),
      counted(kIcmpSent, kHostsAndRouters,
              "ICMP errors sent: port, net or host unreachable, time exceeded"),
      counted(kNoRoute, kHostsAndRouters,
              "packets dropped because no route leads to their address"),
      counted(kPacketsForwarded, kRouters, "IPv4 packets forwarded to the next hop"),
      counted(kRstSent, kHosts, "TCP segments sent with RST"),
      counted(kSynCookiesAccepted, kHosts, "connections rebuilt from a valid SYN cookie in an ACK"),
      counted(kSynCookiesSent, kHosts,
              "SYN,ACKs carrying a SYN cookie, sent because the SYN queue was full"),
      counted(kSynDropped, kHosts, "SYNs dropped because the SYN or accept queue was full"),
      counted(kSynFloodSent, kHosts, "SYNs a syn_flood step sent"),
      counted(kTtlExceeded, kRouters, "packets discarded because their TTL ran out"),
      counted(kUdpNoSocket, kHosts, "UDP datagrams to a port no socket is bound to"),
      counted(kUdpTruncated, kHosts, "UDP datagrams cut short by a recvfrom with a smaller buffer"),
  };
  return kList;
}

const CounterInfo* find_counter(std::string_view name) {
  const std::vector<CounterInfo>& list = counters_list();
  const auto it =
      std::find_if(list.begin(), list.end(), [&](const CounterInfo& c) { return c.name == name; });
  return it != list.end() ? &*it : nullptr;
}

std::string counted_by(const CounterInfo& info) {
  if (info.hosts && info.routers && info.switches) return lang::tr("every node");
  if (info.hosts && info.routers) return lang::tr("hosts and routers");
  if (info.hosts && info.switches) return lang::tr("hosts and switches");
  if (info.routers && info.switches) return lang::tr("routers and switches");
  if (info.hosts) return lang::tr("hosts");
  return info.routers ? lang::tr("routers") : lang::tr("switches");
}

}  // namespace synack::scenario

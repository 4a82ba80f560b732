// The counters nodes keep, in one list: the name each is counted under, the
// kinds of node that count it, and what it counts. A `counter` expectation
// must name one of them, docs/scenarios.md lists them all, and a test runs
// every scenario to check the simulator counts nothing else. The simulator
// counts under the names below.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace synack::scenario {

namespace counter {
inline constexpr std::string_view kAcceptQueueOverflow = "accept_queue_overflow";
inline constexpr std::string_view kArpFailures = "arp_failures";
inline constexpr std::string_view kArpRequests = "arp_requests";
inline constexpr std::string_view kFramesDropped = "frames_dropped";
inline constexpr std::string_view kFramesFiltered = "frames_filtered";
inline constexpr std::string_view kFramesFlooded = "frames_flooded";
inline constexpr std::string_view kIcmpRateLimited = "icmp_rate_limited";
inline constexpr std::string_view kIcmpSent = "icmp_sent";
inline constexpr std::string_view kNoRoute = "no_route";
inline constexpr std::string_view kPacketsForwarded = "packets_forwarded";
inline constexpr std::string_view kRstSent = "rst_sent";
inline constexpr std::string_view kSynCookiesAccepted = "syn_cookies_accepted";
inline constexpr std::string_view kSynCookiesSent = "syn_cookies_sent";
inline constexpr std::string_view kSynDropped = "syn_dropped";
inline constexpr std::string_view kSynFloodSent = "syn_flood_sent";
inline constexpr std::string_view kTtlExceeded = "ttl_exceeded";
inline constexpr std::string_view kUdpNoSocket = "udp_no_socket";
inline constexpr std::string_view kUdpTruncated = "udp_truncated";
}  // namespace counter

struct CounterInfo {
  std::string_view name;
  bool hosts = false, routers = false, switches = false;  // the nodes that count it
  std::string_view meaning;                               // one line, for the docs
};

// In alphabetical order.
const std::vector<CounterInfo>& counters_list();
// nullptr when no counter has this name.
const CounterInfo* find_counter(std::string_view name);
// "hosts", "hosts and routers", "switches", "every node", ... in the language in force.
std::string counted_by(const CounterInfo& info);

}  // namespace synack::scenario

#include "sim/live/linux_settings.hpp"

#include <fmt/format.h>

#include "sim/scenario/settings_list.hpp"

namespace synack::live {

namespace {

enum class Via { Sysctl, Route, Socket, None };

// How Linux takes each setting of the one settings list; `what` is the sysctl
// or metric name, or why Linux cannot.
struct Mapping {
  std::string_view key;
  Via via;
  std::string_view what;
  std::int64_t scale = 1;  // the setting's whole number divided by this
  bool by_name = false;    // a choice is written by its name, not its number
};

constexpr Mapping kMappings[] = {
    // A profile is mapped through the values it sets, one by one.
    {"stack", Via::None, ""},
    {"msl", Via::None, "Linux holds TIME-WAIT for a fixed 60 s (TCP_TIMEWAIT_LEN)"},
    {"initial_rto", Via::None, "Linux's initial RTO is a fixed 1 s (TCP_TIMEOUT_INIT)"},
    {"min_rto", Via::Route, "rto_min", 1000},
    {"max_rto", Via::None, "Linux's RTO ceiling is a fixed 120 s (TCP_RTO_MAX)"},
    {"rto_slop", Via::None, "Linux adds nothing to a backed-off RTO"},
    {"syn_retries", Via::Sysctl, "net.ipv4.tcp_syn_retries"},
    {"connect_timeout", Via::None, "Linux ends an opening by its SYN retries alone"},
    {"data_retries", Via::Sysctl, "net.ipv4.tcp_retries2"},
    {"delayed_ack", Via::Route, "quickack"},
    {"delayed_ack_timeout", Via::None, "Linux's delayed ACK timer adapts (40 ms to 200 ms)"},
    {"nagle", Via::Socket, "TCP_NODELAY on every socket"},
    {"nagle_strict", Via::None, "Linux's Nagle is the Minshall variant (nagle_strict off)"},
    {"initial_window", Via::Route, "initcwnd"},
    {"congestion_control", Via::Sysctl, "net.ipv4.tcp_congestion_control", 1, true},
    {"mtu", Via::Route, "mtu"},
    {"mss", Via::Route, "advmss"},
    {"window_scaling", Via::Sysctl, "net.ipv4.tcp_window_scaling"},
    {"window_scale", Via::None, "Linux picks its shift from tcp_rmem's largest buffer"},
    {"timestamps", Via::Sysctl, "net.ipv4.tcp_timestamps"},
    {"sack", Via::Sysctl, "net.ipv4.tcp_sack"},
    {"ecn", Via::Sysctl, "net.ipv4.tcp_ecn"},
    {"ecn_setup_retries", Via::None,
     "Linux's retransmitted SYN offers no ECN (net.ipv4.tcp_ecn_fallback)"},
    {"syn_retries_with_options", Via::None, "Linux's retransmitted SYN keeps its options"},
    {"ack_every_other_segment", Via::None,
     "Linux ACKs every second full-sized segment, and at once in quick-ACK mode"},
    {"receive_buffer", Via::Socket, "SO_RCVBUF on every socket"},
    {"send_buffer", Via::Socket, "SO_SNDBUF on every socket"},
    {"rst_policy", Via::None, "Linux answers an in-window RST with a challenge ACK (RFC 5961)"},
    {"syn_policy", Via::None, "Linux answers a SYN on a connection with a challenge ACK"},
    {"time_wait_ignores_rst", Via::Sysctl, "net.ipv4.tcp_rfc1337"},
    {"ack_in_old_segment", Via::None, "a fixed behaviour of Linux"},
    {"ack_carries_unacked_fin", Via::None, "a fixed behaviour of Linux"},
    {"drop_syn_fin", Via::None, "a fixed behaviour of Linux (it drops SYN+FIN)"},
    {"rst_on_data_after_close", Via::None, "a fixed behaviour of Linux (it resets)"},
    {"icmp_aborts_open", Via::None,
     "Linux ends an opening connection on any ICMP error (tcp_v4_err)"},
    {"report_soft_errors", Via::None, "Linux's SO_ERROR always reads a soft error"},
    {"synack_retries", Via::Sysctl, "net.ipv4.tcp_synack_retries"},
    {"syn_cookies", Via::Sysctl, "net.ipv4.tcp_syncookies"},
    {"accept_backlog_plus_one", Via::None, "Linux's accept queue always holds backlog + 1"},
    {"reuse_addr_both", Via::None, "Linux always asks SO_REUSEADDR of both sockets"},
    {"linger_timeout_ewouldblock", Via::None, "Linux's close() returns 0 when SO_LINGER runs out"},
    {"arp_cache_timeout", Via::None, "Linux ages neighbours by reachability, not a fixed time"},
    {"arp_retry_interval", Via::Sysctl, "net.ipv4.neigh.default.retrans_time_ms", 1000},
    {"arp_retries", Via::Sysctl, "net.ipv4.neigh.default.mcast_solicit"},
    {"ttl", Via::Sysctl, "net.ipv4.ip_default_ttl"},
    {"icmp_ratelimit", Via::Sysctl, "net.ipv4.icmp_ratelimit", 1000},
    {"icmp_burst", Via::None, "Linux's burst is a fixed 6 per destination (XRLIM_BURST_FACTOR)"},
    {"ephemeral_port_first", Via::Sysctl, "net.ipv4.ip_local_port_range"},
    {"isn", Via::None, "Linux draws every ISN itself (RFC 6528)"},
};

std::string shown(const scenario::SettingInfo& info, std::int64_t v) {
  switch (info.kind) {
    case scenario::SettingKind::Duration: return fmt::format("{} ms", v / 1000.0);
    case scenario::SettingKind::Flag: return v != 0 ? "true" : "false";
    case scenario::SettingKind::Choice:
      return std::string(info.choices.at(static_cast<std::size_t>(v)));
    default: return std::to_string(v);
  }
}

}  // namespace

const std::vector<std::string>& textbook_sysctls() {
  static const std::vector<std::string> kList = {"net.ipv4.tcp_autocorking=0"};
  return kList;
}

LinuxSetup linux_setup(const scenario::HostSettings& settings) {
  LinuxSetup out;
  out.node.sysctls = textbook_sysctls();
  const scenario::HostSettings defaults;
  for (const scenario::SettingInfo& info : scenario::settings_list()) {
    const Mapping* m = nullptr;
    for (const Mapping& candidate : kMappings) {
      if (candidate.key == info.key) m = &candidate;
    }
    const std::optional<std::int64_t> value = info.access.get(settings);
    const bool changed = value != info.access.get(defaults);
    if (info.key == "stack") continue;
    if (m == nullptr || !value) {
      if (value || changed)
        out.not_honoured.push_back(fmt::format("{}: not known to live mode", info.key));
      continue;
    }
    const std::string line = fmt::format("{} {}", info.key, shown(info, *value));
    const std::int64_t v = *value / m->scale;
    switch (m->via) {
      case Via::Sysctl: {
        std::string set = info.key == "ephemeral_port_first"
                              ? fmt::format("{}={} 60999", m->what, v)
                          : m->by_name ? fmt::format("{}={}", m->what, shown(info, v))
                                       : fmt::format("{}={}", m->what, v);
        out.node.sysctls.push_back(set);
        out.applied.push_back(line + ": " + set);
        break;
      }
      case Via::Route: {
        if (info.key == "delayed_ack") {
          if (*value != 0) continue;  // Linux delays ACKs already
          out.node.route_metrics.insert(out.node.route_metrics.end(), {"quickack", "1"});
          out.applied.push_back(line + ": route metric quickack 1");
          break;
        }
        if (!changed && info.key != "min_rto") continue;
        if (info.key == "initial_window" && v == 0) continue;
        const std::string metric =
            info.key == "min_rto" ? fmt::format("{}ms", v) : fmt::format("{}", v);
        out.node.route_metrics.insert(out.node.route_metrics.end(), {std::string(m->what), metric});
        out.applied.push_back(fmt::format("{}: route metric {} {}", line, m->what, metric));
        break;
      }
      case Via::Socket:
        if (changed) out.applied.push_back(fmt::format("{}: {}", line, m->what));
        break;
      case Via::None:
        if (changed) out.not_honoured.push_back(fmt::format("{}: {}", line, m->what));
        break;
    }
  }
  return out;
}

}  // namespace synack::live

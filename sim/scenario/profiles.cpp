#include "sim/scenario/profiles.hpp"

#include <algorithm>

#include "sim/scenario/settings_list.hpp"

namespace synack::scenario {

namespace {

constexpr std::int64_t kMs = tcp::kMillis;
constexpr std::int64_t kS = tcp::kSeconds;

}  // namespace

const std::vector<ProfileInfo>& profiles() {
  static const std::vector<ProfileInfo> kProfiles = {
      {"rfc",
       "the textbook's: RFC 9293, RFC 6298, RFC 5681 and RFC 1122 where they give a value, "
       "the defaults of every setting",
       {}},
      {"linux",
       "Linux 6.1 with its default sysctls, as the live mode runs it",
       {
           // Linux starts each connection in quick-ACK mode (up to 16 segments
           // ACKed at once, tcp_enter_quickack_mode()), which the model's
           // delayed ACK does not have; a lesson's few segments fall in it.
           {"delayed_ack", 0, "quick-ACK mode at a connection's start (net/ipv4/tcp_input.c)"},
           {"delayed_ack_timeout", 40 * kMs, "TCP_DELACK_MIN (include/net/tcp.h)"},
           {"initial_rto", 1 * kS, "TCP_TIMEOUT_INIT (include/net/tcp.h)"},
           {"min_rto", 200 * kMs, "TCP_RTO_MIN (include/net/tcp.h)"},
           {"max_rto", 120 * kS, "TCP_RTO_MAX (include/net/tcp.h)"},
           {"initial_window", 10, "TCP_INIT_CWND (include/net/tcp.h), RFC 6928"},
           {"congestion_control", 1,
            "net.ipv4.tcp_congestion_control = cubic (CONFIG_DEFAULT_TCP_CONG, net/ipv4/Kconfig)"},
           {"syn_retries", 6, "net.ipv4.tcp_syn_retries"},
           {"synack_retries", 5, "net.ipv4.tcp_synack_retries"},
           {"data_retries", 15, "net.ipv4.tcp_retries2"},
           {"msl", 30 * kS, "TCP_TIMEWAIT_LEN: TIME-WAIT is a fixed 60 s (include/net/tcp.h)"},
           {"syn_cookies", 1, "net.ipv4.tcp_syncookies = 1: cookies once the SYN queue is full"},
           {"accept_backlog_plus_one", 1,
            "sk_acceptq_is_full() compares with > "
            "(include/net/sock.h)"},
           {"reuse_addr_both", 1,
            "inet_csk_bind_conflict() asks SO_REUSEADDR of both sockets "
            "(net/ipv4/inet_connection_sock.c)"},
           {"time_wait_ignores_rst", 0, "net.ipv4.tcp_rfc1337 = 0: a RST ends TIME-WAIT"},
           {"drop_syn_fin", 1, "tcp_rcv_state_process() discards SYN with FIN in LISTEN"},
           {"nagle_strict", 0, "tcp_nagle_check(): Minshall's variant"},
           {"ephemeral_port_first", 32768, "net.ipv4.ip_local_port_range = 32768 60999"},
           {"window_scaling", 1, "net.ipv4.tcp_window_scaling = 1"},
           {"window_scale", 7,
            "tcp_select_initial_window() for tcp_rmem's 6 MB maximum "
            "(net/ipv4/tcp_output.c)"},
           {"timestamps", 1, "net.ipv4.tcp_timestamps = 1"},
           {"sack", 1, "net.ipv4.tcp_sack = 1"},
           {"icmp_aborts_open", 0,
            "tcp_v4_err() ends a SYN-SENT or SYN-RECV socket on any ICMP error "
            "(net/ipv4/tcp_ipv4.c)"},
           {"report_soft_errors", 1,
            "SO_ERROR reads sk_err_soft (sk_getsockopt(), net/core/sock.c)"},
           {"ttl", 64, "net.ipv4.ip_default_ttl"},
           {"icmp_ratelimit", 1000 * kMs, "net.ipv4.icmp_ratelimit"},
           {"icmp_burst", 6, "XRLIM_BURST_FACTOR (net/ipv4/inetpeer.c)"},
           {"ecn", 2, "net.ipv4.tcp_ecn = 2: accepted when a SYN offers it"},
       }},
      {"freebsd",
       "FreeBSD, as its TCP test suite expects; the packetdrill runner uses it",
       {
           {"receive_buffer", 65535, "net.inet.tcp.recvspace, within a window without scaling"},
           {"send_buffer", 32768, "net.inet.tcp.sendspace"},
           {"initial_window", 10, "net.inet.tcp.initcwnd_segments"},
           {"congestion_control", 1,
            "net.inet.tcp.cc.algorithm = cubic, the default since FreeBSD 14.0 (cc_cubic(4))"},
           {"max_rto", 64 * kS, "TCPTV_REXMTMAX (sys/netinet/tcp_timer.h)"},
           {"rto_slop", 200 * kMs, "net.inet.tcp.rexmit_slop = TCPTV_CPU_VAR"},
           {"syn_retries", 12, "TCP_MAXRXTSHIFT (sys/netinet/tcp_timer.h)"},
           {"connect_timeout", 75 * kS, "net.inet.tcp.keepinit = TCPTV_KEEP_INIT"},
           {"synack_retries", 6,
            "a SYN-RECEIVED connection backs off as a SYN-SENT one "
            "(tcp_timer_rexmt(), sys/netinet/tcp_timer.c)"},
           {"time_wait_ignores_rst", 1,
            "tcp_twcheck() drops a RST in TIME-WAIT "
            "(sys/netinet/tcp_timewait.c)"},
           {"ack_in_old_segment", 1,
            "tcp_input() processes the ACK of an old duplicate "
            "(sys/netinet/tcp_input.c)"},
           {"ack_carries_unacked_fin", 1,
            "tcp_output() sends a pending ACK on a retransmitted "
            "FIN (sys/netinet/tcp_output.c)"},
           {"nagle_strict", 1, "tcp_output() holds a short segment while data is unacknowledged"},
           {"delayed_ack", 1, "net.inet.tcp.delayed_ack = 1"},
           {"delayed_ack_timeout", 40 * kMs, "TCPTV_DELACK (sys/netinet/tcp_timer.h)"},
           {"ack_every_other_segment", 1,
            "DELAY_ACK() delays only while no ACK is pending (sys/netinet/tcp_input.c)"},
           {"window_scaling", 1, "net.inet.tcp.rfc1323 = 1"},
           {"window_scale", 6,
            "the least shift that covers kern.ipc.maxsockbuf = 2 MB "
            "(tcp_connect(), sys/netinet/tcp_usrreq.c)"},
           {"timestamps", 1, "net.inet.tcp.rfc1323 = 1"},
           {"sack", 1, "net.inet.tcp.sack.enable = 1"},
           {"ecn", 2, "net.inet.tcp.ecn.enable = 2: accepted when a SYN offers it"},
           {"ecn_setup_retries", 1, "net.inet.tcp.ecn.maxretries = 1"},
           {"linger_timeout_ewouldblock", 1,
            "soclose() returns tsleep()'s EWOULDBLOCK (sys/kern/uipc_socket.c)"},
           {"icmp_aborts_open", 2,
            "net.inet.tcp.icmp_may_rst = 1: tcp_ctlinput() drops a SYN-SENT connection on "
            "port, protocol unreachable, prohibited, TTL exceeded (sys/netinet/tcp_subr.c)"},
           {"report_soft_errors", 0,
            "t_softerror is reported only when the connection times out "
            "(sys/netinet/tcp_timer.c)"},
           {"ttl", 64, "net.inet.ip.ttl"},
           {"icmp_ratelimit", 5 * kMs, "net.inet.icmp.icmplim = 200 per second"},
           {"icmp_burst", 200, "net.inet.icmp.icmplim: 200 in each second"},
       }},
  };
  return kProfiles;
}

void apply_profile(StackProfile p, HostSettings& s) {
  const HostSettings defaults;
  const std::vector<ProfileValue>& mine = profiles().at(static_cast<std::size_t>(p)).values;
  for (const ProfileInfo& profile : profiles()) {
    for (const ProfileValue& v : profile.values) {
      const auto info = std::find_if(settings_list().begin(), settings_list().end(),
                                     [&](const SettingInfo& i) { return i.key == v.key; });
      const auto own = std::find_if(mine.begin(), mine.end(),
                                    [&](const ProfileValue& m) { return m.key == v.key; });
      if (own != mine.end()) {
        info->access.set(s, own->value);
      } else if (const auto d = info->access.get(defaults)) {
        info->access.set(s, *d);
      }
    }
  }
  s.stack = p;
}

HostSettings under_profile(StackProfile p, const HostSettings& s) {
  const HostSettings defaults;
  HostSettings out;
  apply_profile(p, out);
  for (const SettingInfo& info : settings_list()) {
    const std::optional<std::int64_t> v = info.access.get(s);
    if (info.key != "stack" && v && v != info.access.get(defaults)) info.access.set(out, *v);
  }
  return out;
}

sock::StackSettings stack_settings(const HostSettings& s) {
  sock::StackSettings out;
  out.tcp = s.tcp;
  out.tcp.mss = s.mss.value_or(static_cast<std::uint16_t>(s.mtu - 40));
  out.synack_retries = s.synack_retries;
  out.syn_cookies = s.syn_cookies;
  out.accept_backlog_plus_one = s.accept_backlog_plus_one;
  out.reuse_addr_both = s.reuse_addr_both;
  out.linger_timeout_ewouldblock = s.linger_timeout_ewouldblock;
  out.ephemeral_port_first = s.ephemeral_port_first;
  return out;
}

}  // namespace synack::scenario

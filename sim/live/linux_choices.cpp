#include "sim/live/linux_choices.hpp"

#include <stdexcept>
#include <string>

namespace synack::live {

const std::vector<LinuxChoice>& linux_choices() {
  static const std::vector<LinuxChoice> kTable = {
      {"delayed_ack",
       "Linux delays an ACK 40 ms to 200 ms, and ACKs at once while a connection starts "
       "(quick-ACK mode)",
       "tcp(7) TCP_QUICKACK; net/ipv4/tcp_input.c, TCP_ATO_MIN"},
      {"ack_on_fin",
       "Linux sends its FIN with the ACK of what it received when the application closes before "
       "that ACK went out",
       "RFC 9293 §3.10.4 (CLOSE in CLOSE-WAIT); net/ipv4/tcp_output.c, tcp_send_fin"},
      {"tcp_options",
       "Linux lays out its options as mss,sackOK,TS,nop,wscale; the model as FreeBSD does "
       "(mss,nop,wscale,sackOK,TS); each is on or off as the scenario's settings say",
       "Documentation/networking/ip-sysctl.rst: tcp_sack, tcp_timestamps, tcp_window_scaling"},
      {"isn", "Linux's initial sequence number is a keyed hash of the 4-tuple plus a clock",
       "RFC 6528; net/core/secure_seq.c, secure_tcp_seq"},
      {"syn_retry_timing",
       "Linux retransmits a SYN and a SYN,ACK after 1 s, doubling each time, tcp_syn_retries "
       "and tcp_synack_retries times",
       "Documentation/networking/ip-sysctl.rst: tcp_syn_retries, tcp_synack_retries; "
       "include/net/tcp.h, TCP_TIMEOUT_INIT"},
      {"time_wait", "Linux holds TIME-WAIT for a fixed 60 s, whatever the MSL",
       "include/net/tcp.h, TCP_TIMEWAIT_LEN"},
      {"accept_queue", "Linux's listen(n) holds n + 1 established connections before it drops SYNs",
       "include/net/sock.h, sk_acceptq_is_full (a > comparison)"},
      {"syn_cookies",
       "Linux answers with SYN cookies when the SYN queue is full (tcp_syncookies = 1 by "
       "default)",
       "Documentation/networking/ip-sysctl.rst: tcp_syncookies"},
      {"rst_in_close_wait",
       "Linux reports a RST that arrives in CLOSE-WAIT as EPIPE, not ECONNRESET",
       "net/ipv4/tcp_input.c, tcp_reset"},
      {"reuse_addr",
       "On Linux, binding a port another socket holds needs SO_REUSEADDR on both sockets, and "
       "never succeeds while one of them listens",
       "socket(7) SO_REUSEADDR; net/ipv4/inet_connection_sock.c, inet_bind_conflict"},
  };
  return kTable;
}

const LinuxChoice& linux_choice(std::string_view key) {
  for (const LinuxChoice& c : linux_choices()) {
    if (c.key == key) return c;
  }
  throw std::logic_error("no Linux choice named " + std::string(key));
}

}  // namespace synack::live

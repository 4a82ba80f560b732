#include "sim/scenario/settings_list.hpp"

#include <limits>
#include <type_traits>
#include <utility>

#include "sim/lang/tr.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/profiles.hpp"

namespace synack::scenario {

namespace {

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

template <typename T>
std::optional<std::int64_t> as_number(const T& value) {
  if constexpr (is_optional<T>::value) {
    return value ? std::optional<std::int64_t>(static_cast<std::int64_t>(*value)) : std::nullopt;
  } else {
    return static_cast<std::int64_t>(value);
  }
}

template <typename T>
void assign(T& out, std::int64_t value) {
  if constexpr (is_optional<T>::value) {
    out = static_cast<typename T::value_type>(value);
  } else if constexpr (std::is_same_v<T, bool>) {
    out = value != 0;
  } else {
    out = static_cast<T>(value);
  }
}

// A field of HostSettings itself, and one of its tcp::Settings.
template <auto Member>
SettingAccess host_field() {
  return {[](const HostSettings& s) { return as_number(s.*Member); },
          [](HostSettings& s, std::int64_t v) { assign(s.*Member, v); }};
}
template <auto Member>
SettingAccess tcp_field() {
  return {[](const HostSettings& s) { return as_number(s.tcp.*Member); },
          [](HostSettings& s, std::int64_t v) { assign(s.tcp.*Member, v); }};
}

constexpr std::int64_t kU16 = std::numeric_limits<std::uint16_t>::max();
constexpr std::int64_t kU32 = std::numeric_limits<std::uint32_t>::max();

SettingInfo duration(std::string_view key, std::int64_t min, SettingAccess access,
                     std::string_view meaning) {
  return {key, SettingKind::Duration, false, min, kMaxDuration, {}, meaning, {}, access};
}
SettingInfo count(std::string_view key, SettingAccess access, std::string_view meaning) {
  return {key, SettingKind::Count, false, 0, 255, {}, meaning, {}, access};
}
SettingInfo flag(std::string_view key, SettingAccess access, std::string_view meaning) {
  return {key, SettingKind::Flag, false, 0, 1, {}, meaning, {}, access};
}
SettingInfo policy(std::string_view key, SettingAccess access, std::string_view meaning) {
  // In the order of tcp::RstSynPolicy's values.
  return {key, SettingKind::Choice, false, 0, 1, {"rfc5961", "rfc793"}, meaning, {}, access};
}
SettingInfo integer(std::string_view key, std::int64_t min, std::int64_t max, SettingAccess access,
                    std::string_view meaning) {
  return {key, SettingKind::Integer, false, min, max, {}, meaning, {}, access};
}
SettingInfo bytes(std::string_view key, SettingAccess access, std::string_view meaning) {
  return {key, SettingKind::Bytes, false, 1, kU32, {}, meaning, {}, access};
}
SettingInfo also_routers(SettingInfo info) {
  info.routers = true;
  return info;
}
SettingInfo unset_means(std::string_view unset, SettingInfo info) {
  info.unset = unset;
  return info;
}

}  // namespace

const std::vector<SettingInfo>& settings_list() {
  using tcp::Settings;
  static const std::vector<SettingInfo> kList = {
      // first, so that every other setting given with it overrides its values
      {"stack",
       SettingKind::Choice,
       false,
       0,
       2,
       {"rfc", "linux", "freebsd"},  // in the order of StackProfile's values
       lang::tr_later(
           "a profile of the values stacks choose where RFCs leave it open (docs/profiles.md); "
           "the settings given with it override it"),
       {},
       {[](const HostSettings& s) {
          return std::optional<std::int64_t>(static_cast<int>(s.stack));
        },
        [](HostSettings& s, std::int64_t v) { apply_profile(static_cast<StackProfile>(v), s); }}},
      // the TCP endpoint
      duration("msl", 0, tcp_field<&Settings::msl>(),
               lang::tr_later("maximum segment lifetime; TIME-WAIT lasts 2 × MSL")),
      duration(
          "initial_rto", 1, tcp_field<&Settings::initial_rto>(),
          lang::tr_later("retransmission timeout before any round-trip sample (RFC 6298 §2.1)")),
      duration("min_rto", 1, tcp_field<&Settings::min_rto>(),
               lang::tr_later("the RTO never goes below this (RFC 6298 §2.4)")),
      duration("max_rto", 1, tcp_field<&Settings::max_rto>(),
               lang::tr_later("the RTO never goes above this (RFC 6298 §2.5); not below min_rto")),
      duration(
          "rto_slop", 0, tcp_field<&Settings::rto_slop>(),
          lang::tr_later("added to the RTO after each timeout before max_rto bounds it (FreeBSD)")),
      count("syn_retries", tcp_field<&Settings::syn_retries>(),
            lang::tr_later("SYN retransmissions before connect fails with ETIMEDOUT")),
      duration(
          "connect_timeout", 0, tcp_field<&Settings::connect_timeout>(),
          lang::tr_later("an active opening not established by then fails with ETIMEDOUT, whatever "
                         "SYN retries are left (FreeBSD's keepinit); 0: only syn_retries ends it")),
      count("data_retries", tcp_field<&Settings::data_retries>(),
            lang::tr_later("retransmissions of data or FIN before the connection is dropped")),
      flag("delayed_ack", tcp_field<&Settings::delayed_ack>(),
           lang::tr_later("delay ACKs (RFC 1122 §4.2.3.2)")),
      duration("delayed_ack_timeout", 1, tcp_field<&Settings::delayed_ack_timeout>(),
               lang::tr_later("the longest an ACK waits")),
      flag("ack_every_other_segment", tcp_field<&Settings::ack_every_other_segment>(),
           lang::tr_later(
               "a delayed ACK goes with the second segment of any size (BSD); off, the second "
               "full-sized one (RFC 5681 §4.2)")),
      flag("nagle", tcp_field<&Settings::nagle>(),
           lang::tr_later("Nagle's algorithm (a socket's TCP_NODELAY turns it off)")),
      flag("nagle_strict", tcp_field<&Settings::nagle_strict>(),
           lang::tr_later("Nagle holds a small segment while any data is unacknowledged (RFC 1122 "
                          "§4.2.3.4); off, only while an earlier small one is (Linux)")),
      integer("initial_window", 0, 100, tcp_field<&Settings::initial_window>(),
              lang::tr_later("initial congestion window in segments (RFC 6928 allows 10); 0 takes "
                             "RFC 5681 §3.1's 2 to 4 by the MSS")),
      {"congestion_control",
       SettingKind::Choice,
       false,
       0,
       1,
       {"reno", "cubic"},  // in the order of tcp::CongestionControl's values
       lang::tr_later("how cwnd grows in congestion avoidance and falls on a loss: RFC 5681's Reno "
                      "or RFC 9438's CUBIC (slow start and NewReno recovery for both)"),
       {},
       tcp_field<&Settings::congestion_control>()},
      integer("mtu", 68, kU16, host_field<&HostSettings::mtu>(),
              lang::tr_later(
                  "the interface MTU (RFC 791's least is 68); the MSS is MTU − 40, the IPv4 and "
                  "TCP headers (RFC 9293 §3.7.1)")),
      unset_means("MTU − 40",
                  integer("mss", 1, kU16, host_field<&HostSettings::mss>(),
                          lang::tr_later(
                              "the MSS this host announces on its SYN, and the largest segment it "
                              "sends"))),
      flag("window_scaling", tcp_field<&Settings::window_scaling>(),
           lang::tr_later(
               "offer window scaling on SYN (RFC 7323 §2); used when both SYNs carry it")),
      integer("window_scale", 0, tcp::kMaxWindowShift, tcp_field<&Settings::window_scale>(),
              lang::tr_later(
                  "the shift count this host offers: its windows count in units of 2^N bytes")),
      flag("timestamps", tcp_field<&Settings::timestamps>(),
           lang::tr_later(
               "offer timestamps on SYN (RFC 7323 §3): on every segment once agreed, with PAWS")),
      flag(
          "sack", tcp_field<&Settings::sack>(),
          lang::tr_later(
              "offer SACK on SYN (RFC 2018): a receiver reports the blocks it holds out of order")),
      {"ecn",
       SettingKind::Choice,
       false,
       0,
       2,
       {"off", "on", "accept"},  // in the order of tcp::Ecn's values
       lang::tr_later(
           "ECN's handshake (RFC 3168 §6.1.1): on, the SYN offers it (ECE and CWR); on or "
           "accept, a SYN,ACK answers an offer with ECE. Packets are not marked"),
       {},
       tcp_field<&Settings::ecn>()},
      count("ecn_setup_retries", tcp_field<&Settings::ecn_setup_retries>(),
            lang::tr_later("SYN retransmissions that still offer ECN (RFC 3168 §6.1.1.1: none)")),
      count("syn_retries_with_options", tcp_field<&Settings::syn_retries_with_options>(),
            lang::tr_later(
                "after this many SYN retransmissions the SYN offers the MSS only; 0 never")),
      bytes("receive_buffer", tcp_field<&Settings::receive_buffer>(),
            lang::tr_later("receive buffer; the window is what is free of it")),
      bytes("send_buffer", tcp_field<&Settings::send_buffer>(),
            lang::tr_later("how much an application may queue; send blocks when it is full")),
      policy("rst_policy", tcp_field<&Settings::rst_policy>(),
             lang::tr_later("an in-window RST: challenge ACK (RFC 5961) or accept it (RFC 793)")),
      policy(
          "syn_policy", tcp_field<&Settings::syn_policy>(),
          lang::tr_later(
              "a SYN on a synchronized connection: challenge ACK (RFC 5961) or reset (RFC 793)")),
      flag("time_wait_ignores_rst", tcp_field<&Settings::time_wait_ignores_rst>(),
           lang::tr_later("a RST cannot end TIME-WAIT early (RFC 1337)")),
      flag("ack_in_old_segment", tcp_field<&Settings::ack_in_old_segment>(),
           lang::tr_later("BSD behaviour: use the ACK field of an old duplicate segment")),
      flag("ack_carries_unacked_fin", tcp_field<&Settings::ack_carries_unacked_fin>(),
           lang::tr_later("BSD behaviour: an ACK rides on a retransmitted FIN")),
      flag("drop_syn_fin", tcp_field<&Settings::drop_syn_fin>(),
           lang::tr_later("discard a segment with both SYN and FIN in LISTEN and SYN-SENT")),
      flag("rst_on_data_after_close", tcp_field<&Settings::rst_on_data_after_close>(),
           lang::tr_later(
               "data for a socket the application closed is answered with RST (RFC 9293 §3.6.1)")),
      {"icmp_aborts_open",
       SettingKind::Choice,
       false,
       0,
       3,
       {"any", "hard", "hard_ttl", "never"},  // in the order of tcp::IcmpOpenPolicy's values
       lang::tr_later(
           "which ICMP errors end a connection in SYN-SENT or SYN-RECEIVED: any (RFC 5461 §4.1), "
           "the hard ones (RFC 1122 §4.2.3.9), those and TTL exceeded, or never"),
       {},
       tcp_field<&Settings::icmp_aborts_open>()},
      flag("report_soft_errors", tcp_field<&Settings::report_soft_errors>(),
           lang::tr_later(
               "SO_ERROR shows an ICMP soft error a connection remembered (RFC 1122 §4.2.4.1); "
               "off, only a timeout reports it")),
      // the host around it
      count("synack_retries", host_field<&HostSettings::synack_retries>(),
            lang::tr_later("SYN,ACK retransmissions before a half-open connection is dropped")),
      flag("syn_cookies", host_field<&HostSettings::syn_cookies>(),
           lang::tr_later("answer SYNs with a cookie when the SYN queue is full")),
      flag("accept_backlog_plus_one", host_field<&HostSettings::accept_backlog_plus_one>(),
           lang::tr_later("the accept queue holds backlog + 1 connections (Linux), not backlog")),
      flag(
          "reuse_addr_both", host_field<&HostSettings::reuse_addr_both>(),
          lang::tr_later("a port a TIME-WAIT connection holds is reused only when both sockets had "
                         "SO_REUSEADDR (Linux); off, the new socket's is enough")),
      flag("linger_timeout_ewouldblock", host_field<&HostSettings::linger_timeout_ewouldblock>(),
           lang::tr_later(
               "a close() whose SO_LINGER time runs out before the FIN is acknowledged fails "
               "with EWOULDBLOCK (FreeBSD); off, it returns 0 (Linux)")),
      also_routers(duration("arp_cache_timeout", 1, host_field<&HostSettings::arp_cache_timeout>(),
                            lang::tr_later("ARP cache entries age out after this"))),
      also_routers(duration("arp_retry_interval", 1,
                            host_field<&HostSettings::arp_retry_interval>(),
                            lang::tr_later("time between ARP requests for one address"))),
      also_routers(count("arp_retries", host_field<&HostSettings::arp_retries>(),
                         lang::tr_later("ARP requests before resolution fails"))),
      also_routers(integer("ttl", 1, 255, host_field<&HostSettings::ttl>(),
                           lang::tr_later("IPv4 time to live of the packets this node sends"))),
      also_routers(
          duration("icmp_ratelimit", 0, host_field<&HostSettings::icmp_ratelimit>(),
                   lang::tr_later("ICMP errors to one destination: one per this once the burst is "
                                  "spent; 0 for no limit"))),
      also_routers(count(
          "icmp_burst", host_field<&HostSettings::icmp_burst>(),
          lang::tr_later("ICMP errors to one destination sent at once before the rate limit"))),
      integer("ephemeral_port_first", 1, kU16, host_field<&HostSettings::ephemeral_port_first>(),
              lang::tr_later("the first port a connect without bind gets")),
      unset_means("from the seed",
                  integer("isn", 0, kU32, host_field<&HostSettings::isn>(),
                          lang::tr_later("one fixed initial sequence number for every "
                                         "connection"))),
  };
  return kList;
}

std::vector<std::string_view> setting_keys(bool router) {
  std::vector<std::string_view> keys;
  for (const SettingInfo& s : settings_list()) {
    if (!router || s.routers) keys.push_back(s.key);
  }
  return keys;
}

std::string trace_key(const SettingInfo& info) {
  return std::string(info.key) + (info.kind == SettingKind::Duration ? "_us" : "");
}

namespace {

trace::SettingValue trace_value(const SettingInfo& info, const HostSettings& values) {
  const std::optional<std::int64_t> v = info.access.get(values);
  if (!v) return std::monostate{};
  switch (info.kind) {
    case SettingKind::Flag: return *v != 0;
    case SettingKind::Choice: return std::string(info.choices.at(static_cast<std::size_t>(*v)));
    default: return *v;
  }
}

}  // namespace

std::vector<trace::Setting> trace_settings(const HostSettings& values) {
  std::vector<trace::Setting> out;
  for (const SettingInfo& info : settings_list()) {
    out.push_back({trace_key(info), trace_value(info, values)});
  }
  return out;
}

std::vector<trace::Setting> trace_overrides(const HostSettings& node, const HostSettings& defaults,
                                            bool router) {
  std::vector<trace::Setting> out;
  for (const SettingInfo& info : settings_list()) {
    if ((router && !info.routers) || info.access.get(node) == info.access.get(defaults)) continue;
    out.push_back({trace_key(info), trace_value(info, node)});
  }
  return out;
}

}  // namespace synack::scenario

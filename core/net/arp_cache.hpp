// An ARP cache (RFC 826, RFC 1122 §2.3.2.1) as pure logic: IPv4 -> MAC entries
// that age out. Time is an argument; the owner decides when to look.
#pragma once

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "core/tcp_types.hpp"
#include "core/wire/ethernet.hpp"
#include "core/wire/ipv4_address.hpp"

namespace synack::net {

using tcp::TimeUs;

class ArpCache {
 public:
  struct Entry {
    wire::MacAddress mac;
    TimeUs expires = 0;
  };
  enum class Change { None, Learned, Updated };

  explicit ArpCache(TimeUs timeout) : timeout_(timeout) {}

  // A mapping heard for `ip`: a new entry is Learned, a changed MAC is Updated;
  // either way the entry lives for another timeout.
  Change insert(wire::Ipv4Address ip, const wire::MacAddress& mac, TimeUs now);
  // RFC 826's merge step: refresh only an entry that is already there.
  Change update_if_present(wire::Ipv4Address ip, const wire::MacAddress& mac, TimeUs now);
  // The MAC for `ip` if an entry is present and not yet expired.
  const wire::MacAddress* lookup(wire::Ipv4Address ip, TimeUs now) const;
  // Removes every entry whose time is up; returns their addresses in order.
  // Costs only the entries removed.
  std::vector<wire::Ipv4Address> expire(TimeUs now);
  // When `ip`'s entry expires, or 0 when there is none.
  TimeUs expires(wire::Ipv4Address ip) const;
  // The earliest time an entry expires, or 0 when the cache is empty.
  TimeUs next_expiry() const;

  const std::map<wire::Ipv4Address, Entry>& entries() const { return entries_; }
  TimeUs timeout() const { return timeout_; }

 private:
  TimeUs timeout_;
  std::map<wire::Ipv4Address, Entry> entries_;
  std::set<std::pair<TimeUs, wire::Ipv4Address>> by_expiry_;  // the same entries, soonest first
};

}  // namespace synack::net

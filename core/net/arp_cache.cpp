#include "core/net/arp_cache.hpp"

#include <algorithm>

namespace synack::net {

ArpCache::Change ArpCache::insert(wire::Ipv4Address ip, const wire::MacAddress& mac, TimeUs now) {
  const TimeUs expires = tcp::later(now, timeout_);
  auto [it, fresh] = entries_.try_emplace(ip, Entry{mac, expires});
  if (fresh) {
    by_expiry_.emplace(expires, ip);
    return Change::Learned;
  }
  Change change = it->second.mac == mac ? Change::None : Change::Updated;
  by_expiry_.erase({it->second.expires, ip});
  by_expiry_.emplace(expires, ip);
  it->second = Entry{mac, expires};
  return change;
}

ArpCache::Change ArpCache::update_if_present(wire::Ipv4Address ip, const wire::MacAddress& mac,
                                             TimeUs now) {
  if (entries_.find(ip) == entries_.end()) return Change::None;
  return insert(ip, mac, now);
}

const wire::MacAddress* ArpCache::lookup(wire::Ipv4Address ip, TimeUs now) const {
  auto it = entries_.find(ip);
  if (it == entries_.end() || it->second.expires <= now) return nullptr;
  return &it->second.mac;
}

std::vector<wire::Ipv4Address> ArpCache::expire(TimeUs now) {
  std::vector<wire::Ipv4Address> gone;
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) {
    gone.push_back(by_expiry_.begin()->second);
    entries_.erase(gone.back());
    by_expiry_.erase(by_expiry_.begin());
  }
  std::sort(gone.begin(), gone.end());
  return gone;
}

TimeUs ArpCache::expires(wire::Ipv4Address ip) const {
  auto it = entries_.find(ip);
  return it == entries_.end() ? 0 : it->second.expires;
}

TimeUs ArpCache::next_expiry() const { return by_expiry_.empty() ? 0 : by_expiry_.begin()->first; }

}  // namespace synack::net

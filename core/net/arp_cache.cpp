#include "core/net/arp_cache.hpp"

namespace synack::net {

ArpCache::Change ArpCache::insert(wire::Ipv4Address ip, const wire::MacAddress& mac, TimeUs now) {
  auto [it, fresh] = entries_.try_emplace(ip, Entry{mac, tcp::later(now, timeout_)});
  if (fresh) return Change::Learned;
  Change change = it->second.mac == mac ? Change::None : Change::Updated;
  it->second = Entry{mac, tcp::later(now, timeout_)};
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
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.expires <= now) {
      gone.push_back(it->first);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  return gone;
}

TimeUs ArpCache::expires(wire::Ipv4Address ip) const {
  auto it = entries_.find(ip);
  return it == entries_.end() ? 0 : it->second.expires;
}

}  // namespace synack::net

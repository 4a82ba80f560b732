#include "core/net/mac_table.hpp"

#include <algorithm>

namespace synack::net {

MacTable::Change MacTable::learn(const wire::MacAddress& mac, std::uint16_t port, TimeUs now) {
  if (mac.is_multicast()) return Change::None;
  auto [it, fresh] = entries_.try_emplace(mac, Entry{port, now});
  if (fresh) return Change::Learned;
  Change change = it->second.port == port ? Change::None : Change::Moved;
  it->second = Entry{port, now};
  return change;
}

std::optional<std::uint16_t> MacTable::lookup(const wire::MacAddress& mac, TimeUs now) const {
  auto it = entries_.find(mac);
  if (it == entries_.end() || now - it->second.last_seen >= aging_) return std::nullopt;
  return it->second.port;
}

std::vector<std::pair<wire::MacAddress, std::uint16_t>> MacTable::age(TimeUs now) {
  std::vector<std::pair<wire::MacAddress, std::uint16_t>> gone;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now - it->second.last_seen >= aging_) {
      gone.emplace_back(it->first, it->second.port);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  return gone;
}

TimeUs MacTable::next_aging() const {
  TimeUs next = 0;
  for (const auto& [mac, e] : entries_) {
    TimeUs t = tcp::later(e.last_seen, aging_);
    next = next == 0 ? t : std::min(next, t);
  }
  return next;
}

}  // namespace synack::net

// A learning switch's MAC table (IEEE 802.1D §7.8, the filtering database) as
// pure logic: source addresses teach which port a station is on, and entries
// not refreshed within the aging time are forgotten.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/tcp_types.hpp"
#include "core/wire/ethernet.hpp"

namespace synack::net {

using tcp::TimeUs;

class MacTable {
 public:
  struct Entry {
    std::uint16_t port = 0;
    TimeUs last_seen = 0;
  };
  enum class Change { None, Learned, Moved };

  explicit MacTable(TimeUs aging) : aging_(aging) {}

  // A frame from `mac` came in on `port`. Group addresses are never learned.
  Change learn(const wire::MacAddress& mac, std::uint16_t port, TimeUs now);
  // The port for `mac`, if known and not aged.
  std::optional<std::uint16_t> lookup(const wire::MacAddress& mac, TimeUs now) const;
  // Forgets entries older than the aging time; returns them (MAC, port) in order.
  std::vector<std::pair<wire::MacAddress, std::uint16_t>> age(TimeUs now);
  // The earliest time an entry will age out, or 0 when the table is empty.
  TimeUs next_aging() const;

  const std::map<wire::MacAddress, Entry>& entries() const { return entries_; }
  TimeUs aging() const { return aging_; }

 private:
  TimeUs aging_;
  std::map<wire::MacAddress, Entry> entries_;
};

}  // namespace synack::net

// What the JSON trace reader's two files share (internal to sim/trace/):
// values as the exporter writes them, and the reader of the record lines.
#pragma once

#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/tcp_segment.hpp"
#include "core/tcp_types.hpp"
#include "core/wire/ethernet.hpp"
#include "core/wire/ipv4_address.hpp"
#include "sim/trace/json_import.hpp"

namespace synack::trace::json_detail {

// Thrown with what is wrong where; caught once per chunk or header.
struct BadTrace : std::runtime_error {
  using std::runtime_error::runtime_error;
};

constexpr std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

// Names to numbers by open addressing on FNV-1a: every record's lookups go
// through one. It holds views, so the names must outlive it.
class NameIndex {
 public:
  std::uint32_t find(std::string_view name) const {
    if (slots_.empty()) return kNone;
    const std::uint64_t h = fnv1a(name);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.id == kNone) return kNone;
      if (s.hash == h && s.name == name) return s.id;
    }
  }
  // `name` must not be in it yet.
  void add(std::string_view name, std::uint32_t id) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    place(Slot{fnv1a(name), name, id});
    ++count_;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::string_view name;
    std::uint32_t id = kNone;
  };
  void place(const Slot& s) {
    std::size_t i = s.hash & mask_;
    while (slots_[i].id != kNone) i = (i + 1) & mask_;
    slots_[i] = s;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(16, 2 * old.size()), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id != kNone) place(s);
    }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0, count_ = 0;
};

inline wire::Ipv4Address ip_of(std::string_view text) {
  auto parsed = wire::Ipv4Address::parse(text);
  if (!parsed) throw BadTrace("'" + std::string(text) + "' is not an IPv4 address");
  return parsed.value();
}
inline wire::MacAddress mac_of(std::string_view text) {
  auto parsed = wire::MacAddress::parse(text);
  if (!parsed) throw BadTrace("'" + std::string(text) + "' is not a MAC address");
  return parsed.value();
}
// "10.0.0.1:49152" -> address and port.
inline std::pair<wire::Ipv4Address, std::uint16_t> endpoint_of(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) throw BadTrace("'" + std::string(text) + "' is not ip:port");
  const std::string_view port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, err] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (err != std::errc() || end != port.data() + port.size() || port.empty() || value > 65535) {
    throw BadTrace("'" + std::string(text) + "' has no port from 0 to 65535");
  }
  return {ip_of(text.substr(0, colon)), static_cast<std::uint16_t>(value)};
}

inline std::uint8_t flags_of(std::string_view letters) {
  std::uint8_t flags = 0;
  for (char c : letters) {
    for (const tcp::FlagLetter& f : tcp::kFlagLetters) {
      if (f.letter == c) flags |= f.bit;
    }
  }
  return flags;
}

inline tcp::State state_of(std::string_view name) {
  tcp::State s;
  if (!tcp::parse_state(std::string(name), s)) {
    throw BadTrace("'" + std::string(name) + "' is not a TCP state");
  }
  return s;
}

inline StateBasis basis_of(std::string_view name) {
  StateBasis b;
  if (!parse_state_basis(name, b)) {
    throw BadTrace("'" + std::string(name) + "' is not how a state is known");
  }
  return b;
}

enum class Outcome { Read, NotOneRecordALine, Bad };

// Reads the record lines in [begin, end) in chunks, on `threads` threads, and
// merges them into `trace` in order; this thread merges each chunk as soon as
// it is done and reads chunks itself while none is. With `strict_layout`, a
// line that is not one record stops it (the file is read another way).
Outcome read_records(const char* begin, const char* end, bool strict_layout,
                     const JsonReadOptions& options, Trace& trace, std::string& error);

}  // namespace synack::trace::json_detail

#include "sim/trace/trace.hpp"

#include <algorithm>
#include <cassert>

#include "core/wire/ipv4_address.hpp"
#include "sim/lang/tr.hpp"

namespace synack::trace {

const char* node_kind_name(NodeKind k) {
  switch (k) {
    // Marked for the catalogue: the app shows them translated with tr().
    case NodeKind::Host: return lang::tr_later("host");
    case NodeKind::Switch: return lang::tr_later("switch");
    case NodeKind::Router: return lang::tr_later("router");
  }
  return "?";
}

namespace {
constexpr const char* kStateBasisNames[] = {"simulated", "sampled", "inferred", "uncertain"};
}  // namespace

const char* state_basis_name(StateBasis b) { return kStateBasisNames[static_cast<int>(b)]; }

bool parse_state_basis(std::string_view name, StateBasis& out) {
  for (std::size_t i = 0; i < std::size(kStateBasisNames); ++i) {
    if (name == kStateBasisNames[i]) {
      out = static_cast<StateBasis>(i);
      return true;
    }
  }
  return false;
}

const char* fate_name(Fate f) {
  switch (f) {
    case Fate::Sent: return "sent";
    case Fate::Delivered: return "delivered";
    case Fate::Dropped: return "dropped";
  }
  return "?";
}

const char* arp_op_name(ArpOp op) {
  switch (op) {
    case ArpOp::Learned: return "learned";
    case ArpOp::Updated: return "updated";
    case ArpOp::Expired: return "expired";
    case ArpOp::Failed: return "failed";
  }
  return "?";
}

const char* mac_op_name(MacOp op) {
  switch (op) {
    case MacOp::Learned: return "learned";
    case MacOp::Moved: return "moved";
    case MacOp::Aged: return "aged";
  }
  return "?";
}

void Trace::Texts::index() {
  ids.clear();
  for (std::size_t i = 0; i < by_id.size(); ++i) ids.emplace(by_id[i], static_cast<TextId>(i));
}

TextId Trace::intern(std::string_view text) {
  auto it = texts_.ids.find(text);
  if (it != texts_.ids.end()) return it->second;
  auto id = static_cast<TextId>(texts_.by_id.size());
  texts_.ids.emplace(texts_.by_id.emplace_back(text), id);
  return id;
}

const std::string& Trace::text(TextId id) const {
  static const std::string empty;
  return id < texts_.by_id.size() ? texts_.by_id[id] : empty;
}

FrameId Trace::add_frame(wire::ByteView bytes) {
  constexpr std::size_t kChunk = std::size_t{1} << kChunkBits;
  assert(bytes.size() < (std::size_t{1} << 18));
  if (chunks_.empty() || chunks_.back().size() + bytes.size() > kChunk) {
    chunks_.emplace_back().reserve(std::max(kChunk, bytes.size()));
  }
  std::vector<std::uint8_t>& chunk = chunks_.back();
  frames_.push_back(StoredFrame{(chunks_.size() - 1) << kChunkBits | chunk.size(), bytes.size()});
  chunk.insert(chunk.end(), bytes.data(), bytes.data() + bytes.size());
  frame_bytes_ += bytes.size();
  return static_cast<FrameId>(frames_.size() - 1);
}

wire::ByteView Trace::frame(FrameId id) const {
  assert(id < frames_.size());
  const StoredFrame f = frames_[id];
  const std::vector<std::uint8_t>& chunk = chunks_[f.at >> kChunkBits];
  return wire::ByteView(chunk.data() + (f.at & ((std::uint64_t{1} << kChunkBits) - 1)), f.length);
}

TcbEvent Trace::add_tcb(NodeId host, ConnId conn, const tcp::TcbChange& change) {
  TcbEvent e{host, conn, static_cast<std::uint32_t>(tcb_values_.size()), change.changed};
  for (int i = 0; i < tcp::kTcbVarCount; ++i) {
    if (change.changed & (1u << i)) tcb_values_.push_back(change.values[i]);
  }
  return e;
}

std::optional<std::uint32_t> Trace::tcb_value(const TcbEvent& e, tcp::TcbVar v) const {
  const auto bit = static_cast<unsigned>(v);
  if (!(e.changed & (1u << bit))) return std::nullopt;
  // Values are stored in variable order: count the changed ones before `v`.
  const auto below = static_cast<unsigned>(e.changed) & ((1u << bit) - 1u);
  return tcb_values_[e.offset + static_cast<std::uint32_t>(__builtin_popcount(below))];
}

ConnId Trace::add_conn(NodeId host, const tcp::ConnectionId& id) {
  conns.push_back(ConnInfo{host, id});
  return static_cast<ConnId>(conns.size() - 1);
}

std::string endpoint_name(std::uint32_t ip, std::uint16_t port) {
  return wire::Ipv4Address(ip).to_string() + ":" + std::to_string(port);
}

std::string Trace::conn_name(ConnId id) const {
  if (id >= conns.size()) return "";
  const tcp::ConnectionId& c = conns[id].id;
  return endpoint_name(c.local_ip, c.local_port) + "-" + endpoint_name(c.remote_ip, c.remote_port);
}

const SettingValue* Trace::setting(std::string_view key, std::string_view node) const {
  auto find = [&](const std::vector<Setting>& list) -> const SettingValue* {
    for (const Setting& s : list) {
      if (s.key == key) return &s.value;
    }
    return nullptr;
  };
  for (const NodeSettings& n : settings.nodes) {
    if (n.node != node) continue;
    if (const SettingValue* own = find(n.settings)) return own;
  }
  return find(settings.scenario);
}

NodeId Trace::find_node(std::string_view node_name) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].name == node_name) return static_cast<NodeId>(i);
  }
  return kNone;
}

}  // namespace synack::trace

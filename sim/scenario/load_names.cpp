// The names a scenario file declares and refers to: nodes by name and kind,
// links, and the short forms that stand for an address or a MAC ("server:80",
// "r1:eth0"). Unknown names are reported with the likeliest one meant.
#include <algorithm>

#include "sim/lang/tr.hpp"
#include "sim/scenario/load_internal.hpp"

namespace synack::scenario::detail {

namespace {

// The English word, which is also its msgid.
const char* kind_word(NodeKind k) {
  switch (k) {
    case NodeKind::Host: return lang::tr_later("host");
    case NodeKind::Router: return lang::tr_later("router");
    case NodeKind::Switch: return lang::tr_later("switch");
  }
  return "?";
}

// "a host or a router": one phrase of the catalogue for each list of kinds the
// loader asks for, so that it translates whole.
std::string kinds_text(std::initializer_list<NodeKind> kinds) {
  static constexpr const char* kPhrases[] = {lang::tr_later("a host"), lang::tr_later("a switch"),
                                             lang::tr_later("a host or a router"),
                                             lang::tr_later("a host or a switch or a router"),
                                             lang::tr_later("a host or a router or a switch")};
  std::string out;
  for (const NodeKind k : kinds) {
    if (!out.empty()) out += " or ";
    out += std::string("a ") + kind_word(k);
  }
  for (const char* phrase : kPhrases) {
    if (out == phrase) return lang::tr(phrase);
  }
  return out;
}

}  // namespace

const char* kind_name(NodeKind k) { return lang::tr(kind_word(k)); }

std::vector<std::string_view> Loader::names_of(std::initializer_list<NodeKind> kinds) const {
  std::vector<std::string_view> out;
  for (const auto& [name, ref] : nodes) {
    if (std::find(kinds.begin(), kinds.end(), ref.kind) != kinds.end()) out.push_back(name);
  }
  return out;
}

const NodeRef* Loader::node(const YAML::Node& at, const std::string& name, std::string_view role,
                            std::initializer_list<NodeKind> kinds) {
  const auto it = nodes.find(name);
  if (it == nodes.end()) {
    std::string message = lang::trf("{}: no node is named {}", role, quote_input(name));
    const std::vector<std::string_view> names = names_of(kinds);
    const std::string_view near = closest(name, names);
    if (!near.empty()) {
      message += did_you_mean(near);
    } else if (!names.empty() && names.size() <= 20) {
      message += lang::trf("; expected {}: {}", kinds_text(kinds), join(names));
    }
    ctx.error(at, message);
    return nullptr;
  }
  if (std::find(kinds.begin(), kinds.end(), it->second.kind) == kinds.end()) {
    ctx.error(at, lang::trf("{}: {} is a {}; expected {}", role, quote_input(name),
                            kind_name(it->second.kind), kinds_text(kinds)));
    return nullptr;
  }
  return &it->second;
}

std::optional<std::uint32_t> Loader::step_id(const Mark& at, const std::string& id,
                                             std::string_view role) {
  const auto it = step_ids.find(id);
  if (it != step_ids.end()) return static_cast<std::uint32_t>(it->second);
  std::vector<std::string_view> ids;
  for (const auto& entry : step_ids) ids.push_back(entry.first);
  std::string message =
      lang::trf("{}: no step has id '{}'", role, id) + did_you_mean(closest(id, ids));
  if (ids.empty()) message += lang::tr("; give the step an id: key");
  ctx.error(at, message);
  return std::nullopt;
}

const LinkSpec* Loader::link(const YAML::Node& at, const std::string& name, std::string_view role) {
  const auto it = links.find(name);
  if (it != links.end()) return &scenario.links[it->second];
  std::string message = lang::trf("{}: no link is named {}", role, quote_input(name));
  std::vector<std::string_view> names;
  for (const auto& entry : links) names.push_back(entry.first);
  const std::string_view near = closest(name, names);
  if (!near.empty()) {
    message += did_you_mean(near);
  } else if (!names.empty() && names.size() <= 20) {
    message += lang::trf("; links are: {}", join(names));
  }
  ctx.error(at, message);
  return nullptr;
}

wire::Ipv4Address Loader::host_ip(const NodeRef& ref) const {
  return scenario.hosts[ref.index].iface.address.address();
}

namespace {
// A router's interface by name, or nullptr.
const InterfaceSpec* find_iface(const RouterSpec& r, std::string_view name) {
  for (const InterfaceSpec& i : r.interfaces) {
    if (i.name == name) return &i;
  }
  return nullptr;
}
}  // namespace

std::optional<wire::MacAddress> Loader::mac_ref(const YAML::Node& n, std::string_view what) {
  // A message stays one literal, as the catalogue test reads it.
  static constexpr const char* kMac = lang::tr_later(
      "{}: expected a MAC address such as 02:00:00:00:00:01, a host name or router:interface, got "
      "{}");
  if (!n.IsScalar()) {
    ctx.error(n, lang::trf(kMac, what, describe(n)));
    return std::nullopt;
  }
  const std::string& text = n.Scalar();
  if (auto mac = wire::MacAddress::parse(text)) return mac.value();
  const std::size_t colon = text.find(':');
  const std::string node_name = text.substr(0, colon);
  if (!is_name(node_name)) {
    ctx.error(n, lang::trf(kMac, what, describe(n)));
    return std::nullopt;
  }
  const NodeRef* ref = node(n, node_name, what, {NodeKind::Host, NodeKind::Router});
  if (ref == nullptr) return std::nullopt;
  const std::string iface = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (ref->kind == NodeKind::Host) {
    const InterfaceSpec& i = scenario.hosts[ref->index].iface;
    if (!iface.empty() && iface != i.name) {
      ctx.error(n, lang::trf("{}: host '{}' has one interface, {}", what, node_name, i.name));
      return std::nullopt;
    }
    return i.mac;
  }
  const RouterSpec& r = scenario.routers[ref->index];
  const InterfaceSpec* i = find_iface(r, iface);
  if (i == nullptr) {
    std::vector<std::string_view> names;
    for (const InterfaceSpec& x : r.interfaces) names.push_back(x.name);
    ctx.error(
        n, lang::trf("{}: router '{}' has several MACs; name the interface as {}:IFACE, one of {}",
                     what, node_name, node_name, join(names)));
    return std::nullopt;
  }
  return i->mac;
}

std::optional<wire::Ipv4Address> Loader::ip_ref(const YAML::Node& n, std::string_view what) {
  static constexpr const char* kIp =
      lang::tr_later("{}: expected an IPv4 address such as 10.0.0.2 or a host name, got {}");
  if (!n.IsScalar()) {
    ctx.error(n, lang::trf(kIp, what, describe(n)));
    return std::nullopt;
  }
  const std::string& text = n.Scalar();
  if (auto ip = wire::Ipv4Address::parse(text)) return ip.value();
  if (!is_name(text)) {
    ctx.error(n, lang::trf(kIp, what, describe(n)));
    return std::nullopt;
  }
  const NodeRef* ref = host(n, text, what);
  if (ref == nullptr) return std::nullopt;
  return host_ip(*ref);
}

bool Loader::endpoint(const YAML::Node& n, std::string_view what,
                      std::optional<wire::Ipv4Address>& ip, std::uint16_t& port) {
  static constexpr const char* kEndpoint =
      lang::tr_later("{}: expected address:port such as 10.0.0.2:80 or server:80, got {}");
  const std::size_t colon = n.IsScalar() ? n.Scalar().rfind(':') : std::string::npos;
  if (colon == std::string::npos) {
    ctx.error(n, lang::trf(kEndpoint, what, describe(n)));
    return false;
  }
  const std::string& text = n.Scalar();
  const std::string where = text.substr(0, colon);
  const std::string port_text = text.substr(colon + 1);
  const auto value = whole_number<std::uint16_t>(port_text);
  if (!value || *value < 1) {
    ctx.error(n, lang::trf("{}: expected a port from 1 to 65535 after the colon, got {}", what,
                           quote_input(port_text)));
    return false;
  }
  if (auto a = wire::Ipv4Address::parse(where)) {
    ip = a.value();
  } else if (!is_name(where)) {
    ctx.error(n, lang::trf(kEndpoint, what, describe(n)));
    return false;
  } else if (const NodeRef* ref = host(n, where, what)) {
    ip = host_ip(*ref);
  } else {
    return false;
  }
  port = *value;
  return true;
}

}  // namespace synack::scenario::detail

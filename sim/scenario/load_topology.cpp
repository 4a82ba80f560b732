// `topology`: hosts, switches, routers and the links between them. Names,
// addresses and MACs are checked here across the whole network, and every
// interface leaves with its MAC filled in (see default_mac).
#include <algorithm>
#include <set>

#include "sim/lang/tr.hpp"
#include "sim/scenario/load_internal.hpp"

namespace synack::scenario::detail {

namespace {

constexpr std::size_t kMaxRouterInterfaces = 254;  // default_mac numbers them in one octet

// Hosts, switches and routers share one set of names, so a link end or a
// step never has to say which kind it means.
bool declare(Loader& l, const YAML::Node& at, const std::string& name, NodeKind kind,
             std::size_t index) {
  const auto [it, fresh] = l.nodes.emplace(name, NodeRef{kind, index, mark_of(at)});
  if (!fresh) {
    // A message stays one literal, as the catalogue test reads it.
    l.ctx.error(at, lang::trf("name: '{}' is already the name of the {} at {} (hosts, switches and "
                              "routers share one set of names)",
                              name, kind_name(it->second.kind), line_of(it->second.mark)));
  }
  return fresh;
}

// `ip: 10.0.0.1/24`, `ip: 10.0.0.1/255.255.255.0`, or `ip: 10.0.0.1` with `mask:`.
std::optional<wire::Ipv4Cidr> interface_address(Fields& f) {
  Context& ctx = f.ctx();
  const YAML::Node* ip =
      f.require("ip", lang::tr("an address with its prefix, such as 10.0.0.1/24"));
  if (ip == nullptr) return std::nullopt;
  const YAML::Node* mask = f.find("mask");
  if (ip->IsScalar() && ip->Scalar().find('/') != std::string::npos) {
    if (mask != nullptr) {
      ctx.error(
          *mask,
          lang::trf(
              "mask: the ip already gives its prefix ({}); write the prefix or a mask, not both",
              quote_input(ip->Scalar())));
    }
    return read_cidr(ctx, *ip, "ip");
  }
  const auto address = read_ipv4(ctx, *ip, "ip");
  if (!address) return std::nullopt;
  if (mask == nullptr) {
    ctx.error(
        *ip,
        lang::trf(
            "ip: expected the prefix length too, as in {}/24, or a mask: key such as 255.255.255.0",
            ip->Scalar()));
    return std::nullopt;
  }
  const auto m = read_ipv4(ctx, *mask, "mask");
  if (!m) return std::nullopt;
  auto cidr = wire::Ipv4Cidr::from_mask(*address, *m);
  if (!cidr) {
    ctx.error(*mask, "mask: " + cidr.error().message);
    return std::nullopt;
  }
  return cidr.value();
}

// Addresses taken so far, for the duplicate check: address -> who and where.
using AddressBook = std::map<wire::Ipv4Address, std::pair<std::string, Mark>>;

// Whether `c` can be an interface's address, and is not taken; reported at `at`.
bool check_address(Loader& l, const YAML::Node& at, const wire::Ipv4Cidr& c,
                   const std::string& owner, AddressBook& used) {
  const wire::Ipv4Address a = c.address();
  const std::uint8_t first = a.octets()[0];
  const std::string text = c.to_string();
  if (c.prefix_length() == 0) {
    l.ctx.error(
        at,
        lang::trf("ip: {} puts every address on one link; expected a prefix length from 1 to 32",
                  text));
    return false;
  }
  if (first == 0 || first == 127 || first >= 224) {
    l.ctx.error(at, lang::trf("ip: {} is not a unicast host address (0.x, 127.x and 224.0.0.0 and "
                              "above are reserved)",
                              a.to_string()));
    return false;
  }
  if (c.prefix_length() < 31 && (a == c.network_address() || a == c.broadcast_address())) {
    const char* message =
        a == c.network_address()
            ? lang::tr_later("ip: {} is the network address of {}; expected one of {} to {}")
            : lang::tr_later("ip: {} is the broadcast address of {}; expected one of {} to {}");
    l.ctx.error(at, lang::trf(message, a.to_string(), c.network().to_string(),
                              wire::Ipv4Address(c.network_address().value() + 1).to_string(),
                              wire::Ipv4Address(c.broadcast_address().value() - 1).to_string()));
    return false;
  }
  const auto [it, fresh] = used.emplace(a, std::make_pair(owner, mark_of(at)));
  if (!fresh) {
    l.ctx.error(at, lang::trf("ip: {} is already the address of {} at {}", a.to_string(),
                              it->second.first, line_of(it->second.second)));
    return false;
  }
  return true;
}

// An explicit `mac:` must be one an interface can own.
std::optional<wire::MacAddress> interface_mac(Fields& f) {
  auto mac = f.mac("mac");
  if (mac && (mac->is_multicast() || *mac == wire::MacAddress())) {
    f.ctx().error(*f.find("mac"), lang::trf("mac: {} is not a unicast address; expected one whose "
                                            "first octet is even, such as 02:00:00:00:00:01",
                                            mac->to_string()));
    return std::nullopt;
  }
  return mac;
}

void load_host(Loader& l, const YAML::Node& n, AddressBook& used) {
  Fields f(l.ctx, n, lang::tr("host"), {"name", "ip", "mask", "mac", "gateway", "settings"});
  if (!f.is_map()) return;
  HostSpec h;
  h.mark = f.mark();
  h.settings = l.scenario.defaults;
  const std::size_t index = l.scenario.hosts.size();
  if (f.require("name", lang::tr("what steps and links call it, such as client"))) {
    if (auto name = f.name("name")) {
      h.name = *name;
      declare(l, *f.find("name"), h.name, NodeKind::Host, index);
    }
  }
  bool address_ok = false;
  if (auto address = interface_address(f)) {
    h.iface.address = *address;
    address_ok = check_address(l, *f.find("ip"), *address, lang::trf("host {}", h.name), used);
  }
  h.iface.mark = mark_of(f.find("ip") != nullptr ? *f.find("ip") : n);
  h.iface.mac = interface_mac(f);
  if (auto gw = f.ipv4("gateway")) {
    const wire::Ipv4Cidr& c = h.iface.address;
    if (address_ok && (!c.contains(*gw) || *gw == c.address() ||
                       (c.prefix_length() < 31 &&
                        (*gw == c.network_address() || *gw == c.broadcast_address())))) {
      l.ctx.error(*f.find("gateway"),
                  lang::trf("gateway: {} is not another usable address on {}, the host's subnet; a "
                            "gateway must be reachable without one",
                            gw->to_string(), c.network().to_string()));
    } else {
      h.gateway = *gw;
    }
  }
  if (auto s = f.find("settings")) load_settings(l, *s, h.settings, false);
  l.scenario.hosts.push_back(std::move(h));
}

void load_switch(Loader& l, const YAML::Node& n) {
  Fields f(l.ctx, n, lang::tr("switch"), {"name", "aging"});
  if (!f.is_map()) return;
  SwitchSpec sw;
  sw.mark = f.mark();
  if (f.require("name", lang::tr("what links call it, such as sw1"))) {
    if (auto name = f.name("name")) {
      sw.name = *name;
      declare(l, *f.find("name"), sw.name, NodeKind::Switch, l.scenario.switches.size());
    }
  }
  if (auto aging = f.duration("aging")) {
    if (*aging > 0) {
      sw.aging = *aging;
    } else {
      l.ctx.error(*f.find("aging"), lang::tr("aging: expected a duration above 0, got '0'"));
    }
  }
  l.scenario.switches.push_back(std::move(sw));
  l.switch_ports.push_back(0);
}

void load_routes(Loader& l, const YAML::Node& n, RouterSpec& r,
                 const std::vector<wire::Ipv4Cidr>& connected) {
  for_each_item(l.ctx, n, "routes", [&](const YAML::Node& item, std::size_t) {
    Fields f(l.ctx, item, lang::tr("route"), {"to", "via"});
    if (!f.is_map()) return;
    StaticRoute route;
    route.mark = f.mark();
    bool ok = true;
    if (const YAML::Node* to =
            f.require("to", lang::tr("a network such as 10.0.2.0/24, or default"))) {
      if (to->IsScalar() && to->Scalar() == "default") {
        route.destination = wire::Ipv4Cidr();
      } else if (auto c = read_cidr(l.ctx, *to, "to")) {
        if (c->address() != c->network_address()) {
          l.ctx.error(*to, lang::trf("to: {} has host bits set; the network is {}", c->to_string(),
                                     c->network().to_string()));
          ok = false;
        }
        route.destination = c->network();
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
    if (const YAML::Node* via = f.require("via", lang::tr("the next hop, such as 10.0.1.253"))) {
      if (auto a = read_ipv4(l.ctx, *via, "via")) {
        route.via = *a;
        const bool reachable = std::any_of(connected.begin(), connected.end(),
                                           [&](const wire::Ipv4Cidr& c) { return c.contains(*a); });
        if (!reachable && !connected.empty()) {
          std::string subnets;
          for (const auto& c : connected) {
            subnets += (subnets.empty() ? "" : ", ") + c.network().to_string();
          }
          l.ctx.error(
              *via, lang::trf("via: {} is on none of {}'s subnets ({}); a next hop must be on one",
                              a->to_string(), r.name, subnets));
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
    if (ok) r.routes.push_back(route);
  });
}

// Two interfaces of one router on overlapping subnets would make it unclear
// where a packet leaves. CIDR blocks nest or are disjoint, so a sweep in
// address order finds every overlap.
void check_router_subnets(Loader& l, const std::vector<wire::Ipv4Cidr>& subnets,
                          const std::vector<YAML::Node>& at,
                          const std::vector<std::string>& names) {
  std::vector<std::size_t> order(subnets.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const auto a = subnets[x].network_address().value();
    const auto b = subnets[y].network_address().value();
    return a != b ? a < b : x < y;
  });
  std::optional<std::size_t> widest;  // the block reaching furthest so far
  for (const std::size_t i : order) {
    if (widest && subnets[*widest].overlaps(subnets[i])) {
      const std::size_t later = before(mark_of(at[*widest]), mark_of(at[i])) ? i : *widest;
      const std::size_t earlier = later == i ? *widest : i;
      l.ctx.error(at[later], lang::trf("ip: {} ({}) overlaps {} ({}) on the same router; each "
                                       "interface needs its own subnet",
                                       subnets[later].network().to_string(), names[later],
                                       subnets[earlier].network().to_string(), names[earlier]));
    }
    if (!widest ||
        subnets[i].broadcast_address().value() > subnets[*widest].broadcast_address().value()) {
      widest = i;
    }
  }
}

// `iface_items` gets the YAML item of each interface kept, for MAC messages.
void load_router(Loader& l, const YAML::Node& n, AddressBook& used,
                 std::vector<YAML::Node>& iface_items) {
  Fields f(l.ctx, n, lang::tr("router"), {"name", "interfaces", "routes", "settings"});
  if (!f.is_map()) return;
  RouterSpec r;
  r.mark = f.mark();
  r.settings = l.scenario.defaults;
  if (f.require("name", lang::tr("what links call it, such as r1"))) {
    if (auto name = f.name("name")) {
      r.name = *name;
      declare(l, *f.find("name"), r.name, NodeKind::Router, l.scenario.routers.size());
    }
  }
  std::vector<wire::Ipv4Cidr> subnets;
  std::vector<YAML::Node> subnet_at;
  std::vector<std::string> subnet_names;
  if (const YAML::Node* list =
          f.require("interfaces", lang::tr("a list of {name, ip}, at least two"))) {
    for_each_item(l.ctx, *list, "interfaces", [&](const YAML::Node& item, std::size_t index) {
      Fields fi(l.ctx, item, lang::tr("router interface"), {"name", "ip", "mask", "mac"});
      if (!fi.is_map()) return;
      InterfaceSpec i;
      i.mark = fi.mark();
      i.name = "eth" + std::to_string(index);
      if (auto name = fi.name("name")) {
        const auto same = std::find_if(r.interfaces.begin(), r.interfaces.end(),
                                       [&](const InterfaceSpec& x) { return x.name == *name; });
        if (same != r.interfaces.end()) {
          l.ctx.error(*fi.find("name"), lang::trf("name: {} already has an interface {} at {}",
                                                  r.name, *name, line_of(same->mark)));
        }
        i.name = *name;
      }
      if (auto address = interface_address(fi)) {
        i.address = *address;
        if (check_address(l, *fi.find("ip"), *address, lang::trf("router {} {}", r.name, i.name),
                          used)) {
          subnets.push_back(*address);
          subnet_at.push_back(*fi.find("ip"));
          subnet_names.push_back(i.name);
        }
      }
      i.mac = interface_mac(fi);
      r.interfaces.push_back(std::move(i));
      iface_items.push_back(item);
    });
    if (list->IsSequence() && list->size() < 2) {
      l.ctx.error(
          *list,
          lang::tr(
              "interfaces: a router joins at least two networks; expected two or more interfaces"));
    }
    if (r.interfaces.size() > kMaxRouterInterfaces) {
      l.ctx.error(
          *list, lang::trf("interfaces: a router has at most {} interfaces", kMaxRouterInterfaces));
    }
  }
  check_router_subnets(l, subnets, subnet_at, subnet_names);
  if (auto routes = f.find("routes")) load_routes(l, *routes, r, subnets);
  if (auto s = f.find("settings")) load_settings(l, *s, r.settings, true);
  l.scenario.routers.push_back(std::move(r));
}

// Every interface gets its MAC now; one the file gives must not clash with
// another, given or derived.
void assign_macs(Loader& l, const std::vector<YAML::Node>& host_items,
                 const std::vector<std::vector<YAML::Node>>& iface_items) {
  struct Owner {
    std::string who;
    Mark mark;
    bool given;
  };
  std::map<wire::MacAddress, Owner> owners;
  auto claim = [&](InterfaceSpec& i, std::size_t node_index, std::size_t iface_index,
                   const std::string& who, const YAML::Node& item) {
    const bool given = i.mac.has_value();
    if (!given) i.mac = default_mac(node_index, iface_index);
    const auto mac_node = peek(item, "mac");
    const Mark at = given && mac_node ? mark_of(*mac_node) : mark_of(item);
    const auto [it, fresh] = owners.emplace(*i.mac, Owner{who, at, given});
    if (fresh) return;
    // Report at a MAC the file gives, since that is the one to change.
    Owner mine{who, at, given};
    Owner other = it->second;
    if (!given || (other.given && before(at, other.mark))) std::swap(mine, other);
    const char* message =
        other.given ? lang::tr_later("mac: {} is also the MAC of {}; every interface needs its own")
                    : lang::tr_later(
                          "mac: {} is also the MAC of {} (derived from its position, as it has no "
                          "mac:); every interface needs its own");
    l.ctx.error(mine.mark, lang::trf(message, i.mac->to_string(), other.who));
  };
  std::size_t node_index = 0;
  for (std::size_t h = 0; h < l.scenario.hosts.size(); ++h, ++node_index) {
    HostSpec& host = l.scenario.hosts[h];
    claim(host.iface, node_index, 0, lang::trf("host {}", host.name), host_items[h]);
  }
  for (std::size_t r = 0; r < l.scenario.routers.size(); ++r, ++node_index) {
    RouterSpec& router = l.scenario.routers[r];
    for (std::size_t k = 0; k < router.interfaces.size(); ++k) {
      claim(router.interfaces[k], node_index, k,
            lang::trf("router {} {}", router.name, router.interfaces[k].name), iface_items[r][k]);
    }
  }
}

// One end of a link: "client", "sw1" or "r1:eth0". `joined` holds the host and
// router interfaces that already have a link.
std::optional<LinkEnd> link_end(Loader& l, const YAML::Node& n, std::string_view key,
                                std::map<std::string, Mark>& joined) {
  const std::string what(key);
  const auto text = read_string(l.ctx, n, what);
  if (!text) return std::nullopt;
  LinkEnd end;
  end.mark = mark_of(n);
  const std::size_t colon = text->find(':');
  end.node = text->substr(0, colon);
  const std::string iface = colon == std::string::npos ? "" : text->substr(colon + 1);
  if (!is_name(end.node)) {
    l.ctx.error(
        n, lang::trf("{}: expected a node name, or router:interface such as r1:eth0, got {}", what,
                     describe(n)));
    return std::nullopt;
  }
  const NodeRef* ref =
      l.node(n, end.node, what, {NodeKind::Host, NodeKind::Switch, NodeKind::Router});
  if (ref == nullptr) return std::nullopt;
  std::string port_key = end.node;
  switch (ref->kind) {
    case NodeKind::Host: {
      const std::string& name = l.scenario.hosts[ref->index].iface.name;
      if (!iface.empty() && iface != name) {
        l.ctx.error(n, lang::trf("{}: host {} has one interface, {}; write just {}", what, end.node,
                                 name, end.node));
        return std::nullopt;
      }
      break;
    }
    case NodeKind::Switch:
      if (colon != std::string::npos) {
        l.ctx.error(n, lang::trf("{}: switch ports are numbered in link order; write just {}", what,
                                 end.node));
        return std::nullopt;
      }
      ++l.switch_ports[ref->index];
      return end;
    case NodeKind::Router: {
      const RouterSpec& r = l.scenario.routers[ref->index];
      std::vector<std::string_view> names;
      for (const InterfaceSpec& i : r.interfaces) names.push_back(i.name);
      if (std::find(names.begin(), names.end(), iface) == names.end()) {
        l.ctx.error(
            n,
            iface.empty()
                ? lang::trf(
                      "{}: name the interface of router {}; expected {}:IFACE with IFACE one of {}",
                      what, end.node, end.node, join(names))
                : lang::trf(
                      "{}: router {} has no interface {}; expected {}:IFACE with IFACE one of {}",
                      what, end.node, iface, end.node, join(names)));
        return std::nullopt;
      }
      end.iface = iface;
      port_key += ":" + iface;
      break;
    }
  }
  const auto [it, fresh] = joined.emplace(port_key, mark_of(n));
  if (!fresh) {
    l.ctx.error(n, lang::trf("{}: {} already has a link, at {}; an interface takes one link (join "
                             "more through a switch)",
                             what, port_key, line_of(it->second)));
    return std::nullopt;
  }
  return end;
}

void load_links(Loader& l, const YAML::Node& n) {
  std::map<std::string, Mark> joined;
  std::vector<std::optional<std::string>> given_names;
  for_each_item(l.ctx, n, "links", [&](const YAML::Node& item, std::size_t) {
    Fields f(
        l.ctx, item, lang::tr("link"),
        {"a", "b", "name", "delay", "bandwidth", "loss", "duplicate", "reorder", "reorder_delay"});
    if (!f.is_map()) return;
    LinkSpec link;
    link.mark = f.mark();
    std::optional<LinkEnd> a, b;
    if (const YAML::Node* x = f.require("a", lang::tr("one end, such as client or r1:eth0"))) {
      a = link_end(l, *x, "a", joined);
    }
    if (const YAML::Node* x = f.require("b", lang::tr("the other end, such as sw1"))) {
      b = link_end(l, *x, "b", joined);
    }
    if (a && b && a->node == b->node) {
      l.ctx.error(*f.find("b"),
                  lang::trf("b: a link joins two different nodes; both ends are {}", a->node));
    }
    if (a) link.a = *a;
    if (b) link.b = *b;
    given_names.push_back(f.name("name"));
    if (given_names.back()) {
      link.name = *given_names.back();
      const auto [it, fresh] = l.links.emplace(link.name, l.scenario.links.size());
      if (!fresh) {
        l.ctx.error(*f.find("name"),
                    lang::trf("name: link '{}' is already declared at {}", link.name,
                              line_of(l.scenario.links[it->second].mark)));
      }
    }
    if (auto v = f.duration("delay")) link.delay = *v;
    if (auto v = f.find("bandwidth")) {
      if (auto bps = read_bandwidth(l.ctx, *v, "bandwidth")) link.bandwidth_bps = *bps;
    }
    if (auto v = f.probability("loss")) link.loss = *v;
    if (auto v = f.probability("duplicate")) link.duplicate = *v;
    if (auto v = f.probability("reorder")) link.reorder = *v;
    if (auto v = f.duration("reorder_delay")) link.reorder_delay = *v;
    l.scenario.links.push_back(std::move(link));
  });
  // Unnamed links are called "a-b", numbered on when that is taken, after all
  // given names are known so a given name never loses to a made-up one.
  for (std::size_t i = 0; i < l.scenario.links.size(); ++i) {
    LinkSpec& link = l.scenario.links[i];
    if (given_names[i] || link.a.node.empty() || link.b.node.empty()) continue;
    const std::string base = link.a.node + "-" + link.b.node;
    link.name = base;
    for (int k = 2; l.links.count(link.name) != 0; ++k) link.name = base + "-" + std::to_string(k);
    l.links.emplace(link.name, i);
  }
}

}  // namespace

void load_topology(Loader& l, const YAML::Node& n) {
  Fields f(l.ctx, n, "topology", {"hosts", "switches", "routers", "links"});
  if (!f.is_map()) return;
  AddressBook used;
  std::vector<YAML::Node> host_items;
  std::vector<std::vector<YAML::Node>> iface_items;  // per router
  if (const YAML::Node* hosts = f.require("hosts", lang::tr("a list of hosts with name and ip"))) {
    for_each_item(l.ctx, *hosts, "hosts", [&](const YAML::Node& item, std::size_t) {
      const std::size_t before_count = l.scenario.hosts.size();
      load_host(l, item, used);
      if (l.scenario.hosts.size() > before_count) host_items.push_back(item);
    });
    if (hosts->IsNull() || (hosts->IsSequence() && hosts->size() == 0)) {
      l.ctx.error(*hosts, lang::tr("hosts: expected at least one host"));
    }
  }
  if (auto v = f.find("switches")) {
    for_each_item(l.ctx, *v, "switches",
                  [&](const YAML::Node& item, std::size_t) { load_switch(l, item); });
  }
  if (auto v = f.find("routers")) {
    for_each_item(l.ctx, *v, "routers", [&](const YAML::Node& item, std::size_t) {
      std::vector<YAML::Node> items;
      const std::size_t before_count = l.scenario.routers.size();
      load_router(l, item, used, items);
      if (l.scenario.routers.size() > before_count) iface_items.push_back(std::move(items));
    });
  }
  assign_macs(l, host_items, iface_items);
  if (auto v = f.find("links")) load_links(l, *v);
}

}  // namespace synack::scenario::detail

// Building the world a scenario describes, and running it.
#include "sim/world/run.hpp"

#include <fmt/format.h>

#include <map>

#include "sim/scenario/lesson.hpp"
#include "sim/scenario/settings_list.hpp"
#include "sim/world/host.hpp"
#include "sim/world/router.hpp"
#include "sim/world/switch.hpp"

namespace synack::sim {

namespace {

using scenario::Scenario;

Interface make_interface(const scenario::InterfaceSpec& spec) {
  return Interface{spec.name, spec.mac.value_or(wire::MacAddress()), spec.address};
}

trace::InterfaceInfo info(const scenario::InterfaceSpec& spec) {
  return trace::InterfaceInfo{spec.name, spec.mac.value_or(wire::MacAddress()),
                              spec.address.address(), spec.address.prefix_length()};
}

// The header's settings: every one with its scenario-wide value, and what each
// host and router sets differently.
void describe_settings(trace::Trace& t, const Scenario& s) {
  trace::RunSettings& out = t.settings;
  out.scenario = scenario::trace_settings(s.defaults);
  auto add = [&](const std::string& node, const scenario::HostSettings& own, bool router) {
    auto differ = scenario::trace_overrides(own, s.defaults, router);
    if (!differ.empty()) out.nodes.push_back({node, std::move(differ)});
  };
  for (const scenario::HostSpec& h : s.hosts) add(h.name, h.settings, false);
  for (const scenario::RouterSpec& r : s.routers) add(r.name, r.settings, true);
  out.duration = s.duration;
  out.time_wait = 2 * s.defaults.tcp.msl;
}

class Builder {
 public:
  Builder(World& w, const Scenario& s) : w_(w), s_(s) {}

  std::vector<Host*> build() {
    std::vector<Host*> hosts;
    for (const scenario::HostSpec& h : s_.hosts) {
      NodeId id = add_node(h.name, trace::NodeKind::Host);
      w_.trace.nodes[id].interfaces.push_back(info(h.iface));
      if (h.gateway) w_.trace.nodes[id].gateway = *h.gateway;
      auto host =
          std::make_unique<Host>(w_, id, make_interface(h.iface), h.gateway, h.settings, s_);
      hosts.push_back(host.get());
      w_.nodes.push_back(std::move(host));
    }
    for (const scenario::RouterSpec& r : s_.routers) {
      NodeId id = add_node(r.name, trace::NodeKind::Router);
      std::vector<Interface> ifaces;
      for (const auto& i : r.interfaces) {
        ifaces.push_back(make_interface(i));
        w_.trace.nodes[id].interfaces.push_back(info(i));
      }
      w_.nodes.push_back(std::make_unique<Router>(w_, id, std::move(ifaces), r.routes, r.settings));
    }
    for (const scenario::SwitchSpec& sw : s_.switches) {
      NodeId id = add_node(sw.name, trace::NodeKind::Switch);
      w_.nodes.push_back(std::make_unique<Switch>(w_, id, sw.aging));
    }
    for (const scenario::LinkSpec& l : s_.links) add_link(l);
    for (const scenario::FaultSpec& f : s_.faults) add_fault(f, hosts);
    for (std::uint32_t i = 0; i < s_.steps.size(); ++i) {
      hosts[ids_.at(s_.steps[i].host)]->add_step(i);
    }
    return hosts;
  }

 private:
  NodeId add_node(const std::string& name, trace::NodeKind kind) {
    w_.trace.nodes.push_back(trace::NodeInfo{name, kind, {}, {}});
    auto id = static_cast<NodeId>(w_.trace.nodes.size() - 1);
    ids_[name] = id;
    return id;
  }

  // The port a link end takes: a host's only interface, a router's named
  // interface, a switch's next port.
  std::size_t port_for(NodeId node, const scenario::LinkEnd& end) {
    const trace::NodeInfo& n = w_.trace.nodes[node];
    if (n.kind == trace::NodeKind::Switch) return w_.nodes[node]->ports().size();
    for (std::size_t i = 0; i < n.interfaces.size(); ++i) {
      if (end.iface.empty() || n.interfaces[i].name == end.iface) return i;
    }
    return 0;
  }

  void add_link(const scenario::LinkSpec& spec) {
    Link link;
    link.id = static_cast<LinkId>(w_.links.size());
    link.spec = spec;
    const scenario::LinkEnd* ends[2] = {&spec.a, &spec.b};
    trace::LinkInfo info{spec.name, 0, 0, 0, 0, spec.delay, spec.bandwidth_bps};
    for (int e = 0; e < 2; ++e) {
      NodeId node = ids_.at(ends[e]->node);
      std::size_t port = port_for(node, *ends[e]);
      w_.nodes[node]->attach_at(port, link.id);
      link.end[e] = node;
      link.port[e] = port;
      bool is_switch = w_.trace.nodes[node].kind == trace::NodeKind::Switch;
      auto number = static_cast<std::uint16_t>(is_switch ? port + 1 : port);
      (e == 0 ? info.a : info.b) = node;
      (e == 0 ? info.a_port : info.b_port) = number;
    }
    w_.trace.links.push_back(info);
    w_.links.push_back(link);
  }

  void add_fault(const scenario::FaultSpec& spec, const std::vector<Host*>& hosts) {
    using scenario::FaultAction;
    if (spec.action == FaultAction::Crash || spec.action == FaultAction::Reboot) {
      Host* host = hosts[ids_.at(spec.host)];
      w_.at(spec.from, [host] { host->crash(); });
      if (spec.action == FaultAction::Reboot) w_.at(spec.until, [host] { host->boot(); });
      return;
    }
    Fault f;
    f.spec = spec;
    if (!spec.link.empty()) {
      for (const trace::LinkInfo& l : w_.trace.links) {
        if (l.name == spec.link) f.link = static_cast<LinkId>(&l - w_.trace.links.data());
      }
    }
    auto ip_of = [&](const std::string& host, wire::Ipv4Address& ip) {
      NodeId n = w_.trace.find_node(host);
      if (host.empty() || n == trace::kNone || w_.trace.nodes[n].interfaces.empty()) return false;
      ip = w_.trace.nodes[n].interfaces[0].ip;
      return true;
    };
    f.has_from = ip_of(spec.match.from, f.from_ip);
    f.has_to = ip_of(spec.match.to, f.to_ip);
    w_.faults.push_back(f);
  }

  World& w_;
  const Scenario& s_;
  std::map<std::string, NodeId> ids_;
};

}  // namespace

const char* trace_level_name(TraceLevel level) {
  switch (level) {
    case TraceLevel::Full: return "full";
    case TraceLevel::NoFloods: return "no-floods";
    case TraceLevel::States: return "states";
  }
  return "full";
}

trace::Trace run(const Scenario& scenario, const RunOptions& options, RunStats* stats) {
  std::uint64_t seed = options.seed.value_or(scenario.seed);
  World world(seed, scenario.steps.size());
  world.level = options.level;
  world.trace.name = scenario.name;
  world.trace.description = scenario.description;
  world.trace.seed = seed;
  describe_settings(world.trace, scenario);
  Builder builder(world, scenario);
  for (Host* host : builder.build()) host->start();

  TimeUs end =
      scenario.duration > 0 ? std::min(scenario.duration, options.time_limit) : options.time_limit;
  std::uint64_t handled = 0;
  std::function<void()> callback;
  EventQueue::Arrival arrival{};
  // Without a duration, a run ends when nothing but table aging is left.
  bool until_idle = scenario.duration == 0;
  std::string cut_short;
  while (!world.queue.empty() && world.queue.next_time() <= end &&
         (!until_idle || world.queue.active())) {
    if (++handled > options.event_limit) {
      cut_short = fmt::format("run stopped after {} events", options.event_limit);
      break;
    }
    TimeUs t = world.queue.pop(callback, arrival);
    world.step(t, callback, arrival);
  }
  if (cut_short.empty() && (until_idle ? world.queue.active() : scenario.duration > end)) {
    cut_short = fmt::format("run stopped at the time limit of {} s", end / tcp::kSeconds);
    world.now = end;
  }
  if (!cut_short.empty()) {
    world.note(0, cut_short);
    world.trace.settings.cut_short = cut_short;  // readers can tell, and say so
  } else if (!until_idle) {
    world.now = end;  // the scenario's time runs out even when nothing happens
    world.note(0, "end of the scenario's duration");
  }
  world.trace.lesson = scenario::place_lesson(scenario, world.trace);
  world.stats.engine_events = std::min(handled, options.event_limit);
  if (stats) *stats = world.stats;
  return std::move(world.trace);
}

}  // namespace synack::sim

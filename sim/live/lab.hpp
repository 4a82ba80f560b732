// The scenario's topology made of real Linux network namespaces: a namespace
// per host (its address, mask and default route), per router (forwarding on,
// an interface per network) and per switch (a bridge), joined by veth pairs
// created directly inside the namespaces, so nothing appears in the caller's
// own namespace and no traffic leaves the lab. Every name starts with
// "sk<pid>-"; the Lab removes what it made when it is destroyed, and
// remove_leftovers() removes what a killed run left (only names whose
// process is gone).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/trace.hpp"

namespace synack::live {

// What keeps a live run from starting here ("" when nothing): not root and no
// CAP_NET_ADMIN/CAP_NET_RAW, no network namespaces in the kernel, no `ip`.
std::string missing_privileges();

// The prefix of every namespace a process makes: "sk1234-".
std::string name_prefix(int pid);

// Deletes namespaces named "sk<pid>-..." whose process no longer exists;
// returns their names. Never touches another name or a live process's lab.
std::vector<std::string> remove_leftovers();

// Runs a program (no shell) with a time bound; "" on success, else what it
// printed on standard error (or why it could not run).
std::string run_tool(const std::vector<std::string>& argv, int timeout_ms = 5000);

// One network interface of the lab: in which namespace, under which name.
struct LabInterface {
  trace::NodeId node = 0;
  trace::LinkId link = 0;
  std::string netns;  // "sk1234-client"
  std::string name;   // "eth0", or "p1" for a bridge port
};

class Lab {
 public:
  // What a host or router is given beyond its addresses and routes.
  struct NodeSetup {
    std::vector<std::string> sysctls;        // "net.ipv4.tcp_sack=0"
    std::vector<std::string> route_metrics;  // {"quickack", "1"} on every route
  };
  // Builds the namespaces of `header` (nodes and links as the simulator
  // names them), each host and router set up by `setup` (indexed by node).
  // Throws std::runtime_error with the failing command.
  Lab(const scenario::Scenario& scenario, const trace::Trace& header,
      const std::vector<NodeSetup>& setup);
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  // Namespace of a node ("" for none).
  const std::string& netns(trace::NodeId node) const { return netns_[node]; }
  const std::vector<LabInterface>& interfaces() const { return interfaces_; }
  // Why link delays are not applied ("" when they are).
  const std::string& no_delay_reason() const { return no_delay_; }
  // Deletes every namespace made so far (the destructor does it too).
  void remove();

 private:
  void must(const std::vector<std::string>& argv);
  void build_links(const trace::Trace& header);
  void set_neighbour_sysctls(const trace::Trace& header, const std::vector<NodeSetup>& setup);
  void build_routes(const scenario::Scenario& scenario, const trace::Trace& header,
                    const std::vector<NodeSetup>& setup);
  void apply_delays(const scenario::Scenario& scenario);

  std::vector<std::string> netns_;  // by NodeId
  std::vector<std::string> made_;   // namespaces created, in order
  std::vector<LabInterface> interfaces_;
  std::string no_delay_;
};

}  // namespace synack::live

namespace synack::live {

// Runs `fn` on a thread of its own inside namespace `netns` (descriptors it
// opens there, sockets and captures, keep working from any thread); "" on
// success, else why the namespace could not be entered.
std::string in_netns(const std::string& netns, const std::function<void()>& fn);

// Microseconds of the real-time clock (the one capture timestamps use).
tcp::TimeUs realtime_us();

}  // namespace synack::live

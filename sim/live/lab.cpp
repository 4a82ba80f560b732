#include "sim/live/lab.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/capability.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace synack::live {

namespace {

constexpr const char* kNetnsDir = "/run/netns";
// The namespace the nodes' namespaces are made from; no node name maps to it.
constexpr const char* kParent = ".parent";
// A namespace other than the first has no neighbour defaults: these are set
// on each interface once it exists.
constexpr std::string_view kNeighDefault = ".neigh.default.";

bool has_capability(int cap) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  return (data[cap / 32].effective & (1u << (cap % 32))) != 0;
}

// A node name as a namespace name may carry it.
std::string safe(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out;
}

std::string cidr(const wire::Ipv4Cidr& c) {
  return fmt::format("{}/{}", c.address().to_string(), c.prefix_length());
}

// Checksums computed by the kernel, not left to an offload a veth never does:
// the capture then holds the bytes a wire would carry.
std::string checksum_in_software(const std::string& netns, const std::string& iface) {
  std::string error;
  const std::string failed = in_netns(netns, [&] {
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ethtool_value off{ETHTOOL_STXCSUM, 0};
    ifreq req{};
    std::snprintf(req.ifr_name, sizeof req.ifr_name, "%s", iface.c_str());
    req.ifr_data = reinterpret_cast<char*>(&off);
    if (fd < 0 || ioctl(fd, SIOCETHTOOL, &req) != 0) error = std::strerror(errno);
    if (fd >= 0) close(fd);
  });
  return failed.empty() ? error : failed;
}

// A new network namespace, made by a thread inside `parent` and kept under
// /run/netns as `ip netns add` keeps its own.
std::string make_netns(const std::string& parent, const std::string& name) {
  std::string error;
  const std::string path = std::string(kNetnsDir) + "/" + name;
  const std::string failed = in_netns(parent, [&] {
    if (unshare(CLONE_NEWNET) != 0) {
      error = std::string("unshare: ") + std::strerror(errno);
      return;
    }
    const int fd = open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
    if (fd < 0) {
      error = path + ": " + std::strerror(errno);
      return;
    }
    close(fd);
    if (mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) != 0) {
      error = std::string("mount: ") + std::strerror(errno);
    }
  });
  return failed.empty() ? error : failed;
}

}  // namespace

std::string missing_privileges() {
  std::vector<std::string> missing;
  if (!has_capability(CAP_NET_ADMIN)) missing.push_back("CAP_NET_ADMIN");
  if (!has_capability(CAP_NET_RAW)) missing.push_back("CAP_NET_RAW");
  if (!has_capability(CAP_SYS_ADMIN)) missing.push_back("CAP_SYS_ADMIN (to enter namespaces)");
  if (!missing.empty()) {
    std::string text = "live mode needs root or these capabilities, which this process lacks:";
    for (const std::string& m : missing) text += " " + m;
    return text;
  }
  if (access("/proc/self/ns/net", F_OK) != 0) {
    return "this kernel has no network namespaces (/proc/self/ns/net is missing)";
  }
  if (const std::string e = run_tool({"ip", "-V"}); !e.empty()) {
    return "the `ip` command (iproute2) does not run: " + e;
  }
  return {};
}

std::string name_prefix(int pid) { return fmt::format("sk{}-", pid); }

std::vector<std::string> remove_leftovers() {
  std::vector<std::string> removed;
  DIR* dir = opendir(kNetnsDir);
  if (dir == nullptr) return removed;
  std::vector<std::string> names;
  while (const dirent* e = readdir(dir)) names.emplace_back(e->d_name);
  closedir(dir);
  for (const std::string& name : names) {
    if (name.size() < 4 || name.compare(0, 2, "sk") != 0) continue;
    std::size_t i = 2;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    if (i == 2 || i >= name.size() || name[i] != '-' || i - 2 > 9) continue;
    const int pid = std::stoi(name.substr(2, i - 2));
    if (kill(pid, 0) == 0 || errno != ESRCH) continue;  // its process is still there
    if (run_tool({"ip", "netns", "delete", name}).empty()) removed.push_back(name);
  }
  return removed;
}

std::string run_tool(const std::vector<std::string>& argv, int timeout_ms) {
  int err_pipe[2];
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
  const pid_t pid = fork();
  if (pid < 0) {
    close(err_pipe[0]);
    close(err_pipe[1]);
    return std::string("fork: ") + std::strerror(errno);
  }
  if (pid == 0) {
    dup2(err_pipe[1], STDERR_FILENO);
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDOUT_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    dprintf(STDERR_FILENO, "%s: %s", args[0], std::strerror(errno));
    _exit(127);
  }
  close(err_pipe[1]);
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool timed_out = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{err_pipe[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[512];
    const ssize_t n = read(err_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    if (text.size() < 4096) text.append(buf, static_cast<std::size_t>(n));
  }
  close(err_pipe[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (timed_out) return fmt::format("{} did not finish within {} ms", argv[0], timeout_ms);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  return text.empty() ? fmt::format("{} failed (status {})", argv[0], status) : text;
}

void Lab::must(const std::vector<std::string>& argv) {
  if (const std::string e = run_tool(argv); !e.empty()) {
    std::string command;
    for (const std::string& a : argv) command += (command.empty() ? "" : " ") + a;
    throw std::runtime_error(fmt::format("`{}` failed: {}", command, e));
  }
}

Lab::Lab(const scenario::Scenario& scenario, const trace::Trace& header,
         const std::vector<NodeSetup>& setup) {
  const std::string prefix = name_prefix(getpid());
  netns_.resize(header.nodes.size());
  try {
    // The nodes' namespaces are made from this one, which gives each a small
    // TCP hash table of its own: a sock_diag dump then takes microseconds, not
    // the milliseconds a walk of the first namespace's table takes.
    const std::string parent = prefix + kParent;
    must({"ip", "netns", "add", parent});
    made_.push_back(parent);
    must({"ip", "netns", "exec", parent, "sysctl", "-q", "-w",
          "net.ipv4.tcp_child_ehash_entries=256"});
    for (trace::NodeId n = 0; n < header.nodes.size(); ++n) {
      netns_[n] = prefix + safe(header.nodes[n].name);
      made_.push_back(netns_[n]);
      if (const std::string e = make_netns(parent, netns_[n]); !e.empty()) {
        throw std::runtime_error(fmt::format("cannot make namespace {}: {}", netns_[n], e));
      }
      // No IPv6 chatter (router solicitations, MLD) on the links.
      std::vector<std::string> set = {"ip",
                                      "netns",
                                      "exec",
                                      netns_[n],
                                      "sysctl",
                                      "-q",
                                      "-w",
                                      "net.ipv6.conf.all.disable_ipv6=1",
                                      "net.ipv6.conf.default.disable_ipv6=1"};
      for (const std::string& sysctl : setup[n].sysctls) {
        if (sysctl.find(kNeighDefault) == std::string::npos) set.push_back(sysctl);
      }
      if (header.nodes[n].kind == trace::NodeKind::Router) {
        // Forwarding on; each interface answers ARP only for its own address.
        for (const char* s : {"net.ipv4.ip_forward=1", "net.ipv4.conf.all.arp_ignore=1",
                              "net.ipv4.conf.all.arp_announce=2"}) {
          set.emplace_back(s);
        }
      }
      must(set);
      must({"ip", "-n", netns_[n], "link", "set", "lo", "up"});
    }
    build_links(header);
    set_neighbour_sysctls(header, setup);
    build_routes(scenario, header, setup);
    apply_delays(scenario);
  } catch (...) {
    remove();
    throw;
  }
}

void Lab::build_links(const trace::Trace& header) {
  for (trace::NodeId n = 0; n < header.nodes.size(); ++n) {
    if (header.nodes[n].kind == trace::NodeKind::Switch) {
      must({"ip", "-n", netns_[n], "link", "add", "br0", "type", "bridge", "stp_state", "0",
            "forward_delay", "0"});
      must({"ip", "-n", netns_[n], "link", "set", "br0", "up"});
    }
  }
  for (trace::LinkId l = 0; l < header.links.size(); ++l) {
    const trace::LinkInfo& link = header.links[l];
    LabInterface ends[2];
    for (int e = 0; e < 2; ++e) {
      const trace::NodeId node = e == 0 ? link.a : link.b;
      const std::uint16_t port = e == 0 ? link.a_port : link.b_port;
      const trace::NodeInfo& info = header.nodes[node];
      ends[e].node = node;
      ends[e].link = l;
      ends[e].netns = netns_[node];
      ends[e].name = info.kind == trace::NodeKind::Switch ? fmt::format("p{}", port)
                                                          : info.interfaces[port].name;
    }
    // Made inside the first end's namespace, its peer sent straight to the second's.
    std::vector<std::string> add = {"ip", "-n", ends[0].netns, "link", "add", ends[0].name};
    auto mac_of = [&](int e, std::vector<std::string>& argv) {
      const trace::NodeInfo& info = header.nodes[ends[e].node];
      const std::uint16_t port = e == 0 ? link.a_port : link.b_port;
      if (info.kind == trace::NodeKind::Switch) return;
      argv.insert(argv.end(), {"address", info.interfaces[port].mac.to_string()});
    };
    mac_of(0, add);
    add.insert(add.end(), {"type", "veth", "peer", "name", ends[1].name, "netns", ends[1].netns});
    mac_of(1, add);
    must(add);
    for (int e = 0; e < 2; ++e) {
      const trace::NodeInfo& info = header.nodes[ends[e].node];
      const std::uint16_t port = e == 0 ? link.a_port : link.b_port;
      if (info.kind == trace::NodeKind::Switch) {
        must({"ip", "-n", ends[e].netns, "link", "set", ends[e].name, "master", "br0"});
      } else {
        const trace::InterfaceInfo& i = info.interfaces[port];
        must({"ip", "-n", ends[e].netns, "addr", "add",
              fmt::format("{}/{}", i.ip.to_string(), i.prefix_length), "dev", ends[e].name});
      }
      must({"ip", "-n", ends[e].netns, "link", "set", ends[e].name, "up"});
      if (const std::string err = checksum_in_software(ends[e].netns, ends[e].name); !err.empty()) {
        throw std::runtime_error(
            fmt::format("cannot turn off checksum offload on {}: {}", ends[e].name, err));
      }
      interfaces_.push_back(ends[e]);
    }
  }
}

void Lab::set_neighbour_sysctls(const trace::Trace& header, const std::vector<NodeSetup>& setup) {
  for (trace::NodeId n = 0; n < header.nodes.size(); ++n) {
    std::vector<std::string> set = {"ip", "netns", "exec", netns_[n], "sysctl", "-q", "-w"};
    for (const std::string& sysctl : setup[n].sysctls) {
      const std::size_t at = sysctl.find(kNeighDefault);
      if (at == std::string::npos) continue;
      for (const trace::InterfaceInfo& i : header.nodes[n].interfaces) {
        set.push_back(sysctl.substr(0, at) + ".neigh." + i.name + "." +
                      sysctl.substr(at + kNeighDefault.size()));
      }
    }
    if (set.size() > 7) must(set);
  }
}

// The connected routes again with the route metrics, then the default
// gateways and the routers' static routes.
void Lab::build_routes(const scenario::Scenario& scenario, const trace::Trace& header,
                       const std::vector<NodeSetup>& setup) {
  for (trace::NodeId n = 0; n < header.nodes.size(); ++n) {
    const std::vector<std::string>& metrics = setup[n].route_metrics;
    if (metrics.empty()) continue;
    for (const trace::InterfaceInfo& i : header.nodes[n].interfaces) {
      const wire::Ipv4Cidr net(i.ip, i.prefix_length);
      std::vector<std::string> argv = {
          "ip",    "-n",     netns_[n], "route", "replace", cidr(net.network()), "dev", i.name,
          "proto", "kernel", "scope",   "link",  "src",     i.ip.to_string()};
      argv.insert(argv.end(), metrics.begin(), metrics.end());
      must(argv);
    }
  }
  auto route = [&](trace::NodeId n, const std::string& to, const wire::Ipv4Address& via) {
    std::vector<std::string> argv = {"ip",  "-n", netns_[n], "route",
                                     "add", to,   "via",     via.to_string()};
    argv.insert(argv.end(), setup[n].route_metrics.begin(), setup[n].route_metrics.end());
    must(argv);
  };
  for (const scenario::HostSpec& h : scenario.hosts) {
    if (h.gateway) route(header.find_node(h.name), "default", *h.gateway);
  }
  for (const scenario::RouterSpec& r : scenario.routers) {
    for (const scenario::StaticRoute& sr : r.routes) {
      route(header.find_node(r.name), cidr(sr.destination), sr.via);
    }
  }
}

// Delays need the netem queueing discipline; where the kernel lacks it the
// links run without delay, and the reason is kept to be said once.
void Lab::apply_delays(const scenario::Scenario& scenario) {
  for (const LabInterface& i : interfaces_) {
    const tcp::TimeUs delay = scenario.links[i.link].delay;
    if (delay <= 0) continue;
    const std::string e = run_tool({"ip", "netns", "exec", i.netns, "tc", "qdisc", "add", "dev",
                                    i.name, "root", "netem", "delay", fmt::format("{}us", delay)});
    if (!e.empty()) {
      no_delay_ = "tc netem is not available here (" + e +
                  "): links run without delay, so orderings are compared, not times";
      return;
    }
  }
}

void Lab::remove() {
  for (auto it = made_.rbegin(); it != made_.rend(); ++it) run_tool({"ip", "netns", "delete", *it});
  made_.clear();
}

Lab::~Lab() { remove(); }

}  // namespace synack::live

namespace synack::live {

std::string in_netns(const std::string& netns, const std::function<void()>& fn) {
  std::string error;
  std::thread worker([&] {
    const int fd = open((std::string(kNetnsDir) + "/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) {
      error = fmt::format("cannot enter namespace {}: {}", netns, std::strerror(errno));
    } else {
      fn();
    }
    if (fd >= 0) close(fd);
  });
  worker.join();
  return error;
}

tcp::TimeUs realtime_us() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<tcp::TimeUs>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

}  // namespace synack::live

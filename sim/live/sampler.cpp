#include "sim/live/sampler.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <linux/inet_diag.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>
#include <tuple>

namespace synack::live {

namespace {

constexpr tcp::TimeUs kIntervalUs = 200;  // between two rounds over every namespace
constexpr int kNeighbourEvery = 4;        // rounds between neighbour table samples

// Linux's TCP state numbers (include/net/tcp_states.h).
tcp::State from_linux(int s) {
  switch (s) {
    case 1: return tcp::State::Established;
    case 2: return tcp::State::SynSent;
    case 3: return tcp::State::SynReceived;
    case 4: return tcp::State::FinWait1;
    case 5: return tcp::State::FinWait2;
    case 6: return tcp::State::TimeWait;
    case 8: return tcp::State::CloseWait;
    case 9: return tcp::State::LastAck;
    case 10: return tcp::State::Listen;
    case 11: return tcp::State::Closing;
    case 12: return tcp::State::SynReceived;  // a request socket (TCP_NEW_SYN_RECV)
    default: return tcp::State::Closed;       // TCP_CLOSE: bound or reset, no connection
  }
}

template <typename T>
const T* payload(const nlmsghdr* h) {
  return reinterpret_cast<const T*>(reinterpret_cast<const char*>(h) + NLMSG_HDRLEN);
}

// Sends a dump request and calls `fn` for every message of the answer.
template <typename Request, typename Fn>
void dump(int fd, std::uint16_t type, const Request& body, Fn&& fn) {
  struct {
    nlmsghdr header;
    Request body;
  } req{};
  req.header.nlmsg_len = sizeof req;
  req.header.nlmsg_type = type;
  req.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.body = body;
  if (send(fd, &req, sizeof req, 0) < 0) return;
  alignas(nlmsghdr) char buf[32768];
  for (;;) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    auto len = static_cast<unsigned>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return;
      fn(h);
    }
  }
}

int open_netlink(int protocol) {
  const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
  if (fd < 0) return -1;
  timeval tv{0, 200'000};  // a dump never waits longer than this
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

}  // namespace

Sampler::Sampler(const Lab& lab, const trace::Trace& header) {
  for (trace::NodeId n = 0; n < header.nodes.size(); ++n) {
    Node node;
    node.id = n;
    node.is_switch = header.nodes[n].kind == trace::NodeKind::Switch;
    std::vector<std::string> ports;
    for (const LabInterface& i : lab.interfaces()) {
      if (i.node == n && node.is_switch) ports.push_back(i.name);
    }
    const std::string failed = in_netns(lab.netns(n), [&] {
      if (!node.is_switch) node.diag = open_netlink(NETLINK_SOCK_DIAG);
      node.route = open_netlink(NETLINK_ROUTE);
      for (const std::string& p : ports) {
        node.ports.emplace_back(static_cast<int>(if_nametoindex(p.c_str())),
                                static_cast<std::uint16_t>(std::stoi(p.substr(1))));
      }
    });
    if (!failed.empty() || node.route < 0 || (!node.is_switch && node.diag < 0)) {
      throw std::runtime_error(fmt::format("cannot open netlink sockets in {}: {}", lab.netns(n),
                                           failed.empty() ? std::strerror(errno) : failed));
    }
    nodes_.push_back(std::move(node));
  }
}

Sampler::~Sampler() {
  if (thread_.joinable()) {
    stop_ = true;
    thread_.join();
  }
  for (Node& n : nodes_) {
    if (n.diag >= 0) close(n.diag);
    if (n.route >= 0) close(n.route);
  }
}

void Sampler::start() {
  thread_ = std::thread([this] {
    sched_param priority{};
    priority.sched_priority = 5;  // no missed states while builds load the machine
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &priority);
    run();
  });
}

Samples Sampler::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return std::move(samples_);
}

void Sampler::run() {
  tcp::TimeUs last = 0;
  // After the stop request, one more round sees the final states.
  for (bool final_round = false; !final_round;) {
    final_round = stop_;
    // Each change is stamped when its dump was read: it happened at or before then.
    tcp::TimeUs t = 0;
    const bool neighbours = samples_.rounds % kNeighbourEvery == 0 || final_round;
    resolving_now_ = 0;
    for (Node& n : nodes_) {
      if (!n.is_switch) sample_sockets(n);
      if (neighbours) sample_neighbours(n);
      t = realtime_us();
    }
    if (neighbours) resolving_ = resolving_now_;
    if (last != 0) samples_.longest_gap_us = std::max(samples_.longest_gap_us, t - last);
    last = t;
    ++samples_.rounds;
    const timespec pause{0, kIntervalUs * 1000};
    nanosleep(&pause, nullptr);
  }
}

void Sampler::sample_sockets(Node& node) {
  std::map<SocketKey, tcp::State> seen;
  std::map<std::uint16_t, SampledQueue> queues;  // listeners of this host by port
  std::map<std::uint16_t, std::uint16_t> half_open;
  inet_diag_req_v2 req{};
  req.sdiag_family = AF_INET;
  req.sdiag_protocol = IPPROTO_TCP;
  req.idiag_states = ~0u;
  dump(node.diag, SOCK_DIAG_BY_FAMILY, req, [&](const nlmsghdr* h) {
    const auto* m = payload<inet_diag_msg>(h);
    const tcp::State state = from_linux(m->idiag_state);
    if (state == tcp::State::Closed) return;
    const SocketKey key{node.id, ntohl(m->id.idiag_src[0]), ntohs(m->id.idiag_sport),
                        ntohl(m->id.idiag_dst[0]), ntohs(m->id.idiag_dport)};
    seen[key] = state;
    if (m->idiag_state == 10) {  // TCP_LISTEN
      SampledQueue& q = queues[ntohs(m->id.idiag_sport)];
      q.accept_queue = static_cast<std::uint16_t>(m->idiag_rqueue);
      q.backlog = static_cast<std::uint16_t>(m->idiag_wqueue);
    } else if (m->idiag_state == 12) {  // TCP_NEW_SYN_RECV
      ++half_open[ntohs(m->id.idiag_sport)];
    }
  });
  const tcp::TimeUs t = realtime_us();
  for (auto& [port, q] : queues) {
    q.t_us = t;
    q.host = node.id;
    q.port = port;
    q.syn_queue = half_open[port];
    SampledQueue& last = queues_[{node.id, port}];
    if (last.t_us == 0 || last.syn_queue != q.syn_queue || last.accept_queue != q.accept_queue ||
        last.backlog != q.backlog) {
      samples_.queues.push_back(q);
    }
    last = q;
  }
  auto report = [&](const SocketKey& k, tcp::State s) {
    SampledState out;
    out.t_us = t;
    out.host = node.id;
    out.id = tcp::ConnectionId{std::get<1>(k), std::get<2>(k), std::get<3>(k), std::get<4>(k)};
    out.state = s;
    samples_.states.push_back(out);
  };
  for (const auto& [k, s] : seen) {
    auto it = known_.find(k);
    if (it == known_.end() || it->second != s) report(k, s);
  }
  for (auto it = known_.begin(); it != known_.end();) {
    if (std::get<0>(it->first) == node.id && seen.count(it->first) == 0) {
      report(it->first, tcp::State::Closed);
      it = known_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [k, s] : seen) known_[k] = s;
  int time_wait = 0;
  for (const auto& [k, s] : known_) time_wait += s == tcp::State::TimeWait ? 1 : 0;
  time_wait_ = time_wait;
}

void Sampler::sample_neighbours(Node& node) {
  ndmsg req{};
  req.ndm_family = node.is_switch ? AF_BRIDGE : AF_INET;
  tcp::TimeUs t = 0;
  dump(node.route, RTM_GETNEIGH, req, [&](const nlmsghdr* h) {
    if (t == 0) t = realtime_us();
    const auto* m = payload<ndmsg>(h);
    if (m->ndm_state & NUD_INCOMPLETE) ++resolving_now_;
    if (m->ndm_state & (NUD_NOARP | NUD_PERMANENT | NUD_INCOMPLETE)) return;
    SampledEntry e;
    e.t_us = t;
    e.node = node.id;
    bool has_ip = false, has_mac = false;
    int len = static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof(ndmsg)));
    for (auto* a = reinterpret_cast<const rtattr*>(reinterpret_cast<const char*>(m) +
                                                   NLMSG_ALIGN(sizeof(ndmsg)));
         RTA_OK(a, len); a = RTA_NEXT(a, len)) {
      if (a->rta_type == NDA_DST && RTA_PAYLOAD(a) == 4) {
        std::uint32_t ip = 0;
        std::memcpy(&ip, RTA_DATA(a), 4);
        e.ip = wire::Ipv4Address(ntohl(ip));
        has_ip = true;
      } else if (a->rta_type == NDA_LLADDR && RTA_PAYLOAD(a) == 6) {
        std::array<std::uint8_t, 6> mac{};
        std::memcpy(mac.data(), RTA_DATA(a), 6);
        e.mac = wire::MacAddress(mac);
        has_mac = true;
      }
    }
    if (node.is_switch) {
      if (!has_mac) return;
      for (const auto& [index, port] : node.ports) {
        if (index == m->ndm_ifindex) e.port = port;
      }
      if (e.port == 0) return;  // the bridge's own entries
      auto key = std::make_pair(node.id, e.mac.to_string());
      auto it = fdb_.find(key);
      if (it != fdb_.end() && it->second == e.port) return;
      e.changed = it != fdb_.end();
      fdb_[key] = e.port;
      samples_.mac.push_back(e);
      return;
    }
    if (!has_ip) return;
    e.failed = (m->ndm_state & NUD_FAILED) != 0;
    if (!e.failed && !has_mac) return;
    auto key = std::make_pair(node.id, e.ip.value());
    auto it = arp_.find(key);
    if (it != arp_.end() && it->second.mac == e.mac && it->second.failed == e.failed) return;
    e.changed = it != arp_.end();
    arp_[key] = e;
    samples_.arp.push_back(e);
  });
}

}  // namespace synack::live

// A host's scenario settings in Linux's terms: the per-namespace sysctls,
// the route metrics and the socket options that carry them, and the
// settings Linux cannot honour, each said in one line.
#pragma once

#include <string>
#include <vector>

#include "sim/live/lab.hpp"
#include "sim/scenario/scenario.hpp"

namespace synack::live {

struct LinuxSetup {
  Lab::NodeSetup node;                    // sysctls and route metrics
  std::vector<std::string> applied;       // "syn_retries 6: net.ipv4.tcp_syn_retries=6"
  std::vector<std::string> not_honoured;  // "msl 1 s: Linux holds TIME-WAIT for a fixed 60 s"
};

// Always set as well, so the kernel's segments carry what the model's do
// (no autocorking: a write goes out when it is made).
const std::vector<std::string>& textbook_sysctls();

// Socket options (TCP_NODELAY, SO_SNDBUF, SO_RCVBUF) are applied to each
// socket the script makes (RealSockets); they are listed here too.
LinuxSetup linux_setup(const scenario::HostSettings& settings);

}  // namespace synack::live

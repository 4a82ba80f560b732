// Every interface of the lab captured with libpcap in immediate mode, one
// handle per direction (what the node sent, what it received), all read by
// one thread until stop().
#pragma once

#include <pcap/pcap.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "sim/live/lab.hpp"

namespace synack::live {

struct Captured {
  tcp::TimeUs t_us = 0;     // real time
  std::uint32_t iface = 0;  // index into Lab::interfaces()
  bool sent = false;        // leaving the node (else arriving)
  std::vector<std::uint8_t> bytes;
};

class Capture {
 public:
  // Opens the handles; throws std::runtime_error naming the interface.
  explicit Capture(const std::vector<LabInterface>& interfaces);
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  void start();
  // Stops the reading thread and returns what was captured, in capture order
  // per handle; `dropped` gets the packets libpcap says it lost.
  std::vector<Captured> stop(std::uint64_t& dropped);

 private:
  struct Handle {
    pcap_t* pcap = nullptr;
    std::uint32_t iface = 0;
    bool sent = false;
  };
  void read_all();

  std::vector<Handle> handles_;
  std::vector<Captured> got_;
  std::uint64_t over_ = 0;  // frames beyond what a run keeps
  std::atomic<bool> stop_{false};
  std::thread reader_;
};

}  // namespace synack::live

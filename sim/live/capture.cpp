#include "sim/live/capture.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <stdexcept>

namespace synack::live {

namespace {

constexpr std::size_t kMaxFrames = 1'000'000;  // a run keeps no more; the rest count as dropped

}  // namespace

Capture::Capture(const std::vector<LabInterface>& interfaces) {
  for (std::uint32_t i = 0; i < interfaces.size(); ++i) {
    for (const bool sent : {true, false}) {
      std::string error;
      pcap_t* p = nullptr;
      const std::string failed = in_netns(interfaces[i].netns, [&] {
        char errbuf[PCAP_ERRBUF_SIZE] = {};
        p = pcap_create(interfaces[i].name.c_str(), errbuf);
        if (p == nullptr) {
          error = errbuf;
          return;
        }
        pcap_set_snaplen(p, 65535);
        pcap_set_immediate_mode(p, 1);  // every frame as it comes, not in batches
        pcap_set_timeout(p, 10);
        if (pcap_activate(p) < 0 || pcap_setdirection(p, sent ? PCAP_D_OUT : PCAP_D_IN) != 0 ||
            pcap_setnonblock(p, 1, errbuf) != 0) {
          error = pcap_geterr(p);
          pcap_close(p);
          p = nullptr;
        }
      });
      if (p == nullptr) {
        throw std::runtime_error(fmt::format("cannot capture on {} in {}: {}", interfaces[i].name,
                                             interfaces[i].netns, failed.empty() ? error : failed));
      }
      handles_.push_back(Handle{p, i, sent});
    }
  }
}

Capture::~Capture() {
  if (reader_.joinable()) {
    stop_ = true;
    reader_.join();
  }
  for (Handle& h : handles_) pcap_close(h.pcap);
}

void Capture::start() {
  reader_ = std::thread([this] { read_all(); });
}

void Capture::read_all() {
  std::vector<pollfd> fds;
  for (const Handle& h : handles_) fds.push_back(pollfd{pcap_get_selectable_fd(h.pcap), POLLIN, 0});
  // After the stop request, one more pass takes what is still buffered.
  for (bool last = false; !last;) {
    last = stop_;
    poll(fds.data(), fds.size(), last ? 0 : 20);
    for (Handle& h : handles_) {
      std::pair<Capture*, Handle*> context{this, &h};
      pcap_dispatch(
          h.pcap, -1,
          [](u_char* user, const pcap_pkthdr* hdr, const u_char* bytes) {
            auto* self = reinterpret_cast<std::pair<Capture*, Handle*>*>(user);
            if (self->first->got_.size() >= kMaxFrames) {
              ++self->first->over_;
              return;
            }
            Captured c;
            c.t_us = static_cast<tcp::TimeUs>(hdr->ts.tv_sec) * 1'000'000 + hdr->ts.tv_usec;
            c.iface = self->second->iface;
            c.sent = self->second->sent;
            c.bytes.assign(bytes, bytes + hdr->caplen);
            self->first->got_.push_back(std::move(c));
          },
          reinterpret_cast<u_char*>(&context));
    }
  }
}

std::vector<Captured> Capture::stop(std::uint64_t& dropped) {
  stop_ = true;
  if (reader_.joinable()) reader_.join();
  dropped = over_;
  for (Handle& h : handles_) {
    pcap_stat st{};
    if (pcap_stats(h.pcap, &st) == 0) dropped += st.ps_drop;
  }
  return std::move(got_);
}

}  // namespace synack::live

#include "sim/trace/pcap_export.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace synack::trace {

namespace {

constexpr int kSnapLength = 65535;

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};
struct DumperCloser {
  void operator()(pcap_dumper_t* d) const { pcap_dump_close(d); }
};

}  // namespace

bool write_pcap(const Trace& trace, const std::string& path, std::string& error) {
  std::unique_ptr<pcap_t, PcapCloser> handle(pcap_open_dead(DLT_EN10MB, kSnapLength));
  if (!handle) {
    error = path + ": cannot start a pcap writer";
    return false;
  }
  std::unique_ptr<pcap_dumper_t, DumperCloser> dumper(pcap_dump_open(handle.get(), path.c_str()));
  if (!dumper) {
    // libpcap's message usually names the file already ("PATH: No such file ...").
    const std::string reason = pcap_geterr(handle.get());
    error = reason.find(path) == std::string::npos ? path + ": " + reason : reason;
    return false;
  }

  // Each frame once, stamped when its first bit went on the wire (after any
  // wait behind other frames), in that order.
  std::vector<bool> seen(trace.frame_count(), false);
  std::vector<std::pair<TimeUs, FrameId>> frames;
  for (const Event& event : trace.events) {
    const auto* fe = std::get_if<FrameEvent>(&event.what);
    if (fe == nullptr || fe->frame >= seen.size() || seen[fe->frame]) continue;
    seen[fe->frame] = true;
    frames.emplace_back(event.t + (fe->fate == Fate::Sent ? fe->queued_us : 0), fe->frame);
  }
  std::stable_sort(frames.begin(), frames.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [when, frame] : frames) {
    const wire::ByteView bytes = trace.frame(frame);
    const TimeUs t = when < 0 ? 0 : when;
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<decltype(header.ts.tv_sec)>(t / 1'000'000);
    header.ts.tv_usec = static_cast<decltype(header.ts.tv_usec)>(t % 1'000'000);
    header.len = static_cast<bpf_u_int32>(bytes.size());
    header.caplen = bytes.size() < kSnapLength ? header.len : bpf_u_int32{kSnapLength};
    pcap_dump(reinterpret_cast<u_char*>(dumper.get()), &header, bytes.data());
  }

  // pcap_dump reports nothing; a full disk shows up in the stream's state.
  const bool failed =
      pcap_dump_flush(dumper.get()) != 0 || std::ferror(pcap_dump_file(dumper.get())) != 0;
  const int reason = errno;  // before closing the file can change it
  dumper.reset();
  if (failed) {
    error = path + ": write failed: " + std::strerror(reason);
    return false;
  }
  return true;
}

}  // namespace synack::trace

#include "sim/capture/link_layer.hpp"

#include <pcap/pcap.h>

namespace synack::capture {

namespace {

constexpr std::uint16_t kVlan = 0x8100;  // 802.1Q
constexpr std::uint16_t kQinQ = 0x88A8;  // 802.1ad
constexpr std::uint16_t kIpv6 = 0x86DD;
constexpr std::uint16_t kArphrdEther = 1;  // an SLL address that is a MAC
constexpr std::uint16_t kArphrdLoopback = 772;
constexpr std::uint8_t kPacketHost = 0;  // SLL packet type: to us
constexpr std::size_t kSllLength = 16;
constexpr std::size_t kSll2Length = 20;

// Steps over VLAN tags: `type` is the link header's ethertype, `at` where
// what it names begins.
bool take_tags(wire::ByteView frame, std::uint16_t type, std::size_t at, LinkFrame& out,
               std::string& error) {
  while (type == kVlan || type == kQinQ) {
    out.tagged = true;
    if (frame.size() < at + 4) {
      error = "frame ends inside a VLAN tag";
      return false;
    }
    type = frame.u16(at + 2);  // after the tag control information
    at += 4;
  }
  out.ethertype = type;
  out.header_length = at;
  out.payload = frame.from(at);
  return true;
}

// The SLL address is the sender's: a MAC for Ethernet-like devices.
void take_sll_address(wire::ByteView frame, std::uint16_t hatype, std::size_t addr_len,
                      std::size_t at, std::uint8_t packet_type, LinkFrame& out) {
  out.loopback_in = hatype == kArphrdLoopback && packet_type == kPacketHost;
  if (hatype == kArphrdEther && addr_len == 6) {
    out.src = wire::read_mac(frame, at);
    out.has_src = true;
  }
}

}  // namespace

std::optional<LinkType> link_type_of(int dlt) {
  switch (dlt) {
    case DLT_EN10MB: return LinkType::Ethernet;
    case DLT_LINUX_SLL: return LinkType::LinuxSll;
    case DLT_LINUX_SLL2: return LinkType::LinuxSll2;
    case DLT_RAW:
    case DLT_IPV4: return LinkType::RawIpv4;
    default: return std::nullopt;
  }
}

const char* link_types_read() { return "EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4"; }

bool take_link_header(LinkType type, wire::ByteView frame, LinkFrame& out, std::string& error) {
  out = LinkFrame{};
  switch (type) {
    case LinkType::Ethernet:
      if (frame.size() < wire::EthernetRepr::kHeaderLength) {
        error = "frame of " + std::to_string(frame.size()) +
                " bytes is shorter than an Ethernet header";
        return false;
      }
      out.dst = wire::read_mac(frame, 0);
      out.src = wire::read_mac(frame, 6);
      out.has_src = out.has_dst = true;
      return take_tags(frame, frame.u16(12), 14, out, error);
    case LinkType::LinuxSll:
      if (frame.size() < kSllLength) {
        error = "frame of " + std::to_string(frame.size()) + " bytes is shorter than an SLL header";
        return false;
      }
      take_sll_address(frame, frame.u16(2), frame.u16(4), 6,
                       static_cast<std::uint8_t>(frame.u16(0)), out);
      return take_tags(frame, frame.u16(14), kSllLength, out, error);
    case LinkType::LinuxSll2:
      if (frame.size() < kSll2Length) {
        error =
            "frame of " + std::to_string(frame.size()) + " bytes is shorter than an SLL2 header";
        return false;
      }
      take_sll_address(frame, frame.u16(8), frame.u8(11), 12, frame.u8(10), out);
      return take_tags(frame, frame.u16(0), kSll2Length, out, error);
    case LinkType::RawIpv4:
      // DLT_RAW may hold IPv6 too: the version says.
      out.ethertype = (frame.u8(0) >> 4) == 6 ? kIpv6 : wire::ethertype::IPV4;
      out.payload = frame;
      return true;
  }
  return false;
}

}  // namespace synack::capture

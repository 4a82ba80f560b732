// The link layers a capture may have, taken off a frame: Ethernet (with any
// 802.1Q / 802.1ad tags), Linux cooked captures (SLL, SLL2: what
// `tcpdump -i any` writes) and raw IPv4. What is left is the network layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/wire/bytes.hpp"
#include "core/wire/ethernet.hpp"

namespace synack::capture {

enum class LinkType : std::uint8_t { Ethernet, LinuxSll, LinuxSll2, RawIpv4 };

// The link type of a libpcap DLT_ value; nullopt for the ones not read here.
std::optional<LinkType> link_type_of(int dlt);
// "EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4": the names of those read here.
const char* link_types_read();

struct LinkFrame {
  wire::MacAddress src, dst;  // zero when the link layer does not carry them
  bool has_src = false, has_dst = false;
  std::uint16_t ethertype = 0;    // under any VLAN tags
  std::size_t header_length = 0;  // link header and tags
  bool tagged = false;            // had VLAN tags
  // A cooked capture of a loopback device holds each packet twice, going out
  // and coming in: this is the copy coming in.
  bool loopback_in = false;
  wire::ByteView payload;  // the network layer
};

// Takes the link header off `frame`; false with a message when the frame is
// too short for it.
bool take_link_header(LinkType type, wire::ByteView frame, LinkFrame& out, std::string& error);

}  // namespace synack::capture

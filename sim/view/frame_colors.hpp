// The colour of each kind of frame on a light ground (the light theme, the SVG
// export), one meaning each: SYNs blue, FINs amber, RSTs red, data green, bare
// ACKs grey, ARP purple, UDP indigo. Dark enough to read as text on white.
#pragma once

#include "sim/view/event_text.hpp"
#include "sim/view/state_colors.hpp"

namespace synack::view {

constexpr Rgb light_frame_color(FrameKind k) {
  switch (k) {
    case FrameKind::Syn:
    case FrameKind::SynAck: return {2, 119, 189};
    case FrameKind::Fin: return {200, 110, 0};
    case FrameKind::Rst: return {211, 47, 47};
    case FrameKind::Data: return {46, 125, 50};
    case FrameKind::Ack: return {70, 76, 90};
    case FrameKind::Arp: return {142, 36, 170};
    case FrameKind::Udp: return {48, 63, 159};
    case FrameKind::Other: return {96, 102, 116};
  }
  return {96, 102, 116};
}

// A retransmission, whatever it carries.
inline constexpr Rgb kLightRetransmission{230, 81, 0};

}  // namespace synack::view

// One colour per TCP state, the same in every view of the app (timeline
// bands, state chips, the state diagram): warm while opening, green when
// ESTABLISHED, pinks and purples for the side that closes first, cyans for the
// side that closes second, indigo for TIME-WAIT, grey for CLOSED. Mid-tone so
// they read on both the dark and the light theme, with dark text on top.
#pragma once

#include <cstdint>

#include "core/tcp_types.hpp"

namespace synack::view {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

constexpr Rgb state_color(tcp::State s) {
  switch (s) {
    case tcp::State::Closed: return {158, 158, 158};
    case tcp::State::Listen: return {100, 181, 246};
    case tcp::State::SynSent: return {255, 167, 38};
    case tcp::State::SynReceived: return {255, 213, 79};
    case tcp::State::Established: return {102, 187, 106};
    case tcp::State::FinWait1: return {240, 98, 146};
    case tcp::State::FinWait2: return {206, 147, 216};
    case tcp::State::Closing: return {239, 83, 80};
    case tcp::State::TimeWait: return {121, 134, 203};
    case tcp::State::CloseWait: return {77, 208, 225};
    case tcp::State::LastAck: return {38, 166, 154};
  }
  return {158, 158, 158};
}

}  // namespace synack::view

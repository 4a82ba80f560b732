// The selected frame's layers as a tree of fields beside its bytes in hex, the
// field under the mouse lit up in both, checksums verified, and the sequence
// arithmetic in words (sim/view/packet_fields). Without a frame selected it
// shows the last frame at or before the current step.
#pragma once

#include <cstdint>

#include "gui/model/session.hpp"
#include "sim/view/packet_fields.hpp"

namespace synack::gui {

class PacketInspectorPanel {
 public:
  void draw_content(Session& session);

 private:
  void fields(const view::PacketView& v);
  void hex(const view::PacketView& v);

  view::PacketView view_;
  trace::FrameId frame_ = trace::kNone;
  std::uint64_t generation_ = 0;
  bool fresh_ = false;        // a new frame: its headers open as they should
  std::size_t per_row_ = 16;  // bytes per line of the hex dump
  // The bytes lit up: the field hovered last frame, in either column.
  std::uint32_t lit_offset_ = 0, lit_length_ = 0;
  std::uint32_t next_offset_ = 0, next_length_ = 0;
};

}  // namespace synack::gui

// The TCB of the selected connection at the current step: its variables,
// each one the last TCB record changed marked, and the send and receive
// sequence spaces as RFC 9293's Figures 3 and 4 with the bytes in the
// buffers (sim/view/tcb_view).
#pragma once

#include "gui/model/conn_cache.hpp"
#include "gui/model/session.hpp"
#include "sim/view/tcb_view.hpp"

namespace synack::gui {

class TcbPanel {
 public:
  void draw_content(Session& session);

 private:
  ConnCache<view::TcbHistory> history_;
};

}  // namespace synack::gui

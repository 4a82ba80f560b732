// Help → Keyboard shortcuts, and what the colours and marks on the ladder mean.
#pragma once

namespace synack::gui {

class HelpPanel {
 public:
  bool visible = false;
  void draw_content();
};

}  // namespace synack::gui

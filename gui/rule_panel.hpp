// The rule that fired: for the selected record (or, with none, the last one
// applied), one sentence saying why it happened (sim/view/rule_text).
#pragma once

#include <cstdint>

#include "gui/model/session.hpp"
#include "sim/view/rule_text.hpp"

namespace synack::gui {

class RulePanel {
 public:
  void draw_content(Session& session);

 private:
  std::uint64_t generation_ = 0;
  std::uint32_t explained_ = trace::kNone;
  view::RuleExplanation rule_;
};

}  // namespace synack::gui

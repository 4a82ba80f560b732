// What-if: the run's settings (RST/SYN policy, Nagle, delayed ACK, SYN
// cookies, MSL, initial RTO, loss, seed), scenario-wide or for one host, as
// controls; a change re-runs the scenario in-process and the app shows the
// new run, with the previous one ghosted beside it and the records where they
// part listed and lit. Nothing is written to the file unless the user saves
// it (File → Save as), which writes a scenario that loads back to this one.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/model/session.hpp"
#include "gui/model/what_if.hpp"
#include "sim/view/ladder_model.hpp"

namespace synack::gui {

class WhatIfPanel {
 public:
  void draw_content(Session& session);

  // Changes to make when the first scenario opens ("nagle=false", "server:syn_cookies=true").
  void preset(std::vector<std::string> assignments) { presets_ = std::move(assignments); }
  // File → Save as: asks for a path on the next frame.
  void ask_save() { ask_save_ = true; }
  bool can_save(const Session& session) const;

 private:
  void adopt_source(Session& session);
  // Keeps the run on screen as the previous one, then shows the edited scenario's.
  void rerun(Session& session);
  void summary(Session& session);
  void controls(Session& session);
  void parting(Session& session);
  void parting_list(Session& session);
  void ghost(const Session& session);
  void save_popup(const Session& session);

  std::optional<WhatIf> what_if_;
  std::uint64_t source_generation_ = 0;  // the document What-if started from
  std::uint64_t own_generation_ = 0;     // the document What-if made
  std::unique_ptr<Document> previous_;
  std::unique_ptr<view::LadderModel> previous_ladder_;
  RunDiff diff_;
  std::string host_;  // "" for every host
  bool show_ghost_ = true;
  std::vector<std::string> presets_, preset_errors_;
  bool ask_save_ = false;
  char save_path_[512] = {};
  std::string message_;  // what Save as did, or why a value was refused
  // The text fields (durations) as typed, each filled from its value when not.
  static constexpr std::size_t kTextFields = 4;
  std::array<std::array<char, 32>, kTextFields> text_{};
  std::array<bool, kTextFields> filled_{};
};

}  // namespace synack::gui

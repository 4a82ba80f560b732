// What the What-if panel changes and compares: a copy of the open scenario
// whose settings (scenario-wide or one host's), links' loss and seed are
// changed from the one settings list, run in-process into a new document; and
// the difference of two runs, record by record. Nothing is written to the
// scenario's file here; saving goes through scenario::rewrite_settings.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/model/document.hpp"
#include "sim/scenario/settings_list.hpp"

namespace synack::gui {

// The settings the panel offers, in its order (keys of scenario::settings_list()).
const std::vector<std::string_view>& what_if_keys();
const scenario::SettingInfo& setting_info(std::string_view key);

class WhatIf {
 public:
  explicit WhatIf(scenario::Scenario original);

  const scenario::Scenario& edited() const { return edited_; }

  // A setting's value, scenario-wide (`host` empty) or on one host.
  std::optional<std::int64_t> value(std::string_view key, std::string_view host = {}) const;
  // Scenario-wide, it also changes every host that had the old value (those
  // that did not set their own); on a host, only that host.
  void set(std::string_view key, std::int64_t value, std::string_view host = {});
  // The same from words as a scenario file writes them ("false", "rfc793",
  // "200ms"); "" when done, else what was expected.
  std::string set_text(std::string_view key, std::string_view text, std::string_view host = {});
  // "KEY=VALUE" or "HOST:KEY=VALUE", as synack-gui --what-if takes it.
  std::string apply(std::string_view assignment);
  // The loss probability of every link (the highest, when they differ).
  double loss() const;
  void set_loss(double probability);
  std::uint64_t seed() const { return edited_.seed; }
  void set_seed(std::uint64_t seed) { edited_.seed = seed; }
  // Back to the scenario as loaded.
  void reset() { edited_ = original_; }

  // What differs from the scenario as loaded, one line each:
  // "nagle: true → false", "server: syn_cookies: false → true", "seed: 1 → 7".
  std::vector<std::string> changes() const;

  // The edited scenario run as a document of its own (path as the original's).
  std::unique_ptr<Document> run(const std::string& path) const;

 private:
  scenario::Scenario original_;
  scenario::Scenario edited_;
};

// A setting's value in words: "200ms", "true", "rfc793", "1460".
std::string setting_text(const scenario::SettingInfo& info, std::optional<std::int64_t> value);

// Where two runs part. Records are compared by what they say (node and
// summary, relative sequence numbers), not when, so a run that only shifts
// in time parts nowhere; the record lists are aligned as a diff aligns lines.
struct RunDiff {
  std::size_t first_parting =
      0;             // in both runs: the first record that differs (or the shorter length)
  bool same = true;  // no record differs
  std::vector<bool> only_in_new;  // by record of the new run: nothing in the old one matches it
  std::vector<bool> only_in_old;  // by record of the old run
  std::size_t new_count = 0, old_count = 0;  // how many are marked
  bool approximate = false;  // too long to align: everything after the parting is marked
};
RunDiff diff_runs(const trace::Trace& old_run, const trace::Trace& new_run);

}  // namespace synack::gui

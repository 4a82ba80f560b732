#include "gui/model/what_if.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <stdexcept>

#include "sim/scenario/load.hpp"
#include "sim/view/event_text.hpp"

namespace synack::gui {

using scenario::SettingInfo;

const std::vector<std::string_view>& what_if_keys() {
  static const std::vector<std::string_view> kKeys = {
      "rst_policy", "syn_policy", "nagle", "delayed_ack", "syn_cookies", "msl", "initial_rto"};
  return kKeys;
}

const SettingInfo& setting_info(std::string_view key) {
  for (const SettingInfo& info : scenario::settings_list()) {
    if (info.key == key) return info;
  }
  throw std::invalid_argument("no setting " + std::string(key));
}

std::string setting_text(const SettingInfo& info, std::optional<std::int64_t> value) {
  if (!value) return info.unset.empty() ? "unset" : std::string(info.unset);
  switch (info.kind) {
    case scenario::SettingKind::Duration: return scenario::format_duration(*value);
    case scenario::SettingKind::Flag: return *value != 0 ? "true" : "false";
    case scenario::SettingKind::Choice:
      return std::string(info.choices.at(static_cast<std::size_t>(*value)));
    default: return std::to_string(*value);
  }
}

WhatIf::WhatIf(scenario::Scenario original) : original_(std::move(original)), edited_(original_) {}

std::optional<std::int64_t> WhatIf::value(std::string_view key, std::string_view host) const {
  const SettingInfo& info = setting_info(key);
  if (host.empty()) return info.access.get(edited_.defaults);
  for (const scenario::HostSpec& h : edited_.hosts) {
    if (h.name == host) return info.access.get(h.settings);
  }
  return std::nullopt;
}

void WhatIf::set(std::string_view key, std::int64_t value, std::string_view host) {
  const SettingInfo& info = setting_info(key);
  value = std::clamp(value, info.min, info.max);
  if (!host.empty()) {
    for (scenario::HostSpec& h : edited_.hosts) {
      if (h.name == host) info.access.set(h.settings, value);
    }
    return;
  }
  const std::optional<std::int64_t> old = info.access.get(edited_.defaults);
  info.access.set(edited_.defaults, value);
  for (scenario::HostSpec& h : edited_.hosts) {
    if (info.access.get(h.settings) == old) info.access.set(h.settings, value);
  }
  if (!info.routers) return;
  for (scenario::RouterSpec& r : edited_.routers) {
    if (info.access.get(r.settings) == old) info.access.set(r.settings, value);
  }
}

std::string WhatIf::set_text(std::string_view key, std::string_view text, std::string_view host) {
  const auto known = std::find(what_if_keys().begin(), what_if_keys().end(), key);
  if (known == what_if_keys().end()) {
    std::string keys;
    for (std::string_view k : what_if_keys()) keys += (keys.empty() ? "" : ", ") + std::string(k);
    return fmt::format("{}: not a setting What-if changes (it changes {})", key, keys);
  }
  const SettingInfo& info = setting_info(key);
  std::optional<std::int64_t> v;
  switch (info.kind) {
    case scenario::SettingKind::Duration: {
      const auto t = scenario::parse_duration(text);
      if (t && *t >= info.min && *t <= info.max) v = *t;
      break;
    }
    case scenario::SettingKind::Flag:
      if (text == "true" || text == "false") v = text == "true" ? 1 : 0;
      break;
    case scenario::SettingKind::Choice:
      for (std::size_t i = 0; i < info.choices.size(); ++i) {
        if (info.choices[i] == text) v = static_cast<std::int64_t>(i);
      }
      break;
    default: {
      std::int64_t n = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec == std::errc() && ptr == text.data() + text.size() && n >= info.min && n <= info.max)
        v = n;
    }
  }
  if (!v) {
    const char* what = info.kind == scenario::SettingKind::Duration ? "a duration such as 200ms"
                       : info.kind == scenario::SettingKind::Flag   ? "true or false"
                       : info.kind == scenario::SettingKind::Choice ? "rfc5961 or rfc793"
                                                                    : "a whole number";
    return fmt::format("{}: expected {}, got '{}'", key, what, text);
  }
  if (!host.empty() && std::none_of(edited_.hosts.begin(), edited_.hosts.end(),
                                    [&](const scenario::HostSpec& h) { return h.name == host; })) {
    return fmt::format("{}: no such host", host);
  }
  set(key, *v, host);
  return {};
}

std::string WhatIf::apply(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    return fmt::format("'{}': expected KEY=VALUE or HOST:KEY=VALUE", assignment);
  }
  std::string_view key = assignment.substr(0, eq), host;
  if (const auto colon = key.find(':'); colon != std::string_view::npos) {
    host = key.substr(0, colon);
    key = key.substr(colon + 1);
  }
  return set_text(key, assignment.substr(eq + 1), host);
}

double WhatIf::loss() const {
  double most = 0;
  for (const scenario::LinkSpec& l : edited_.links) most = std::max(most, l.loss);
  return most;
}

void WhatIf::set_loss(double probability) {
  for (scenario::LinkSpec& l : edited_.links) l.loss = std::clamp(probability, 0.0, 1.0);
}

std::vector<std::string> WhatIf::changes() const {
  std::vector<std::string> out;
  for (const SettingInfo& info : scenario::settings_list()) {
    const auto was = info.access.get(original_.defaults), now = info.access.get(edited_.defaults);
    if (was != now) {
      out.push_back(
          fmt::format("{}: {} → {}", info.key, setting_text(info, was), setting_text(info, now)));
    }
    for (std::size_t i = 0; i < edited_.hosts.size() && i < original_.hosts.size(); ++i) {
      const auto hw = info.access.get(original_.hosts[i].settings);
      const auto hn = info.access.get(edited_.hosts[i].settings);
      // A host that follows the scenario-wide change is not a change of its own.
      if (hw != hn && !(hw == was && hn == now)) {
        out.push_back(fmt::format("{}: {}: {} → {}", edited_.hosts[i].name, info.key,
                                  setting_text(info, hw), setting_text(info, hn)));
      }
    }
  }
  for (std::size_t i = 0; i < edited_.links.size() && i < original_.links.size(); ++i) {
    if (edited_.links[i].loss != original_.links[i].loss) {
      out.push_back(fmt::format("{}: loss {} → {}", edited_.links[i].name, original_.links[i].loss,
                                edited_.links[i].loss));
    }
  }
  if (edited_.seed != original_.seed) {
    out.push_back(fmt::format("seed: {} → {}", original_.seed, edited_.seed));
  }
  return out;
}

std::unique_ptr<Document> WhatIf::run(const std::string& path) const {
  auto doc = std::make_unique<Document>();
  doc->path = path;
  doc->scenario = edited_;
  if (auto modified = modified_time(path)) doc->modified = *modified;
  simulate(*doc);
  return doc;
}

namespace {

// Past this many cells the middle of two runs is not aligned record by record.
constexpr std::size_t kMaxAlignCells = std::size_t{4} << 20;

std::vector<std::uint64_t> record_keys(const trace::Trace& t) {
  const std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(t);
  std::vector<std::uint64_t> keys;
  keys.reserve(t.events.size());
  for (const trace::Event& e : t.events) {
    keys.push_back(std::hash<std::string>{}(view::event_summary(t, numbers, e, false)));
  }
  return keys;
}

}  // namespace

RunDiff diff_runs(const trace::Trace& old_run, const trace::Trace& new_run) {
  const std::vector<std::uint64_t> a = record_keys(old_run), b = record_keys(new_run);
  RunDiff d;
  d.only_in_old.assign(a.size(), false);
  d.only_in_new.assign(b.size(), false);
  std::size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p]) ++p;
  std::size_t q = 0;
  while (q < a.size() - p && q < b.size() - p && a[a.size() - 1 - q] == b[b.size() - 1 - q]) ++q;
  d.first_parting = p;
  d.same = p == a.size() && p == b.size();
  const std::size_t n = a.size() - p - q, m = b.size() - p - q;
  if (n * m > kMaxAlignCells) {
    d.approximate = true;
    std::fill(d.only_in_old.begin() + static_cast<std::ptrdiff_t>(p),
              d.only_in_old.begin() + static_cast<std::ptrdiff_t>(p + n), true);
    std::fill(d.only_in_new.begin() + static_cast<std::ptrdiff_t>(p),
              d.only_in_new.begin() + static_cast<std::ptrdiff_t>(p + m), true);
  } else {
    // Longest common subsequence of the middles; what is not in it parts.
    std::vector<std::uint16_t> lcs((n + 1) * (m + 1), 0);
    const auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& {
      return lcs[i * (m + 1) + j];
    };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[p + i] == b[p + j] ? static_cast<std::uint16_t>(at(i + 1, j + 1) + 1)
                                        : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n && j < m) {
      if (a[p + i] == b[p + j]) {
        ++i;
        ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        d.only_in_old[p + i++] = true;
      } else {
        d.only_in_new[p + j++] = true;
      }
    }
    for (; i < n; ++i) d.only_in_old[p + i] = true;
    for (; j < m; ++j) d.only_in_new[p + j] = true;
  }
  d.old_count =
      static_cast<std::size_t>(std::count(d.only_in_old.begin(), d.only_in_old.end(), true));
  d.new_count =
      static_cast<std::size_t>(std::count(d.only_in_new.begin(), d.only_in_new.end(), true));
  return d;
}

}  // namespace synack::gui

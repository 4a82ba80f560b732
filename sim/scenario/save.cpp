#include "sim/scenario/save.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <optional>

#include "sim/lang/tr.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/settings_list.hpp"

namespace synack::scenario {

namespace {

// A value as the loader reads it back.
std::string spelled(const SettingInfo& info, std::int64_t v) {
  switch (info.kind) {
    case SettingKind::Duration: return format_duration(v);
    case SettingKind::Flag: return v != 0 ? "true" : "false";
    case SettingKind::Choice: return std::string(info.choices.at(static_cast<std::size_t>(v)));
    default: return std::to_string(v);
  }
}

// Writes `values` into the `settings:` map of `owner` where they differ from
// `base`, and takes out keys that now say what `base` says. With `keep` a key
// the file gives stays (scenario-wide settings the file states on purpose).
void write_settings(YAML::Node owner, const HostSettings& values, const HostSettings& base,
                    bool router, bool keep) {
  YAML::Node settings = owner["settings"];
  for (const SettingInfo& info : settings_list()) {
    if (router && !info.routers) continue;
    const std::string key(info.key);
    const std::optional<std::int64_t> v = info.access.get(values);
    const bool given = settings.IsMap() && settings[key];
    if (v != info.access.get(base) || (keep && given)) {
      if (v) {
        owner["settings"][key] = spelled(info, *v);
      } else if (given) {
        owner["settings"].remove(key);
      }
    } else if (given) {
      owner["settings"].remove(key);
    }
  }
  if (owner["settings"] && owner["settings"].IsMap() && owner["settings"].size() == 0) {
    owner.remove("settings");
  }
}

template <class Spec>
const Spec* named(const std::vector<Spec>& specs, const YAML::Node& n) {
  if (!n.IsMap() || !n["name"]) return nullptr;
  const std::string name = n["name"].as<std::string>();
  for (const Spec& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace

SaveResult rewrite_settings(const std::string& text, const Scenario& edited) {
  SaveResult out;
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) {
      out.error = lang::tr("the file does not hold a scenario");
      return out;
    }
    if (root["seed"] || edited.seed != Scenario{}.seed) root["seed"] = edited.seed;
    write_settings(root, edited.defaults, HostSettings{}, false, true);
    YAML::Node topology = root["topology"];
    if (topology.IsMap()) {
      for (YAML::Node host : topology["hosts"]) {
        if (const HostSpec* h = named(edited.hosts, host)) {
          write_settings(host, h->settings, edited.defaults, false, false);
        }
      }
      for (YAML::Node router : topology["routers"]) {
        if (const RouterSpec* r = named(edited.routers, router)) {
          write_settings(router, r->settings, edited.defaults, true, false);
        }
      }
      std::size_t i = 0;
      for (YAML::Node link : topology["links"]) {
        if (i < edited.links.size() && (link["loss"] || edited.links[i].loss != 0)) {
          link["loss"] = fmt::format("{}", edited.links[i].loss);
        }
        ++i;
      }
    }
    YAML::Emitter emitter;
    emitter << root;
    out.text = std::string(emitter.c_str()) + "\n";
  } catch (const YAML::Exception& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace synack::scenario

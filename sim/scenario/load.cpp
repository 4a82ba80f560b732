// Entry points of the loader: YAML text to a Scenario, the top-level keys and
// `settings`, and the machinery the section readers share (errors, maps,
// lists). The other sections are in load_topology.cpp, load_script.cpp and
// load_expect.cpp; names and references in load_names.cpp.
#include "sim/scenario/load.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>

#include "sim/lang/tr.hpp"
#include "sim/scenario/load_input.hpp"
#include "sim/scenario/load_internal.hpp"
#include "sim/scenario/settings_list.hpp"

namespace synack::scenario {

std::string LoadError::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out + ": " + message;
}

namespace detail {

namespace {
// Past this many, more errors are mostly echoes of the first ones.
constexpr std::size_t kMaxErrors = 100;
}  // namespace

Context::Context(std::string file, std::string text)
    : file_(std::move(file)), text_(std::move(text)) {
  std::string_view rest = text_;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines_.push_back(line);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
}

void Context::error(const Mark& at, std::string message) {
  errors_.push_back({file_, at.line, at.column, std::move(message)});
}

std::vector<LoadError> Context::take_errors() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const LoadError& a, const LoadError& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  // The same spot reported twice (an alias read in two places) says nothing new.
  errors_.erase(std::unique(errors_.begin(), errors_.end(),
                            [](const LoadError& a, const LoadError& b) {
                              return a.line == b.line && a.column == b.column &&
                                     a.message == b.message;
                            }),
                errors_.end());
  if (errors_.size() > kMaxErrors) {
    const std::size_t more = errors_.size() - kMaxErrors;
    errors_.resize(kMaxErrors);
    errors_.push_back({file_, 0, 0, lang::trf("{} more errors not shown", more)});
  }
  return std::move(errors_);
}

Mark Context::inside(const YAML::Node& scalar, std::size_t offset) const {
  const Mark m = mark_of(scalar);
  if (!scalar.IsScalar() || m.line < 1 || static_cast<std::size_t>(m.line) > lines_.size()) {
    return m;
  }
  const std::string_view line = lines_[static_cast<std::size_t>(m.line - 1)];
  std::size_t start = static_cast<std::size_t>(m.column - 1);
  if (start >= line.size()) return m;
  if (line[start] == '"' || line[start] == '\'') ++start;
  const std::string& value = scalar.Scalar();
  if (line.substr(start, value.size()) != value) return m;
  return {m.line, static_cast<int>(start + offset + 1)};
}

// ---- maps and lists ------------------------------------------------------------------

Fields::Fields(Context& ctx, const YAML::Node& node, std::string what,
               std::vector<std::string_view> allowed, bool null_is_empty)
    : ctx_(&ctx), what_(std::move(what)), mark_(mark_of(node)) {
  if (null_is_empty && node.IsNull()) {
    is_map_ = true;
    return;
  }
  if (!node.IsMap()) {
    ctx.error(node,
              lang::trf("{}: expected a map of keys and values, got {}", what_, describe(node)));
    return;
  }
  is_map_ = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key_node = it->first;  // a copy: `it->` yields a temporary
    if (!key_node.IsScalar()) {
      ctx.error(key_node, lang::trf("{}: expected a key name, got {}", what_, describe(key_node)));
      continue;
    }
    const std::string& key = key_node.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      ctx.error(key_node, lang::trf("unknown key {} in {}", quote_input(key), what_) +
                              did_you_mean(closest(key, allowed)) +
                              lang::trf(" (allowed: {})", join(allowed)));
      continue;
    }
    const auto same = std::find_if(entries_.begin(), entries_.end(),
                                   [&](const Entry& e) { return e.key == key; });
    if (same != entries_.end()) {
      ctx.error(key_node, lang::trf("'{}' is given twice in {} (first at {})", key, what_,
                                    line_of(mark_of(same->key_node))));
      continue;
    }
    entries_.push_back({key, key_node, it->second});
  }
}

const YAML::Node* Fields::find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

Mark Fields::key_mark(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return mark_of(e.key_node);
  }
  return mark_;
}

const YAML::Node* Fields::require(std::string_view key, std::string_view hint) {
  const YAML::Node* n = find(key);
  if (n == nullptr && is_map_) {
    ctx_->error(mark_, lang::trf("{} needs '{}' ({})", what_, key, hint));
  }
  return n;
}

std::optional<std::string> Fields::string(std::string_view key) {
  const YAML::Node* n = find(key);
  return n != nullptr ? read_string(*ctx_, *n, key) : std::nullopt;
}
std::optional<std::string> Fields::name(std::string_view key) {
  const YAML::Node* n = find(key);
  return n != nullptr ? read_name(*ctx_, *n, key) : std::nullopt;
}
std::optional<std::int64_t> Fields::integer(std::string_view key, std::int64_t min,
                                            std::int64_t max) {
  const YAML::Node* n = find(key);
  return n != nullptr ? read_int(*ctx_, *n, key, min, max) : std::nullopt;
}
std::optional<bool> Fields::boolean(std::string_view key) {
  const YAML::Node* n = find(key);
  return n != nullptr ? read_bool(*ctx_, *n, key) : std::nullopt;
}
std::optional<TimeUs> Fields::duration(std::string_view key) {
  const YAML::Node* n = find(key);
  return n != nullptr ? read_duration(*ctx_, *n, key) : std::nullopt;
}
std::optional<double> Fields::probability(std::string_view key) {
  const YAML::Node* n = find(key);
  return n != nullptr ? read_probability(*ctx_, *n, key) : std::nullopt;
}
std::optional<wire::Ipv4Address> Fields::ipv4(std::string_view key) {
  const YAML::Node* n = find(key);
  return n != nullptr ? read_ipv4(*ctx_, *n, key) : std::nullopt;
}
std::optional<wire::MacAddress> Fields::mac(std::string_view key) {
  const YAML::Node* n = find(key);
  return n != nullptr ? read_mac(*ctx_, *n, key) : std::nullopt;
}

void check_window(Fields& f, TimeUs from, TimeUs until) {
  if (f.has("until") && until <= from) {
    f.ctx().error(*f.find("until"), lang::trf("until: {} is not after from: {}",
                                              format_duration(until), format_duration(from)));
  }
}

void for_each_item(Context& ctx, const YAML::Node& list, std::string_view what,
                   const std::function<void(const YAML::Node&, std::size_t)>& item) {
  if (list.IsNull()) return;
  if (!list.IsSequence()) {
    ctx.error(list, lang::trf("{}: expected a list (items starting with '- '), got {}", what,
                              describe(list)));
    return;
  }
  std::size_t index = 0;
  for (auto it = list.begin(); it != list.end(); ++it) item(*it, index++);
}

std::optional<YAML::Node> peek(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return std::nullopt;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return std::nullopt;
}

// ---- settings ----------------------------------------------------------------------------

namespace {

// One setting's value as the list holds it, or nullopt after reporting why not.
std::optional<std::int64_t> read_setting(Context& ctx, const YAML::Node& n,
                                         const SettingInfo& info) {
  switch (info.kind) {
    case SettingKind::Duration: {
      const auto t = read_duration(ctx, n, info.key);
      if (t && *t < info.min) {
        ctx.error(n, lang::trf("{}: expected a duration above {}, got {}", info.key,
                               format_duration(info.min - 1), describe(n)));
        return std::nullopt;
      }
      return t;
    }
    case SettingKind::Flag:
      if (const auto b = read_bool(ctx, n, info.key)) return *b ? 1 : 0;
      return std::nullopt;
    case SettingKind::Choice:
      if (const auto i = read_choice(ctx, n, info.key, info.choices)) {
        return static_cast<std::int64_t>(*i);
      }
      return std::nullopt;
    case SettingKind::Count:
    case SettingKind::Integer:
    case SettingKind::Bytes: return read_int(ctx, n, info.key, info.min, info.max);
  }
  return std::nullopt;
}

}  // namespace

void load_settings(Loader& l, const YAML::Node& n, HostSettings& s, bool router) {
  Fields f(l.ctx, n, router ? lang::tr("router settings") : "settings", setting_keys(router), true);
  for (const SettingInfo& info : settings_list()) {
    if (const YAML::Node* value = f.find(info.key)) {
      if (const auto v = read_setting(l.ctx, *value, info)) info.access.set(s, *v);
    }
  }
  // Rules between settings.
  const tcp::Settings& t = s.tcp;
  if ((f.has("min_rto") || f.has("max_rto")) && t.min_rto > t.max_rto) {
    l.ctx.error(f.key_mark(f.has("max_rto") ? "max_rto" : "min_rto"),
                lang::trf("min_rto {} is above max_rto {}", format_duration(t.min_rto),
                          format_duration(t.max_rto)));
  }
}

// ---- the whole file ------------------------------------------------------------------------

namespace {

constexpr const char* kEmptyFile =
    lang::tr_later("the file is empty: a scenario needs name, description and topology");

void load_scenario(Loader& l, const YAML::Node& root) {
  Scenario& s = l.scenario;
  if (root.IsNull()) {
    l.ctx.error(Mark{1, 1}, lang::tr(kEmptyFile));
    return;
  }
  Fields f(l.ctx, root, lang::tr("scenario"),
           {"name", "description", "seed", "duration", "settings", "topology", "faults", "script",
            "expect", "lesson"});
  if (!f.is_map()) return;
  auto text = [&](std::string_view key, std::string_view hint, std::string& out) {
    if (!f.require(key, hint)) return;
    if (auto v = f.string(key)) {
      if (v->find_first_not_of(" \t\r\n") == std::string::npos) {
        l.ctx.error(*f.find(key), lang::trf("{}: expected some text, got nothing", key));
      } else {
        out = *v;
      }
    }
  };
  text("name", lang::tr("a short title such as handshake"), s.name);
  text("description", lang::tr("what the scenario shows, in a few sentences"), s.description);
  if (auto v = f.find("seed")) {
    if (auto seed = read_uint64(l.ctx, *v, "seed")) s.seed = *seed;
  }
  if (auto v = f.duration("duration")) s.duration = *v;
  if (auto v = f.find("settings")) load_settings(l, *v, s.defaults, false);
  if (auto v =
          f.require("topology", lang::tr("hosts, and switches, routers and links as needed"))) {
    load_topology(l, *v);
  }
  if (auto v = f.find("faults")) load_faults(l, *v);
  if (auto v = f.find("script")) load_script(l, *v);
  l.expect_list_start = s.expectations.size();
  if (auto v = f.find("expect")) load_expectations(l, *v);
  if (auto v = f.find("lesson")) load_lesson(l, *v);
}

}  // namespace

}  // namespace detail

namespace {

// Where each YAML document's root node starts. yaml-cpp 0.7 reads a token no
// node can start with (a stray ',') as an empty document without consuming it,
// so YAML::LoadAll never ends (fixed upstream after 0.7). Documents are
// therefore counted here, a few at most, and one whose root starts where the
// previous one's did is that stray token.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> roots;

  void OnDocumentStart(const YAML::Mark&) override { root_pending_ = true; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { root(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { root(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    root(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    root(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    root(m);
  }
  void OnMapEnd() override {}

 private:
  void root(const YAML::Mark& m) {
    if (root_pending_) roots.push_back(m);
    root_pending_ = false;
  }
  bool root_pending_ = false;
};

Mark file_mark(const YAML::Mark& m) {
  return m.is_null() || m.line < 0 ? Mark{} : Mark{m.line + 1, m.column + 1};
}

// Line and column of byte `offset` of `text`.
Mark mark_at(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, offset);
  const std::size_t line_start = before.rfind('\n') + 1;  // 0 on the first line
  return {static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1,
          static_cast<int>(offset - line_start) + 1};
}

// The one document of `text`, or nothing after reporting why there is none.
std::optional<YAML::Node> only_document(detail::Context& ctx, const std::string& text) {
  // yaml-cpp reads a NUL byte as the end of the text.
  if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
    ctx.error(mark_at(text, nul),
              lang::tr("a NUL byte (\\x00): a scenario file is text, not binary data"));
    return std::nullopt;
  }
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  for (int i = 0; i < 3 && parser.HandleNextDocument(starts); ++i) {
    const std::vector<YAML::Mark>& r = starts.roots;
    if (r.size() >= 2 && r[r.size() - 1].pos == r[r.size() - 2].pos) {
      const std::size_t pos = static_cast<std::size_t>(std::max(0, r.back().pos));
      ctx.error(file_mark(r.back()),
                lang::trf("YAML syntax: unexpected {}; a value cannot start with it",
                          quote_input(text.substr(pos, 1))));
      return std::nullopt;
    }
  }
  if (starts.roots.empty()) {
    ctx.error(Mark{1, 1}, lang::tr(detail::kEmptyFile));
    return std::nullopt;
  }
  if (starts.roots.size() > 1) {
    ctx.error(file_mark(starts.roots[1]),
              lang::tr("one scenario per file: a second YAML document starts here"));
  }
  return YAML::Load(text);
}

}  // namespace

LoadResult load_text(const std::string& text, const std::string& file_name) {
  LoadResult result;
  detail::Context ctx(file_name, text);
  Scenario scenario;
  scenario.file = file_name;
  try {
    if (const auto root = only_document(ctx, text)) {
      detail::Loader loader{ctx, scenario, {}, {}, {}, {}, {}, {}, 0, {}, {}};
      detail::load_scenario(loader, *root);
    }
  } catch (const YAML::DeepRecursion& e) {
    // A message stays one literal, as the catalogue test reads it.
    ctx.error(file_mark(e.mark), lang::trf("YAML nested too deep: {} lists and maps inside each "
                                           "other, more than the YAML parser takes",
                                           e.depth()));
  } catch (const YAML::Exception& e) {
    ctx.error(file_mark(e.mark), lang::trf("YAML syntax: {}", e.msg));
  } catch (const std::exception& e) {
    ctx.error(Mark{}, lang::trf("cannot read the scenario: {}", e.what()));
  }
  result.errors = ctx.take_errors();
  if (result.errors.empty()) {
    std::stable_sort(
        scenario.expectations.begin(), scenario.expectations.end(),
        [](const Expectation& a, const Expectation& b) { return detail::before(a.mark, b.mark); });
    result.scenario = std::move(scenario);
  }
  return result;
}

LoadResult load_file(const std::string& path) {
  std::string reason;
  const std::optional<std::string> text = read_input_file(path, reason);
  if (!text) {
    LoadResult r;
    r.errors.push_back({path, 0, 0, lang::trf("cannot read {}: {}", path, reason)});
    return r;
  }
  return load_text(*text, path);
}

}  // namespace synack::scenario

#include "sim/trace/json_import.hpp"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <chrono>
#include <cstring>
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/errno_names.hpp"
#include "core/tcp_segment.hpp"
#include "core/wire/frame.hpp"
#include "sim/trace/json_export.hpp"
#include "sim/trace/json_import_internal.hpp"

namespace synack::trace {

namespace {

using namespace json_detail;

// ---- the header: small, read with the DOM ----------------------------------------

namespace dom = simdjson::dom;

std::string_view str(const dom::object& o, const char* key, std::string_view fallback = {}) {
  std::string_view v;
  if (o[key].get(v) != simdjson::SUCCESS) return fallback;
  return v;
}
std::int64_t num(const dom::object& o, const char* key, std::int64_t fallback = 0) {
  dom::element e;
  if (o[key].get(e) != simdjson::SUCCESS) return fallback;
  std::int64_t i;
  if (e.get(i) == simdjson::SUCCESS) return i;
  std::uint64_t u;
  if (e.get(u) == simdjson::SUCCESS) return static_cast<std::int64_t>(u);
  double d;
  if (e.get(d) == simdjson::SUCCESS) return static_cast<std::int64_t>(d);
  return fallback;
}

// A settings object: numbers, booleans, names and nulls, as written.
std::vector<Setting> settings_of(const dom::object& o) {
  std::vector<Setting> out;
  for (auto field : o) {
    Setting one{std::string(field.key), {}};
    std::int64_t n;
    bool b;
    std::string_view text;
    if (field.value.get(n) == simdjson::SUCCESS) {
      one.value = n;
    } else if (field.value.get(b) == simdjson::SUCCESS) {
      one.value = b;
    } else if (field.value.get(text) == simdjson::SUCCESS) {
      one.value = std::string(text);
    }
    out.push_back(std::move(one));
  }
  return out;
}

NodeInfo node_of(const dom::object& o) {
  NodeInfo n;
  std::string_view name;
  if (o["name"].get(name) != simdjson::SUCCESS) throw BadTrace("missing text 'name'");
  n.name = std::string(name);
  const std::string_view kind = str(o, "kind", "host");
  n.kind = kind == "switch"   ? NodeKind::Switch
           : kind == "router" ? NodeKind::Router
                              : NodeKind::Host;
  dom::array interfaces;
  if (o["interfaces"].get(interfaces) == simdjson::SUCCESS) {
    for (dom::element e : interfaces) {
      dom::object i;
      if (e.get(i) != simdjson::SUCCESS) continue;
      InterfaceInfo info;
      info.name = std::string(str(i, "name"));
      info.mac = mac_of(str(i, "mac", "00:00:00:00:00:00"));
      info.ip = ip_of(str(i, "ip", "0.0.0.0"));
      info.prefix_length = static_cast<std::uint8_t>(num(i, "prefix"));
      n.interfaces.push_back(info);
    }
  }
  const std::string_view gateway = str(o, "gateway");
  if (!gateway.empty()) n.gateway = ip_of(gateway);
  return n;
}

// Everything before the records; `where` says which part an error is in.
void read_header(const dom::object& root, Trace& trace, std::string& where) {
  trace.name = std::string(str(root, "name"));
  trace.description = std::string(str(root, "description"));
  trace.seed = static_cast<std::uint64_t>(num(root, "seed", 0));
  dom::object settings, node_settings, run;
  if (root["settings"].get(settings) == simdjson::SUCCESS) {
    trace.settings.scenario = settings_of(settings);
  }
  if (root["node_settings"].get(node_settings) == simdjson::SUCCESS) {
    for (auto field : node_settings) {
      dom::object one;
      if (field.value.get(one) != simdjson::SUCCESS) continue;
      trace.settings.nodes.push_back(NodeSettings{std::string(field.key), settings_of(one)});
    }
  }
  if (root["run"].get(run) == simdjson::SUCCESS) {
    trace.settings.duration = num(run, "duration_us", 0);
    trace.settings.time_wait = num(run, "time_wait_us", 0);
    trace.settings.cut_short = std::string(str(run, "cut_short"));
  }
  dom::array nodes, links;
  if (root["nodes"].get(nodes) != simdjson::SUCCESS) throw BadTrace("no 'nodes' list");
  for (dom::element e : nodes) {
    dom::object o;
    if (e.get(o) != simdjson::SUCCESS) throw BadTrace("a node is not an object");
    trace.nodes.push_back(node_of(o));
  }
  if (root["links"].get(links) != simdjson::SUCCESS) return;
  NameIndex node_ids;
  for (NodeId i = 0; i < trace.nodes.size(); ++i) node_ids.add(trace.nodes[i].name, i);
  const auto node = [&](const dom::object& o, const char* key) {
    const std::string_view name = str(o, key);
    const NodeId id = node_ids.find(name);
    if (id == kNone) {
      throw BadTrace("'" + std::string(key) + "' names no node: '" + std::string(name) + "'");
    }
    return id;
  };
  std::size_t i = 0;
  for (dom::element e : links) {
    where = "links[" + std::to_string(i++) + "]";
    dom::object o;
    if (e.get(o) != simdjson::SUCCESS) throw BadTrace("not an object");
    LinkInfo l;
    l.name = std::string(str(o, "name"));
    l.a = node(o, "a");
    l.b = node(o, "b");
    l.a_port = static_cast<std::uint16_t>(num(o, "a_port"));
    l.b_port = static_cast<std::uint16_t>(num(o, "b_port"));
    l.delay = num(o, "delay_us");
    l.bandwidth_bps = static_cast<std::uint64_t>(num(o, "bandwidth_bps"));
    trace.links.push_back(std::move(l));
  }
  dom::array lesson;
  if (root["lesson"].get(lesson) == simdjson::SUCCESS) {
    i = 0;
    for (dom::element e : lesson) {
      where = "lesson[" + std::to_string(i++) + "]";
      dom::object o;
      if (e.get(o) != simdjson::SUCCESS) throw BadTrace("not an object");
      LessonItem item;
      item.t = num(o, "t_us");
      item.text = std::string(str(o, "text"));
      item.question = std::string(str(o, "question"));
      dom::array answers;
      if (o["answers"].get(answers) == simdjson::SUCCESS) {
        for (dom::element a : answers) {
          std::string_view text;
          if (a.get(text) != simdjson::SUCCESS) throw BadTrace("an answer is not text");
          item.answers.push_back(std::string(text));
        }
      }
      item.correct = static_cast<int>(num(o, "correct", -1));
      if (item.correct < -1 || item.correct >= static_cast<int>(item.answers.size())) {
        throw BadTrace("'correct' is not one of the answers");
      }
      trace.lesson.push_back(std::move(item));
    }
  }
  where.clear();
}

struct Layout {
  std::size_t header_end = 0;  // the header's text is [0, header_end) plus '}'
  std::size_t begin = 0, end = 0;
};
std::optional<Layout> one_record_a_line(std::string_view text) {
  constexpr std::string_view kMarker = "\n\"events\":[";
  const std::size_t at = text.find(kMarker);
  if (at == std::string_view::npos || at == 0 || text[at - 1] != ',') return std::nullopt;
  const std::size_t after = at + kMarker.size();
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  if (last == std::string_view::npos || last < after + 1 || text[last] != '}' ||
      text[last - 1] != ']') {
    return std::nullopt;
  }
  const std::size_t closing = last - 1;
  if (closing == after) return Layout{at - 1, after, after};
  if (text[after] != '\n' || text[closing - 1] != '\n' || closing < after + 2) return std::nullopt;
  return Layout{at - 1, after + 1, closing - 1};
}

// `text` is followed by simdjson::SIMDJSON_PADDING readable bytes.
JsonImport read(std::string_view all, const std::string& name, const JsonReadOptions& options) {
  JsonImport result;
  std::string where, error;
  try {
    if (const std::optional<Layout> layout = one_record_a_line(all)) {
      std::string header(all.substr(0, layout->header_end));
      header += '}';
      dom::parser parser;
      dom::object top;
      if (parser.parse(header).get(top) == simdjson::SUCCESS) {
        Trace trace;
        read_header(top, trace, where);
        const Outcome outcome = read_records(all.data() + layout->begin, all.data() + layout->end,
                                             true, options, trace, error);
        if (outcome == Outcome::Bad) {
          result.error = name + ": " + error;
          return result;
        }
        if (outcome == Outcome::Read) {
          result.trace = std::move(trace);
          return result;
        }
      }
    }
    // Any other layout: the whole file through the DOM, then its records one a line.
    dom::parser parser;
    dom::element root;
    if (auto e = parser.parse(all.data(), all.size(), false).get(root)) {
      result.error = name + ": not valid JSON: " + simdjson::error_message(e);
      return result;
    }
    dom::object top;
    if (root.get(top) != simdjson::SUCCESS) {
      result.error = name + ": not a synack trace (expected a JSON object)";
      return result;
    }
    Trace trace;
    read_header(top, trace, where);
    dom::array events;
    if (top["events"].get(events) != simdjson::SUCCESS) throw BadTrace("no 'events' list");
    std::string lines;
    for (dom::element e : events) {
      lines += simdjson::minify(e);
      lines += '\n';
    }
    const simdjson::padded_string padded(lines);
    if (read_records(padded.data(), padded.data() + padded.size(), false, options, trace, error) !=
        Outcome::Read) {
      result.error = name + ": " + error;
      return result;
    }
    result.trace = std::move(trace);
  } catch (const BadTrace& e) {
    result.error = name + ": " + (where.empty() ? "" : where + ": ") + e.what();
  }
  return result;
}

// A file mapped into memory as it lies in the page cache (no copy), followed
// by zeroed pages for simdjson's padding.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      size_ = static_cast<std::size_t>(st.st_size);
      mapped_ = size_ + simdjson::SIMDJSON_PADDING;
      void* base =
          ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (base != MAP_FAILED && size_ > 0 &&
          ::mmap(base, size_, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
        ::munmap(base, mapped_);
        base = MAP_FAILED;
      }
      if (base != MAP_FAILED) data_ = static_cast<const char*>(base);
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), mapped_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  bool ok() const { return data_ != nullptr; }
  std::string_view text() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0, mapped_ = 0;
};

}  // namespace

JsonImport read_json_trace(const std::string& path, const JsonReadOptions& options) {
  const MappedFile file(path);
  if (!file.ok()) {
    JsonImport result;
    result.error = path + ": cannot read the file";
    return result;
  }
  return read(file.text(), path, options);
}

JsonImport read_json_text(const std::string& text, const std::string& name,
                          const JsonReadOptions& options) {
  const simdjson::padded_string padded(text);
  return read(std::string_view(padded.data(), padded.size()), name, options);
}

}  // namespace synack::trace

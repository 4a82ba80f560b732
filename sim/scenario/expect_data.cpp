// Data in verdicts: quoted and cut to a readable length, the first difference
// between what was expected and what came, and the `received` check of all the
// bytes a socket label read.
#include <algorithm>
#include <cstdio>
#include <map>

#include "sim/lang/tr.hpp"
#include "sim/scenario/expect_detail.hpp"

namespace synack::scenario::detail {

using lang::tr;
using lang::trf;

namespace {

constexpr std::size_t kShownWhole = 48;  // data up to this long is shown whole
constexpr std::size_t kShownCut = 40;    // ... longer data by its first bytes
constexpr std::size_t kBefore = 8;       // bytes shown before a difference
constexpr std::size_t kAfter = 16;       // ... and from it on

// Bytes [from, from + n) of `text`, widened so no UTF-8 character is split.
std::string_view window(std::string_view text, std::size_t from, std::size_t n) {
  auto continuation = [&](std::size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  from = std::min(from, text.size());
  while (from > 0 && continuation(from)) --from;
  std::size_t to = std::min(text.size(), from + n);
  while (continuation(to)) ++to;
  return text.substr(from, to - from);
}

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
          out += hex;
        } else {
          out += c;
        }
    }
  }
  return out;
}

// Bytes around `at`, with "..." where the text goes on.
std::string around(std::string_view text, std::size_t at) {
  const std::size_t from = at > kBefore ? at - kBefore : 0;
  const std::string_view shown = window(text, from, at - from + kAfter);
  const std::size_t start = static_cast<std::size_t>(shown.data() - text.data());
  return std::string(start > 0 ? "..." : "") + "\"" + escaped(shown) + "\"" +
         (start + shown.size() < text.size() ? "..." : "");
}

}  // namespace

bool cut_when_quoted(std::string_view text) { return text.size() > kShownWhole; }

std::string quoted(std::string_view text) {
  if (!cut_when_quoted(text)) return "\"" + escaped(text) + "\"";
  return "\"" + escaped(window(text, 0, kShownCut)) + "...\"" + trf(" ({} bytes)", text.size());
}

std::string data_difference(std::string_view want, std::string_view got) {
  const std::size_t n = std::min(want.size(), got.size());
  const std::size_t at = static_cast<std::size_t>(
      std::mismatch(want.begin(), want.begin() + n, got.begin()).first - want.begin());
  if (at < n) {
    return trf("first difference at byte {}: expected {}, got {}", at, around(want, at),
               around(got, at));
  }
  if (got.size() < want.size()) {
    return trf("the first {} bytes are right, then the data ends; {} more were expected: {}", at,
               want.size() - at, around(want, at));
  }
  if (got.size() > want.size()) {
    return trf("all {} expected bytes are right, then {} more came: {}", at, got.size() - at,
               around(got, at));
  }
  return tr("the same");
}

Verdict check_received(const ExpectReceived& e, const Scenario& scenario,
                       const trace::Trace& trace) {
  Verdict v;
  const std::string what =
      e.pattern ? trf("{} bytes of the pattern", e.data.size()) : quoted(e.data);
  v.what = trf("{} fd {} received exactly {}", e.host, e.fd, what);
  v.expected = e.pattern ? trf("{}, in order", what) : what;
  const trace::NodeId host = trace.find_node(e.host);
  if (host == trace::kNone) {
    v.actual = unknown_node(e.host);
    return v;
  }
  // The bytes each connection's reads returned, in the order they were read:
  // a socket number stands for the connection its accept or connect made
  // (numbers are used again after a close); UDP sockets by their number.
  std::vector<std::pair<std::pair<int, trace::ConnId>, std::string>> streams;
  std::map<int, trace::ConnId> conn_of_fd;
  std::size_t reads = 0;
  for (const trace::Event& ev : trace.events) {
    const auto* call = std::get_if<trace::CallEvent>(&ev.what);
    if (call == nullptr || call->host != host || call->phase != trace::CallPhase::Returned ||
        call->step >= scenario.steps.size()) {
      continue;
    }
    const Step& step = scenario.steps[call->step];
    if (call->err == 0 && call->conn != trace::kNone) {
      if (step.call == CallKind::Accept) conn_of_fd[call->result] = call->conn;
      if (step.call == CallKind::Connect) conn_of_fd[call->fd] = call->conn;
    }
    if (step.fd != e.fd || (step.call != CallKind::Recv && step.call != CallKind::Recvfrom)) {
      continue;
    }
    ++reads;
    const auto conn = conn_of_fd.find(call->fd);
    const std::pair<int, trace::ConnId> key{call->fd,
                                            conn == conn_of_fd.end() ? trace::kNone : conn->second};
    auto it =
        std::find_if(streams.begin(), streams.end(), [&](const auto& s) { return s.first == key; });
    if (it == streams.end()) it = streams.insert(streams.end(), {key, std::string()});
    it->second += trace.text(call->data);
  }
  if (streams.empty()) {
    v.actual = trf("no recv or recvfrom on fd {} returned", e.fd);
    return v;
  }
  for (const auto& [key, got] : streams) {
    if (got == e.data) continue;
    const std::string difference = data_difference(e.data, got);
    if (streams.size() == 1) {
      v.actual = trf("{} bytes: {}", got.size(), difference);
    } else if (key.second != trace::kNone) {
      v.actual = trf("{} bytes on {}: {}", got.size(), trace.conn_name(key.second), difference);
    } else {
      v.actual = trf("{} bytes on socket {}: {}", got.size(), key.first, difference);
    }
    return v;
  }
  v.ok = true;
  v.actual = streams.size() > 1 ? trf("{} bytes in {} reads, on each of {} connections",
                                      e.data.size(), reads, streams.size())
                                : trf("{} bytes in {} reads", e.data.size(), reads);
  return v;
}

}  // namespace synack::scenario::detail

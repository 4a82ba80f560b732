// Data in verdicts: quoted and cut to a readable length, the first difference
// between what was expected and what came, and the `received` check of all the
// bytes a socket label read.
#include <algorithm>
#include <cstdio>
#include <map>

#include "sim/scenario/expect_detail.hpp"

namespace synack::scenario::detail {

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
  return "\"" + escaped(window(text, 0, kShownCut)) + "...\" (" + std::to_string(text.size()) +
         " bytes)";
}

std::string data_difference(std::string_view want, std::string_view got) {
  const std::size_t n = std::min(want.size(), got.size());
  const std::size_t at = static_cast<std::size_t>(
      std::mismatch(want.begin(), want.begin() + n, got.begin()).first - want.begin());
  if (at < n) {
    return "first difference at byte " + std::to_string(at) + ": expected " + around(want, at) +
           ", got " + around(got, at);
  }
  if (got.size() < want.size()) {
    return "the first " + std::to_string(at) + " bytes are right, then the data ends; " +
           std::to_string(want.size() - at) + " more were expected: " + around(want, at);
  }
  if (got.size() > want.size()) {
    return "all " + std::to_string(at) + " expected bytes are right, then " +
           std::to_string(got.size() - at) + " more came: " + around(got, at);
  }
  return "the same";
}

Verdict check_received(const ExpectReceived& e, const Scenario& scenario,
                       const trace::Trace& trace) {
  Verdict v;
  const std::string what =
      e.pattern ? std::to_string(e.data.size()) + " bytes of the pattern" : quoted(e.data);
  v.what = e.host + " fd " + e.fd + " received exactly " + what;
  v.expected = e.pattern ? what + ", in order" : what;
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
    v.actual = "no recv or recvfrom on fd " + e.fd + " returned";
    return v;
  }
  for (const auto& [key, got] : streams) {
    if (got == e.data) continue;
    std::string text = std::to_string(got.size()) + " bytes";
    if (streams.size() > 1) {
      text += key.second != trace::kNone ? " on " + trace.conn_name(key.second)
                                         : " on socket " + std::to_string(key.first);
    }
    v.actual = text + ": " + data_difference(e.data, got);
    return v;
  }
  v.ok = true;
  v.actual =
      std::to_string(e.data.size()) + " bytes in " + std::to_string(reads) + " reads" +
      (streams.size() > 1 ? ", on each of " + std::to_string(streams.size()) + " connections" : "");
  return v;
}

}  // namespace synack::scenario::detail

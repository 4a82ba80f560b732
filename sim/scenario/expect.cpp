// check() and print_verdicts(), the helpers every checker shares, and the two
// checkers about sockets: connection states and call results.
#include "sim/scenario/expect.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <type_traits>

#include "core/errno_names.hpp"
#include "sim/lang/tr.hpp"
#include "sim/scenario/expect_detail.hpp"
#include "sim/trace/json_export.hpp"

namespace synack::scenario {

using lang::tr;
using lang::trf;

std::string format_time(TimeUs t) {
  if (t == kForever) return tr("the end");
  const bool whole_ms = t % 1000 == 0;
  const double seconds = static_cast<double>(t) / 1e6;
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, whole_ms ? "%.3f s" : "%.6f s", seconds);
  return buffer;
}

namespace detail {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += separator;
    text += parts[i];
  }
  return text;
}

std::string join_and(const std::vector<std::string>& parts) {
  if (parts.size() <= 1) return join(parts, "");
  std::vector<std::string> head(parts.begin(), parts.end() - 1);
  return trf("{} and {}", join(head, tr(", ")), parts.back());
}

std::string unknown_node(std::string_view name) {
  return trf("no host, switch or router named \"{}\" in the trace", name);
}

std::string mac_text(const trace::Trace& trace, const wire::MacAddress& mac) {
  for (const trace::NodeInfo& node : trace.nodes) {
    for (const trace::InterfaceInfo& iface : node.interfaces) {
      if (iface.mac == mac) return mac.to_string() + trf(" ({})", node.name);
    }
  }
  return mac.to_string();
}

TimeUs end_time(const trace::Trace& trace) {
  return trace.events.empty() ? 0 : trace.events.back().t;
}

namespace {

// The socket label a connection came from: the connect (or listen) on `fd`, or
// the accept that returned it `as` a new socket. Empty when no step names it.
std::string label_of(const Scenario& scenario, const trace::CallEvent& call) {
  if (call.step == trace::kNone || call.step >= scenario.steps.size() ||
      call.conn == trace::kNone) {
    return "";
  }
  const Step& step = scenario.steps[call.step];
  switch (step.call) {
    case CallKind::Connect:
    case CallKind::Listen: return step.fd;
    case CallKind::Accept: return call.phase == trace::CallPhase::Returned ? step.as : "";
    default: return "";
  }
}

}  // namespace

std::vector<std::string> conn_labels(const Scenario& scenario, const trace::Trace& trace,
                                     trace::NodeId host) {
  std::vector<std::string> labels(trace.conns.size());
  for (const trace::Event& ev : trace.events) {
    const auto* call = std::get_if<trace::CallEvent>(&ev.what);
    if (call == nullptr || call->host != host || call->conn >= labels.size()) continue;
    std::string label = label_of(scenario, *call);
    if (!label.empty() && labels[call->conn].empty()) labels[call->conn] = std::move(label);
  }
  return labels;
}

namespace {

// ---- connection states ---------------------------------------------------------

std::string describe_selector(const ConnSelector& c) {
  std::string text = c.host;
  if (!c.fd.empty()) text += " fd " + c.fd;
  if (c.local_port) text += trf(" local port {}", *c.local_port);
  if (c.remote_port) text += trf(" remote port {}", *c.remote_port);
  return text == c.host ? trf("{}'s first connection", c.host) : text;
}

bool selector_matches(const ConnSelector& sel, const trace::ConnInfo& conn,
                      const std::string& label) {
  return (sel.fd.empty() || sel.fd == label) &&
         (!sel.local_port || *sel.local_port == conn.id.local_port) &&
         (!sel.remote_port || *sel.remote_port == conn.id.remote_port);
}

// Why no connection matched, with what the host does have, so the fix is visible.
std::string no_conn_text(const ConnSelector& sel, const trace::Trace& trace, trace::NodeId host,
                         const std::vector<std::string>& labels) {
  std::vector<std::string> have;
  for (trace::ConnId c = 0; c < trace.conns.size(); ++c) {
    if (trace.conns[c].host != host) continue;
    std::string text = trace.conn_name(c);
    if (!labels[c].empty()) text += trf(" ({})", "fd " + labels[c]);
    have.push_back(std::move(text));
  }
  std::string text = tr("no such connection (so CLOSED)");
  if (!sel.fd.empty() && std::find(labels.begin(), labels.end(), sel.fd) == labels.end()) {
    text += trf("; no connect or accept on fd {} made one", sel.fd);
  }
  if (have.empty()) return text + trf("; {} has no TCP connections", sel.host);
  constexpr std::size_t kMaxListed = 8;
  if (have.size() > kMaxListed) {
    const std::size_t more = have.size() - kMaxListed;
    have.resize(kMaxListed);
    have.push_back(trf("{} more", more));
  }
  return text + trf("; {} has {}", sel.host, join(have, tr(", ")));
}

// "; then ESTABLISHED at 0.002 s (rcv SYN,ACK)": the change after the asked time.
std::string then_text(const trace::Trace& trace, TimeUs t, const trace::StateEvent& s) {
  std::string text = trf("; then {} at {}", tcp::state_name(s.to), format_time(t));
  const std::string& cause = trace.text(s.cause);
  return cause.empty() ? text : text + trf(" ({})", cause);
}

}  // namespace

Verdict check_state(const ExpectState& e, const Scenario& scenario, const trace::Trace& trace) {
  Verdict v;
  v.what =
      trf("{} is {} at {}", describe_selector(e.conn), tcp::state_name(e.state), format_time(e.at));
  v.expected = tcp::state_name(e.state);
  const trace::NodeId host = trace.find_node(e.conn.host);
  if (host == trace::kNone) {
    v.actual = unknown_node(e.conn.host);
    return v;
  }
  const std::vector<std::string> labels = conn_labels(scenario, trace, host);
  // A listening socket has its own record (remote 0.0.0.0:0); ports alone mean
  // a real connection first, the listener only when there is none.
  trace::ConnId conn = trace::kNone;
  for (int pass = 0; pass < 2 && conn == trace::kNone; ++pass) {
    for (trace::ConnId c = 0; c < trace.conns.size() && conn == trace::kNone; ++c) {
      const trace::ConnInfo& info = trace.conns[c];
      bool listener = info.id.remote_ip == 0 && info.id.remote_port == 0;
      if (info.host == host && listener == (pass == 1) &&
          selector_matches(e.conn, info, labels[c])) {
        conn = c;
      }
    }
  }
  if (conn == trace::kNone) {
    v.ok = e.state == tcp::State::Closed;
    v.actual = no_conn_text(e.conn, trace, host, labels);
    return v;
  }

  // The change in force at `at` and the one after it, which tells whether the
  // state came too late or went too soon.
  const trace::Event* current = nullptr;
  const trace::Event* next = nullptr;
  for (const trace::Event& ev : trace.events) {
    const auto* s = std::get_if<trace::StateEvent>(&ev.what);
    if (s == nullptr || s->conn != conn) continue;
    if (ev.t <= e.at) {
      current = &ev;
    } else {
      next = &ev;
      break;
    }
  }
  const tcp::State state =
      current ? std::get<trace::StateEvent>(current->what).to : tcp::State::Closed;
  v.ok = state == e.state;
  if (current) {
    const auto& s = std::get<trace::StateEvent>(current->what);
    v.actual = trf("{} since {}", tcp::state_name(state), format_time(current->t));
    const std::string& cause = trace.text(s.cause);
    if (!cause.empty()) v.actual += trf(" ({})", cause);
  } else {
    v.actual = tr("CLOSED (no state change yet)");
  }
  v.actual += next ? then_text(trace, next->t, std::get<trace::StateEvent>(next->what))
                   : tr("; no later change");
  v.actual += trf("; connection {}", trace.conn_name(conn));
  return v;
}

// ---- call results ----------------------------------------------------------------

namespace {

std::string errno_text(int err) {
  const char* name = errno_name(err);
  return name != nullptr && *name != '\0' ? name : "errno " + std::to_string(err);
}

// Data as a quoted string with control bytes escaped, so whitespace differences show.
// "step \"open\" (client connect fd c to 10.0.0.2:80)" or just the parenthesised part.
std::string describe_step(const Step& step) {
  std::string text = step.host + " " + call_name(step.call);
  if (!step.fd.empty()) text += " fd " + step.fd;
  if (step.addr && (step.call == CallKind::Connect || step.call == CallKind::Sendto)) {
    text += trf(" to {}", trace::endpoint_name(step.addr->value(), step.port));
  }
  if (!step.as.empty()) text += " as " + step.as;
  return step.id.empty() ? text : trf("step \"{}\" ({})", step.id, text);
}

// Why a step never ran: an earlier call on its thread still blocks, or the run
// ended before the step's time.
std::string never_issued_text(const Scenario& scenario, const trace::Trace& trace,
                              std::uint32_t index, const std::vector<bool>& issued,
                              const std::vector<bool>& returned) {
  const Step& step = scenario.steps[index];
  for (std::uint32_t i = index; i-- > 0;) {
    const Step& before = scenario.steps[i];
    if (before.host != step.host || before.thread != step.thread) continue;
    if (issued[i] && !returned[i]) {
      return trf("never issued: the earlier {} (line {}) on the same thread still blocks",
                 describe_step(before), before.mark.line);
    }
  }
  if (step.at > end_time(trace)) {
    return trf("never issued: the run ended at {}, before the step's time {}",
               format_time(end_time(trace)), format_time(step.at));
  }
  return tr("never issued");
}

}  // namespace

Verdict check_call(const ExpectCall& e, const Scenario& scenario, const trace::Trace& trace) {
  Verdict v;
  if (e.step_index >= scenario.steps.size()) {
    v.what = trf("step \"{}\" returns as expected", e.step);
    v.actual = trf("the scenario has no step {}", e.step_index);
    return v;
  }
  const Step& step = scenario.steps[e.step_index];
  const StepExpect& x = e.expect;

  std::vector<std::string> says;   // for `what`
  std::vector<std::string> wants;  // for `expected`
  if (x.result) {
    says.push_back(trf("returns {}", *x.result));
    wants.push_back(trf("result {}", *x.result));
  }
  if (x.err) {
    says.push_back(*x.err == 0 ? tr("succeeds") : trf("fails with {}", errno_text(*x.err)));
    wants.push_back(*x.err == 0 ? tr("no error") : "errno " + errno_text(*x.err));
  }
  if (x.data) {
    says.push_back(trf("reads {}", quoted(*x.data)));
    wants.push_back(trf("data {}", quoted(*x.data)));
  }
  if (e.blocks) {
    says.push_back(tr("is still blocked at the end"));
    wants.push_back(tr("no return (still blocked)"));
  }
  if (says.empty()) says.push_back(tr("returns"));
  if (e.returned_after) wants.push_back(trf("returned after {}", format_time(*e.returned_after)));
  if (e.returned_by) wants.push_back(trf("returned by {}", format_time(*e.returned_by)));
  if (wants.empty()) wants.push_back(tr("a return"));
  v.what = describe_step(step) + " " + join_and(says);
  if (e.returned_after) v.what += trf(" later than {}", format_time(*e.returned_after));
  if (e.returned_by) v.what += trf(" no later than {}", format_time(*e.returned_by));
  v.expected = join(wants, tr(", "));

  // Which steps issued and returned, also to explain a step that never ran.
  std::vector<bool> issued(scenario.steps.size(), false);
  std::vector<bool> returned(scenario.steps.size(), false);
  const trace::Event* issue = nullptr;
  const trace::Event* ret = nullptr;
  for (const trace::Event& ev : trace.events) {
    const auto* call = std::get_if<trace::CallEvent>(&ev.what);
    if (call == nullptr || call->step >= scenario.steps.size()) continue;
    issued[call->step] = true;
    if (call->phase == trace::CallPhase::Returned) returned[call->step] = true;
    if (call->step != e.step_index) continue;
    if (issue == nullptr) issue = &ev;
    if (ret == nullptr && call->phase == trace::CallPhase::Returned) ret = &ev;
  }
  if (issue == nullptr) {
    v.actual = never_issued_text(scenario, trace, e.step_index, issued, returned);
    return v;
  }
  if (ret == nullptr) {
    v.ok = e.blocks;
    v.actual = trf("issued at {}, still blocked at the end of the run ({})", format_time(issue->t),
                   format_time(end_time(trace)));
    return v;
  }

  const auto& r = std::get<trace::CallEvent>(ret->what);
  const std::string& data = trace.text(r.data);
  v.ok = !e.blocks && (!x.result || *x.result == r.result) && (!x.err || *x.err == r.err) &&
         (!x.data || *x.data == data) && (!e.returned_by || ret->t <= *e.returned_by) &&
         (!e.returned_after || ret->t > *e.returned_after);
  v.actual = trf("returned {}", r.result);
  if (r.err != 0) v.actual += trf(", errno {}", errno_text(r.err));
  if (x.data || step.call == CallKind::Recv || step.call == CallKind::Recvfrom) {
    v.actual += trf(", data {}", quoted(data));
    // Data too long to show whole: where it departs from what was expected.
    if (x.data && *x.data != data && (cut_when_quoted(*x.data) || cut_when_quoted(data))) {
      v.actual += trf(" ({})", data_difference(*x.data, data));
    }
  }
  v.actual += trf(" at {}", format_time(ret->t));
  if (ret != issue) v.actual += trf(" (issued at {})", format_time(issue->t));
  return v;
}

}  // namespace detail

TimeUs decision_time(const Expectation& e, const trace::Trace& trace) {
  const trace::TimeUs end = trace.events.empty() ? 0 : trace.events.back().t;
  return std::visit(
      [&](const auto& body) -> trace::TimeUs {
        using B = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<B, ExpectSegments>) {
          return body.until == kForever ? end : std::min(end, body.until - 1);
        } else if constexpr (std::is_same_v<B, ExpectCall>) {
          for (const trace::Event& ev : trace.events) {
            const auto* c = std::get_if<trace::CallEvent>(&ev.what);
            if (c != nullptr && c->step == body.step_index &&
                c->phase == trace::CallPhase::Returned) {
              return ev.t;
            }
          }
          return body.returned_by.value_or(end);
        } else if constexpr (std::is_same_v<B, ExpectCounter>) {
          return body.at.value_or(end);
        } else if constexpr (std::is_same_v<B, ExpectReceived>) {
          return end;  // all the reads of the run
        } else {
          return body.at;
        }
      },
      e.body);
}

std::vector<Verdict> check(const Scenario& scenario, const trace::Trace& trace) {
  // Numbering every TCP frame is the costly part; only segment expectations need it.
  std::optional<std::vector<trace::TcpNumbers>> numbers;
  std::vector<Verdict> verdicts;
  verdicts.reserve(scenario.expectations.size());
  for (const Expectation& expectation : scenario.expectations) {
    Verdict v = std::visit(
        [&](const auto& e) -> Verdict {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, ExpectState>) {
            return detail::check_state(e, scenario, trace);
          } else if constexpr (std::is_same_v<T, ExpectSegments>) {
            if (!numbers) numbers = trace::number_tcp_frames(trace);
            return detail::check_segments(e, scenario, trace, *numbers);
          } else if constexpr (std::is_same_v<T, ExpectCall>) {
            return detail::check_call(e, scenario, trace);
          } else if constexpr (std::is_same_v<T, ExpectArp>) {
            return detail::check_arp(e, trace);
          } else if constexpr (std::is_same_v<T, ExpectMacTable>) {
            return detail::check_mac_table(e, trace);
          } else if constexpr (std::is_same_v<T, ExpectCounter>) {
            return detail::check_counter(e, trace);
          } else if constexpr (std::is_same_v<T, ExpectQueue>) {
            return detail::check_queue(e, trace);
          } else {
            static_assert(std::is_same_v<T, ExpectReceived>);
            return detail::check_received(e, scenario, trace);
          }
        },
        expectation.body);
    v.mark = expectation.mark;
    v.note = expectation.note;
    verdicts.push_back(std::move(v));
  }
  return verdicts;
}

namespace {

// Writes "   label" and the value; further lines line up under the first.
void print_field(std::ostream& out, const char* label, const std::string& value) {
  constexpr std::string_view kIndent = "             ";  // width of "   expected: "
  out << "   " << label;
  for (char c : value) {
    out << c;
    if (c == '\n') out << kIndent;
  }
  out << '\n';
}

}  // namespace

void print_verdicts(const Scenario& scenario, const std::vector<Verdict>& verdicts,
                    std::ostream& out) {
  const std::string file = scenario.file.empty() ? "<scenario>" : scenario.file;
  for (const Verdict& v : verdicts) {
    out << file;
    if (v.mark.line > 0) out << ':' << v.mark.line << ':' << v.mark.column;
    out << ": " << (v.ok ? "PASS " : "FAIL ") << v.what << '\n';
    if (!v.ok) {
      print_field(out, "expected: ", v.expected);
      print_field(out, "actual:   ", v.actual);
    }
    if (!v.note.empty()) print_field(out, "note:     ", v.note);
  }
}

}  // namespace synack::scenario

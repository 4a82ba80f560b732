#include "sim/capture/against.hpp"

#include <algorithm>
#include <optional>

#include "core/tcp_segment.hpp"
#include "sim/trace/frame_view.hpp"

namespace synack::capture {

std::optional<trace::TimeUs> first_syn(const trace::Trace& t) {
  const std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(t);
  for (const trace::Event& e : t.events) {
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    if (f != nullptr && f->frame < numbers.size() && numbers[f->frame].is_tcp &&
        numbers[f->frame].flags == tcp::flag::SYN) {
      return e.t;
    }
  }
  return std::nullopt;
}

namespace {

// Why a capture cannot show what the expectation is about; "" when it can.
std::string not_in_capture(const scenario::ExpectationBody& body) {
  using namespace scenario;
  if (const auto* state = std::get_if<ExpectState>(&body)) {
    return state->conn.fd.empty()
               ? ""
               : "it names its connection by fd, and a capture holds no socket calls (name it by "
                 "port)";
  }
  if (const auto* segments = std::get_if<ExpectSegments>(&body)) {
    return segments->fd.empty() ? ""
                                : "it names its connection by fd, and a capture holds no socket "
                                  "calls (name it by port)";
  }
  if (std::holds_alternative<ExpectCall>(body) || std::holds_alternative<ExpectReceived>(body))
    return "a capture holds no socket calls or their results";
  if (std::holds_alternative<ExpectCounter>(body)) return "a capture holds no counters";
  if (std::holds_alternative<ExpectQueue>(body)) return "a capture holds no listen queues";
  if (std::holds_alternative<ExpectMacTable>(body)) return "a capture holds no switch tables";
  return "";
}

}  // namespace

scenario::Scenario checkable_in_capture(const scenario::Scenario& scenario,
                                        std::vector<NotChecked>& left_out) {
  scenario::Scenario out = scenario;
  out.expectations.clear();
  left_out.clear();
  for (std::size_t i = 0; i < scenario.expectations.size(); ++i) {
    const scenario::Expectation& e = scenario.expectations[i];
    if (std::string why = not_in_capture(e.body); !why.empty()) {
      left_out.push_back({i, std::move(why)});
    } else {
      out.expectations.push_back(e);
    }
  }
  return out;
}

std::size_t name_hosts(const scenario::Scenario& scenario, trace::Trace& capture) {
  std::size_t renamed = 0;
  for (const scenario::HostSpec& host : scenario.hosts) {
    for (trace::NodeInfo& node : capture.nodes) {
      if (!node.interfaces.empty() && node.interfaces[0].ip == host.iface.address.address()) {
        node.name = host.name;
        ++renamed;
      }
    }
  }
  for (trace::LinkInfo& link : capture.links) {
    link.name = capture.nodes[link.a].name + "-" + capture.nodes[link.b].name;
  }
  return renamed;
}

trace::TimeUs align_by_first_syn(trace::Trace& capture, const trace::Trace& reference) {
  const std::optional<trace::TimeUs> ours = first_syn(capture);
  const std::optional<trace::TimeUs> theirs = first_syn(reference);
  if (!ours || !theirs || capture.events.empty()) return 0;
  const trace::TimeUs shift = std::max(*theirs - *ours, -capture.events.front().t);
  for (trace::Event& e : capture.events) e.t += shift;
  return shift;
}

}  // namespace synack::capture

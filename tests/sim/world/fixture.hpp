// Runs a scenario written inline in a test and answers questions about its
// Trace: frames and where they went, TCP segments between two hosts in
// tcpdump's flag letters, a connection's states over time, what each labelled
// step returned, counters, notes and table changes. Only the Trace is read, as
// everything downstream of the simulator does.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/wire/frame.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/trace/frame_view.hpp"
#include "sim/trace/trace.hpp"
#include "sim/world/run.hpp"

namespace synack::sim::testing {

using tcp::kMillis;
using tcp::kSeconds;
using tcp::TimeUs;
using trace::ConnId;
using trace::FrameId;
using trace::NodeId;

// "name: t\ndescription: d\n" and then `body`: the two keys every scenario needs.
std::string scenario_text(std::string_view body);

// Hosts a, b, c (10.0.0.1-3/24) on switch sw1, ports 1, 2, 3; b (and, with
// `c_listens`, c) has a UDP socket bound to port 9; a has a UDP socket s.
// `top` goes before the topology, `switch_keys` inside sw1's map (", aging: 2s"),
// `steps` after the script's first steps.
std::string udp_lan(std::string_view steps, std::string_view top = "",
                    std::string_view switch_keys = "", bool c_listens = false);

// client 10.0.0.1 and server 10.0.0.2 on switch sw1 (ports 1 and 2), links
// client-sw1 and server-sw1 with the default 1 ms delay and 100 Mbps. Goes
// after scenario_text's header and before `script:`.
extern const char* const kLan;

// A record with its time.
template <typename T>
struct At {
  TimeUs t = 0;
  T e{};
};

// A TCP segment as its sender put it on the wire.
struct Seg {
  TimeUs t = 0;
  FrameId frame = 0;
  std::string from, to;                     // host names
  std::string flags;                        // "S", "S.", ".", "P.", "F.", "R."
  std::uint32_t seq = 0, ack = 0, len = 0;  // relative
};

class Sim {
 public:
  // Loads `yaml` (a whole scenario), runs it, and keeps the trace. A scenario
  // that does not load fails the test (the errors are printed) and throws.
  explicit Sim(const std::string& yaml, const RunOptions& options = {});
  // The same, with `edit` applied to the loaded scenario before the run, for
  // what the file format cannot say.
  using Edit = std::function<void(scenario::Scenario&)>;
  Sim(const std::string& yaml, const Edit& edit, const RunOptions& options = {});

  scenario::Scenario scenario;
  trace::Trace trace;
  std::vector<trace::TcpNumbers> numbers;

  // ---- topology
  NodeId node(std::string_view name) const;  // fails the test when absent
  wire::Ipv4Address ip(std::string_view host) const;
  wire::MacAddress mac(std::string_view node, std::size_t iface = 0) const;
  trace::LinkId link(std::string_view name) const;

  // ---- all records of one kind, in order
  template <typename T>
  std::vector<At<T>> records() const {
    std::vector<At<T>> out;
    for (const trace::Event& ev : trace.events) {
      if (const T* r = std::get_if<T>(&ev.what)) out.push_back(At<T>{ev.t, *r});
    }
    return out;
  }
  TimeUs last_time() const { return trace.events.empty() ? 0 : trace.events.back().t; }

  // ---- frames
  std::vector<At<trace::FrameEvent>> hops(trace::Fate fate) const;
  // Frames `node` put on a link / that reached `node` (accepted or refused).
  std::vector<At<trace::FrameEvent>> sent_by(std::string_view node) const;
  std::vector<At<trace::FrameEvent>> arrivals_at(std::string_view node) const;
  wire::DecodedFrame decode(FrameId frame) const;
  std::string reason(const trace::FrameEvent& e) const { return trace.text(e.reason); }
  // UDP frames as their sender put them on the wire (first hop), in order.
  std::vector<At<trace::FrameEvent>> udp_sent_by(std::string_view host) const;
  // Payloads of the UDP datagrams `host`'s NIC accepted, in order of arrival.
  std::vector<std::string> udp_received(std::string_view host) const;
  // A frame's UDP or TCP payload as text ("" for other frames).
  std::string payload(FrameId frame) const;
  // ARP frames sent by `node`.
  std::vector<At<trace::FrameEvent>> arp_sent_by(std::string_view node) const;

  // ---- TCP segments between two hosts, each once where its sender sent it
  std::vector<Seg> segments(std::string_view a, std::string_view b) const;
  // Flags of the segments a sent to b: {"S", ".", "P.", ...}.
  std::vector<std::string> flags(std::string_view from, std::string_view to) const;
  // Both directions as "a>b S", "b>a S.", ...
  std::vector<std::string> ladder(std::string_view a, std::string_view b) const;

  // ---- connections
  std::vector<ConnId> conns(std::string_view host) const;
  // The first connection of `host` with these ports (remote 0: any), or kNone.
  ConnId conn(std::string_view host, std::uint16_t local_port, std::uint16_t remote_port = 0) const;
  // The connection a labelled call made or acted on (connect, accept).
  ConnId conn_of(std::string_view step_id) const;
  std::vector<At<trace::StateEvent>> state_changes(ConnId conn) const;
  // "LISTEN>SYN-RECEIVED>ESTABLISHED": the first change's `from`, then each `to`.
  std::string path(ConnId conn) const;
  tcp::State state_at(ConnId conn, TimeUs t) const;
  // When `conn` first entered `state`, if it did.
  std::optional<TimeUs> entered(ConnId conn, tcp::State state) const;

  // ---- calls, by step id
  std::optional<At<trace::CallEvent>> returned(std::string_view step_id) const;
  std::optional<At<trace::CallEvent>> issued(std::string_view step_id) const;
  std::string data(const trace::CallEvent& e) const { return trace.text(e.data); }
  std::uint32_t step_index(std::string_view step_id) const;

  // ---- counters, notes, queues
  // The counter's value at time `at` (the end by default); 0 when never counted.
  std::int64_t counter(std::string_view node, std::string_view name,
                       TimeUs at = scenario::kForever) const;
  std::vector<std::string> notes(std::string_view node) const;
  bool has_note(std::string_view node, std::string_view words) const;
  std::vector<At<trace::QueueEvent>> queues(std::string_view host, std::uint16_t port) const;

  // ---- tables
  std::vector<At<trace::ArpEvent>> arp(std::string_view node) const;
  std::vector<At<trace::MacEvent>> macs(std::string_view sw) const;
};

// An edit that turns on MSG_WAITALL for the recv steps with these ids (the
// file format has no key for it yet).
Sim::Edit waitall(std::vector<std::string> step_ids);

// The first record in `list` that `pred` accepts.
template <typename T, typename Pred>
std::optional<At<T>> first(const std::vector<At<T>>& list, Pred pred) {
  for (const At<T>& a : list) {
    if (pred(a)) return a;
  }
  return std::nullopt;
}

}  // namespace synack::sim::testing

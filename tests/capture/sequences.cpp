#include "sequences.hpp"

#include <gtest/gtest.h>

#include "sim/scenario/load.hpp"
#include "sim/world/run.hpp"

namespace synack::capture::testing {

namespace {

std::string conn_text(const tcp::ConnectionId& id) {
  return trace::endpoint_name(id.local_ip, id.local_port) + "-" +
         trace::endpoint_name(id.remote_ip, id.remote_port);
}

std::string change_text(tcp::State from, tcp::State to, const std::string& cause) {
  return std::string(tcp::state_name(from)) + " -> " + tcp::state_name(to) + " " + cause;
}

}  // namespace

Sequences recorded_sequences(const trace::Trace& trace) {
  Sequences out;
  std::map<trace::ConnId, std::uint32_t> number;  // which connection on its 4-tuple
  std::map<std::string, std::uint32_t> seen;
  for (const trace::Event& e : trace.events) {
    const auto* s = std::get_if<trace::StateEvent>(&e.what);
    if (s == nullptr) continue;
    const tcp::ConnectionId& id = trace.conns[s->conn].id;
    const std::string& cause = trace.text(s->cause);
    if (id.remote_ip == 0 || cause == tcp::event_label(tcp::Ev::TimeWaitTimeout)) continue;
    const std::string name = conn_text(id);
    auto [it, fresh] = number.try_emplace(s->conn, 0);
    if (fresh) it->second = seen[name]++;
    out[{name, it->second}].push_back(change_text(s->from, s->to, cause));
  }
  return out;
}

Sequences observed_sequences(const std::vector<ObservedChange>& changes) {
  Sequences out;
  for (const ObservedChange& c : changes) {
    out[{conn_text(c.id), c.connection}].push_back(change_text(c.from, c.to, c.cause));
  }
  return out;
}

trace::Trace run_scenario(const std::string& name) {
  const std::string path = std::string(SYNACK_SOURCE_DIR) + "/scenarios/" + name + ".yaml";
  scenario::LoadResult loaded = scenario::load_file(path);
  if (!loaded.ok()) {
    ADD_FAILURE() << path << ": " << loaded.errors.front().to_string();
    return {};
  }
  return sim::run(*loaded.scenario);
}

}  // namespace synack::capture::testing

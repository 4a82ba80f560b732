// `synack bench`: N clients and one server (on one learning switch, or behind
// routers); each client connects, sends B bytes and closes (ARP included).
// Prints one line of figures.
#include <fmt/format.h>
#include <time.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "sim/lang/tr.hpp"
#include "sim/world/bench_workload.hpp"
#include "sim/world/run.hpp"

namespace synack::cli {

namespace {

struct BenchOptions {
  sim::BenchWorkload workload;
  std::string topology = "lan";
  std::string level = "full";
  std::string json;
};

const std::map<std::string, sim::BenchTopology> kTopologies = {
    {"lan", sim::BenchTopology::Lan}, {"routed", sim::BenchTopology::Routed}};
const std::map<std::string, sim::TraceLevel> kLevels = {{"full", sim::TraceLevel::Full},
                                                        {"no-floods", sim::TraceLevel::NoFloods},
                                                        {"states", sim::TraceLevel::States}};

// Peak resident set size of this process, in kB (VmHWM), or 0 when unknown.
long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      long kb = 0;
      status >> kb;
      return kb;
    }
    status.ignore(1 << 16, '\n');
  }
  return 0;
}

// Processor seconds this process has used.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int run(const BenchOptions& opt) {
  const sim::BenchWorkload& w = opt.workload;
  scenario::Scenario s = sim::bench_workload(w);
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  sim::RunOptions run_options;
  run_options.event_limit = UINT64_MAX;  // the workload is bounded; its size is the point
  run_options.level = kLevels.at(opt.level);
  sim::RunStats stats;
  trace::Trace t = sim::run(s, run_options, &stats);
  const double cpu = cpu_seconds() - cpu_start;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::int64_t received = 0;
  trace::NodeId server = t.find_node(sim::kBenchServer);
  for (const trace::Event& e : t.events) {
    if (const auto* c = std::get_if<trace::CallEvent>(&e.what)) {
      if (c->host == server && c->phase == trace::CallPhase::Returned && c->result > 0 &&
          s.steps[c->step].call == scenario::CallKind::Recv) {
        received += c->result;
      }
    }
  }
  const tcp::TimeUs sim_end = t.events.empty() ? 0 : t.events.back().t;
  const long rss = peak_rss_kb();
  // The records with their TCB values, and the frames' bytes (once per frame
  // however many hops it makes); the rest of the peak is the model.
  const std::size_t record_bytes =
      t.events.size() * sizeof(trace::Event) + t.tcb_values() * sizeof(std::uint32_t);
  const auto trace_kb = static_cast<long>((record_bytes + t.frame_bytes()) / 1024);
  const auto per = [](double total, std::uint64_t n) { return n ? total / n : 0.0; };
  const double delivered = static_cast<double>(stats.frames_to_hosts);
  std::cout << fmt::format(
      "synack topology={} trace={} clients={} bytes={} received={} frames_delivered={} "
      "wall_s={:.3f} cpu_s={:.3f} sim_s={:.3f} engine_events={} ns_per_event={:.0f} "
      "ns_per_frame={:.0f} frames_per_s={:.0f} records={} bytes_per_record={:.1f} "
      "frame_kb={} trace_kb={} rss_kb={} rss_per_conn_kb={:.1f} model_kb_per_conn={:.1f}\n",
      sim::bench_topology_name(w.topology), sim::trace_level_name(run_options.level), w.clients,
      w.bytes, received, stats.frames_to_hosts, wall, cpu, static_cast<double>(sim_end) / 1e6,
      stats.engine_events, per(cpu * 1e9, stats.engine_events),
      per(cpu * 1e9, stats.frames_to_hosts), wall > 0 ? delivered / wall : 0.0, t.events.size(),
      per(static_cast<double>(record_bytes), t.events.size()), t.frame_bytes() / 1024, trace_kb,
      rss, static_cast<double>(rss) / w.clients,
      static_cast<double>(rss > trace_kb ? rss - trace_kb : 0) / w.clients);
  if (!opt.json.empty()) {
    if (const std::string error = write_json_file(t, opt.json); !error.empty()) {
      std::cerr << "synack bench: " << error << "\n";
      return kExitBadInput;
    }
  }
  return received == static_cast<std::int64_t>(w.clients) * static_cast<std::int64_t>(w.bytes)
             ? kExitOk
             : kExitFailed;
}

}  // namespace

Runner add_bench_command(CLI::App& app) {
  auto opt = std::make_shared<BenchOptions>();
  using lang::tr;
  CLI::App* cmd = app.add_subcommand(
      "bench", tr("N clients each connect to a server, send B bytes and close; prints figures"));
  cmd->add_option("--clients", opt->workload.clients,
                  tr("Number of client hosts (lan: at most 65533)"))
      ->check(CLI::Range(1, sim::kBenchMaxRoutedClients));
  cmd->add_option("--bytes", opt->workload.bytes, tr("Bytes each client sends"))
      ->check(CLI::Range(std::size_t{0}, std::size_t{100'000'000}));
  cmd->add_option("--topology", opt->topology,
                  tr("lan: every host on one switch; routed: clients in /24 subnets of 250 "
                     "behind routers"))
      ->check(CLI::IsMember({"lan", "routed"}))
      ->capture_default_str();
  cmd->add_option("--trace", opt->level,
                  tr("What the trace keeps: full; no-floods (not the copies a switch floods); "
                     "states (state changes, calls, counters and notes)"))
      ->check(CLI::IsMember({"full", "no-floods", "states"}))
      ->capture_default_str();
  cmd->add_option("--json", opt->json, tr("Write the trace of the run as JSON to this file"))
      ->check(non_empty_path());
  cmd->footer(tr("Exit status: 0 when the server received every byte, 1 otherwise."));
  return [opt] {
    opt->workload.topology = kTopologies.at(opt->topology);
    if (opt->workload.topology == sim::BenchTopology::Lan &&
        opt->workload.clients > sim::kBenchMaxLanClients) {
      std::cerr << lang::trf(
                       "synack bench: --clients {}: one /16 LAN has addresses for {} "
                       "clients; use --topology routed for more",
                       opt->workload.clients, sim::kBenchMaxLanClients)
                << "\n";
      return kExitBadInput;
    }
    return run(*opt);
  };
}

}  // namespace synack::cli

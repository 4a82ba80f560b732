// `synack bench`: N clients and one server on one learning switch; each client
// connects, sends B bytes and closes (ARP included). Prints one line of figures.
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "sim/lang/tr.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/run.hpp"

namespace synack::cli {

namespace {

using scenario::CallKind;
using scenario::Step;

struct BenchOptions {
  int clients = 100;
  std::size_t bytes = 1000;
  std::string json;
};

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

wire::Ipv4Address address(int index) {  // 10.0.0.1, 10.0.0.2, ... in a /16
  auto n = static_cast<std::uint32_t>(index + 1);
  return wire::Ipv4Address(0x0A000000u | n);
}

Step step(const std::string& host, CallKind call, const std::string& fd,
          const std::string& thread) {
  Step s;
  s.host = host;
  s.call = call;
  s.fd = fd;
  s.thread = thread;
  return s;
}

scenario::Scenario workload(const BenchOptions& opt) {
  scenario::Scenario s;
  s.name = "bench";
  s.description = fmt::format("{} clients each send {} bytes to one server over one switch",
                              opt.clients, opt.bytes);
  s.switches.push_back(scenario::SwitchSpec{"sw", 300 * tcp::kSeconds, {}});
  auto add_host = [&](const std::string& name, int index) {
    scenario::HostSpec h;
    h.name = name;
    h.iface.address = wire::Ipv4Cidr(address(index), 16);
    h.iface.mac = scenario::default_mac(static_cast<std::size_t>(index), 0);
    s.hosts.push_back(h);
    scenario::LinkSpec link;
    link.name = name + "-sw";
    link.a.node = name;
    link.b.node = "sw";
    s.links.push_back(link);
  };
  add_host("server", 0);
  Step sock = step("server", CallKind::Socket, "", "main");
  sock.as = "l";
  Step bind = step("server", CallKind::Bind, "l", "main");
  bind.port = 80;
  Step listen = step("server", CallKind::Listen, "l", "main");
  listen.backlog = opt.clients;
  s.steps = {sock, bind, listen};
  std::vector<std::uint8_t> payload(opt.bytes);
  for (std::size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<std::uint8_t>('a' + i % 26);
  for (int i = 0; i < opt.clients; ++i) {
    std::string thread = fmt::format("t{}", i), conn = fmt::format("c{}", i);
    Step accept = step("server", CallKind::Accept, "l", thread);
    accept.as = conn;
    Step recv = step("server", CallKind::Recv, conn, thread);
    recv.size = opt.bytes;
    recv.waitall = true;
    Step eof = step("server", CallKind::Recv, conn, thread);
    eof.size = 1;
    s.steps.insert(s.steps.end(),
                   {accept, recv, eof, step("server", CallKind::Close, conn, thread)});
  }
  for (int i = 0; i < opt.clients; ++i) {
    std::string name = fmt::format("client{}", i + 1);
    add_host(name, i + 1);
    Step sock_c = step(name, CallKind::Socket, "", "main");
    sock_c.as = "s";
    Step connect = step(name, CallKind::Connect, "s", "main");
    connect.addr = address(0);
    connect.port = 80;
    Step send = step(name, CallKind::Send, "s", "main");
    send.data = payload;
    s.steps.insert(s.steps.end(),
                   {sock_c, connect, send, step(name, CallKind::Close, "s", "main")});
  }
  return s;
}

int run(const BenchOptions& opt) {
  scenario::Scenario s = workload(opt);
  auto start = std::chrono::steady_clock::now();
  sim::RunOptions run_options;
  run_options.event_limit = UINT64_MAX;  // the workload is bounded; its size is the point
  trace::Trace t = sim::run(s, run_options);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::int64_t received = 0;
  std::size_t delivered = 0;
  trace::NodeId server = t.find_node("server");
  for (const trace::Event& e : t.events) {
    if (const auto* f = std::get_if<trace::FrameEvent>(&e.what)) {
      delivered +=
          f->fate == trace::Fate::Delivered && t.nodes[f->to].kind == trace::NodeKind::Host;
    } else if (const auto* c = std::get_if<trace::CallEvent>(&e.what)) {
      if (c->host == server && c->phase == trace::CallPhase::Returned && c->result > 0 &&
          s.steps[c->step].call == CallKind::Recv) {
        received += c->result;
      }
    }
  }
  tcp::TimeUs sim_end = t.events.empty() ? 0 : t.events.back().t;
  long rss = peak_rss_kb();
  // The trace's own records and frame bytes; the rest of the peak is the model.
  auto trace_kb =
      static_cast<long>((t.events.size() * sizeof(trace::Event) + t.frame_bytes()) / 1024);
  std::cout << fmt::format(
      "synack clients={} bytes={} received={} frames_delivered={} wall_s={:.3f} sim_s={:.3f} "
      "events={} frames_per_s={:.0f} trace_kb={} rss_kb={} rss_per_conn_kb={:.1f} "
      "model_kb_per_conn={:.1f}\n",
      opt.clients, opt.bytes, received, delivered, wall, static_cast<double>(sim_end) / 1e6,
      t.events.size(), wall > 0 ? static_cast<double>(delivered) / wall : 0.0, trace_kb, rss,
      static_cast<double>(rss) / opt.clients,
      static_cast<double>(rss > trace_kb ? rss - trace_kb : 0) / opt.clients);
  if (!opt.json.empty()) {
    if (const std::string error = write_json_file(t, opt.json); !error.empty()) {
      std::cerr << "synack bench: " << error << "\n";
      return kExitBadInput;
    }
  }
  return received == static_cast<std::int64_t>(opt.clients) * static_cast<std::int64_t>(opt.bytes)
             ? kExitOk
             : kExitFailed;
}

}  // namespace

Runner add_bench_command(CLI::App& app) {
  auto opt = std::make_shared<BenchOptions>();
  using lang::tr;
  CLI::App* cmd = app.add_subcommand(
      "bench", tr("N clients on one switch each connect to a server, send B bytes and close"));
  cmd->add_option("--clients", opt->clients, tr("Number of client hosts"))
      ->check(CLI::Range(1, 60000));
  cmd->add_option("--bytes", opt->bytes, tr("Bytes each client sends"))
      ->check(CLI::Range(std::size_t{0}, std::size_t{100'000'000}));
  cmd->add_option("--json", opt->json, tr("Write the trace of the run as JSON to this file"))
      ->check(non_empty_path());
  cmd->footer(tr("Exit status: 0 when the server received every byte, 1 otherwise."));
  return [opt] { return run(*opt); };
}

}  // namespace synack::cli

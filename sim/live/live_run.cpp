#include "sim/live/live_run.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <queue>
#include <thread>

#include "sim/live/capture.hpp"
#include "sim/live/lab.hpp"
#include "sim/live/linux_settings.hpp"
#include "sim/live/live_trace.hpp"
#include "sim/live/real_sockets.hpp"
#include "sim/live/sampler.hpp"
#include "sim/scenario/lesson.hpp"

namespace synack::live {

namespace {

// Real time since the script's zero; steps start when it has come, in
// (time, file order); blocked calls wait on their sockets' readiness.
class RealClock final : public sim::ScriptClock {
 public:
  RealClock(trace::Trace& trace, tcp::TimeUs base_us) : trace_(trace), base_us_(base_us) {}

  trace::TimeUs now() const override { return realtime_us() - base_us_; }
  void start_step(trace::TimeUs t, std::uint32_t step, std::function<void()> run) override {
    due_.push(Due{t, step, std::move(run)});
  }
  void soon(std::function<void()> fn) override { soon_.push_back(std::move(fn)); }
  // Stamped when the callback making the call began: a call comes before
  // the segments it causes, as in the simulator.
  void record(trace::Record r) override {
    records_.push_back(trace::Event{instant_, std::move(r)});
  }
  trace::TextId text(std::string_view s) override { return trace_.intern(s); }

  // Runs what is due now; true when anything ran.
  bool run_ready() {
    bool ran = false;
    for (;;) {
      if (!soon_.empty()) {
        std::vector<std::function<void()>> batch;
        batch.swap(soon_);
        for (auto& fn : batch) {
          instant_ = now();
          fn();
        }
        ran = true;
        continue;
      }
      if (!due_.empty() && due_.top().t <= now()) {
        std::function<void()> run = due_.top().run;
        due_.pop();
        instant_ = now();
        run();
        ran = true;
        continue;
      }
      return ran;
    }
  }
  bool idle() const { return due_.empty() && soon_.empty(); }
  trace::TimeUs next_due() const { return due_.empty() ? scenario::kForever : due_.top().t; }
  std::vector<trace::Event>& records() { return records_; }

 private:
  struct Due {
    trace::TimeUs t;
    std::uint32_t step;
    std::function<void()> run;
    bool operator>(const Due& o) const { return t != o.t ? t > o.t : step > o.step; }
  };
  trace::Trace& trace_;
  tcp::TimeUs base_us_;
  trace::TimeUs instant_ = 0;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  std::vector<std::function<void()>> soon_;
  std::vector<trace::Event> records_;
};

struct LiveHost {
  trace::NodeId node = 0;
  int netns_fd = -1;
  std::unique_ptr<RealSockets> sockets;
  std::unique_ptr<sim::ScriptRunner> runner;
};

// "syn_retries 6: ... (client, server)": each line once, with the nodes it holds for.
std::vector<std::string> by_line(const std::vector<std::pair<std::string, std::string>>& lines) {
  std::vector<std::pair<std::string, std::string>> merged;
  for (const auto& entry : lines) {
    const std::string& line = entry.second;
    auto it =
        std::find_if(merged.begin(), merged.end(), [&](const auto& m) { return m.first == line; });
    if (it == merged.end()) {
      merged.emplace_back(line, entry.first);
    } else {
      it->second += ", " + entry.first;
    }
  }
  std::vector<std::string> out;
  for (const auto& [line, nodes] : merged) out.push_back(fmt::format("{} ({})", line, nodes));
  return out;
}

void sleep_us(tcp::TimeUs us) {
  const timespec pause{static_cast<time_t>(us / 1'000'000),
                       static_cast<long>(us % 1'000'000) * 1000};
  nanosleep(&pause, nullptr);
}

// Plays the script on the lab's sockets until it ends (or blocks for good),
// the time limit, or a stop signal; returns why it stopped early ("" if not).
std::string play(const scenario::Scenario& scenario, RealClock& clock, std::vector<LiveHost>& hosts,
                 const LiveOptions& options) {
  for (LiveHost& h : hosts) h.runner->start();
  trace::TimeUs last_activity = 0;
  for (;;) {
    if (stop_signal() != 0) return "interrupted";
    if (clock.run_ready()) last_activity = clock.now();
    const trace::TimeUs now = clock.now();
    if (now > options.time_limit) {
      return fmt::format("the script was stopped at the time limit of {} s",
                         options.time_limit / tcp::kSeconds);
    }
    std::vector<pollfd> fds;
    std::vector<std::pair<LiveHost*, int>> owners;
    for (LiveHost& h : hosts) {
      for (const RealSockets::Wait& w : h.sockets->waits()) {
        fds.push_back(pollfd{w.real, w.events, 0});
        owners.emplace_back(&h, w.fd);
      }
    }
    const bool past_duration = scenario.duration == 0 || now >= scenario.duration;
    if (clock.idle() && past_duration && (fds.empty() || now - last_activity > options.settle)) {
      return {};  // done, or what still waits would wait for good
    }
    trace::TimeUs wait = std::min<trace::TimeUs>(clock.next_due() - now, 10 * tcp::kMillis);
    wait = std::max<trace::TimeUs>(wait, 0);
    const timespec timeout{0, static_cast<long>(wait) * 1000};
    if (ppoll(fds.data(), fds.size(), &timeout, nullptr) <= 0) continue;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents != 0) owners[i].first->runner->wake(owners[i].second);
    }
  }
}

}  // namespace

std::atomic<int>& stop_signal() {
  static std::atomic<int> signal{0};
  return signal;
}

LiveRun run_live(const scenario::Scenario& scenario, const trace::Trace& header,
                 const LiveOptions& options) {
  if (const std::string missing = missing_privileges(); !missing.empty()) throw LiveError(missing);
  LiveRun out;
  const tcp::TimeUs setup_start = realtime_us();
  out.left_over = remove_leftovers();

  std::vector<Lab::NodeSetup> setup(header.nodes.size());
  std::vector<std::pair<std::string, std::string>> applied, not_honoured;
  auto take = [&](const std::string& name, const scenario::HostSettings& settings) {
    LinuxSetup s = linux_setup(settings);
    setup[header.find_node(name)] = s.node;
    for (const std::string& l : s.applied) applied.emplace_back(name, l);
    for (const std::string& l : s.not_honoured) not_honoured.emplace_back(name, l);
  };
  for (const scenario::HostSpec& h : scenario.hosts) take(h.name, h.settings);
  for (const scenario::RouterSpec& r : scenario.routers) take(r.name, r.settings);
  out.applied = by_line(applied);
  out.not_honoured = by_line(not_honoured);
  for (const scenario::Step& s : scenario.steps) {
    if (s.call == scenario::CallKind::SynFlood) {
      out.not_honoured.push_back(
          "syn_flood: spoofed SYNs are not sent live (the call returns EOPNOTSUPP)");
      break;
    }
  }
  if (!scenario.faults.empty()) {
    out.not_honoured.push_back(
        "faults: frames are not dropped, duplicated or delayed live, nor hosts crashed");
  }

  out.trace = copy_header(header);
  std::unique_ptr<Lab> lab;
  try {
    lab = std::make_unique<Lab>(scenario, header, setup);
  } catch (const std::runtime_error& e) {
    throw LiveError(std::string("cannot build the network: ") + e.what());
  }
  out.delays_honoured = lab->no_delay_reason().empty();
  if (!out.delays_honoured) out.said.push_back(lab->no_delay_reason());

  std::vector<Captured> captured;
  Samples samples;
  std::exception_ptr failure;
  tcp::TimeUs base = 0;
  // Script, capture and sampling run on threads of their own; this thread's
  // namespace never changes.
  std::thread worker([&] {
    try {
      Capture capture(lab->interfaces());
      Sampler sampler(*lab, header);
      std::vector<LiveHost> hosts;
      for (const scenario::HostSpec& h : scenario.hosts) {
        LiveHost lh;
        lh.node = header.find_node(h.name);
        lh.netns_fd = open(("/run/netns/" + lab->netns(lh.node)).c_str(), O_RDONLY | O_CLOEXEC);
        if (lh.netns_fd < 0) throw LiveError("cannot open namespace " + lab->netns(lh.node));
        hosts.push_back(std::move(lh));
      }
      sched_param priority{};
      priority.sched_priority = 10;  // steps start on time on a busy machine
      pthread_setschedparam(pthread_self(), SCHED_FIFO, &priority);
      capture.start();
      sampler.start();
      base = realtime_us();
      out.setup_us = base - setup_start;
      RealClock clock(out.trace, base);
      sim::StepReturns returns(scenario.steps.size());
      for (std::size_t i = 0; i < hosts.size(); ++i) {
        const scenario::HostSpec& h = scenario.hosts[i];
        hosts[i].sockets = std::make_unique<RealSockets>(
            out.trace, hosts[i].node, h.iface.address.address(), hosts[i].netns_fd, h.settings);
        hosts[i].runner = std::make_unique<sim::ScriptRunner>(scenario, hosts[i].node,
                                                              *hosts[i].sockets, clock, returns);
      }
      for (std::uint32_t i = 0; i < scenario.steps.size(); ++i) {
        const trace::NodeId node = header.find_node(scenario.steps[i].host);
        for (LiveHost& h : hosts) {
          if (h.node == node) h.runner->add_step(i);
        }
      }
      const std::string stopped = play(scenario, clock, hosts, options);
      out.interrupted = stopped == "interrupted";
      if (!stopped.empty() && !out.interrupted) out.trace.settings.cut_short = stopped;
      // The segments the last calls caused (a close's FIN and its answer),
      // and ARP requests the kernel still repeats for an address nobody has.
      for (tcp::TimeUs waited = 0; stop_signal() == 0 && clock.now() < options.time_limit &&
                                   (waited < options.settle || sampler.resolving() > 0);
           waited += 10'000) {
        sleep_us(10'000);
      }
      const tcp::TimeUs tw_start = realtime_us();
      while (options.wait_time_wait && sampler.time_wait() > 0 && stop_signal() == 0 &&
             realtime_us() - tw_start < options.time_wait_limit) {
        sleep_us(50'000);
      }
      out.script_us = clock.now();
      std::uint64_t dropped = 0;
      captured = capture.stop(dropped);
      out.frames_dropped = dropped;
      samples = sampler.stop();
      out.trace.events.clear();
      std::move(clock.records().begin(), clock.records().end(),
                std::back_inserter(out.trace.events));
      for (LiveHost& h : hosts) h.sockets->reset_all();
      for (LiveHost& h : hosts) close(h.netns_fd);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  worker.join();
  const tcp::TimeUs teardown_start = realtime_us();
  lab->remove();
  out.teardown_us = realtime_us() - teardown_start;
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const LiveError&) {
      throw;
    } catch (const std::exception& e) {
      throw LiveError(e.what());
    }
  }
  out.frames_captured = captured.size();
  out.sample_rounds = samples.rounds;
  out.longest_sample_gap_us = samples.longest_gap_us;
  add_observations(out.trace, *lab, base, captured, samples);
  out.trace.lesson = scenario::place_lesson(scenario, out.trace);
  return out;
}

}  // namespace synack::live

// The parts of live mode that need no namespaces: the settings in Linux's
// terms, the table of Linux's choices, and the comparison of two traces;
// and `synack compare` end to end where live runs can happen.
#include "sim/live/compare.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "live_helpers.hpp"
#include "sim/live/linux_choices.hpp"
#include "sim/live/linux_settings.hpp"
#include "sim/scenario/profiles.hpp"
#include "sim/trace/frame_view.hpp"
#include "sim/world/run.hpp"

namespace synack::live {
namespace {

bool has(const std::vector<std::string>& list, const std::string& part) {
  for (const std::string& s : list) {
    if (s.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(LinuxSettings, EachSettingIsAppliedOrListedAsNotHonoured) {
  scenario::HostSettings s;
  s.tcp.msl = 1 * tcp::kSeconds;
  s.tcp.syn_retries = 2;
  s.tcp.nagle = false;
  s.isn = 1000;
  const LinuxSetup setup = linux_setup(s);
  EXPECT_TRUE(has(setup.node.sysctls, "net.ipv4.tcp_syn_retries=2"));
  EXPECT_TRUE(has(setup.node.sysctls, "net.ipv4.tcp_timestamps=0"));
  EXPECT_TRUE(has(setup.node.sysctls, "net.ipv4.tcp_syncookies=0"));
  EXPECT_TRUE(has(setup.node.sysctls, "net.ipv4.tcp_congestion_control=reno"));
  EXPECT_TRUE(has(setup.applied, "nagle false: TCP_NODELAY"));
  EXPECT_TRUE(has(setup.not_honoured, "msl 1000 ms: Linux holds TIME-WAIT for a fixed 60 s"));
  EXPECT_TRUE(has(setup.not_honoured, "isn"));
  // The model does not delay ACKs by default; Linux is told not to either.
  const std::vector<std::string>& m = setup.node.route_metrics;
  EXPECT_NE(std::find(m.begin(), m.end(), "quickack"), m.end());
}

// A choice goes to its sysctl as its word: Linux's profile runs CUBIC.
TEST(LinuxSettings, CongestionControlByName) {
  scenario::HostSettings s;
  scenario::apply_profile(scenario::StackProfile::Linux, s);
  EXPECT_TRUE(has(linux_setup(s).node.sysctls, "net.ipv4.tcp_congestion_control=cubic"));
}

TEST(LinuxSettings, DefaultsChangeNothingLinuxCannotDo) {
  EXPECT_TRUE(linux_setup(scenario::HostSettings{}).not_honoured.empty());
}

TEST(LinuxChoices, EveryChoiceTheComparisonNamesIsInTheTableWithASource) {
  std::set<std::string> keys;
  for (const LinuxChoice& c : linux_choices()) {
    EXPECT_TRUE(keys.insert(std::string(c.key)).second) << c.key << " twice";
    EXPECT_FALSE(c.choice.empty());
    EXPECT_FALSE(c.source.empty()) << c.key;
  }
  for (const char* k :
       {"delayed_ack", "ack_on_fin", "tcp_options", "isn", "syn_retry_timing", "time_wait",
        "accept_queue", "syn_cookies", "reuse_addr", "rst_in_close_wait"}) {
    EXPECT_EQ(keys.count(k), 1u) << k;
  }
  EXPECT_THROW(linux_choice("no such choice"), std::logic_error);
}

TEST(LinuxChoices, DocsListEveryChoice) {
  std::ifstream in(std::string(SYNACK_SOURCE_DIR) + "/docs/live.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string docs = buffer.str();
  for (const LinuxChoice& c : linux_choices()) {
    EXPECT_NE(docs.find("| `" + std::string(c.key) + "` |"), std::string::npos) << c.key;
  }
}

TEST(Compare, ARunAgreesWithItself) {
  const scenario::Scenario s = testing::load_scenario("close");
  const trace::Trace t = sim::run(s);
  const Comparison c = compare(s, t, t, "test");
  EXPECT_TRUE(c.states_agree);
  EXPECT_TRUE(c.calls_agree);
  EXPECT_TRUE(c.choices.empty());
  EXPECT_EQ(comparison_json(c)["states_agree"], true);
}

// Each row names the record it was read from on each side, and each endpoint
// its connection, so the desktop app can outline and step to them.
TEST(Compare, RowsAndEndpointsNameTheirRecords) {
  const scenario::Scenario s = testing::load_scenario("close");
  const trace::Trace t = sim::run(s);
  const Comparison c = compare(s, t, t, "test");
  for (const EndpointComparison& e : c.endpoints) {
    EXPECT_LT(e.sim_conn, t.conns.size()) << e.host << " " << e.role;
    EXPECT_EQ(e.sim_conn, e.live_conn);
    EXPECT_EQ(e.sim_event, trace::kNone) << "they agree, so no state parts them";
  }
  std::size_t rows = 0;
  for (const SectionComparison& section : c.sections) {
    for (const Row& r : section.rows) {
      ++rows;
      ASSERT_LT(r.sim_event, t.events.size()) << section.title << ": " << r.sim;
      EXPECT_EQ(r.sim_event, r.live_event);
      const trace::Event& e = t.events[r.sim_event];
      if (section.title == "calls") {
        EXPECT_TRUE(std::holds_alternative<trace::CallEvent>(e.what)) << r.sim;
      } else {
        const auto* f = std::get_if<trace::FrameEvent>(&e.what);
        ASSERT_NE(f, nullptr) << r.sim;
        EXPECT_EQ(f->fate, trace::Fate::Sent);
      }
    }
  }
  EXPECT_GT(rows, 10u);
}

// A live run ends with its script: a TIME-WAIT still running agrees so far.
// With delays honoured, each segment's two times are printed beside it.
TEST(Compare, TimedComparisonShowsSegmentTimes) {
  const scenario::Scenario s = testing::load_scenario("handshake");
  const trace::Trace t = sim::run(s);
  std::ostringstream timed, untimed;
  print_comparison(compare(s, t, t, "test", true), timed);
  print_comparison(compare(s, t, t, "test", false), untimed);
  EXPECT_NE(timed.str().find("S seq 0 len 0 @"), std::string::npos) << timed.str();
  EXPECT_EQ(untimed.str().find(" @"), std::string::npos);
  EXPECT_EQ(comparison_json(compare(s, t, t, "test", true))["timed"], true);
}

TEST(Compare, TimeWaitStillRunningCountsAsAgreement) {
  const scenario::Scenario s = testing::load_scenario("close");
  const trace::Trace sim = sim::run(s);
  trace::Trace live = sim;
  for (auto it = live.events.rbegin(); it != live.events.rend(); ++it) {
    const auto* e = std::get_if<trace::StateEvent>(&it->what);
    if (e != nullptr && e->from == tcp::State::TimeWait) {
      live.events.erase(std::next(it).base());
      break;
    }
  }
  const Comparison c = compare(s, sim, live, "test");
  EXPECT_TRUE(c.states_agree);
  EXPECT_NE(std::find(c.choices.begin(), c.choices.end(), "time_wait"), c.choices.end());
  // Where the sequences part: TIME-WAIT's record on both sides, CLOSED only in the simulation.
  for (const EndpointComparison& e : c.endpoints) {
    if (e.choice != "time_wait") continue;
    ASSERT_LT(e.sim_event, sim.events.size());
    EXPECT_EQ(std::get<trace::StateEvent>(sim.events[e.sim_event].what).to, tcp::State::Closed);
    EXPECT_EQ(e.live_event, trace::kNone);
  }
}

TEST(Compare, ADifferentCallResultIsADisagreement) {
  const scenario::Scenario s = testing::load_scenario("rst_refused");
  const trace::Trace sim = sim::run(s);
  trace::Trace live = sim;
  for (trace::Event& e : live.events) {
    auto* c = std::get_if<trace::CallEvent>(&e.what);
    if (c != nullptr && c->err != 0) c->err = ETIMEDOUT;
  }
  const Comparison c = compare(s, sim, live, "test");
  EXPECT_FALSE(c.calls_agree);
  std::ostringstream out;
  print_comparison(c, out);
  EXPECT_NE(out.str().find("ETIMEDOUT"), std::string::npos);
  EXPECT_NE(out.str().find("call results DISAGREE"), std::string::npos);
}

// A RST in CLOSE-WAIT: the model says ECONNRESET, Linux EPIPE.
TEST(Compare, EpipeForEconnresetIsLinuxsChoice) {
  const scenario::Scenario s = testing::load_scenario("rst_on_close");
  const trace::Trace sim = sim::run(s);
  trace::Trace live = sim;
  int changed = 0;
  for (trace::Event& e : live.events) {
    auto* c = std::get_if<trace::CallEvent>(&e.what);
    if (c != nullptr && c->err == ECONNRESET) {
      c->err = EPIPE;
      ++changed;
    }
  }
  ASSERT_GT(changed, 0);
  const Comparison c = compare(s, sim, live, "test");
  EXPECT_TRUE(c.calls_agree);
  EXPECT_NE(std::find(c.choices.begin(), c.choices.end(), "rst_in_close_wait"), c.choices.end());
}

// A pure ACK that only the simulation sent, just before the same side's FIN,
// is Linux's choice to carry that ACK on the FIN.
TEST(Compare, AnAckOnlyTheModelSentBeforeItsFinIsLinuxsChoice) {
  const scenario::Scenario s = testing::load_scenario("close");
  const trace::Trace sim = sim::run(s);
  const std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(sim);
  // The frames each host sent, in order.
  std::map<trace::NodeId, std::vector<trace::FrameId>> sent;
  std::set<trace::FrameId> seen;
  for (const trace::Event& e : sim.events) {
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    if (f == nullptr || f->fate != trace::Fate::Sent || !numbers[f->frame].is_tcp ||
        sim.nodes[f->from].kind != trace::NodeKind::Host || !seen.insert(f->frame).second) {
      continue;
    }
    sent[f->from].push_back(f->frame);
  }
  trace::FrameId ack = trace::kNone;
  for (const auto& [host, frames] : sent) {
    for (std::size_t i = 0; i + 1 < frames.size() && ack == trace::kNone; ++i) {
      const trace::TcpNumbers& n = numbers[frames[i]];
      if (n.flags == tcp::flag::ACK && n.len == 0 &&
          (numbers[frames[i + 1]].flags & tcp::flag::FIN)) {
        ack = frames[i];
      }
    }
  }
  ASSERT_NE(ack, trace::kNone) << "close.yaml has an ACK of a FIN before the answering FIN";
  trace::Trace live = sim;
  live.events.clear();
  for (const trace::Event& e : sim.events) {
    const auto* f = std::get_if<trace::FrameEvent>(&e.what);
    if (f == nullptr || f->frame != ack) live.events.push_back(e);
  }
  const Comparison c = compare(s, sim, live, "test");
  EXPECT_NE(std::find(c.choices.begin(), c.choices.end(), "ack_on_fin"), c.choices.end());
  EXPECT_TRUE(c.states_agree);
}

TEST(CompareCommand, WritesTheComparisonAsJsonAndExitsByAgreement) {
  SKIP_UNLESS_LIVE();
  const std::string json = ::testing::TempDir() + "/synack_compare.json";
  const int pid = testing::spawn_synack(
      {"compare", std::string(SYNACK_SOURCE_DIR) + "/scenarios/half_close.yaml", "--json", json});
  const int status = testing::wait_for(pid, 30'000);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::ifstream in(json);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["states_agree"], true);
  EXPECT_EQ(j["calls_agree"], true);
  EXPECT_FALSE(j["endpoints"].empty());
  std::remove(json.c_str());
}

// The live trace is the simulator's kind of trace: its verdicts, JSON and pcap.
TEST(LiveCommand, PrintsVerdictsAndWritesJsonAndPcap) {
  SKIP_UNLESS_LIVE();
  const std::string json = ::testing::TempDir() + "/synack_live.json";
  const std::string pcap = ::testing::TempDir() + "/synack_live.pcap";
  const int pid = testing::spawn_synack(
      {"live", std::string(SYNACK_SOURCE_DIR) + "/scenarios/sticky_packets.yaml", "--json", json,
       "--pcap", pcap});
  const int status = testing::wait_for(pid, 30'000);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "every expectation of sticky_packets holds on Linux";
  std::ifstream in(json);
  const nlohmann::json j = nlohmann::json::parse(in);
  std::set<std::string> bases;
  std::size_t frames = 0;
  for (const nlohmann::json& e : j["events"]) {
    if (e["type"] == "state") bases.insert(e["basis"].get<std::string>());
    frames += e["type"] == "frame" ? 1 : 0;
  }
  EXPECT_EQ(bases.count("simulated"), 0u);
  EXPECT_EQ(bases.count("sampled") + bases.count("inferred"), bases.size());
  EXPECT_FALSE(bases.empty());
  EXPECT_GT(frames, 10u);
  std::ifstream p(pcap, std::ios::binary);
  std::uint32_t magic = 0;
  p.read(reinterpret_cast<char*>(&magic), sizeof magic);
  EXPECT_EQ(magic, 0xa1b2c3d4u);
  std::remove(json.c_str());
  std::remove(pcap.c_str());
}

TEST(CompareCommand, InvalidScenarioExits2) {
  const std::string bad = ::testing::TempDir() + "/synack_bad.yaml";
  std::ofstream(bad) << "name: x\ntopology: [\n";
  const int pid = testing::spawn_synack({"compare", bad});
  const int status = testing::wait_for(pid, 10'000);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::remove(bad.c_str());
}

}  // namespace
}  // namespace synack::live

// The app itself, headless: a screenshot under Xvfb has the size asked for
// and shows the ladder (lifelines and state bands in their colours), a
// capture or a live run beside the simulated one; and its command line's
// errors. Without Xvfb or a display the window tests skip and say why.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

const std::string kBin = SYNACK_GUI_BIN;
const std::string kSynack = SYNACK_BIN;
const std::string kScenarios = std::string(SYNACK_SOURCE_DIR) + "/scenarios/";

struct RunResult {
  int status = -1;
  std::string output;
};

RunResult run(const std::string& command) {
  // One file per test process: ctest runs tests of this file side by side.
  const std::string out = std::filesystem::temp_directory_path() /
                          ("synack_gui_smoke_" + std::to_string(getpid()) + ".out");
  const int raw = std::system((command + " >" + out + " 2>&1").c_str());
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(out.c_str());
  return RunResult{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, text.str()};
}

// How to get a display: xvfb-run when installed, else the one we have; empty if none.
std::string display_prefix() {
  if (run("command -v xvfb-run").status == 0) return "xvfb-run -a -s '-screen 0 1280x800x24' ";
  const char* d = std::getenv("DISPLAY");
  return d != nullptr && *d != '\0' ? "" : "none";
}

#define NEED_DISPLAY(prefix)                   \
  const std::string prefix = display_prefix(); \
  if (prefix == "none") GTEST_SKIP() << "no xvfb-run and no DISPLAY: cannot open a window"

TEST(GuiSmoke, ScreenshotShowsTheLadder) {
  NEED_DISPLAY(prefix);
  const std::string png = std::filesystem::temp_directory_path() / "synack_gui_smoke.png";
  std::filesystem::remove(png);
  const RunResult r = run(prefix + kBin + " " + kScenarios +
                          "handshake.yaml --step 60 --size 1100x700 --screenshot " + png);
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  ASSERT_EQ(r.status, 0) << r.output;
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 3);
  ASSERT_NE(pixels, nullptr) << "not a PNG: " << png;
  EXPECT_EQ(w, 1100);
  EXPECT_EQ(h, 700);
  // ESTABLISHED's green and LISTEN's blue fill the state bands of the ladder.
  const auto count = [&](int r0, int g0, int b0) {
    std::size_t n = 0;
    for (int i = 0; i < w * h; ++i) {
      const unsigned char* p = pixels + 3 * i;
      n += std::abs(p[0] - r0) < 6 && std::abs(p[1] - g0) < 6 && std::abs(p[2] - b0) < 6;
    }
    return n;
  };
  EXPECT_GT(count(102, 187, 106), 500u) << "no ESTABLISHED band";
  EXPECT_GT(count(100, 181, 246), 500u) << "no LISTEN band";
  stbi_image_free(pixels);
}

// A saved layout does not change a screenshot, and the screenshot leaves the
// file as it was.
TEST(GuiSmoke, ScreenshotNeitherReadsNorWritesTheSavedLayout) {
  NEED_DISPLAY(prefix);
  namespace fs = std::filesystem;
  const fs::path config = fs::temp_directory_path() / "synack_gui_layout";
  fs::remove_all(config);
  fs::create_directories(config / "synack");
  // Read, it would shrink the timeline to a corner and hide the other places
  // ESTABLISHED's green fills.
  const std::string saved =
      "[Window][Timeline]\nPos=900,700\nSize=10,10\nCollapsed=0\n\n"
      "[synack][Panels]\nTimeline=1\nState diagram=0\nStep=0\n\n";
  std::ofstream(config / "synack" / "imgui.ini") << saved;
  const std::string png = fs::temp_directory_path() / "synack_gui_layout.png";
  fs::remove(png);
  const RunResult r = run("XDG_CONFIG_HOME=" + config.string() + " " + prefix + kBin + " " +
                          kScenarios + "handshake.yaml --step 60 --screenshot " + png);
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  ASSERT_EQ(r.status, 0) << r.output;
  std::ifstream in(config / "synack" / "imgui.ini");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), saved);
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 3);
  ASSERT_NE(pixels, nullptr);
  std::size_t established = 0;
  for (int i = 0; i < w * h; ++i) {
    const unsigned char* p = pixels + 3 * i;
    established += std::abs(p[0] - 102) < 6 && std::abs(p[1] - 187) < 6 && std::abs(p[2] - 106) < 6;
  }
  EXPECT_GT(established, 500u) << "the timeline is not there";
  stbi_image_free(pixels);
  fs::remove_all(config);
}

TEST(GuiSmoke, BadScenarioGivesItsErrorsAndExitStatus2) {
  NEED_DISPLAY(prefix);
  const std::string yaml = std::filesystem::temp_directory_path() / "synack_gui_bad.yaml";
  std::ofstream(yaml) << "name: x\ntopology: [\n";
  const RunResult r = run(prefix + kBin + " " + yaml + " --screenshot /tmp/synack_gui_never.png");
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(yaml + ":"), std::string::npos) << r.output;
}

// Pixels of `png` within a few levels of (r, g, b); -1 when it is not a PNG.
long count_colour(const std::string& png, int r0, int g0, int b0) {
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 3);
  if (pixels == nullptr) return -1;
  long n = 0;
  for (int i = 0; i < w * h; ++i) {
    const unsigned char* p = pixels + 3 * i;
    n += std::abs(p[0] - r0) < 6 && std::abs(p[1] - g0) < 6 && std::abs(p[2] - b0) < 6;
  }
  stbi_image_free(pixels);
  return n;
}

std::string temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("synack_gui_" + std::to_string(getpid()) + "_" + name);
}

// The handshake's capture beside the retransmission scenario: the SYN sent
// again is only in the simulation, outlined in the colour of Linux's choices
// (syn_retry_timing), and the disagreements in theirs.
TEST(GuiSmoke, ACaptureBesideTheSimulationOutlinesTheDifferences) {
  NEED_DISPLAY(prefix);
  const std::string pcap = temp_file("handshake.pcap");
  ASSERT_EQ(run(kSynack + " run -q " + kScenarios + "handshake.yaml --pcap " + pcap).status, 0);
  const std::string png = temp_file("beside.png");
  const RunResult r = run(prefix + kBin + " " + kScenarios + "retransmission.yaml --beside " +
                          pcap + " --step 45 --size 1280x800 --screenshot " + png);
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_GT(count_colour(png, 77, 208, 225), 200) << "no Linux's choice outlined";
  EXPECT_GT(count_colour(png, 255, 64, 129), 100) << "no disagreement marked";
  std::remove(pcap.c_str());
  std::remove(png.c_str());
}

// As root (or with CAP_NET_ADMIN) the scenario runs in namespaces beside the simulation.
TEST(GuiSmoke, ALiveRunBesideTheSimulation) {
  NEED_DISPLAY(prefix);
  const std::string png = temp_file("live.png");
  const RunResult r =
      run(prefix + kBin + " " + kScenarios + "handshake.yaml --live --step 30 --screenshot " + png);
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  if (r.output.find("live mode needs") != std::string::npos)
    GTEST_SKIP() << "live runs cannot happen here: " << r.output;
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.find("live run:"), std::string::npos) << r.output;
  EXPECT_GT(count_colour(png, 100, 181, 246), 500) << "no LISTEN band";
  std::remove(png.c_str());
}

// Without the privileges it says so, and still shows the simulated run.
TEST(GuiSmoke, LiveWithoutPrivilegesSaysSoAndOpensTheSimulation) {
  NEED_DISPLAY(prefix);
  // As root, the run drops to nobody; the display then lets anyone in (-ac).
  std::string as = "";
  std::string display = prefix;
  if (geteuid() == 0) {
    if (run("command -v setpriv").status != 0) GTEST_SKIP() << "root, and no setpriv to drop it";
    if (prefix.empty()) GTEST_SKIP() << "root on a display that may not let nobody in";
    as = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    display = "xvfb-run -a -s '-screen 0 1280x800x24 -ac' ";
  }
  const std::string png = temp_file("no_live.png");
  const RunResult r = run(display + as + kBin + " " + kScenarios +
                          "handshake.yaml --live --step 60 --screenshot " + png);
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("synack-gui: --live: live mode needs root or these capabilities"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("showing the simulated run only"), std::string::npos) << r.output;
  EXPECT_GT(count_colour(png, 102, 187, 106), 500) << "no ESTABLISHED band";
  std::remove(png.c_str());
}

TEST(GuiSmoke, LiveNeedsAScenarioNotATrace) {
  NEED_DISPLAY(prefix);
  const std::string json = temp_file("trace.json");
  ASSERT_EQ(run(kSynack + " run -q " + kScenarios + "handshake.yaml --json " + json).status, 0);
  const RunResult r =
      run(prefix + kBin + " " + json + " --live --screenshot " + temp_file("x.png"));
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(json + ": not a scenario; --live runs a scenario file"),
            std::string::npos)
      << r.output;
  std::remove(json.c_str());
}

TEST(GuiSmoke, BenchPrintsFrameTimes) {
  NEED_DISPLAY(prefix);
  const RunResult r =
      run(prefix + kBin + " " + kScenarios + "retransmission.yaml --bench-frames 30");
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("frames=30 p50="), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(" open="), std::string::npos) << r.output;
}

TEST(GuiSmoke, WhatIfRerunsWithTheSettingChanged) {
  NEED_DISPLAY(prefix);
  const std::string png = std::filesystem::temp_directory_path() / "synack_gui_what_if.png";
  std::filesystem::remove(png);
  const RunResult r = run(prefix + kBin + " " + kScenarios +
                          "sticky_packets.yaml --what-if nagle=false --what-if client:msl=2s "
                          "--step 60 --screenshot " +
                          png);
  if (r.status == 3) GTEST_SKIP() << "the window system would not start: " << r.output;
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(std::filesystem::exists(png));
}

TEST(GuiCommandLine, BadWhatIfIsRefusedSayingWhy) {
  RunResult r = run(kBin + " --what-if nagle=maybe x.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("--what-if nagle: expected true or false, got 'maybe'"),
            std::string::npos)
      << r.output;
  r = run(kBin + " --what-if server:mss=100 x.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("mss: not a setting What-if changes"), std::string::npos) << r.output;
  EXPECT_EQ(run(kBin + " --what-if nagle x.yaml").status, 2);
}

// A file that cannot go beside the simulation is refused by name, before any window opens.
TEST(GuiCommandLine, BesideRefusesABadFileByName) {
  const std::string scenario = kScenarios + "handshake.yaml";
  RunResult r = run(kBin + " " + scenario + " --beside /nonexistent/lab.pcap");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("synack-gui: --beside /nonexistent/lab.pcap: no such file"),
            std::string::npos)
      << r.output;
  const std::string junk = temp_file("junk.pcap");
  std::ofstream(junk) << "\xd4\xc3\xb2\xa1 not really a capture";
  r = run(kBin + " " + scenario + " --beside " + junk);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("--beside " + junk), std::string::npos) << r.output;
  std::remove(junk.c_str());
  r = run(kBin + " " + scenario + " --beside " + kScenarios + "close.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("close.yaml: a scenario; beside the simulated run goes a capture"),
            std::string::npos)
      << r.output;
}

TEST(GuiCommandLine, LiveAndBesideNeedAScenarioAndExcludeEachOther) {
  RunResult r = run(kBin + " --live");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("--live and --beside need a scenario FILE"), std::string::npos)
      << r.output;
  r = run(kBin + " " + kScenarios + "handshake.yaml --live --beside x.pcap");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("excludes"), std::string::npos) << r.output;
}

TEST(GuiCommandLine, WithoutADisplayItSaysSoInOneLine) {
  const RunResult r =
      run("env -u DISPLAY -u WAYLAND_DISPLAY " + kBin + " " + kScenarios + "handshake.yaml");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.output.find("synack-gui: no display"), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

TEST(GuiCommandLine, BadArgumentsAreRefused) {
  EXPECT_EQ(run(kBin + " --size 12 x.yaml").status, 2);
  EXPECT_EQ(run(kBin + " --screenshot /tmp/x.png").status, 2);
  EXPECT_EQ(run(kBin + " --bench-frames -3 x.yaml").status, 2);
  const RunResult no_panel = run(kBin + " --show Nonsense x.yaml");
  EXPECT_EQ(no_panel.status, 2);
  EXPECT_NE(no_panel.output.find("--show Nonsense: no such panel; the panels are Timeline"),
            std::string::npos)
      << no_panel.output;
}

}  // namespace

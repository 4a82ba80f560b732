// `synack run CAPTURE` and `synack run SCENARIO --against CAPTURE` as a user
// meets them: the ladder with inferred states, exports, verdicts, exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pcap_bytes.hpp"

namespace synack::capture {
namespace {

struct Outcome {
  int status = -1;
  std::string out;  // stdout and stderr together
};

Outcome run(const std::string& args) {
  Outcome r;
  FILE* pipe = popen((std::string(SYNACK_BIN) + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(pipe);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// Named by process too: ctest runs these tests side by side, each in its own
// process, and two of them export the same scenario.
std::string temp(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("synack_capture_cli_" + std::to_string(getpid()) + "_" + name))
      .string();
}

const std::string kScenarios = std::string(SYNACK_SOURCE_DIR) + "/scenarios/";

// The close scenario's run, exported by synack itself.
std::string close_pcap() {
  const std::string path = temp("close.pcap");
  const Outcome r = run("run -q " + kScenarios + "close.yaml --pcap " + path);
  EXPECT_EQ(r.status, 0) << r.out;
  return path;
}

TEST(CliCapture, RunPrintsTheLadderWithInferredStates) {
  const Outcome r = run("run --color never " + close_pcap());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("[SYN-SENT -> ESTABLISHED] rcv SYN,ACK (inferred)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("11 frames, 2 hosts, 2 connection ends, 10 state changes inferred (0 "
                       "uncertain)"),
            std::string::npos)
      << r.out;
}

TEST(CliCapture, JsonAndPcapExportsOfACapture) {
  const std::string json = temp("close.json"), again = temp("again.pcap");
  const Outcome r = run("run -q " + close_pcap() + " --json " + json + " --pcap " + again);
  EXPECT_EQ(r.status, 0) << r.out;
  std::ifstream in(json);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(R"("basis":"inferred")"), std::string::npos);
  // The pcap written from the import imports to the same states.
  const Outcome first = run("run --color never " + close_pcap());
  const Outcome second = run("run --color never " + again);
  EXPECT_EQ(second.status, 0) << second.out;
  // The ladders, between the title line and the summary line that name the files.
  const auto ladder = [](const std::string& out) {
    const std::size_t from = out.find('\n');
    return out.substr(from, out.rfind("\n\n") - from);
  };
  EXPECT_GT(ladder(first.out).size(), 500u);
  EXPECT_EQ(ladder(first.out), ladder(second.out));
}

TEST(CliCapture, ScenarioAgainstItsOwnCaptureHolds) {
  const Outcome r = run("run -q " + kScenarios + "retransmission.yaml --against " + [] {
    const std::string path = temp("retransmission.pcap");
    run("run -q " + kScenarios + "retransmission.yaml --pcap " + path);
    return path;
  }());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("retransmission: 5 of 5 expectations hold; 5 not checked"),
            std::string::npos)
      << r.out;
  // Each expectation left out is named, with where it is and why.
  std::size_t lines = 0;
  for (std::size_t at = r.out.find("NOT CHECKED "); at != std::string::npos;
       at = r.out.find("NOT CHECKED ", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 5u) << r.out;
  EXPECT_NE(r.out.find("retransmission.yaml:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": a capture holds no socket calls or their results"), std::string::npos)
      << r.out;
}

TEST(CliCapture, ScenarioAgainstAnotherCaptureFails) {
  // The close scenario's segments are not the handshake-and-RST of rst_refused.
  const std::string path = temp("rst_refused.pcap");
  run("run -q " + kScenarios + "rst_refused.yaml --pcap " + path);
  const Outcome r = run("run -q " + kScenarios + "close.yaml --against " + path);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("FAIL segments between client and server"), std::string::npos) << r.out;
}

TEST(CliCapture, BadCaptureExitsTwoWithRecordAndOffset) {
  testing::PcapBytes pcap(1, 40);
  const auto frame = testing::tcp_frame(true, 0x02, 0, 0);
  pcap.record(0, std::vector<std::uint8_t>(frame.begin(), frame.begin() + 40),
              static_cast<std::uint32_t>(frame.size()));
  const std::string path = pcap.write("cli_cut.pcap");
  Outcome r = run("run " + path);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find(path + ": record 1 at byte 24: the snap length cuts the TCP header"),
            std::string::npos)
      << r.out;
  r = run("run -q " + kScenarios + "close.yaml --against " + path);
  EXPECT_EQ(r.status, 2) << r.out;
}

TEST(CliCapture, NotACaptureAtAll) {
  const std::string path = temp("words.pcap");
  std::ofstream(path) << "hello";
  const Outcome r = run("run " + path);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find(path + ": byte 0: "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace synack::capture

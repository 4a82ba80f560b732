// The `synack` command line as a user meets it: help, exit codes, the state
// diagram, packetdrill runs, scenario runs and their exports, the benchmark.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

namespace {

struct Outcome {
  int status;
  std::string out;  // stdout and stderr together
};

// Runs a shell command line, capturing what it writes to the pipe.
Outcome run_shell(const std::string& cmd) {
  Outcome r{-1, ""};
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(pipe);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

Outcome run(const std::string& args) {
  return run_shell(std::string(SYNACK_BIN) + " " + args + " 2>&1");
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("synack_cli_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(Cli, HelpSaysWhatItDoes) {
  const Outcome r = run("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("TCP state machine"), std::string::npos);
  EXPECT_NE(r.out.find("fsm"), std::string::npos);
  EXPECT_NE(r.out.find("pkt"), std::string::npos);
}

TEST(Cli, FsmHelpMentionsDot) {
  const Outcome r = run("fsm --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--dot"), std::string::npos);
}

TEST(Cli, UnknownCommandExitsTwo) {
  const Outcome r = run("frobnicate");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("frobnicate"), std::string::npos);
}

TEST(Cli, UnknownFlagExitsTwo) {
  const Outcome r = run("fsm --bogus");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--bogus"), std::string::npos);
}

TEST(Cli, NoCommandExitsTwoWithUsage) {
  const Outcome r = run("");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("Usage"), std::string::npos);
}

TEST(Cli, FsmDotHoldsElevenStatesAndFigureFiveEdges) {
  const Outcome r = run("fsm --dot");
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("digraph", 0), 0u);
  for (const char* state :
       {"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2",
        "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"}) {
    EXPECT_NE(r.out.find(std::string("label=\"") + state + "\""), std::string::npos) << state;
  }
  // The edges of RFC 9293 Figure 5, as "FROM -> TO [label=\"event".
  const std::pair<const char*, const char*> edges[] = {
      {"CLOSED -> LISTEN", "passive OPEN"},
      {"CLOSED -> SYN_SENT", "active OPEN"},
      {"LISTEN -> SYN_RECEIVED", "rcv SYN"},
      {"LISTEN -> SYN_SENT", "SEND"},
      {"LISTEN -> CLOSED", "CLOSE"},
      {"SYN_SENT -> SYN_RECEIVED", "rcv SYN"},
      {"SYN_SENT -> ESTABLISHED", "rcv SYN,ACK"},
      {"SYN_SENT -> CLOSED", "CLOSE"},
      {"SYN_RECEIVED -> ESTABLISHED", "rcv ACK of SYN"},
      {"SYN_RECEIVED -> FIN_WAIT_1", "CLOSE"},
      {"ESTABLISHED -> FIN_WAIT_1", "CLOSE"},
      {"ESTABLISHED -> CLOSE_WAIT", "rcv FIN"},
      {"FIN_WAIT_1 -> FIN_WAIT_2", "rcv ACK of FIN"},
      {"FIN_WAIT_1 -> CLOSING", "rcv FIN"},
      {"FIN_WAIT_2 -> TIME_WAIT", "rcv FIN"},
      {"CLOSING -> TIME_WAIT", "rcv ACK of FIN"},
      {"CLOSE_WAIT -> LAST_ACK", "CLOSE"},
      {"LAST_ACK -> CLOSED", "rcv ACK of FIN"},
      {"TIME_WAIT -> CLOSED", "timeout=2MSL"},
      // SYN cookies (RFC 4987 §3.6) are rows like any other.
      {"LISTEN -> ESTABLISHED", "rcv ACK of SYN cookie"},
      {"LISTEN -> LISTEN", "rcv SYN, SYN queue full"},
  };
  for (const auto& [edge, event] : edges) {
    const std::string needle = std::string(edge) + " [label=\"" + event;
    EXPECT_NE(r.out.find(needle), std::string::npos) << needle;
  }
}

TEST(Cli, PktPassingScriptExitsZero) {
  const std::string path =
      write_temp("pass.pkt",
                 "--tolerance_usecs=10000\n"
                 "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                 "+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0\n"
                 "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
                 "+0 > S 0:0(0) <mss 1460,nop,wscale 6,sackOK,TS val 0 ecr 0>\n"
                 "+0.05 < S. 0:0(0) ack 1 win 5000\n"
                 "+0 > . 1:1(0) ack 1\n"
                 "+0 %{ assert tcpi_state == TCPI_ESTABLISHED }%\n");
  const Outcome r = run("pkt " + path);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("pass.pkt: passed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 passed, 0 failed, 0 skipped"), std::string::npos) << r.out;
}

TEST(Cli, PktFailureNamesLineExpectationAndModel) {
  const std::string path = write_temp("fail.pkt",
                                      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                                      "+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0\n"
                                      "+0 connect(3, ..., ...) = -1 EINPROGRESS\n"
                                      "+0 > S 0:0(0) <...>\n"
                                      "+0.05 > R 0:0(0)\n");
  const Outcome r = run("pkt " + path);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("line 5: expected > R 0:0(0), model sent nothing; state SYN-SENT"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("0 passed, 1 failed, 0 skipped"), std::string::npos) << r.out;
}

TEST(Cli, PktSyntaxErrorNamesFileLineColumnAndGoesOn) {
  const std::string bad = write_temp("bad.pkt", "0 socket(..., SOCK_STREAM = 3\n");
  const std::string skip = write_temp("skip.pkt", "0 poll(3, 1, 0) = 0\n");
  const Outcome r = run("pkt " + bad + " " + skip);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find(bad + ":1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("skip.pkt: skipped: line 1: unsupported: the system call poll()"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("0 passed, 1 failed, 1 skipped"), std::string::npos) << r.out;
}

// --goal: each PATH's figure, and the exit status from whether each met it.
TEST(Cli, PktGoalReportsEachPathsFigure) {
  const std::string pass =
      write_temp("goal_pass.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
  const std::string fail =
      write_temp("goal_fail.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n");
  Outcome r = run("pkt --goal 50 " + pass + " " + fail);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find(pass + ": 1 of 1 pass (100.0%), goal 50%: met"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(fail + ": 0 of 1 pass (0.0%), goal 50%: NOT MET"), std::string::npos)
      << r.out;
  r = run("pkt --goal 50 " + pass);
  EXPECT_EQ(r.status, 0) << r.out;
  r = run("pkt --goal 101 " + pass);
  EXPECT_EQ(r.status, 2) << r.out;
}

TEST(Cli, PktMissingPathExitsTwo) {
  const Outcome r = run("pkt /nonexistent/nowhere.pkt");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("/nonexistent/nowhere.pkt"), std::string::npos);
}

// The complete scenario the README shows, taken from the README itself.
std::string readme_scenario() {
  std::ifstream in(std::string(SYNACK_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  std::smatch m;
  static const std::regex block("```yaml\n(name: hello[\\s\\S]*?)```");
  return std::regex_search(readme, m, block) ? m[1].str() : "";
}

TEST(Cli, ReadmeScenarioHoldsAndPrintsALadder) {
  const std::string yaml = readme_scenario();
  ASSERT_FALSE(yaml.empty()) << "README.md has no scenario starting with 'name: hello'";
  const Outcome r = run("run --color never " + write_temp("hello.yaml", yaml));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("ARP who-has 10.0.0.2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("S. seq 0 ack 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[SYN-SENT -> ESTABLISHED]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hello: 7 of 7 expectations hold"), std::string::npos) << r.out;
}

TEST(Cli, RunFailingExpectationExitsOneWithExpectedAndActual) {
  std::string yaml = readme_scenario();
  const std::string good = "at: 19ms, is: ESTABLISHED";
  ASSERT_NE(yaml.find(good), std::string::npos);
  yaml.replace(yaml.find(good), good.size(), "at: 19ms, is: CLOSE-WAIT");
  const Outcome r = run("run --quiet " + write_temp("hello_bad.yaml", yaml));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("FAIL client fd k is CLOSE-WAIT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("expected: CLOSE-WAIT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("actual:   ESTABLISHED"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("┤"), std::string::npos) << "--quiet printed a ladder";
}

// The same under LANGUAGE=zh_CN (needs the zh_CN catalogue built into
// <build>/locale): the sentences in Chinese, the words scripts grep (FAIL,
// expected:, actual:, state names) still English.
Outcome run_in_chinese(const std::string& args) {
  return run_shell("LANGUAGE=zh_CN LANG=zh_CN.UTF-8 " + std::string(SYNACK_BIN) + " " + args +
                   " 2>&1");
}

TEST(Cli, RunFailingExpectationInChineseKeepsItsKeywords) {
  std::string yaml = readme_scenario();
  const std::string good = "at: 19ms, is: ESTABLISHED";
  ASSERT_NE(yaml.find(good), std::string::npos);
  yaml.replace(yaml.find(good), good.size(), "at: 19ms, is: CLOSE-WAIT");
  const std::string path = write_temp("hello_bad_zh.yaml", yaml);
  const Outcome r = run_in_chinese("run --quiet " + path);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find(": FAIL client fd k 在 0.019 s 时处于 CLOSE-WAIT\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n   expected: CLOSE-WAIT\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n   actual:   ESTABLISHED，自 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hello: 7 条预期中有 6 条成立"), std::string::npos) << r.out;
  // English as before, for the scripts that read it.
  EXPECT_NE(run("run --quiet " + path).out.find(": FAIL client fd k is CLOSE-WAIT at 0.019 s\n"),
            std::string::npos);
}

TEST(Cli, HelpInChineseKeepsOptionNames) {
  const Outcome top = run_in_chinese("--help");
  EXPECT_EQ(top.status, 0) << top.out;
  EXPECT_NE(top.out.find("用法: synack [选项] 子命令"), std::string::npos) << top.out;
  EXPECT_NE(top.out.find("  -h,--help                   打印本帮助信息并退出"), std::string::npos)
      << top.out;
  EXPECT_NE(top.out.find("\n子命令:\n"), std::string::npos) << top.out;
  const Outcome run_help = run_in_chinese("run --help");
  EXPECT_EQ(run_help.status, 0) << run_help.out;
  EXPECT_NE(run_help.out.find("  -q,--quiet                  只打印判定结果"), std::string::npos)
      << run_help.out;
  EXPECT_NE(run_help.out.find("\n选项:\n  -h,--help"), std::string::npos) << run_help.out;
  EXPECT_EQ(run_help.out.find("Print only the verdicts"), std::string::npos) << run_help.out;
}

TEST(Cli, RunInvalidScenarioExitsTwoNamingLineAndColumn) {
  const std::string path = write_temp("invalid.yaml",
                                      "name: x\n"
                                      "description: y\n"
                                      "topology:\n"
                                      "  hosts:\n"
                                      "    - {name: a, ip: 10.0.0.300/24}\n");
  const Outcome r = run("run " + path);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find(path + ":5:"), std::string::npos) << r.out;
}

TEST(Cli, RunMissingFileExitsTwo) {
  const Outcome r = run("run /nonexistent/scenario.yaml");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("/nonexistent/scenario.yaml"), std::string::npos) << r.out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Cli, RunExportsAreDeterministicForASeed) {
  const std::string scenario = write_temp("hello_exports.yaml", readme_scenario());
  const std::string dir = std::filesystem::temp_directory_path().string();
  const std::string j1 = dir + "/synack_cli_1.json", j2 = dir + "/synack_cli_2.json";
  const std::string p1 = dir + "/synack_cli_1.pcap", p2 = dir + "/synack_cli_2.pcap";
  ASSERT_EQ(run("run -q " + scenario + " --seed 5 --json " + j1 + " --pcap " + p1).status, 0);
  ASSERT_EQ(run("run -q " + scenario + " --seed 5 --json " + j2 + " --pcap " + p2).status, 0);
  const std::string json = slurp(j1);
  EXPECT_EQ(json, slurp(j2));
  EXPECT_EQ(slurp(p1), slurp(p2));
  EXPECT_NE(json.find("\"msl_us\":1000000"), std::string::npos);
  EXPECT_NE(json.find("\"type\":\"state\""), std::string::npos);
  EXPECT_NE(json.find("\"to\":\"SYN-RECEIVED\""), std::string::npos);
  EXPECT_NE(json.find("\"seed\":5"), std::string::npos);
  EXPECT_GT(slurp(p1).size(), 24u);  // more than the pcap file header
}

// The handshake's JSON: the listener's CLOSED -> LISTEN with the table's cause
// and row, TCB variables after each segment, timers with their kinds.
TEST(Cli, RunJsonHoldsTableRowsTcbVariablesAndTimers) {
  const std::string path = write_temp("handshake.json", "");
  const Outcome r = run("run --quiet " + std::string(SYNACK_SOURCE_DIR) +
                        "/scenarios/handshake.yaml --json " + path);
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream in(path);
  const nlohmann::json doc = nlohmann::json::parse(in);
  const auto& rows = doc["fsm"];
  ASSERT_GT(rows.size(), 40u);
  bool listen = false, tcb_after_synack = false, syn_timer_cancelled = false, time_wait = false;
  for (const auto& e : doc["events"]) {
    if (e["type"] == "state" && e["from"] == "CLOSED" && e["to"] == "LISTEN") {
      listen = true;
      EXPECT_EQ(e["cause"], "passive OPEN");
      const auto& row = rows[e["row"].get<std::size_t>()];
      EXPECT_EQ(row["from"], "CLOSED");
      EXPECT_EQ(row["to"], "LISTEN");
      EXPECT_EQ(row["rfc"], "RFC 9293 §3.10.1, OPEN call");
    }
    if (e["type"] == "state") {
      const auto& row = rows[e["row"].get<std::size_t>()];
      EXPECT_EQ(row["from"], e["from"]);
      EXPECT_EQ(row["to"], e["to"]);
    }
    if (e["type"] == "tcb" && e["host"] == "client" && e.contains("IRS")) tcb_after_synack = true;
    if (e["type"] == "timer" && e["what"] == "SYN retransmission" && e["op"] == "cancelled") {
      syn_timer_cancelled = true;
    }
    if (e["type"] == "timer" && e["what"] == "TIME-WAIT (2MSL)" && e["op"] == "set") {
      time_wait = true;
    }
  }
  EXPECT_TRUE(listen);
  EXPECT_TRUE(tcb_after_synack);
  EXPECT_TRUE(syn_timer_cancelled);
  EXPECT_TRUE(time_wait);
}

TEST(Cli, RunExportToUnwritablePathExitsTwo) {
  const std::string scenario = write_temp("hello_unwritable.yaml", readme_scenario());
  const Outcome r = run("run -q " + scenario + " --pcap /nonexistent/dir/out.pcap");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("/nonexistent/dir/out.pcap"), std::string::npos) << r.out;
}

// Zero-window probing never gives up (RFC 1122 §4.2.2.17): without a duration
// this run only ends at the time limit, and says so.
TEST(Cli, RunCutShortByTheTimeLimitSaysSo) {
  const std::string path = write_temp("forever.yaml", R"(name: forever
description: the receiver never reads, so the sender probes its zero window forever
topology:
  hosts:
    - {name: a, ip: 10.0.0.1/24}
    - {name: b, ip: 10.0.0.2/24, settings: {receive_buffer: 1000}}
  links:
    - {a: a, b: b}
script:
  - {host: b, call: socket, as: l}
  - {host: b, call: bind, fd: l, port: 80}
  - {host: b, call: listen, fd: l}
  - {host: a, call: socket, as: s}
  - {host: a, call: connect, fd: s, to: 10.0.0.2:80}
  - {host: a, call: send, fd: s, bytes: 5000}
)");
  const Outcome r = run("run -q " + path);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("warning: the run was cut short"), std::string::npos) << r.out;
}

TEST(Cli, BenchReportsItsFigures) {
  const Outcome r = run("bench --clients 20 --bytes 3000");
  EXPECT_EQ(r.status, 0) << r.out;
  for (const char* field : {"clients=20 ", "bytes=3000 ", "received=60000 ",
                            "frames_delivered=", "wall_s=", "rss_per_conn_kb="}) {
    EXPECT_NE(r.out.find(field), std::string::npos) << field << " in " << r.out;
  }
}

TEST(Cli, BenchRejectsZeroClients) { EXPECT_EQ(run("bench --clients 0").status, 2); }

TEST(Cli, BenchRunsBehindRoutersWithASmallerTrace) {
  const Outcome r = run("bench --clients 300 --bytes 100 --topology routed --trace states");
  EXPECT_EQ(r.status, 0) << r.out;
  for (const char* field : {"topology=routed ", "trace=states ", "received=30000 ",
                            "engine_events=", "ns_per_event=", "bytes_per_record="}) {
    EXPECT_NE(r.out.find(field), std::string::npos) << field << " in " << r.out;
  }
}

TEST(Cli, BenchSaysWhatItCannotRun) {
  const Outcome lan = run("bench --clients 70000");
  EXPECT_EQ(lan.status, 2) << lan.out;
  EXPECT_NE(lan.out.find("use --topology routed"), std::string::npos) << lan.out;
  const Outcome level = run("bench --trace some");
  EXPECT_EQ(level.status, 2) << level.out;
  EXPECT_NE(level.out.find("--trace"), std::string::npos) << level.out;
  EXPECT_EQ(run("bench --topology ring").status, 2);
}

// ---- input and output past the ordinary -------------------------------------------------------

// Like run(), with standard output sent to `out` and only standard error captured.
Outcome run_stdout_to(const std::string& args, const std::string& out) {
  return run_shell(std::string(SYNACK_BIN) + " " + args + " 2>&1 >" + out);
}

TEST(Cli, SeedMustBeAWholeNumberThatFits) {
  const std::string scenario = write_temp("hello_seed.yaml", readme_scenario());
  for (const char* seed : {"-5", "18446744073709551616", "1e3", "''"}) {
    const Outcome r = run("run -q " + scenario + " --seed " + seed);
    EXPECT_EQ(r.status, 2) << seed << ": " << r.out;
    EXPECT_NE(r.out.find("--seed: expected a whole number from 0 to 18446744073709551615"),
              std::string::npos)
        << r.out;
  }
  EXPECT_EQ(run("run -q " + scenario + " --seed 18446744073709551615").status, 0);
}

TEST(Cli, StdoutThatCannotBeWrittenFailsWithTheReason) {
  const std::string scenario = write_temp("hello_full.yaml", readme_scenario());
  for (const std::string& args :
       {"run " + scenario, std::string("fsm --dot"), std::string("pkt /dev/null")}) {
    const Outcome r = run_stdout_to(args, "/dev/full");
    EXPECT_EQ(r.status, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find("synack: cannot write to standard output: "), std::string::npos)
        << args << ": " << r.out;
  }
  EXPECT_NE(run_stdout_to("run " + scenario, "/dev/full").out.find("No space left on device"),
            std::string::npos);
}

TEST(Cli, EmptyPathsAreRejected) {
  const std::string scenario = write_temp("hello_empty_path.yaml", readme_scenario());
  for (const std::string& args :
       {"run -q " + scenario + " --json ''", "run -q " + scenario + " --pcap ''",
        std::string("run ''"), std::string("pkt --deviations '' /dev/null"),
        std::string("bench --clients 1 --json ''")}) {
    const Outcome r = run(args);
    EXPECT_EQ(r.status, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find("an empty path names no file"), std::string::npos) << args << r.out;
  }
}

TEST(Cli, ExportsMayNotOverwriteEachOtherOrTheScenario) {
  const std::string scenario = write_temp("hello_same.yaml", readme_scenario());
  const std::string out = (std::filesystem::temp_directory_path() / "synack_cli_same").string();
  const std::string other_spelling =
      (std::filesystem::temp_directory_path() / "." / "synack_cli_same").string();
  Outcome r = run("run -q " + scenario + " --json " + out + " --pcap " + other_spelling);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("--json and --pcap name the same file"), std::string::npos) << r.out;
  r = run("run -q " + scenario + " --pcap " + scenario);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("is the scenario file"), std::string::npos) << r.out;
  EXPECT_FALSE(readme_scenario().empty());
  std::ostringstream kept;
  kept << std::ifstream(scenario).rdbuf();
  EXPECT_EQ(kept.str(), readme_scenario());
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Cli, RunSvgDrawsOneArrowPerFrameSentInTheRange) {
  const std::string scenario = write_temp("hello_svg.yaml", readme_scenario());
  const std::string svg = write_temp("hello.svg", "");
  const std::string json = write_temp("hello_svg.json", "");
  Outcome r = run("run -q " + scenario + " --svg " + svg + " --json " + json);
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream in(json);
  std::string line;
  std::size_t sent = 0;  // frames put onto a link, one per hop
  while (std::getline(in, line)) {
    if (line.rfind("{\"type\":\"frame\"", 0) != 0) continue;
    const auto event = nlohmann::json::parse(line.substr(0, line.find_last_of('}') + 1));
    if (event["fate"] == "sent") ++sent;
  }
  ASSERT_GT(sent, 0u);
  std::stringstream whole;
  whole << std::ifstream(svg).rdbuf();
  EXPECT_EQ(whole.str().rfind("<?xml", 0), 0u);
  EXPECT_EQ(count_of(whole.str(), "<g class=\"frame\""), sent);

  r = run("run -q " + scenario + " --svg " + svg + " --from 19ms --to 25ms");
  ASSERT_EQ(r.status, 0) << r.out;
  std::stringstream part;
  part << std::ifstream(svg).rdbuf();
  const std::size_t arrows = count_of(part.str(), "<g class=\"frame\"");
  EXPECT_GT(arrows, 0u);
  EXPECT_LT(arrows, sent);
}

TEST(Cli, RunSvgBadRangeExitsTwoSayingWhy) {
  const std::string scenario = write_temp("hello_svg_bad.yaml", readme_scenario());
  const std::string svg = write_temp("hello_bad.svg", "");
  const std::pair<std::string, std::string> cases[] = {
      {"--svg " + svg + " --from 5x", "--from: expected a time such as 200ms or 1.5s, got '5x'"},
      {"--svg " + svg + " --to -1ms", "--to: expected a time such as 200ms or 1.5s, got '-1ms'"},
      {"--svg " + svg + " --from 20ms --to 10ms", "--to 10ms is before --from 20ms"},
      {"--from 10ms", "--from and --to choose the time range of --svg; give --svg too"},
      {"--svg " + svg + " --json " + svg, "--json and --svg name the same file"},
      {"--svg " + scenario, "is the scenario file"},
  };
  for (const auto& [args, message] : cases) {
    const Outcome r = run("run -q " + scenario + " " + args);
    EXPECT_EQ(r.status, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << ": " << r.out;
  }
}

TEST(Cli, JsonWriteErrorSaysWhy) {
  const std::string scenario = write_temp("hello_json_full.yaml", readme_scenario());
  const Outcome r = run("run -q " + scenario + " --json /dev/full");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("/dev/full: cannot write the JSON trace: No space left on device"),
            std::string::npos)
      << r.out;
}

TEST(Cli, EndlessInputIsCappedWhateverTheFileIs) {
  const std::string cap = "more than 16 MiB (16777216 bytes), the most an input file may hold";
  Outcome r = run("run /dev/zero");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("/dev/zero: cannot read /dev/zero: " + cap), std::string::npos) << r.out;
  r = run("pkt /dev/urandom");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("/dev/urandom: cannot read file: " + cap), std::string::npos) << r.out;
  r = run("pkt --deviations /dev/zero /dev/null");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("/dev/zero: cannot read the deviations file: " + cap), std::string::npos)
      << r.out;
  // A FIFO with a writer that never stops.
  const auto fifo =
      std::filesystem::temp_directory_path() / ("synack_cli_fifo_" + std::to_string(getpid()));
  std::filesystem::remove(fifo);
  ASSERT_EQ(std::system(("mkfifo " + fifo.string()).c_str()), 0);
  const std::string writer = "(cat /dev/zero > " + fifo.string() + " 2>/dev/null &); ";
  const std::string cmd = writer + SYNACK_BIN + " run " + fifo.string() + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::array<char, 4096> buf{};
  std::string out;
  for (std::size_t n; (n = fread(buf.data(), 1, buf.size(), pipe)) > 0;) out.append(buf.data(), n);
  const int st = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(st), 2) << out;
  EXPECT_NE(out.find(fifo.string() + ": " + cap), std::string::npos) << out;
  std::filesystem::remove(fifo);
}

TEST(Cli, PktNumbersThatDoNotFitFailOneScriptAndTheRunGoesOn) {
  const auto dir = std::filesystem::temp_directory_path() / "synack_cli_numbers";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a_sysctl.pkt") << "0 `sysctl -w net.inet.tcp.insecure_rst=99999999999`\n";
  std::ofstream(dir / "b_sockstat.pkt") << "0 `sockstat -4 | grep -c LISTEN | grep 99999999999`\n";
  std::ofstream(dir / "c_tcpi.pkt") << "0 %{ assert tcpi_options == 99999999999999999999 }%\n";
  std::ofstream(dir / "d_pass.pkt") << "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n";
  const Outcome r = run("pkt " + dir.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("a_sysctl.pkt:1:40: expected a sysctl value"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("b_sockstat.pkt:1:40: expected a count of connections"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("c_tcpi.pkt:1:29: expected a tcpi_options bit mask"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 passed, 3 failed, 0 skipped"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(Cli, ControlBytesInInputStayInsideTheirMessage) {
  const std::string path = write_temp("control.yaml",
                                      "name: t\ndescription: d\nbo\x01gus: 1\n"
                                      "\"x\\ny\": 2\ntopology: {hosts: []}\n");
  const Outcome r = run("run " + path);
  EXPECT_EQ(r.status, 2) << r.out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(line.rfind(path + ":", 0), 0u) << "a line without its file and position: " << line;
    EXPECT_EQ(line.find('\x01'), std::string::npos) << line;
  }
  EXPECT_NE(r.out.find("unknown key 'bo\\x01gus'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unknown key 'x\\ny'"), std::string::npos) << r.out;
}

}  // namespace

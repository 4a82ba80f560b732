// Every packetdrill script of the FreeBSD tcp-testsuite (kept outside the repository, see
// ../shared/conformance/README.md) parses, and what it holds reads back sensibly.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "core/tcp_segment.hpp"
#include "sim/pkt/parser.hpp"

namespace synack::pkt {
namespace {

namespace fs = std::filesystem;

const fs::path kSuite = fs::path(SYNACK_CONFORMANCE_DIR) / "tcp-testsuite";

std::vector<fs::path> scripts() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(kSuite)) {
    if (entry.is_regular_file() && entry.path().extension() == ".pkt") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Lines that start with an event time, and those of them that are packets, counted on the raw
// text as a cross-check of the parser (the suite has no /* */ comments or multi-line events).
struct LineCounts {
  std::size_t events = 0;
  std::size_t packets = 0;
};

LineCounts count_lines(const fs::path& path) {
  static const std::regex event(R"(^\s*[+*0-9][0-9.~+]*\s)");
  static const std::regex packet(R"(^\s*[+*0-9][0-9.~+]*\s*[<>])");
  LineCounts counts;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    counts.events += std::regex_search(line, event) ? 1 : 0;
    counts.packets += std::regex_search(line, packet) ? 1 : 0;
  }
  return counts;
}

template <typename T>
std::size_t count(const Script& s) {
  return static_cast<std::size_t>(
      std::count_if(s.events.begin(), s.events.end(),
                    [](const Event& e) { return std::holds_alternative<T>(e.body); }));
}

TEST(PktConformance, EveryScriptParses) {
  if (!fs::is_directory(kSuite)) GTEST_SKIP() << "conformance scripts not found at " << kSuite;
  const std::vector<fs::path> paths = scripts();
  ASSERT_GT(paths.size(), 100u) << "fewer scripts than the suite holds under " << kSuite;

  std::size_t seq_any = 0, ecn = 0, code = 0, conditional = 0, errno_results = 0;
  for (const fs::path& path : paths) {
    SCOPED_TRACE(path.string());
    Script s;
    try {
      s = parse_file(path.string());
    } catch (const ParseError& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    EXPECT_EQ(s.options.count("tolerance_usecs"), 1u);
    EXPECT_GT(s.tolerance_usecs, 0);
    EXPECT_NE(s.tolerance_usecs, kDefaultToleranceUsecs);
    EXPECT_EQ(s.options["ip_version"], "ipv4");
    const LineCounts lines = count_lines(path);
    EXPECT_EQ(s.events.size(), lines.events);
    EXPECT_EQ(count<PacketEvent>(s), lines.packets);
    EXPECT_GT(count<SyscallEvent>(s), 0u);
    EXPECT_GT(count<ShellEvent>(s), 0u);
    // Two snippets only open a socket (CLOSED, LISTEN); every rule under test sends segments.
    if (path.string().find("state-event-engine") != std::string::npos) {
      EXPECT_GT(count<PacketEvent>(s), 0u);
    }
    ASSERT_FALSE(s.events.empty());
    EXPECT_EQ(s.events.front().time.kind, TimeKind::Absolute);

    bool has_socket = false;
    for (const Event& e : s.events) {
      if (const auto* sc = std::get_if<SyscallEvent>(&e.body)) {
        has_socket |= sc->name == "socket" && sc->result >= 0;
        errno_results += sc->errno_name ? 1 : 0;
      }
      if (const auto* p = std::get_if<PacketEvent>(&e.body)) {
        seq_any += p->packet.seq_any ? 1 : 0;
        ecn += p->packet.ecn != Ecn::Unspecified ? 1 : 0;
        // What the parser read reads back the same after printing.
        const std::string printed = to_string(e);
        const Script again = parse_script(printed, "printed.pkt");
        ASSERT_EQ(again.events.size(), 1u) << printed;
        EXPECT_EQ(to_string(again.events[0]), printed);
      }
      code += std::holds_alternative<CodeEvent>(e.body) ? 1 : 0;
      conditional += e.conditions.empty() ? 0 : 1;
    }
    EXPECT_TRUE(has_socket);
  }
  // Constructs the suite is known to use somewhere.
  EXPECT_GT(seq_any, 0u);
  EXPECT_GT(ecn, 0u);
  EXPECT_GT(code, 0u);
  EXPECT_GT(conditional, 0u);
  EXPECT_GT(errno_results, 0u);
}

// The suite's first line of every handshake: a SYN whose MSS and flags come through.
TEST(PktConformance, SynSentSnippetStartsWithAnActiveOpen) {
  const fs::path path = kSuite / "snippets" / "syn-sent-ipv4.pkt";
  if (!fs::is_regular_file(path)) GTEST_SKIP() << "conformance script not found: " << path;
  const Script s = parse_file(path.string());
  const auto first_packet = std::find_if(s.events.begin(), s.events.end(), [](const Event& e) {
    return std::holds_alternative<PacketEvent>(e.body);
  });
  ASSERT_NE(first_packet, s.events.end());
  const PacketEvent& syn = std::get<PacketEvent>(first_packet->body);
  EXPECT_EQ(syn.direction, Direction::Outbound);
  EXPECT_EQ(syn.packet.flags, tcp::flag::SYN);
  EXPECT_EQ(syn.packet.mss(), 1460);
}

}  // namespace
}  // namespace synack::pkt

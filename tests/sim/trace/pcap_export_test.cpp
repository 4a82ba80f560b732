#include "sim/trace/pcap_export.hpp"

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/tcp_segment.hpp"
#include "trace_fixture.hpp"

namespace synack::trace {
namespace {

namespace fs = std::filesystem;

struct Packet {
  long sec = 0;
  long usec = 0;
  std::uint32_t len = 0;
  std::vector<std::uint8_t> bytes;
};

// A file in a directory of this test's own, removed afterwards.
class PcapExport : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("synack-pcap-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const char* name) const { return (dir_ / name).string(); }

  static std::vector<Packet> read_back(const std::string& file, int* link_type = nullptr) {
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_open_offline(file.c_str(), errbuf);
    EXPECT_NE(p, nullptr) << errbuf;
    std::vector<Packet> packets;
    if (p == nullptr) return packets;
    if (link_type != nullptr) *link_type = pcap_datalink(p);
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p, &header, &data) == 1) {
      packets.push_back(Packet{static_cast<long>(header->ts.tv_sec),
                               static_cast<long>(header->ts.tv_usec), header->len,
                               std::vector<std::uint8_t>(data, data + header->caplen)});
    }
    pcap_close(p);
    return packets;
  }

  fs::path dir_;
};

TEST_F(PcapExport, EachFrameOnceAtItsFirstAppearance) {
  testing::Lan lan;
  const FrameId syn = lan.tcp(true, tcp::flag::SYN, 1000, 0);
  const FrameId who_has = lan.arp_request(true);
  const FrameId data = lan.tcp(true, tcp::flag::ACK | tcp::flag::PSH, 1001, 1, 100);
  // Stored out of order; the file follows the events.
  lan.cross(0, who_has, lan.client, lan.server, /*flooded=*/true);
  lan.cross(2'500'000, syn, lan.client, lan.server);
  lan.lose(3'000'007, data, lan.client, lan.server, "loss");

  std::string error;
  ASSERT_TRUE(write_pcap(lan.trace, path("out.pcap"), error)) << error;
  int link_type = 0;
  const std::vector<Packet> packets = read_back(path("out.pcap"), &link_type);
  EXPECT_EQ(link_type, DLT_EN10MB);
  ASSERT_EQ(packets.size(), 3u);
  const FrameId expected[] = {who_has, syn, data};
  const long expected_sec[] = {0, 2, 3};
  const long expected_usec[] = {0, 500'000, 7};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(packets[i].bytes, lan.trace.frame(expected[i]).to_vector()) << i;
    EXPECT_EQ(packets[i].len, lan.trace.frame(expected[i]).size()) << i;
    EXPECT_EQ(packets[i].sec, expected_sec[i]) << i;
    EXPECT_EQ(packets[i].usec, expected_usec[i]) << i;
  }
}

// A frame that waited behind another on a busy link is stamped when its first
// bit went out, and the file stays in time order.
TEST_F(PcapExport, QueuedFramesStampedWhenTheyGoOut) {
  testing::Lan lan;
  const FrameId first = lan.udp(100), queued = lan.udp(200), later = lan.udp(300);
  const LinkId l1 = lan.link_of(lan.client);
  lan.trace.add(1000, FrameEvent{first, l1, lan.client, lan.sw, Fate::Sent});
  FrameEvent waits{queued, l1, lan.client, lan.sw, Fate::Sent};
  waits.queued_us = 700;
  lan.trace.add(1000, waits);
  lan.trace.add(1500, FrameEvent{later, lan.link_of(lan.server), lan.server, lan.sw, Fate::Sent});
  std::string error;
  ASSERT_TRUE(write_pcap(lan.trace, path("q.pcap"), error)) << error;
  const std::vector<Packet> packets = read_back(path("q.pcap"));
  ASSERT_EQ(packets.size(), 3u);
  EXPECT_EQ(packets[0].usec, 1000);
  EXPECT_EQ(packets[1].usec, 1500);
  EXPECT_EQ(packets[1].len, lan.trace.frame(later).size());
  EXPECT_EQ(packets[2].usec, 1700);
  EXPECT_EQ(packets[2].len, lan.trace.frame(queued).size());
}

TEST_F(PcapExport, FailureNamesThePath) {
  const std::string missing = path("no-such-dir") + "/out.pcap";
  std::string error;
  EXPECT_FALSE(write_pcap(testing::handshake().trace, missing, error));
  EXPECT_NE(error.find(missing), std::string::npos) << error;
}

// A full disk: the message says why the write failed.
TEST_F(PcapExport, WriteFailureSaysWhy) {
  std::string error;
  EXPECT_FALSE(write_pcap(testing::handshake().trace, "/dev/full", error));
  EXPECT_NE(error.find("No space left on device"), std::string::npos) << error;
}

TEST_F(PcapExport, IdenticalTracesGiveIdenticalFiles) {
  std::string error;
  ASSERT_TRUE(write_pcap(testing::handshake().trace, path("a.pcap"), error)) << error;
  ASSERT_TRUE(write_pcap(testing::handshake().trace, path("b.pcap"), error)) << error;
  const auto a = read_back(path("a.pcap"));
  const auto b = read_back(path("b.pcap"));
  ASSERT_EQ(a.size(), 8u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].bytes, b[i].bytes);
  EXPECT_EQ(fs::file_size(path("a.pcap")), fs::file_size(path("b.pcap")));
}

bool on_path(const char* program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string dirs = path;
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const fs::path candidate = fs::path(dirs.substr(start, end - start)) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

// Wireshark's own dissectors, with checksum validation on, find nothing wrong.
TEST_F(PcapExport, TsharkFindsNoMalformedFramesOrBadChecksums) {
  if (!on_path("tshark")) GTEST_SKIP() << "tshark is not on PATH; install it to run this check";
  std::string error;
  ASSERT_TRUE(write_pcap(testing::handshake().trace, path("handshake.pcap"), error)) << error;
  const std::string command = "tshark -n -r '" + path("handshake.pcap") +
                              "' -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE"
                              " -T fields -e frame.number -e _ws.expert.message"
                              " -e _ws.malformed 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ASSERT_EQ(::pclose(pipe), 0) << output;
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = output.find('\n', at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 8u) << output;
  for (const char* bad : {"alformed", "hecksum", "incorrect", "Bad", "bad"}) {
    EXPECT_EQ(output.find(bad), std::string::npos) << output;
  }
}

// Wireshark reads an ICMP error and the datagram it quotes.
TEST_F(PcapExport, TsharkDecodesIcmpPortUnreachable) {
  if (!on_path("tshark")) GTEST_SKIP() << "tshark is not on PATH; install it to run this check";
  testing::Lan lan;
  lan.cross(0, lan.port_unreachable(), lan.server, lan.client);
  std::string error;
  ASSERT_TRUE(write_pcap(lan.trace, path("icmp.pcap"), error)) << error;
  const std::string command = "tshark -n -V -r '" + path("icmp.pcap") +
                              "' -o ip.check_checksum:TRUE 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ASSERT_EQ(::pclose(pipe), 0) << output;
  EXPECT_NE(output.find("Type: 3 (Destination unreachable)"), std::string::npos) << output;
  EXPECT_NE(output.find("Code: 3 (Port unreachable)"), std::string::npos) << output;
  EXPECT_NE(output.find("Destination Port: 6000"), std::string::npos) << output;
  EXPECT_NE(output.find("[Checksum Status: Good]"), std::string::npos) << output;
  for (const char* bad : {"alformed", "incorrect", "[Checksum Status: Bad]"}) {
    EXPECT_EQ(output.find(bad), std::string::npos) << output;
  }
}

}  // namespace
}  // namespace synack::trace

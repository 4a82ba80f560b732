// The importer on captures the tests make themselves: synack's own pcap export
// of the scenarios (the round trip gives every endpoint the states the
// simulator recorded), cut captures, every link type it reads, and bad input
// of each kind.
#include "sim/capture/pcap_import.hpp"

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "core/tcp_segment.hpp"
#include "pcap_bytes.hpp"
#include "sequences.hpp"
#include "sim/trace/frame_view.hpp"
#include "sim/trace/pcap_export.hpp"

namespace synack::capture {
namespace {

using testing::PcapBytes;
using trace::StateBasis;
namespace flag = tcp::flag;

std::string export_run(const std::string& scenario) {
  const trace::Trace run = testing::run_scenario(scenario);
  // Each test process its own file: ctest runs tests of one scenario side by side.
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("synack_capture_" + scenario + "_" + std::to_string(getpid()) + ".pcap"))
          .string();
  std::string error;
  EXPECT_TRUE(trace::write_pcap(run, path, error)) << error;
  return path;
}

PcapImport import(const PcapBytes& pcap) {
  return read_pcap_bytes(pcap.data(), pcap.size(), "test.pcap");
}

std::vector<std::string> states(const trace::Trace& t, bool with_basis = false) {
  std::vector<std::string> out;
  for (const trace::Event& e : t.events) {
    if (const auto* s = std::get_if<trace::StateEvent>(&e.what)) {
      std::string line = t.nodes[s->host].name + " " + tcp::state_name(s->from) + " -> " +
                         tcp::state_name(s->to) + " " + t.text(s->cause);
      if (with_basis) line += std::string(" (") + trace::state_basis_name(s->basis) + ")";
      out.push_back(line);
    }
  }
  return out;
}

std::vector<std::string> notes(const trace::Trace& t) {
  std::vector<std::string> out;
  for (const trace::Event& e : t.events) {
    if (const auto* n = std::get_if<trace::NoteEvent>(&e.what)) out.push_back(t.text(n->text));
  }
  return out;
}

bool has_note(const trace::Trace& t, const std::string& words) {
  for (const std::string& n : notes(t)) {
    if (n.find(words) != std::string::npos) return true;
  }
  return false;
}

PcapBytes conversation_pcap(int dlt = 1) {
  PcapBytes pcap(dlt);
  std::int64_t t = 1'700'000'000'000'000;  // a wall clock: the trace counts from the first record
  for (const auto& frame : testing::conversation()) pcap.record(t += 1000, frame);
  return pcap;
}

const std::vector<std::string> kConversationStates = {
    "10.0.0.1 CLOSED -> SYN-SENT active OPEN",
    "10.0.0.2 LISTEN -> SYN-RECEIVED rcv SYN",
    "10.0.0.1 SYN-SENT -> ESTABLISHED rcv SYN,ACK",
    "10.0.0.2 SYN-RECEIVED -> ESTABLISHED rcv ACK of SYN",
    "10.0.0.1 ESTABLISHED -> FIN-WAIT-1 CLOSE",
    "10.0.0.2 ESTABLISHED -> CLOSE-WAIT rcv FIN",
    "10.0.0.1 FIN-WAIT-1 -> FIN-WAIT-2 rcv ACK of FIN",
    "10.0.0.2 CLOSE-WAIT -> LAST-ACK CLOSE",
    "10.0.0.1 FIN-WAIT-2 -> TIME-WAIT rcv FIN",
    "10.0.0.2 LAST-ACK -> CLOSED rcv ACK of FIN",
};

// ---- round trip: a simulated run exported and imported ---------------------------

class RoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTrip, GivesEachEndpointTheStatesTheSimulatorRecorded) {
  const trace::Trace run = testing::run_scenario(GetParam());
  PcapImport imported = read_pcap(export_run(GetParam()));
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(testing::recorded_sequences(*imported.trace), testing::recorded_sequences(run));
}

TEST_P(RoundTrip, GivesTheSameFramesAndNumbers) {
  const trace::Trace run = testing::run_scenario(GetParam());
  PcapImport imported = read_pcap(export_run(GetParam()));
  ASSERT_TRUE(imported.trace) << imported.error;
  // Every frame once, as the export wrote it, with the same relative numbers.
  const std::vector<trace::TcpNumbers> before = trace::number_tcp_frames(run);
  const std::vector<trace::TcpNumbers> after = trace::number_tcp_frames(*imported.trace);
  std::vector<std::string> a, b;
  for (trace::FrameId f = 0; f < run.frame_count(); ++f)
    a.push_back(trace::summarize_frame(run, f, &before[f]));
  for (trace::FrameId f = 0; f < imported.trace->frame_count(); ++f) {
    b.push_back(trace::summarize_frame(*imported.trace, f, &after[f]));
  }
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, RoundTrip,
                         ::testing::Values("handshake", "close", "half_close", "rst_on_close",
                                           "rst_refused", "retransmission", "simultaneous_close",
                                           "simultaneous_open", "time_wait_reuse", "flow_control",
                                           "congestion_control", "arp_via_gateway"));

TEST(PcapImport, HostsAreNamedByTheirAddressesWithTheMacsSeen) {
  PcapImport imported = read_pcap(export_run("handshake"));
  ASSERT_TRUE(imported.trace) << imported.error;
  const trace::Trace& t = *imported.trace;
  ASSERT_EQ(t.nodes.size(), 2u);
  EXPECT_EQ(t.nodes[0].name, "10.0.0.1");
  EXPECT_EQ(t.nodes[1].name, "10.0.0.2");
  EXPECT_EQ(t.nodes[0].interfaces[0].mac.to_string(), "02:00:00:00:01:01");
  ASSERT_EQ(t.links.size(), 1u);
  EXPECT_EQ(t.links[0].name, "10.0.0.1-10.0.0.2");
  // What ARP told each host.
  std::vector<std::string> arp;
  for (const trace::Event& e : t.events) {
    if (const auto* a = std::get_if<trace::ArpEvent>(&e.what)) {
      arp.push_back(t.nodes[a->host].name + " " + a->ip.to_string() + " " + a->mac.to_string());
    }
  }
  EXPECT_EQ(arp, (std::vector<std::string>{"10.0.0.2 10.0.0.1 02:00:00:00:01:01",
                                           "10.0.0.1 10.0.0.2 02:00:00:00:02:01"}));
}

TEST(PcapImport, EachFrameIsSentThenDeliveredAndTimesCountFromTheFirstRecord) {
  PcapImport imported = import(conversation_pcap());
  ASSERT_TRUE(imported.trace) << imported.error;
  const trace::Trace& t = *imported.trace;
  EXPECT_EQ(t.frame_count(), 9u);
  EXPECT_EQ(t.events.front().t, 0);
  std::size_t sent = 0, delivered = 0;
  for (const trace::Event& e : t.events) {
    if (const auto* f = std::get_if<trace::FrameEvent>(&e.what)) {
      (f->fate == trace::Fate::Sent ? sent : delivered) += 1;
    }
  }
  EXPECT_EQ(sent, 9u);
  EXPECT_EQ(delivered, 9u);
  EXPECT_EQ(t.events.back().t, 8000);
  EXPECT_EQ(states(t), kConversationStates);
}

TEST(PcapImport, TheSendersChangeComesBeforeItsSegmentAndTheReceiversAfter) {
  PcapImport imported = import(conversation_pcap());
  ASSERT_TRUE(imported.trace) << imported.error;
  const auto& events = imported.trace->events;
  ASSERT_GE(events.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<trace::StateEvent>(events[0].what));  // active OPEN
  EXPECT_TRUE(std::holds_alternative<trace::FrameEvent>(events[1].what));  // the SYN sent
  EXPECT_TRUE(std::holds_alternative<trace::FrameEvent>(events[2].what));  // ... delivered
  EXPECT_TRUE(std::holds_alternative<trace::StateEvent>(events[3].what));  // LISTEN -> SYN-RECEIVED
}

// ---- what the capture does not hold --------------------------------------------------

TEST(PcapImport, ACaptureThatStartsMidStreamStartsEstablishedAndUncertain) {
  // The close scenario's capture without its ARP and handshake.
  PcapBytes cut;
  std::size_t tcp_seen = 0;
  for (const testing::Record& r : testing::records_of(export_run("close"))) {
    const wire::DecodedFrame d = wire::decode_frame(wire::ByteView(r.bytes));
    if (!d.tcp || ++tcp_seen <= 3) continue;
    cut.record(r.t_us, r.bytes);
  }
  PcapImport imported = import(cut);
  ASSERT_TRUE(imported.trace) << imported.error;
  const std::vector<std::string> got = states(*imported.trace, true);
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got[0],
            std::string("10.0.0.1 CLOSED -> ESTABLISHED ") + kMidStreamCause + " (uncertain)");
  EXPECT_EQ(got[1],
            std::string("10.0.0.2 CLOSED -> ESTABLISHED ") + kMidStreamCause + " (uncertain)");
  // The close itself was captured whole.
  EXPECT_EQ(std::vector<std::string>(got.begin() + 2, got.end()),
            (std::vector<std::string>{
                "10.0.0.1 ESTABLISHED -> FIN-WAIT-1 CLOSE (inferred)",
                "10.0.0.2 ESTABLISHED -> CLOSE-WAIT rcv FIN (inferred)",
                "10.0.0.1 FIN-WAIT-1 -> FIN-WAIT-2 rcv ACK of FIN (inferred)",
                "10.0.0.2 CLOSE-WAIT -> LAST-ACK CLOSE (inferred)",
                "10.0.0.1 FIN-WAIT-2 -> TIME-WAIT rcv FIN (inferred)",
                "10.0.0.2 LAST-ACK -> CLOSED rcv ACK of FIN (inferred)",
            }));
  // Relative numbers count from the first seq seen.
  const auto numbers = trace::number_tcp_frames(*imported.trace);
  ASSERT_FALSE(numbers.empty());
  EXPECT_EQ(numbers[0].rel_seq, 0u);
}

// ---- link layers --------------------------------------------------------------------

// The conversation re-wrapped: the same states whatever the link layer.
std::vector<std::uint8_t> rewrap(int dlt, const std::vector<std::uint8_t>& eth) {
  const std::vector<std::uint8_t> ip(eth.begin() + 14, eth.end());
  std::vector<std::uint8_t> out;
  const auto u16 = [&](std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
  };
  switch (dlt) {
    case DLT_LINUX_SLL:
      u16(eth[6] == 0x02 && eth[11] == 0x01 ? 4 : 0);  // packet type: out or in
      u16(1);                                          // ARPHRD_ETHER
      u16(6);
      out.insert(out.end(), eth.begin() + 6, eth.begin() + 12);  // the sender's MAC
      u16(0);
      u16(0x0800);
      break;
    case DLT_LINUX_SLL2:
      u16(0x0800);
      u16(0);
      u16(0);
      u16(2);  // interface index
      u16(1);  // ARPHRD_ETHER
      out.push_back(0);
      out.push_back(6);
      out.insert(out.end(), eth.begin() + 6, eth.begin() + 12);
      u16(0);
      break;
    case DLT_EN10MB:  // with an 802.1Q tag, VLAN 7
      out.assign(eth.begin(), eth.begin() + 12);
      u16(0x8100);
      u16(7);
      u16(0x0800);
      break;
    default: break;  // raw IPv4
  }
  out.insert(out.end(), ip.begin(), ip.end());
  return out;
}

class LinkLayer : public ::testing::TestWithParam<int> {};

TEST_P(LinkLayer, GivesTheSameStatesAndEthernetFrames) {
  PcapBytes pcap(GetParam());
  std::int64_t t = 0;
  for (const auto& frame : testing::conversation())
    pcap.record(t += 1000, rewrap(GetParam(), frame));
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(states(*imported.trace), kConversationStates);
  const auto numbers = trace::number_tcp_frames(*imported.trace);
  ASSERT_EQ(numbers.size(), 9u);
  EXPECT_TRUE(numbers[3].is_tcp);
  EXPECT_EQ(numbers[3].len, 5u);
}

INSTANTIATE_TEST_SUITE_P(Types, LinkLayer,
                         ::testing::Values(DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW));

TEST(PcapImport, RawIpv6IsLeftOutAndCounted) {
  PcapBytes pcap(DLT_RAW);
  std::vector<std::uint8_t> ipv6(40, 0);
  ipv6[0] = 0x60;
  pcap.record(0, ipv6);
  for (const auto& frame : testing::conversation()) pcap.record(10, rewrap(DLT_RAW, frame));
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(imported.trace->frame_count(), 9u);
  EXPECT_TRUE(has_note(*imported.trace, "1 frames neither IPv4 nor ARP"));
}

TEST(PcapImport, ALoopbackCookedCaptureKeepsOneCopyOfEachPacket) {
  // `tcpdump -i any` on lo: each packet going out, then coming in.
  PcapBytes pcap(DLT_LINUX_SLL);
  std::int64_t t = 0;
  for (const auto& frame : testing::conversation()) {
    for (std::uint16_t type : {4, 0}) {
      std::vector<std::uint8_t> sll = rewrap(DLT_LINUX_SLL, frame);
      sll[1] = static_cast<std::uint8_t>(type);
      sll[2] = 0x03;  // ARPHRD_LOOPBACK, 772
      sll[3] = 0x04;
      pcap.record(t += 10, sll);
    }
  }
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(imported.trace->frame_count(), 9u);
  EXPECT_EQ(states(*imported.trace), kConversationStates);
  EXPECT_TRUE(has_note(*imported.trace, "9 incoming copies of loopback packets"));
}

TEST(PcapImport, AnotherLinkTypeIsNamed) {
  PcapImport imported = import(PcapBytes(DLT_IEEE802_11));
  EXPECT_FALSE(imported.trace);
  EXPECT_NE(imported.error.find("link type IEEE802_11"), std::string::npos) << imported.error;
  EXPECT_NE(imported.error.find("it reads EN10MB"), std::string::npos) << imported.error;
}

TEST(PcapImport, ChecksumsLeftToTheNicAreRecomputed) {
  PcapBytes pcap;
  std::int64_t t = 0;
  for (auto frame : testing::conversation()) {
    frame[14 + 20 + 16] ^= 0xFF;  // the TCP checksum
    pcap.record(t += 1000, frame);
  }
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(states(*imported.trace), kConversationStates);
  const wire::DecodedFrame d = wire::decode_frame(imported.trace->frame(0));
  EXPECT_TRUE(d.ok()) << d.error->message;
  EXPECT_TRUE(has_note(*imported.trace, "9 frames had checksums that did not match"));
}

TEST(PcapImport, IPv4FragmentsAreReassembled) {
  const std::vector<std::uint8_t> whole =
      testing::tcp_frame(true, flag::ACK | flag::PSH, 1, 1, 3000);
  // Split the IPv4 payload (TCP header and data) into fragments of 1480, 1480 and the rest.
  wire::DecodedFrame d = wire::decode_frame(wire::ByteView(whole));
  ASSERT_TRUE(d.ok());
  const std::vector<std::uint8_t> payload(whole.begin() + 34, whole.end());
  PcapBytes pcap;
  std::int64_t t = 0;
  for (std::size_t off : {std::size_t{1480}, std::size_t{0}, std::size_t{2960}}) {  // out of order
    const std::size_t n = std::min<std::size_t>(1480, payload.size() - off);
    wire::Ipv4Repr ip = *d.ipv4;
    ip.identification = 99;
    ip.dont_fragment = false;
    ip.fragment_offset = static_cast<std::uint16_t>(off);
    ip.more_fragments = off + n < payload.size();
    std::vector<std::uint8_t> frame(whole.begin(), whole.begin() + 14);
    wire::encode_ipv4(ip, wire::ByteView(payload.data() + off, n), frame);
    pcap.record(t += 10, frame);
  }
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  ASSERT_EQ(imported.trace->frame_count(), 1u);
  const auto numbers = trace::number_tcp_frames(*imported.trace);
  EXPECT_TRUE(numbers[0].is_tcp);
  EXPECT_EQ(numbers[0].len, 3000u);
  EXPECT_TRUE(has_note(*imported.trace, "3 IPv4 fragments"));
}

TEST(PcapImport, AFragmentMissingIsReported) {
  PcapBytes pcap;
  wire::Ipv4Repr ip;
  ip.src = wire::Ipv4Address(10, 0, 0, 1);
  ip.dst = wire::Ipv4Address(10, 0, 0, 2);
  ip.protocol = wire::ip_protocol::UDP;
  ip.more_fragments = true;
  ip.dont_fragment = false;
  std::vector<std::uint8_t> frame = testing::tcp_frame(true, flag::SYN, 0, 0);
  frame.resize(14);
  const std::vector<std::uint8_t> data(800, 7);
  wire::encode_ipv4(ip, wire::ByteView(data), frame);
  pcap.record(0, frame);
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(imported.trace->frame_count(), 0u);
  EXPECT_TRUE(has_note(*imported.trace, "1 IPv4 datagrams never whole"));
}

TEST(PcapImport, ASnapLengthThatCutsOnlyPayloadKeepsTheSegment) {
  PcapBytes pcap(1, 64);
  std::int64_t t = 0;
  for (const auto& frame : testing::conversation()) {
    std::vector<std::uint8_t> kept(frame.begin(),
                                   frame.begin() + std::min<std::size_t>(frame.size(), 56));
    pcap.record(t += 1000, kept, static_cast<std::uint32_t>(frame.size()));
  }
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(states(*imported.trace), kConversationStates);
  const auto numbers = trace::number_tcp_frames(*imported.trace);
  EXPECT_EQ(numbers[3].len, 5u);
  EXPECT_TRUE(has_note(*imported.trace, "cut by the snap length"));
}

TEST(PcapImport, ZeroWindowAndRetransmissionAreSeenInTheNumbers) {
  PcapBytes pcap;
  pcap.record(0, testing::tcp_frame(true, flag::SYN, 0, 0));
  pcap.record(10, testing::tcp_frame(true, flag::SYN, 0, 0));  // retransmitted
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  const auto numbers = trace::number_tcp_frames(*imported.trace);
  ASSERT_EQ(numbers.size(), 2u);
  EXPECT_EQ(numbers[0].rel_seq, numbers[1].rel_seq);
  EXPECT_EQ(states(*imported.trace),
            (std::vector<std::string>{"10.0.0.1 CLOSED -> SYN-SENT active OPEN"}));
}

// ---- bad input: a message with the record and byte offset, never a crash ------------

TEST(PcapImportBad, WrongMagic) {
  const std::string text = "this is not a capture at all, just words";
  PcapImport imported = read_pcap_bytes(reinterpret_cast<const std::uint8_t*>(text.data()),
                                        text.size(), "words.pcap");
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error.rfind("words.pcap: byte 0: ", 0), 0u) << imported.error;
  EXPECT_NE(imported.error.find("format"), std::string::npos) << imported.error;
}

TEST(PcapImportBad, EmptyFile) {
  PcapImport imported = read_pcap_bytes(nullptr, 0, "empty.pcap");
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error, "empty.pcap: byte 0: empty: not a pcap or pcapng file");
}

TEST(PcapImportBad, TruncatedFileHeader) {
  PcapBytes pcap;
  PcapImport imported = read_pcap_bytes(pcap.data(), 10, "short.pcap");
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error.rfind("short.pcap: byte 0: ", 0), 0u) << imported.error;
  EXPECT_NE(imported.error.find("truncated"), std::string::npos) << imported.error;
}

TEST(PcapImportBad, TruncatedRecordNamesItsNumberAndOffset) {
  PcapBytes pcap = conversation_pcap();
  const std::size_t third =
      24 + 2 * 16 + testing::conversation()[0].size() + testing::conversation()[1].size();
  PcapImport imported = read_pcap_bytes(pcap.data(), third + 16 + 20, "cut.pcap");
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error.rfind("cut.pcap: record 3 at byte " + std::to_string(third) + ": ", 0),
            0u)
      << imported.error;
  EXPECT_NE(imported.error.find("truncated"), std::string::npos) << imported.error;
}

TEST(PcapImportBad, ASnapLengthThatCutsAHeader) {
  PcapBytes pcap(1, 40);
  const auto frame = testing::tcp_frame(true, flag::SYN, 0, 0);
  pcap.record(0, std::vector<std::uint8_t>(frame.begin(), frame.begin() + 40),
              static_cast<std::uint32_t>(frame.size()));
  PcapImport imported = import(pcap);
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error,
            "test.pcap: record 1 at byte 24: the snap length cuts the TCP header (40 bytes "
            "captured)");
}

TEST(PcapImportBad, GarbageAfterAValidHeader) {
  PcapBytes pcap;
  for (int i = 0; i < 64; ++i) pcap.bytes.push_back(static_cast<std::uint8_t>(i * 37 + 11));
  PcapImport imported = import(pcap);
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error.rfind("test.pcap: record 1 at byte 24: ", 0), 0u) << imported.error;
}

TEST(PcapImportBad, ALengthShorterThanWhatWasCaptured) {
  PcapBytes pcap;
  pcap.record(0, testing::tcp_frame(true, flag::SYN, 0, 0), 20);
  PcapImport imported = import(pcap);
  EXPECT_FALSE(imported.trace);
  EXPECT_NE(imported.error.find("record 1 at byte 24: captured length 54 and packet length 20"),
            std::string::npos)
      << imported.error;
}

TEST(PcapImportBad, FramesThatDoNotDecodeAreLeftOutAndCounted) {
  PcapBytes pcap = conversation_pcap();
  std::vector<std::uint8_t> bad = testing::tcp_frame(true, flag::SYN, 0, 0);
  bad[14] = 0x41;  // IHL 1
  pcap.record(1'700'000'000'100'000, bad);
  PcapImport imported = import(pcap);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(imported.trace->frame_count(), 9u);
  EXPECT_TRUE(
      has_note(*imported.trace, "1 frames that do not decode left out; the first: record 10"));
}

TEST(PcapImportBad, MissingFile) {
  PcapImport imported = read_pcap("/nonexistent/x.pcap");
  EXPECT_FALSE(imported.trace);
  EXPECT_NE(imported.error.find("/nonexistent/x.pcap"), std::string::npos) << imported.error;
}

// ---- size ---------------------------------------------------------------------------

// Many connections, each a handshake, data and close: the import stays linear.
TEST(PcapImport, AHundredThousandPacketsImportInSeconds) {
  PcapBytes pcap;
  std::int64_t t = 0;
  const auto frames = testing::conversation();
  // (A million take about 5 s in a release build.)
  constexpr int kConnections = 100'000 / 9;
  for (int c = 0; c < kConnections; ++c) {
    for (auto frame : frames) {
      // Client port 1024 + c (bytes 34-35 on the client's frames, 36-37 on the server's).
      const bool from_client = frame[29] == 1;
      const std::size_t at = from_client ? 34 : 36;
      frame[at] = static_cast<std::uint8_t>((1024 + c % 60000) >> 8);
      frame[at + 1] = static_cast<std::uint8_t>(1024 + c % 60000);
      pcap.record(t += 5, frame);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  PcapImport imported = import(pcap);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(imported.trace->frame_count(), std::size_t{kConnections} * 9);
  std::cout << "imported " << imported.trace->frame_count() << " packets in " << seconds << " s\n";
  EXPECT_LT(seconds, 30.0);
}

}  // namespace
}  // namespace synack::capture

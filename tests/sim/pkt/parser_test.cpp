// The packetdrill parser on small scripts of our own, one construct per test.
#include "sim/pkt/parser.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/tcp_segment.hpp"

namespace synack::pkt {
namespace {

namespace flag = tcp::flag;

Script parse(std::string_view text) {
  return parse_script(text, "test.pkt");
}

// The one event of a one-event script, as the expected alternative.
template <typename T>
T only(std::string_view text) {
  const Script s = parse(text);
  EXPECT_EQ(s.events.size(), 1u) << text;
  if (s.events.size() != 1 || !std::holds_alternative<T>(s.events[0].body)) {
    ADD_FAILURE() << "not the expected kind of event: " << text;
    return T{};
  }
  return std::get<T>(s.events[0].body);
}

TcpPacket only_packet(std::string_view text) {
  return only<PacketEvent>(text).packet;
}

// --- script structure ------------------------------------------------------------------------

TEST(PktParser, EmptyScriptHasNoEventsAndDefaultTolerance) {
  const Script s = parse("");
  EXPECT_EQ(s.file, "test.pkt");
  EXPECT_TRUE(s.events.empty());
  EXPECT_TRUE(s.options.empty());
  EXPECT_EQ(s.tolerance_usecs, 4000);
}

TEST(PktParser, HeaderOptionsAreKeptAndToleranceIsANumber) {
  const Script s = parse("--ip_version=ipv6\n  --tolerance_usecs=25000\n--dry-run\n");
  EXPECT_EQ(s.options.at("ip_version"), "ipv6");
  EXPECT_EQ(s.options.at("tolerance_usecs"), "25000");
  EXPECT_EQ(s.options.at("dry-run"), "");
  EXPECT_EQ(s.tolerance_usecs, 25000);
}

TEST(PktParser, CommentsAndBlankLinesAreSkipped) {
  const Script s = parse(
      "// a heading\n"
      "\n"
      "/* a block\n"
      "   over lines */ +0.5 close(9) = 0 // after\n"
      "\t\r\n"
      "+0 /* inline */ close(8) = 0\n");
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].pos.line, 4);
  EXPECT_EQ(s.events[0].pos.column, 18);
  EXPECT_EQ(s.events[1].pos.line, 6);
  EXPECT_EQ(std::get<SyscallEvent>(s.events[1].body).name, "close");
}

// --- times -----------------------------------------------------------------------------------

TEST(PktParser, TimesAreMicroseconds) {
  const Script s = parse(
      "1.25 close(1) = 0\n"
      "+0.003 close(1) = 0\n"
      "* close(1) = 0\n"
      "2 close(1) = 0\n"
      "0.1~0.25 close(1) = 0\n"
      "+0.1~+0.2 close(1) = 0\n"
      "+0.000001 close(1) = 0\n");
  ASSERT_EQ(s.events.size(), 7u);
  EXPECT_EQ(s.events[0].time.kind, TimeKind::Absolute);
  EXPECT_EQ(s.events[0].time.usecs, 1'250'000);
  EXPECT_FALSE(s.events[0].time.end_usecs);
  EXPECT_EQ(s.events[1].time.kind, TimeKind::Relative);
  EXPECT_EQ(s.events[1].time.usecs, 3'000);
  EXPECT_EQ(s.events[2].time.kind, TimeKind::Any);
  EXPECT_EQ(s.events[3].time.usecs, 2'000'000);
  EXPECT_EQ(s.events[4].time.usecs, 100'000);
  EXPECT_EQ(s.events[4].time.end_usecs, 250'000);
  EXPECT_EQ(s.events[5].time.kind, TimeKind::Relative);
  EXPECT_EQ(s.events[5].time.end_usecs, 200'000);
  EXPECT_EQ(s.events[6].time.usecs, 1);
}

// --- packets ---------------------------------------------------------------------------------

TEST(PktParser, InboundSynWithEveryCommonOption) {
  const PacketEvent pe = only<PacketEvent>(
      "+0.2 < S 100:100(0) win 8192 <mss 536,nop,wscale 3,sackOK,TS val 7 ecr 0,eol>\n");
  const TcpPacket& p = pe.packet;
  EXPECT_EQ(pe.direction, Direction::Inbound);
  EXPECT_EQ(p.flags, flag::SYN);
  EXPECT_EQ(p.flags_text, "S");
  EXPECT_EQ(p.seq_start, 100u);
  EXPECT_EQ(p.seq_end, 100u);
  EXPECT_EQ(p.payload_len, 0u);
  EXPECT_FALSE(p.ack);
  EXPECT_EQ(p.window, 8192);
  EXPECT_FALSE(p.urgent);
  EXPECT_EQ(p.ecn, Ecn::Unspecified);
  ASSERT_EQ(p.options.size(), 6u);
  EXPECT_EQ(p.options[0].kind, OptionKind::Mss);
  EXPECT_EQ(p.options[0].name, "mss");
  EXPECT_EQ(p.options[0].text, "mss 536");
  EXPECT_EQ(p.options[0].value, 536u);
  EXPECT_EQ(p.options[0].pos.column, 31);
  EXPECT_EQ(p.options[1].kind, OptionKind::Nop);
  EXPECT_EQ(p.options[2].kind, OptionKind::WindowScale);
  EXPECT_EQ(p.options[2].value, 3u);
  EXPECT_EQ(p.options[3].kind, OptionKind::SackPermitted);
  EXPECT_EQ(p.options[4].kind, OptionKind::Timestamp);
  EXPECT_EQ(p.options[4].ts_val, 7u);
  EXPECT_EQ(p.options[4].ts_ecr, 0u);
  EXPECT_EQ(p.options[4].text, "TS val 7 ecr 0");
  EXPECT_EQ(p.options[5].kind, OptionKind::Eol);
  EXPECT_EQ(p.mss(), 536);
}

TEST(PktParser, OutboundSynAckWithAck) {
  const PacketEvent pe = only<PacketEvent>("+0 > S. 0:0(0) ack 101 win 5840\n");
  EXPECT_EQ(pe.direction, Direction::Outbound);
  EXPECT_EQ(pe.packet.flags, flag::SYN | flag::ACK);
  EXPECT_TRUE(pe.packet.has(flag::SYN | flag::ACK));
  EXPECT_EQ(pe.packet.flags_text, "S.");
  EXPECT_EQ(pe.packet.ack, 101u);
  EXPECT_EQ(pe.packet.window, 5840);
  EXPECT_TRUE(pe.packet.options.empty());
  EXPECT_FALSE(pe.packet.mss());
}

TEST(PktParser, DataSegmentHasPayloadLength) {
  const TcpPacket p = only_packet("+0 <  P.   1:501(500)   ack 1   win 4000\n");
  EXPECT_EQ(p.flags, flag::PSH | flag::ACK);
  EXPECT_EQ(p.seq_start, 1u);
  EXPECT_EQ(p.seq_end, 501u);
  EXPECT_EQ(p.payload_len, 500u);
}

TEST(PktParser, SequenceRangeMayWrapAround) {
  const TcpPacket p = only_packet("+0 < . 4294967290:4(10) ack 1\n");
  EXPECT_EQ(p.seq_start, 4294967290u);
  EXPECT_EQ(p.seq_end, 4u);
  EXPECT_EQ(p.payload_len, 10u);
}

TEST(PktParser, EveryFlagLetter) {
  EXPECT_EQ(only_packet("0 > . 1:1(0) ack 1\n").flags, flag::ACK);
  EXPECT_EQ(only_packet("0 > F. 1:1(0) ack 1\n").flags, flag::FIN | flag::ACK);
  EXPECT_EQ(only_packet("0 < R 1:1(0)\n").flags, flag::RST);
  EXPECT_EQ(only_packet("0 > R. 1:1(0) ack 1\n").flags, flag::RST | flag::ACK);
  EXPECT_EQ(only_packet("0 < SEW 0:0(0)\n").flags, flag::SYN | flag::ECE | flag::CWR);
  EXPECT_EQ(only_packet("0 > SE. 0:0(0) ack 1\n").flags, flag::SYN | flag::ECE | flag::ACK);
  const TcpPacket none = only_packet("0 < - 1:1(0)\n");
  EXPECT_EQ(none.flags, 0);
  EXPECT_EQ(none.flags_text, "-");
  const TcpPacket urgent = only_packet("0 < U. 1:2(1) ack 1 win 10 urg 1\n");
  EXPECT_EQ(urgent.flags, flag::URG | flag::ACK);
  EXPECT_EQ(urgent.urgent, 1);
}

TEST(PktParser, EcnCodepointInBrackets) {
  const TcpPacket a = only_packet("0 <[ect1] . 1:1(0) ack 1\n");
  EXPECT_EQ(a.ecn, Ecn::Ect1);
  EXPECT_EQ(a.ip_info, "ect1");
  EXPECT_EQ(a.flags, flag::ACK);
  EXPECT_EQ(only_packet("0 > [ ce ] P. 1:3(2) ack 1\n").ecn, Ecn::Ce);
  EXPECT_EQ(only_packet("0 < [noecn] . 1:1(0) ack 1\n").ecn, Ecn::NoEcn);
  EXPECT_EQ(only_packet("0 < [ect0] . 1:1(0) ack 1\n").ecn, Ecn::Ect0);
  EXPECT_EQ(only_packet("0 < [ect01] . 1:1(0) ack 1\n").ecn, Ecn::Ect01);
  const TcpPacket other = only_packet("0 < [tos 0x10] . 1:1(0) ack 1\n");
  EXPECT_EQ(other.ecn, Ecn::Unspecified);
  EXPECT_EQ(other.ip_info, "tos 0x10");
}

TEST(PktParser, AnySequenceNumberWithLength) {
  const TcpPacket p = only_packet("+0 > S. ...(0) ack 77 win 1000 <mss 1200>\n");
  EXPECT_TRUE(p.seq_any);
  EXPECT_EQ(p.payload_len, 0u);
  EXPECT_EQ(p.ack, 77u);
  EXPECT_EQ(p.mss(), 1200);
}

TEST(PktParser, AnyOptions) {
  const TcpPacket p = only_packet("+0 > S. 0:0(0) ack 1 <...>\n");
  EXPECT_TRUE(p.options_any);
  EXPECT_TRUE(p.options.empty());
}

TEST(PktParser, SackBlocksAndUnknownOptions) {
  const TcpPacket p = only_packet("+0 > . 1:1(0) ack 1 <nop, nop,sack 10:20 30:40 , FO abcd>\n");
  ASSERT_EQ(p.options.size(), 4u);
  const TcpOption& sack = p.options[2];
  EXPECT_EQ(sack.kind, OptionKind::Sack);
  ASSERT_EQ(sack.sack_blocks.size(), 2u);
  EXPECT_EQ(sack.sack_blocks[0].left, 10u);
  EXPECT_EQ(sack.sack_blocks[0].right, 20u);
  EXPECT_EQ(sack.sack_blocks[1].left, 30u);
  EXPECT_EQ(sack.sack_blocks[1].right, 40u);
  EXPECT_EQ(sack.text, "sack 10:20 30:40");
  EXPECT_EQ(p.options[3].kind, OptionKind::Other);
  EXPECT_EQ(p.options[3].name, "FO");
  EXPECT_EQ(p.options[3].text, "FO abcd");
}

// --- system calls ----------------------------------------------------------------------------

TEST(PktParser, SyscallWithSymbolsAndEllipsis) {
  const SyscallEvent sc = only<SyscallEvent>("+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 7\n");
  EXPECT_EQ(sc.name, "socket");
  ASSERT_EQ(sc.args.size(), 3u);
  EXPECT_EQ(sc.args[0].kind, Expr::Kind::Ellipsis);
  EXPECT_EQ(sc.args[1].kind, Expr::Kind::Symbol);
  EXPECT_EQ(sc.args[1].text, "SOCK_STREAM");
  EXPECT_EQ(sc.args[1].pos.column, 16);
  EXPECT_EQ(sc.args[2].text, "IPPROTO_TCP");
  EXPECT_EQ(sc.result, 7);
  EXPECT_EQ(sc.result_pos.column, 44);
  EXPECT_FALSE(sc.errno_name);
  EXPECT_FALSE(sc.note);
}

TEST(PktParser, SyscallFailingWithErrnoAndNote) {
  const SyscallEvent sc =
      only<SyscallEvent>("+0 connect(5, ..., ...) = -1 EINPROGRESS (still (really) busy)\n");
  EXPECT_EQ(sc.result, -1);
  EXPECT_EQ(sc.errno_name, "EINPROGRESS");
  EXPECT_EQ(sc.note, "still (really) busy");
  const SyscallEvent bare = only<SyscallEvent>("+0 read(5, ..., 10) = -1 EAGAIN\n");
  EXPECT_EQ(bare.errno_name, "EAGAIN");
  EXPECT_FALSE(bare.note);
}

TEST(PktParser, ArraysAsPointersToValues) {
  const SyscallEvent sc =
      only<SyscallEvent>("+0 getsockopt(5, SOL_SOCKET, SO_ERROR, [ETIMEDOUT], [4]) = 0\n");
  ASSERT_EQ(sc.args.size(), 5u);
  const Expr& err = sc.args[3];
  EXPECT_EQ(err.kind, Expr::Kind::Array);
  ASSERT_EQ(err.elements.size(), 1u);
  EXPECT_EQ(err.elements[0].kind, Expr::Kind::Symbol);
  EXPECT_EQ(err.elements[0].text, "ETIMEDOUT");
  EXPECT_EQ(sc.args[4].elements[0].kind, Expr::Kind::Integer);
  EXPECT_EQ(sc.args[4].elements[0].integer, 4);
  EXPECT_EQ(only<SyscallEvent>("0 f([]) = 0\n").args[0].elements.size(), 0u);
}

TEST(PktParser, BitOrAndHexResultWithNote) {
  const SyscallEvent set =
      only<SyscallEvent>("+0 fcntl(6, F_SETFL, O_RDWR|O_NONBLOCK | O_APPEND) = 0\n");
  const Expr& mode = set.args[2];
  EXPECT_EQ(mode.kind, Expr::Kind::BitOr);
  ASSERT_EQ(mode.elements.size(), 3u);
  EXPECT_EQ(mode.elements[0].text, "O_RDWR");
  EXPECT_EQ(mode.elements[2].text, "O_APPEND");
  const SyscallEvent get = only<SyscallEvent>("+0 fcntl(6, F_GETFL) = 0x1f (flags O_RDWR)\n");
  EXPECT_EQ(get.result, 0x1f);
  EXPECT_FALSE(get.errno_name);
  EXPECT_EQ(get.note, "flags O_RDWR");
}

TEST(PktParser, StructsCallsStringsAndNegativeNumbers) {
  const SyscallEvent sc = only<SyscallEvent>(
      "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger = 0}, 8) = 0\n");
  const Expr& linger = sc.args[3];
  EXPECT_EQ(linger.kind, Expr::Kind::Struct);
  ASSERT_EQ(linger.elements.size(), 2u);
  EXPECT_EQ(linger.elements[0].field, "l_onoff");
  EXPECT_EQ(linger.elements[0].integer, 1);
  EXPECT_EQ(linger.elements[1].field, "l_linger");

  const SyscallEvent addr = only<SyscallEvent>(
      "0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), "
      "sin_addr=inet_addr(\"10.0.0.1\\\"x\")}, -16) = 0\n");
  const Expr& sa = addr.args[1];
  ASSERT_EQ(sa.elements.size(), 3u);
  const Expr& port = sa.elements[1];
  EXPECT_EQ(port.kind, Expr::Kind::Call);
  EXPECT_EQ(port.text, "htons");
  ASSERT_EQ(port.elements.size(), 1u);
  EXPECT_EQ(port.elements[0].integer, 8080);
  const Expr& ip = sa.elements[2].elements[0];
  EXPECT_EQ(ip.kind, Expr::Kind::String);
  EXPECT_EQ(ip.text, "10.0.0.1\"x");
  EXPECT_EQ(addr.args[2].integer, -16);

  const SyscallEvent poll =
      only<SyscallEvent>("0 poll([{fd=4, events=POLLIN|POLLOUT, revents=0}, {...}], 2, 100) = 0\n");
  const Expr& fds = poll.args[0];
  ASSERT_EQ(fds.elements.size(), 2u);
  EXPECT_EQ(fds.elements[0].elements[1].kind, Expr::Kind::BitOr);
  EXPECT_EQ(fds.elements[1].elements[0].kind, Expr::Kind::Ellipsis);
  EXPECT_EQ(fds.elements[1].elements[0].field, "");
}

TEST(PktParser, SyscallVariants) {
  EXPECT_TRUE(only<SyscallEvent>("+0 getpid() = 10\n").args.empty());
  EXPECT_EQ(only<SyscallEvent>("+0 write (4, ..., 10) = 10\n").name, "write");
  const SyscallEvent blocking = only<SyscallEvent>("0.000...0.500 accept(3, ..., ...) = 4\n");
  EXPECT_EQ(blocking.end_usecs, 500'000);
  const SyscallEvent lines = only<SyscallEvent>(
      "+0 sendto(4, ...,\n"
      "          100, 0, ...,\n"
      "          16) = 100\n");
  EXPECT_EQ(lines.args.size(), 6u);
  EXPECT_EQ(lines.result, 100);
}

// --- shell and code --------------------------------------------------------------------------

TEST(PktParser, ShellCommand) {
  const ShellEvent sh = only<ShellEvent>("0 `sysctl -w net.inet.tcp.something=3 | cat`\n");
  EXPECT_EQ(sh.command, "sysctl -w net.inet.tcp.something=3 | cat");
}

TEST(PktParser, CodeBlocksOnOneOrManyLines) {
  EXPECT_EQ(only<CodeEvent>("+0 %{ assert tcpi_state == TCPI_LAST_ACK }%\n").code,
            "assert tcpi_state == TCPI_LAST_ACK");
  const Script s = parse(
      "+0 %{\n"
      "x = 1\n"
      "assert x == 1\n"
      "}%\n"
      "+0 close(3) = 0\n");
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(std::get<CodeEvent>(s.events[0].body).code, "x = 1\nassert x == 1");
  EXPECT_EQ(s.events[1].pos.line, 5);
}

// --- conditional blocks ----------------------------------------------------------------------

TEST(PktParser, IfdefBlocksAttachConditionsToEvents) {
  const Script s = parse(
      "0 close(1) = 0\n"
      "#ifdef LINUX\n"
      "+0 close(2) = 0\n"
      "  #ifndef OLD\n"
      "+0 close(3) = 0\n"
      "  #endif\n"
      "#else // anything else\n"
      "+0 close(4) = 0\n"
      "#endif\n"
      "+0 close(5) = 0\n");
  ASSERT_EQ(s.events.size(), 5u);
  EXPECT_TRUE(s.events[0].conditions.empty());
  ASSERT_EQ(s.events[1].conditions.size(), 1u);
  EXPECT_EQ(s.events[1].conditions[0].symbol, "LINUX");
  EXPECT_TRUE(s.events[1].conditions[0].defined);
  EXPECT_EQ(s.events[1].conditions[0].pos.line, 2);
  ASSERT_EQ(s.events[2].conditions.size(), 2u);
  EXPECT_EQ(s.events[2].conditions[1].symbol, "OLD");
  EXPECT_FALSE(s.events[2].conditions[1].defined);
  ASSERT_EQ(s.events[3].conditions.size(), 1u);
  EXPECT_FALSE(s.events[3].conditions[0].defined);
  EXPECT_TRUE(s.events[4].conditions.empty());

  auto active = [&s](const std::set<std::string>& defines) {
    std::string fds;
    for (const Event& e : s.events) {
      if (enabled(e, defines)) fds += to_string(std::get<SyscallEvent>(e.body).args[0]);
    }
    return fds;
  };
  EXPECT_EQ(active({}), "145");
  EXPECT_EQ(active({"LINUX"}), "1235");
  EXPECT_EQ(active({"LINUX", "OLD"}), "125");
  EXPECT_EQ(active({"OLD"}), "145");
}

// --- files -----------------------------------------------------------------------------------

TEST(PktParser, ParseFileReadsTheFileAndKeepsItsName) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "synack_pkt_parser_test.pkt").string();
  {
    std::ofstream out(path);
    out << "--tolerance_usecs=1000\n0 < S 0:0(0) win 100\n";
  }
  const Script s = parse_file(path);
  std::remove(path.c_str());
  EXPECT_EQ(s.file, path);
  EXPECT_EQ(s.tolerance_usecs, 1000);
  ASSERT_EQ(s.events.size(), 1u);
}

TEST(PktParser, ParseFileReportsAMissingFile) {
  try {
    parse_file("/nonexistent/dir/missing.pkt");
    FAIL() << "no error";
  } catch (const ParseError& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/dir/missing.pkt: cannot read file: No such file or directory");
    EXPECT_EQ(e.position().line, 0);
    EXPECT_EQ(e.file(), "/nonexistent/dir/missing.pkt");
  }
  EXPECT_THROW(parse_file(std::filesystem::temp_directory_path().string()), ParseError);
}

// packetdrill's ICMP lines, as the rcv-icmp scripts write them.
TEST(PktParser, IcmpLines) {
  const PacketEvent pe = only<PacketEvent>("+0.1 < icmp unreachable port_unreachable [0:0(0)]\n");
  ASSERT_TRUE(pe.icmp);
  EXPECT_EQ(pe.direction, Direction::Inbound);
  EXPECT_EQ(pe.icmp->type, 3);
  EXPECT_EQ(pe.icmp->code, 3);
  EXPECT_EQ(pe.icmp->seq_start, 0u);
  EXPECT_EQ(to_string(pe), "< icmp unreachable port_unreachable [0:0(0)]");

  const PacketEvent mtu = only<PacketEvent>("+0 <icmp unreachable frag_needed mtu 1234 [1:1(0)]\n");
  ASSERT_TRUE(mtu.icmp);
  EXPECT_EQ(mtu.icmp->code, 4);
  EXPECT_EQ(mtu.icmp->mtu, 1234);
  EXPECT_EQ(mtu.icmp->seq_start, 1u);

  const PacketEvent ttl =
      only<PacketEvent>("+0 < icmp time_exceeded ttl_exceeded_in_transit [4294967295:4294967295(0)]\n");
  EXPECT_EQ(ttl.icmp->type, 11);
  EXPECT_EQ(ttl.icmp->seq_start, 4294967295u);
  EXPECT_EQ(only<PacketEvent>("+0 < icmp parameter_problem code_2 [0:0(0)]\n").icmp->code, 2);
  const PacketEvent redirect = only<PacketEvent>("+0 < icmp redirect [0:0(0)]\n");
  EXPECT_EQ(redirect.icmp->type, 5);
  EXPECT_TRUE(redirect.icmp->code_name.empty());
  EXPECT_EQ(to_string(redirect), "< icmp redirect [0:0(0)]");
}

}  // namespace
}  // namespace synack::pkt

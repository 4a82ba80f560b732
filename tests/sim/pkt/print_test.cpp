// Printing script structs back to packetdrill notation.
#include <gtest/gtest.h>

#include "core/tcp_segment.hpp"
#include "sim/pkt/parser.hpp"

namespace synack::pkt {
namespace {

namespace flag = tcp::flag;

TEST(PktPrint, PacketBuiltByHandHasNoFlagsText) {
  TcpPacket p;
  p.flags = flag::SYN | flag::ACK;
  p.ack = 1;
  p.window = 65535;
  EXPECT_EQ(to_string(p), "S. 0:0(0) ack 1 win 65535");

  TcpPacket rst;
  rst.flags = flag::RST;
  EXPECT_EQ(to_string(PacketEvent{Direction::Outbound, rst}), "> R 0:0(0)");

  TcpPacket none;
  none.seq_start = 5;
  none.seq_end = 7;
  none.payload_len = 2;
  none.urgent = 1;
  EXPECT_EQ(to_string(none), "- 5:7(2) urg 1");

  TcpPacket every;
  every.flags = 0xff;
  every.ecn = Ecn::Ce;
  every.seq_any = true;
  every.options_any = true;
  EXPECT_EQ(to_string(every), "[ce] SFRPUEW. ...(0) <...>");
}

TEST(PktPrint, OptionsFromTheirFields) {
  TcpPacket p;
  p.flags = flag::SYN;
  TcpOption mss;
  mss.kind = OptionKind::Mss;
  mss.value = 1460;
  TcpOption ts;
  ts.kind = OptionKind::Timestamp;
  ts.ts_val = 10;
  ts.ts_ecr = 20;
  TcpOption sack;
  sack.kind = OptionKind::Sack;
  sack.sack_blocks = {{1, 2}, {5, 9}};
  TcpOption ws;
  ws.kind = OptionKind::WindowScale;
  ws.value = 7;
  TcpOption other;
  other.name = "md5";
  other.text = "md5 key";
  TcpOption bare;
  bare.name = "exp";
  p.options = {mss, TcpOption{}, ts, sack, ws, other, bare};
  p.options[1].kind = OptionKind::SackPermitted;
  EXPECT_EQ(to_string(p),
            "S 0:0(0) <mss 1460,sackOK,TS val 10 ecr 20,sack 1:2 5:9,wscale 7,md5 key,exp>");
}

TEST(PktPrint, Times) {
  EXPECT_EQ(to_string(TimeSpec{TimeKind::Absolute, 0, {}}), "0");
  EXPECT_EQ(to_string(TimeSpec{TimeKind::Absolute, 100'000, {}}), "0.1");
  EXPECT_EQ(to_string(TimeSpec{TimeKind::Relative, 1'500'001, {}}), "+1.500001");
  EXPECT_EQ(to_string(TimeSpec{TimeKind::Relative, 100'000, 200'000}), "+0.1~+0.2");
  EXPECT_EQ(to_string(TimeSpec{TimeKind::Absolute, 2'000'000, 3'000'000}), "2~3");
  EXPECT_EQ(to_string(TimeSpec{TimeKind::Any, 0, {}}), "*");
}

TEST(PktPrint, SyscallsAndExpressions) {
  const Script s = parse_script(
      "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0\n"
      "+0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)\n"
      "+0 f({a=1, b=\"q\\\"\\n\"}, x(1, ...), A|B) = -1 EIO\n",
      "p.pkt");
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(to_string(std::get<SyscallEvent>(s.events[0].body)),
            "getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0");
  EXPECT_EQ(to_string(std::get<SyscallEvent>(s.events[1].body)),
            "fcntl(3, F_GETFL) = 2 (flags O_RDWR)");
  EXPECT_EQ(to_string(std::get<SyscallEvent>(s.events[2].body)),
            "f({a=1, b=\"q\\\"\\n\"}, x(1, ...), A | B) = -1 EIO");
  Expr n;
  n.kind = Expr::Kind::Integer;
  n.integer = -42;
  EXPECT_EQ(to_string(n), "-42");
}

// Each printed line reads back to the same structs (compared through their printed form).
TEST(PktPrint, WholeLinesRoundTrip) {
  const std::string lines[] = {
      "0.25 < S 10:10(0) win 1000 <mss 1000,nop,wscale 2,sackOK,TS val 5 ecr 0,eol>",
      "+0.1~+0.2 > [ect0] P. 1:11(10) ack 1",
      "* > S. ...(0) ack 1 <...>",
      "+0 < - 5:5(0) urg 3",
      "0.1...0.3 accept(3, ..., ...) = 4",
      "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)",
      "+0 `sysctl -w x=1`",
      "+0 %{ assert tcpi_state == TCPI_CLOSED }%",
  };
  for (const std::string& line : lines) {
    const Script once = parse_script(line, "rt.pkt");
    ASSERT_EQ(once.events.size(), 1u);
    const std::string printed = to_string(once.events[0]);
    EXPECT_EQ(printed, line);
    const Script twice = parse_script(printed, "rt.pkt");
    ASSERT_EQ(twice.events.size(), 1u);
    EXPECT_EQ(to_string(twice.events[0]), printed);
  }
}

}  // namespace
}  // namespace synack::pkt

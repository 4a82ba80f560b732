// Numbers, times and files a script may hold past what fits: every number is read by the one
// checked reader and a misfit names file:line:column; times stay within a day; files are read
// with a cap whatever they are; echoed input is escaped.
#include <gtest/gtest.h>

#include <string>

#include "sim/pkt/executor.hpp"
#include "sim/pkt/parser.hpp"

namespace synack::pkt {
namespace {

Outcome run(const std::string& text) { return run_script(parse_script(text, "big.pkt")); }

std::string error_of(const std::string& text) {
  try {
    parse_script(text, "big.pkt");
  } catch (const ParseError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(PktLimits, NumbersInShellLinesAndCodeBlocksThatDoNotFitNameTheirPlace) {
  const struct {
    std::string script;
    std::string message;
  } cases[] = {
      {"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
       "+0 `sysctl -w net.inet.tcp.insecure_rst=99999999999999999999`\n",
       "big.pkt:2:41: expected a sysctl value from -2147483648 to 2147483647, found "
       "'99999999999999999999'"},
      {"0 `sysctl -w net.inet.tcp.drop_synfin=-9223372036854775809`\n",
       "big.pkt:1:39: expected a sysctl value from -2147483648 to 2147483647, found "
       "'-9223372036854775809'"},
      {"0 `sysctl -w net.inet.tcp.rexmit_initial=9223372036854775807`\n",
       "big.pkt:1:42: expected a retransmission timeout in milliseconds from 1 to 86400000, found "
       "'9223372036854775807'"},
      {"0 `sysctl -w net.inet.tcp.rexmit_initial=0`\n",
       "big.pkt:1:42: expected a retransmission timeout in milliseconds from 1 to 86400000, found "
       "'0'"},
      {"0 `sockstat -4 | grep -c LISTEN | grep 3000000000`\n",
       "big.pkt:1:40: expected a count of connections up to 2147483647, found '3000000000'"},
      {"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
       "+0 %{\n  assert tcpi_options == 99999999999999999999999\n}%\n",
       "big.pkt:3:26: expected a tcpi_options bit mask up to 4294967295, found "
       "'99999999999999999999999'"},
  };
  for (const auto& c : cases) {
    const Outcome o = run(c.script);
    EXPECT_EQ(o.verdict, Verdict::Failed) << c.script;
    EXPECT_EQ(o.message, c.message) << c.script;
  }
}

TEST(PktLimits, RexmitInitialOfADayIsTaken) {
  const Outcome o = run("0 `sysctl -w net.inet.tcp.rexmit_initial=86400000`\n");
  EXPECT_EQ(o.verdict, Verdict::Passed) << o.message;
}

TEST(PktLimits, NumbersInSyscallArgumentsOutsideAnIntAreNotCutDown) {
  // 4294967299 is 3 in 32 bits: it must not stand for socket 3.
  const Outcome o = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(4294967299) = 0\n");
  EXPECT_EQ(o.verdict, Verdict::Failed);
  EXPECT_NE(o.message.find("4294967299 is not an open socket"), std::string::npos) << o.message;
  const Outcome backlog =
      run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 listen(3, 9223372036854775807) = 0\n");
  EXPECT_EQ(backlog.verdict, Verdict::Skipped) << backlog.message;
}

TEST(PktLimits, ToleranceAndTimesGoUpToADay) {
  EXPECT_EQ(error_of("--tolerance_usecs=86400000001\n"),
            "big.pkt:1:19: expected a whole number of microseconds for --tolerance_usecs up to "
            "86400000000, found '86400000001'");
  EXPECT_EQ(error_of("--tolerance_usecs=12x\n"),
            "big.pkt:1:19: expected a whole number of microseconds for --tolerance_usecs, found "
            "'12x'");
  EXPECT_EQ(parse_script("--tolerance_usecs=86400000000\n", "t").tolerance_usecs, 86'400'000'000);
  EXPECT_EQ(error_of("86400.000001 close(3) = 0\n"),
            "big.pkt:1:1: expected an event time such as '0.1', '+0.1' or '*' up to 86400, found "
            "'86400.000001'");
  // Relative times add up; the sum may not pass a day either.
  const Outcome o =
      run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+86400 close(3) = 0\n"
          "+86400 close(3) = 0\n");
  EXPECT_EQ(o.verdict, Verdict::Failed);
  EXPECT_EQ(o.line, 3);
  EXPECT_NE(o.message.find("passes 86400 s"), std::string::npos) << o.message;
}

TEST(PktLimits, EchoedInputIsEscaped) {
  const Outcome o = run("0 %{ line one\n\x01line two }%\n");
  EXPECT_EQ(o.verdict, Verdict::Skipped);
  EXPECT_EQ(o.message, "the code block 'line one\\n\\x01line two'");
  EXPECT_EQ(error_of("--tolerance_usecs=1\x02\n"),
            "big.pkt:1:19: expected a whole number of microseconds for --tolerance_usecs, found "
            "'1\\x02'");
}

TEST(PktLimits, EndlessFilesAreCapped) {
  const Outcome o = run_file("/dev/zero");
  EXPECT_EQ(o.verdict, Verdict::Failed);
  EXPECT_EQ(o.message,
            "/dev/zero: cannot read file: more than 16 MiB (16777216 bytes), the most an input "
            "file may hold");
  EXPECT_EQ(run_file("/dev/null").verdict, Verdict::Passed);  // an empty script
}

}  // namespace
}  // namespace synack::pkt

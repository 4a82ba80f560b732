// Syntax errors name file, line and column and say what was expected and found; no input,
// however broken, makes the parser crash, hang or throw anything but ParseError.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "sim/pkt/parser.hpp"

namespace synack::pkt {
namespace {

// The message of the ParseError the text raises, or "no error".
std::string error_of(std::string_view text) {
  try {
    parse_script(text, "bad.pkt");
  } catch (const ParseError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PktParserErrors, LineWithoutTime) {
  EXPECT_EQ(error_of("\n  close(3) = 0\n"),
            "bad.pkt:2:3: expected an event time such as '0.1', '+0.1' or '*', found 'close'");
  EXPECT_EQ(error_of("+ close(3) = 0"), "bad.pkt:1:3: expected a time after '+', found 'close'");
}

TEST(PktParserErrors, ErrorKnowsFileAndPosition) {
  try {
    parse_script("0 close(3) = 0\n+0 close(4 ack) = 0\n", "x.pkt");
    FAIL() << "no error";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.file(), "x.pkt");
    EXPECT_EQ(e.position().line, 2);
    EXPECT_EQ(e.position().column, 12);
    EXPECT_STREQ(e.what(), "x.pkt:2:12: expected ',' or ')' after an argument, found 'ack'");
  }
}

TEST(PktParserErrors, WhatFollowsTheTime) {
  EXPECT_EQ(error_of("+0 ! close(3) = 0"),
            "bad.pkt:1:4: expected a packet ('<' or '>'), a system call, a `command` or a "
            "%{ code }% block, found '!'");
  EXPECT_EQ(error_of("+0\n"),
            "bad.pkt:1:3: expected a packet ('<' or '>'), a system call, a `command` or a "
            "%{ code }% block, found end of line");
  EXPECT_EQ(error_of("0...1 < S 0:0(0)"),
            "bad.pkt:1:7: expected a system call after the blocking end time, found '<'");
}

TEST(PktParserErrors, TruncatedPackets) {
  EXPECT_EQ(error_of("+0 <"),
            "bad.pkt:1:5: expected TCP flags such as 'S', 'S.', '.', 'F.', 'R' or '-', found "
            "end of file");
  EXPECT_EQ(error_of("+0 < S\n"),
            "bad.pkt:1:7: expected a sequence number range 'start:end(length)', found end of "
            "line");
  EXPECT_EQ(error_of("+0 < S 0:"),
            "bad.pkt:1:10: expected an end sequence number, found end of file");
  EXPECT_EQ(error_of("+0 < S 0:0(\n"),
            "bad.pkt:1:12: expected a payload length, found end of line");
  EXPECT_EQ(error_of("+0 < S 0:0(0 win 5"),
            "bad.pkt:1:14: expected ')' after the payload length, found 'win'");
  EXPECT_EQ(error_of("+0 > . 1:1(0) ack\n"),
            "bad.pkt:1:18: expected a number after 'ack', found end of line");
  EXPECT_EQ(error_of("+0 > S. 0:0(0) ack 1 <mss 1460,"),
            "bad.pkt:1:32: expected a TCP option such as 'mss 1460', 'nop', 'sackOK' or "
            "'TS val 1 ecr 0', found end of file");
  EXPECT_EQ(error_of("+0 > S. 0:0(0) ack 1 <mss 1460 nop>"),
            "bad.pkt:1:32: expected ',' or '>' after a TCP option, found 'nop'");
  EXPECT_EQ(error_of("+0 > S 0:0(0) <TS 5 ecr 1>"),
            "bad.pkt:1:19: expected 'val' after 'TS', found '5'");
  EXPECT_EQ(error_of("+0 > [ect0 . 1:1(0)"),
            "bad.pkt:1:20: expected ']' closing the '[' at 1:6, found end of file");
}

TEST(PktParserErrors, PacketFieldsThatDoNotFit) {
  EXPECT_EQ(error_of("+0 < X 0:0(0)"),
            "bad.pkt:1:6: expected TCP flags such as 'S', 'S.', '.', 'F.', 'R' or '-', found 'X'");
  EXPECT_EQ(error_of("+0 < . 1:11(9) ack 1"),
            "bad.pkt:1:13: expected payload length 10 (end - start), found '9'");
  EXPECT_EQ(error_of("+0 < . 1:99999999999(0)"),
            "bad.pkt:1:10: expected an end sequence number up to 4294967295, found '99999999999'");
  EXPECT_EQ(error_of("+0 < . 1:1(0) win 65536"),
            "bad.pkt:1:19: expected a window after 'win' up to 65535, found '65536'");
  EXPECT_EQ(error_of("+0 < S 0:0(0) <mss 70000>"),
            "bad.pkt:1:20: expected an MSS value after 'mss' up to 65535, found '70000'");
  EXPECT_EQ(error_of("+0 < . 1:1(0) ack 1 ack 2"),
            "bad.pkt:1:21: expected one 'ack' per packet, found 'ack'");
  EXPECT_EQ(error_of("+0 > . 1:1(0) ack 1 wnd 5"),
            "bad.pkt:1:21: expected 'ack', 'win', 'urg', '<' options or end of line, found 'wnd'");
  EXPECT_EQ(error_of("+0 > . 1:1(0) ack 1 <nop> 5"),
            "bad.pkt:1:27: expected end of line after the TCP options, found '5'");
}

TEST(PktParserErrors, BrokenSyscalls) {
  EXPECT_EQ(error_of("+0 close 3 = 0"), "bad.pkt:1:10: expected '(' after 'close', found '3'");
  EXPECT_EQ(error_of("+0 close(3)"),
            "bad.pkt:1:12: expected '=' and the expected result after the arguments, found end "
            "of file");
  EXPECT_EQ(error_of("+0 close(3) = x"),
            "bad.pkt:1:15: expected an integer result after '=', found 'x'");
  EXPECT_EQ(error_of("+0 close(3) = 99999999999999999999"),
            "bad.pkt:1:15: expected an integer result after '=' that fits in 64 bits, found "
            "'99999999999999999999'");
  EXPECT_EQ(error_of("+0 close(3) = -1 EIO (oops\n"),
            "bad.pkt:1:27: expected ')' closing the note opened at 1:22, found end of line");
  EXPECT_EQ(error_of("+0 close(3) = 0 EIO (x) y"),
            "bad.pkt:1:25: expected end of line after the event, found 'y'");
  EXPECT_EQ(error_of("+0 f(3, ) = 0"),
            "bad.pkt:1:9: expected an argument: a number, a name, '...', '[', '{' or '\"', "
            "found ')'");
  EXPECT_EQ(error_of("+0 f([1, 2) = 0"),
            "bad.pkt:1:11: expected ',' or ']' after an array element, found ')'");
  EXPECT_EQ(error_of("+0 f({a=1 b=2}) = 0"),
            "bad.pkt:1:11: expected ',' or '}' after a struct member, found 'b'");
  EXPECT_EQ(error_of("+0 f(\"abc) = 0\n"),
            "bad.pkt:1:15: expected '\"' closing the string opened at 1:6, found end of line");
  EXPECT_EQ(error_of("+0 f(3) = 0\n+0 f(4,"),
            "bad.pkt:2:8: expected an argument: a number, a name, '...', '[', '{' or '\"', "
            "found end of file");
}

TEST(PktParserErrors, TooDeepNesting) {
  const std::string deep = "+0 f(" + std::string(5000, '[') + ") = 0";
  EXPECT_EQ(error_of(deep), "bad.pkt:1:71: expected at most 64 nested brackets, found '['");
}

TEST(PktParserErrors, BadTimes) {
  EXPECT_EQ(error_of("0.0000001 close(3) = 0"),
            "bad.pkt:1:1: expected an event time such as '0.1', '+0.1' or '*' with at most 6 "
            "decimals (microseconds), found '0.0000001'");
  EXPECT_EQ(error_of("0.5~0.2 close(3) = 0"),
            "bad.pkt:1:5: expected a range end not before its start, found '0.2'");
  EXPECT_EQ(error_of("99999999999999999 close(3) = 0"),
            "bad.pkt:1:1: expected an event time such as '0.1', '+0.1' or '*' up to "
            "86400, found '99999999999999999'");
}

TEST(PktParserErrors, UnterminatedCommentCodeAndCommand) {
  EXPECT_EQ(error_of("0 close(3) = 0\n  /* never\n closed"),
            "bad.pkt:2:3: expected '*/' closing the comment opened at 2:3, found end of file");
  EXPECT_EQ(error_of("0 close(3) = 0\n+0 %{ assert x\n\n"),
            "bad.pkt:2:4: expected '}%' closing this '%{', found end of file");
  EXPECT_EQ(error_of("0 `sysctl -w a=1\n"),
            "bad.pkt:1:17: expected '`' closing the command opened at 1:3, found end of line");
}

TEST(PktParserErrors, HeaderOptionsAndDirectives) {
  EXPECT_EQ(error_of("--tolerance_usecs=lots\n"),
            "bad.pkt:1:19: expected a whole number of microseconds for --tolerance_usecs, "
            "found 'lots'");
  EXPECT_EQ(error_of("--tolerance_usecs\n"),
            "bad.pkt:1:18: expected a whole number of microseconds for --tolerance_usecs, "
            "found nothing");
  EXPECT_EQ(error_of("--mtu=20\n"),
            "bad.pkt:1:7: expected an MTU in bytes for --mtu from 68 to 65535, found '20'");
  EXPECT_EQ(error_of("--=3\n"), "bad.pkt:1:3: expected an option name after '--', found '='");
  EXPECT_EQ(error_of("--a=1 2\n"), "bad.pkt:1:7: expected end of line after --a, found '2'");
  EXPECT_EQ(error_of("#endif\n"),
            "bad.pkt:1:1: expected '#ifdef' or '#ifndef' before '#endif', found '#endif'");
  EXPECT_EQ(error_of("#ifdef A\n#else\n#else\n"),
            "bad.pkt:3:1: expected '#ifdef' or '#ifndef' before '#else', found '#else'");
  EXPECT_EQ(error_of("#ifndef A\n0 close(3) = 0\n"),
            "bad.pkt:3:1: expected '#endif' for the '#ifndef A' at 1:1, found end of file");
  EXPECT_EQ(error_of("#include <x>\n"),
            "bad.pkt:1:1: expected '#ifdef', '#ifndef', '#else' or '#endif', found 'include'");
  EXPECT_EQ(error_of("#ifdef\n"),
            "bad.pkt:1:7: expected a macro name after '#ifdef', found end of line");
}

TEST(PktParserErrors, UnprintableBytesAreEscaped) {
  EXPECT_EQ(error_of(std::string_view("+0 \0", 4)),
            "bad.pkt:1:4: expected a packet ('<' or '>'), a system call, a `command` or a "
            "%{ code }% block, found '\\x00'");
  EXPECT_EQ(error_of("\xff"),
            "bad.pkt:1:1: expected an event time such as '0.1', '+0.1' or '*', found '\\xff'");
}

TEST(PktParserErrors, LongWordsAreShortenedInMessages) {
  EXPECT_EQ(error_of("+0 > . 1:1(0) abcdefghijklmnopqrstuvwxyz0123456789"),
            "bad.pkt:1:15: expected 'ack', 'win', 'urg', '<' options or end of line, found "
            "'abcdefghijklmnopqrstuvwx...'");
}

// A script using every construct, cut at every byte: each prefix parses or raises ParseError.
TEST(PktParserErrors, EveryPrefixOfAScriptParsesOrFailsCleanly) {
  const std::string script =
      "// header\n--tolerance_usecs=9000\n/* c */\n"
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
      "+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0x0\n"
      "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0\n"
      "+0 connect(3, ..., ...) = -1 EINPROGRESS (in progress)\n"
      "+0 > S 0:0(0) win 1000 <mss 1000,nop,wscale 2,sackOK,TS val 5 ecr 0,eol>\n"
      "+0.1~+0.2 < [ect0] S. 0:0(0) ack 1 win 2000 urg 0 <nop,sack 1:2 3:4,FO x>\n"
      "#ifdef X\n* > S. ...(0) ack 1 <...>\n#else\n+0 > - 1:1(0)\n#endif\n"
      "0.1...0.2 poll([{fd=3, events=POLLIN}], 1, \"s\\n\") = 1\n"
      "+0 `echo hi`\n+0 %{ assert a == b }%\n";
  ASSERT_NO_THROW(parse_script(script, "all.pkt"));
  for (std::size_t n = 0; n <= script.size(); ++n) {
    try {
      parse_script(std::string_view(script).substr(0, n), "cut.pkt");
    } catch (const ParseError&) {
    }
  }
}

// Random bytes drawn mostly from the script alphabet, and random corruptions of a valid line.
TEST(PktParserErrors, RandomGarbageParsesOrFailsCleanly) {
  const std::string alphabet = "0123456789.+*~<>[](){}:,=|`%#/\\\"'- \t\r\n\nSFRP.EWUackwinmssTS";
  const std::string valid =
      "+0.1 < S. 0:0(0) ack 1 win 100 <mss 1460,nop> \n+0 f([1],{a=2}) = -1 E (n)\n";
  std::mt19937 rng(20240601);
  int failures = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    if (round % 2 == 0) {
      const std::size_t len = rng() % 80;
      for (std::size_t i = 0; i < len; ++i) {
        text.push_back(rng() % 8 == 0 ? static_cast<char>(rng() % 256)
                                      : alphabet[rng() % alphabet.size()]);
      }
    } else {
      text = valid;
      for (int k = 0; k < 3; ++k) text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
    }
    try {
      parse_script(text, "fuzz.pkt");
    } catch (const ParseError& e) {
      ++failures;
      EXPECT_EQ(std::string(e.what()).rfind("fuzz.pkt:", 0), 0u) << e.what();
    }
  }
  EXPECT_GT(failures, 0);
}

TEST(PktParserErrors, IcmpLines) {
  EXPECT_EQ(error_of("0 < icmp bogus [0:0(0)]"),
            "bad.pkt:1:10: expected an ICMP type such as 'unreachable', 'time_exceeded' or "
            "'redirect', found 'bogus'");
  EXPECT_EQ(error_of("0 < icmp unreachable port_gone [0:0(0)]"),
            "bad.pkt:1:22: expected an ICMP unreachable code such as 'port_unreachable' or "
            "'code_0', found 'port_gone'");
  EXPECT_EQ(error_of("0 < icmp unreachable port_unreachable 0:0(0)"),
            "bad.pkt:1:39: expected '[' and the quoted segment 'start:end(length)', found '0'");
  EXPECT_EQ(error_of("0 < icmp parameter_problem code_x [0:0(0)]"),
            "bad.pkt:1:33: expected an ICMP code after 'code_', found 'x'");
}

}  // namespace
}  // namespace synack::pkt

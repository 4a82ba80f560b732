// Running short scripts written for the executor's tests, and checking how they end.
#pragma once

#include <initializer_list>
#include <string>

#include "sim/pkt/executor.hpp"

namespace synack::pkt {

Outcome run(const std::string& text);  // parsed as "name.pkt"
// 1-based number of the one line of `text` that contains `needle`.
int line_of(const std::string& text, const std::string& needle);
std::string describe(const Outcome& o);
void expect_passed(const std::string& text);
// The script ends with `verdict` on the line holding `at`, with every part in the message.
void expect_outcome(const std::string& text, Verdict verdict, const std::string& at,
                    std::initializer_list<std::string> parts);
void expect_failed(const std::string& text, const std::string& at,
                   std::initializer_list<std::string> parts);
void expect_skipped(const std::string& text, const std::string& at,
                    std::initializer_list<std::string> parts);

// A non-blocking active open up to ESTABLISHED at 0.040 s; the peer's ISN is relative 0.
inline const std::string kHeader = "--tolerance_usecs=20000\n";
inline const std::string kConnect = R"( 0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0.000 fcntl(3, F_SETFL, O_NONBLOCK) = 0
+0.000 connect(3, ..., ...) = -1 EINPROGRESS (in progress)
+0.000 > S 0:0(0) <mss 1460,nop,wscale 6,sackOK,TS val 0 ecr 0>
)";
inline const std::string kEstablished =
    kHeader + kConnect + R"(+0.040 < S. 0:0(0) ack 1 win 24000 <mss 1380>
+0.000 > . 1:1(0) ack 1
)";

}  // namespace synack::pkt

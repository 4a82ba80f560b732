// The runner's messages follow the language (sim/lang): a failure and a parse
// error in Chinese under zh_CN, and the English ones again after it.
#include <gtest/gtest.h>

#include <string>

#include "script_run.hpp"
#include "sim/lang/tr.hpp"
#include "sim/pkt/parser.hpp"

namespace synack::pkt {
namespace {

// Switches the language for one test and back to English after it.
class PktMessagesInChinese : public ::testing::Test {
 protected:
  void SetUp() override {
    lang::init();
    lang::set_language("zh_CN");
  }
  void TearDown() override { lang::set_language("en"); }
};

const std::string kTooEarly = kHeader + kConnect + "+0.500 > S 0:0(0) <...>\n";

TEST_F(PktMessagesInChinese, AFailureSaysWhatTheModelDid) {
  const Outcome o = run(kTooEarly);
  EXPECT_EQ(o.verdict, Verdict::Failed);
  EXPECT_EQ(o.message, "应为 > S 0:0(0) <...>，模型什么也没有发送；状态 SYN-SENT");
  lang::set_language("en");
  EXPECT_EQ(run(kTooEarly).message,
            "expected > S 0:0(0) <...>, model sent nothing; state SYN-SENT");
}

TEST_F(PktMessagesInChinese, AParseErrorKeepsFileLineAndColumn) {
  const std::string bad = "0 `sysctl -w net.inet.tcp.rexmit_initial=0`\n";
  const auto message = [&] { return run_script(parse_script(bad, "bad.pkt")).message; };
  EXPECT_EQ(message(), "bad.pkt:1:42: 应为 以毫秒计的重传超时 (RTO)（1 到 86400000），实际为 '0'");
  lang::set_language("en");
  EXPECT_EQ(message(),
            "bad.pkt:1:42: expected a retransmission timeout in milliseconds from 1 to 86400000, "
            "found '0'");
}

TEST_F(PktMessagesInChinese, ASkipNamesWhatIsNotSupported) {
  const Outcome o = run(kHeader + "0 bogus(3) = 0\n");
  EXPECT_EQ(o.verdict, Verdict::Skipped);
  EXPECT_EQ(o.message, "系统调用 bogus()");
}

}  // namespace
}  // namespace synack::pkt

#include "script_run.hpp"

#include <gtest/gtest.h>

#include "sim/pkt/parser.hpp"

namespace synack::pkt {

Outcome run(const std::string& text) { return run_script(parse_script(text, "name.pkt")); }

int line_of(const std::string& text, const std::string& needle) {
  int line = 1, found = 0, hits = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.substr(start, end - start).find(needle) != std::string::npos) {
      found = line;
      ++hits;
    }
    start = end + 1;
    ++line;
  }
  EXPECT_EQ(hits, 1) << "'" << needle << "' should be on exactly one line of the script";
  return found;
}

std::string describe(const Outcome& o) {
  return std::string(verdict_name(o.verdict)) + " at line " + std::to_string(o.line) + ": " +
         o.message;
}

void expect_passed(const std::string& text) {
  const Outcome o = run(text);
  EXPECT_EQ(o.verdict, Verdict::Passed) << describe(o);
}

void expect_outcome(const std::string& text, Verdict verdict, const std::string& at,
                    std::initializer_list<std::string> parts) {
  const Outcome o = run(text);
  EXPECT_EQ(o.verdict, verdict) << describe(o);
  EXPECT_EQ(o.line, line_of(text, at)) << describe(o);
  for (const std::string& part : parts) {
    EXPECT_NE(o.message.find(part), std::string::npos)
        << "message lacks '" << part << "': " << o.message;
  }
}

void expect_failed(const std::string& text, const std::string& at,
                   std::initializer_list<std::string> parts) {
  expect_outcome(text, Verdict::Failed, at, parts);
}

void expect_skipped(const std::string& text, const std::string& at,
                    std::initializer_list<std::string> parts) {
  expect_outcome(text, Verdict::Skipped, at, parts);
}

}  // namespace synack::pkt

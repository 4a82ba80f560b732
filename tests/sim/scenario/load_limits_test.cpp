// The limits of what the loader takes: every duration up to one day, files
// read with a size cap whatever they are, and input echoed into messages
// escaped so that a message stays one line that says what is wrong.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "sim/scenario/load.hpp"
#include "sim/scenario/load_input.hpp"
#include "sim/scenario/settings_list.hpp"

namespace synack::scenario {
namespace {

// A valid file with `extra` appended at the top level and `link` inside the one link.
std::string scenario(const std::string& extra, const std::string& link = "",
                     const std::string& sw = "") {
  return "name: t\ndescription: d\ntopology:\n  hosts:\n    - {name: a, ip: 10.0.0.1/24}\n"
         "    - {name: b, ip: 10.0.0.2/24}\n  switches:\n    - {name: sw" +
         sw + "}\n  links:\n    - {a: a, b: sw" + link + "}\n    - {a: b, b: sw}\n" + extra;
}

std::string errors_of(const LoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += e.to_string() + "\n";
  return out;
}

// Each place a file gives a duration, with DURATION standing for it.
std::vector<std::string> every_duration() {
  std::vector<std::string> files = {
      scenario("duration: DURATION\n"),
      scenario("", ", delay: DURATION"),
      scenario("", ", reorder: 0.5, reorder_delay: DURATION"),
      scenario("", "", ", aging: DURATION"),
      scenario("faults:\n  - {drop: {}, from: DURATION}\n"),
      scenario("faults:\n  - {drop: {}, until: DURATION}\n"),
      scenario("faults:\n  - {delay: {}, by: DURATION}\n"),
      scenario("script:\n  - {host: a, call: socket, as: s, at: DURATION}\n"),
      scenario("script:\n  - {host: a, call: syn_flood, to: b:80, interval: DURATION}\n"),
  };
  for (const SettingInfo& info : settings_list()) {
    if (info.kind == SettingKind::Duration) {
      // min_rto may not exceed max_rto, whose default is 60s.
      const std::string max_rto = info.key == "max_rto" ? "" : ", max_rto: 86400s";
      files.push_back(
          scenario("settings: {" + std::string(info.key) + ": DURATION" + max_rto + "}\n"));
    }
  }
  return files;
}

std::string with(std::string text, const std::string& duration) {
  text.replace(text.find("DURATION"), 8, duration);
  return text;
}

TEST(LoadLimits, EveryDurationGoesUpToOneDay) {
  for (const std::string& file : every_duration()) {
    const LoadResult day = load_text(with(file, "86400s"), "t.yaml");
    EXPECT_TRUE(day.ok()) << file << errors_of(day);
    for (const char* too_long : {"86400000001us", "9223372036854775807us", "106751991d"}) {
      const LoadResult r = load_text(with(file, too_long), "t.yaml");
      ASSERT_FALSE(r.ok()) << file;
      if (std::string(too_long) == "106751991d") continue;  // not a duration at all
      EXPECT_NE(r.errors[0].message.find("up to 86400s (one day)"), std::string::npos)
          << file << errors_of(r);
      EXPECT_GT(r.errors[0].line, 0) << errors_of(r);
      EXPECT_GT(r.errors[0].column, 0) << errors_of(r);
    }
  }
}

TEST(LoadLimits, TheSettingsListHoldsTheDurationRange) {
  for (const SettingInfo& info : settings_list()) {
    if (info.kind == SettingKind::Duration) {
      EXPECT_EQ(info.max, kMaxDuration) << info.key;
    }
  }
}

// ---- messages -------------------------------------------------------------------------------

TEST(QuoteInput, EscapesWhatWouldBreakAMessage) {
  EXPECT_EQ(quote_input("fast"), "'fast'");
  EXPECT_EQ(quote_input("a\nb\tc\rd"), "'a\\nb\\tc\\rd'");
  EXPECT_EQ(quote_input(std::string("\0\x01\x7f", 3)), "'\\x00\\x01\\x7f'");
  EXPECT_EQ(quote_input("it's \\"), "'it\\'s \\\\'");
  EXPECT_EQ(quote_input("\xC2\xB5s \xE2\x82\xAC"), "'\xC2\xB5s \xE2\x82\xAC'");  // UTF-8 kept
  EXPECT_EQ(quote_input("\xC0\xAF \xED\xA0\x80 \xFF"), "'\\xc0\\xaf \\xed\\xa0\\x80 \\xff'");
  EXPECT_EQ(quote_input("\xE2\x82"), "'\\xe2\\x82'");  // cut short
  EXPECT_EQ(quote_input(std::string(50, 'x'), 10), "'xxxxxxxxxx...'");
}

TEST(LoadLimits, EchoedInputStaysOnOneLine) {
  const LoadResult r =
      load_text(scenario("settings: {msl: \"2\\ns\\x01\\xff\"}\nbogus\x01: 1\n"), "t.yaml");
  ASSERT_GE(r.errors.size(), 2u) << errors_of(r);
  for (const LoadError& e : r.errors) {
    EXPECT_EQ(e.message.find_first_of("\n\r\x01"), std::string::npos) << e.message;
    EXPECT_GT(e.line, 0) << e.message;
  }
  EXPECT_NE(errors_of(r).find("'2\\ns\\x01\xc3\xbf'"), std::string::npos) << errors_of(r);
}

TEST(LoadLimits, NulBytesAreReportedAsSuch) {
  const LoadResult three = load_text(std::string(3, '\0'), "t");
  ASSERT_EQ(three.errors.size(), 1u) << errors_of(three);
  EXPECT_EQ(three.errors[0].to_string(),
            "t:1:1: a NUL byte (\\x00): a scenario file is text, not binary data");
  const LoadResult second_line = load_text(std::string("name: t\ndesc\0ription: d\n", 24), "t");
  ASSERT_EQ(second_line.errors.size(), 1u) << errors_of(second_line);
  EXPECT_EQ(second_line.errors[0].to_string().rfind("t:2:5: a NUL byte", 0), 0u)
      << errors_of(second_line);
}

TEST(LoadLimits, DeepNestingIsReportedAsSuch) {
  const LoadResult r = load_text("name: " + std::string(5000, '[') + "\n", "t.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_NE(r.errors[0].message.find("nested too deep"), std::string::npos) << errors_of(r);
}

// ---- files ----------------------------------------------------------------------------------

TEST(ReadInputFile, CapsWhatIsReadWhateverTheFileIs) {
  std::string reason;
  EXPECT_FALSE(read_input_file("/dev/zero", reason));
  EXPECT_NE(reason.find("more than 16 MiB"), std::string::npos) << reason;
  EXPECT_FALSE(read_input_file("/dev/urandom", reason, 1000));
  EXPECT_NE(reason.find("1000 bytes"), std::string::npos) << reason;
  const auto empty = read_input_file("/dev/null", reason);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  EXPECT_FALSE(read_input_file(::testing::TempDir(), reason));
  EXPECT_EQ(reason, "it is a directory");
  EXPECT_FALSE(read_input_file("/nonexistent/x", reason));
  EXPECT_EQ(reason, "No such file or directory");
}

TEST(ReadInputFile, ReadsAFifoToItsEndAndCapsAnEndlessOne) {
  const std::string fifo = ::testing::TempDir() + "synack_load_limits_fifo";
  std::remove(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    const std::string text = scenario("");
    EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(fd);
  });
  const LoadResult r = load_file(fifo);
  writer.join();
  EXPECT_TRUE(r.ok()) << errors_of(r);

  std::signal(SIGPIPE, SIG_IGN);  // the writer learns of the reader's end from write()
  std::thread endless([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    const std::string block(4096, 'x');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    ::close(fd);
  });
  const LoadResult capped = load_file(fifo);
  endless.join();  // the write fails once the reader has gone
  ASSERT_EQ(capped.errors.size(), 1u);
  EXPECT_EQ(capped.errors[0].to_string(),
            fifo + ": cannot read " + fifo +
                ": more than 16 MiB (16777216 bytes), the most an input file may hold");
  std::remove(fifo.c_str());
}

}  // namespace
}  // namespace synack::scenario

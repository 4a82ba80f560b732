// Reading JSON traces back: what write_json writes reads back to the same
// records, numbers and summaries; bad files give an error that says where.
#include "sim/trace/json_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/trace/frame_view.hpp"
#include "sim/trace/json_export.hpp"
#include "trace_fixture.hpp"

namespace synack::trace {
namespace {

std::string json_of(const Trace& t) {
  std::ostringstream out;
  write_json(t, out);
  return out.str();
}

TEST(JsonImport, RoundTripGivesTheSameJson) {
  const Trace original = testing::handshake().trace;
  const std::string first = json_of(original);
  JsonImport imported = read_json_text(first, "handshake.json");
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(imported.trace->events.size(), original.events.size());
  EXPECT_EQ(imported.trace->nodes.size(), original.nodes.size());
  EXPECT_EQ(imported.trace->links.size(), original.links.size());
  // Frames rebuilt from their fields number and summarise as the originals did.
  EXPECT_EQ(json_of(*imported.trace), first);
}

TEST(JsonImport, TheLessonSurvivesInItsOwnLanguage) {
  Trace original = testing::handshake().trace;
  original.lesson = {LessonItem{0, "服务器进入 LISTEN 状态。", "", {}, -1},
                     LessonItem{7, "Next?", "第一个报文段的标志位？", {"S", "S."}, 0}};
  const std::string text = json_of(original);
  EXPECT_NE(text.find("\"text\":\"服务器进入 LISTEN 状态。\""), std::string::npos)
      << "UTF-8 as it is, not escaped";
  JsonImport imported = read_json_text(text, "t.json");
  ASSERT_TRUE(imported.trace) << imported.error;
  ASSERT_EQ(imported.trace->lesson.size(), 2u);
  EXPECT_EQ(imported.trace->lesson[0].text, "服务器进入 LISTEN 状态。");
  EXPECT_EQ(imported.trace->lesson[1].t, 7);
  EXPECT_EQ(imported.trace->lesson[1].question, "第一个报文段的标志位？");
  EXPECT_EQ(imported.trace->lesson[1].answers, (std::vector<std::string>{"S", "S."}));
  EXPECT_EQ(imported.trace->lesson[1].correct, 0);
  EXPECT_EQ(json_of(*imported.trace), text);
  // An answer index past the answers is an error that says where.
  std::string bad = text;
  bad.replace(bad.find("\"correct\":0"), 11, "\"correct\":5");
  const JsonImport refused = read_json_text(bad, "t.json");
  EXPECT_FALSE(refused.trace);
  EXPECT_NE(refused.error.find("lesson[1]"), std::string::npos) << refused.error;
}

TEST(JsonImport, RelativeNumbersSurvive) {
  const Trace original = testing::handshake().trace;
  JsonImport imported = read_json_text(json_of(original), "t.json");
  ASSERT_TRUE(imported.trace) << imported.error;
  const auto before = number_tcp_frames(original);
  const auto after = number_tcp_frames(*imported.trace);
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i].is_tcp, after[i].is_tcp) << i;
    EXPECT_EQ(before[i].rel_seq, after[i].rel_seq) << i;
    EXPECT_EQ(before[i].rel_ack, after[i].rel_ack) << i;
    EXPECT_EQ(before[i].len, after[i].len) << i;
  }
}

TEST(JsonImport, UnknownKeysAndTypesAreSkipped) {
  const std::string text = R"({"name":"x","settings":{"msl_us":1000,"policy":{"new":"shape"}},
    "future":[1,2],"nodes":[{"name":"a","kind":"host","interfaces":[]}],"links":[],
    "events":[{"type":"hologram","t_us":0},{"type":"note","t_us":5,"node":"a","text":"hi","extra":1}]})";
  JsonImport imported = read_json_text(text, "x.json");
  ASSERT_TRUE(imported.trace) << imported.error;
  const SettingValue* msl = imported.trace->setting("msl_us");
  ASSERT_NE(msl, nullptr);
  EXPECT_EQ(std::get<std::int64_t>(*msl), 1000);
  ASSERT_EQ(imported.trace->events.size(), 1u);
  EXPECT_EQ(imported.trace->events[0].t, 5);
}

// How a state is known survives the round trip; the simulator's own changes
// carry no "basis" key, so simulated traces stay as they were.
TEST(JsonImport, StateBasisSurvives) {
  Trace original = testing::handshake().trace;
  for (Event& e : original.events) {
    if (auto* s = std::get_if<StateEvent>(&e.what);
        s != nullptr && s->to == tcp::State::Established) {
      s->basis = s->host == 0 ? StateBasis::Uncertain : StateBasis::Inferred;
    }
  }
  const std::string text = json_of(original);
  EXPECT_NE(text.find(R"("basis":"uncertain")"), std::string::npos);
  EXPECT_EQ(json_of(testing::handshake().trace).find("\"basis\""), std::string::npos);
  JsonImport imported = read_json_text(text, "t.json");
  ASSERT_TRUE(imported.trace) << imported.error;
  std::vector<StateBasis> before, after;
  for (const Event& e : original.events) {
    if (const auto* s = std::get_if<StateEvent>(&e.what)) before.push_back(s->basis);
  }
  for (const Event& e : imported.trace->events) {
    if (const auto* s = std::get_if<StateEvent>(&e.what)) after.push_back(s->basis);
  }
  EXPECT_EQ(before, after);
  EXPECT_EQ(json_of(*imported.trace), text);
}

TEST(JsonImport, UnknownStateBasisNamesItsIndex) {
  const std::string text = R"({"nodes":[{"name":"a"}],"links":[],
    "events":[{"type":"state","t_us":0,"host":"a","conn":"10.0.0.1:1-10.0.0.2:2",
               "from":"CLOSED","to":"SYN-SENT","basis":"guessed"}]})";
  JsonImport imported = read_json_text(text, "t.json");
  EXPECT_FALSE(imported.trace);
  EXPECT_NE(imported.error.find("events[0]: 'guessed' is not how a state is known"),
            std::string::npos)
      << imported.error;
}

TEST(JsonImport, NotJsonSaysSo) {
  JsonImport imported = read_json_text("{\"name\": ", "broken.json");
  EXPECT_FALSE(imported.trace);
  EXPECT_NE(imported.error.find("broken.json: not valid JSON"), std::string::npos)
      << imported.error;
}

TEST(JsonImport, BadRecordNamesItsIndex) {
  const std::string text = R"({"nodes":[{"name":"a"}],"links":[],
    "events":[{"type":"note","t_us":0,"node":"a","text":""},{"type":"note","t_us":1,"node":"zz"}]})";
  JsonImport imported = read_json_text(text, "t.json");
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error, "t.json: events[1]: 'node' names no node: 'zz'");
}

// Many small chunks on several threads: merged in order, the same trace.
TEST(JsonImport, ChunksReadOnSeveralThreadsMergeInOrder) {
  const Trace original = testing::handshake().trace;
  const std::string text = json_of(original);
  JsonReadOptions options;
  options.threads = 3;
  options.chunk_bytes = 300;
  JsonImport imported = read_json_text(text, "t.json", options);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(imported.trace->conns.size(), original.conns.size());
  EXPECT_EQ(imported.trace->frame_count(), original.frame_count());
  EXPECT_EQ(imported.trace->tcb_values(), original.tcb_values());
  EXPECT_EQ(json_of(*imported.trace), text);
}

// The same JSON on one line (or laid out any other way) reads the same.
TEST(JsonImport, AnyLayoutReadsTheSame) {
  const std::string text = json_of(testing::handshake().trace);
  std::string one_line = text;
  one_line.erase(std::remove(one_line.begin(), one_line.end(), '\n'), one_line.end());
  JsonImport imported = read_json_text(one_line, "t.json");
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(json_of(*imported.trace), text);
}

TEST(JsonImport, BadRecordInALaterChunkNamesItsIndex) {
  std::string text = json_of(testing::handshake().trace);
  // The last record naming a host names one that does not exist.
  const std::size_t at = text.rfind("\"host\":\"");
  const std::size_t name = at + 8, name_end = text.find('"', name);
  text.replace(name, name_end - name, "nobody");
  const std::size_t events = text.find("\n\"events\":[\n") + 12;
  const auto index = std::count(text.begin() + static_cast<std::ptrdiff_t>(events),
                                text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  JsonReadOptions options;
  options.threads = 2;
  options.chunk_bytes = 500;
  JsonImport imported = read_json_text(text, "t.json", options);
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error,
            "t.json: events[" + std::to_string(index) + "]: 'host' names no node: 'nobody'");
}

TEST(JsonImport, TruncatedFileIsNotValidJson) {
  const std::string text = json_of(testing::handshake().trace);
  JsonImport imported = read_json_text(text.substr(0, text.size() * 2 / 3), "cut.json");
  EXPECT_FALSE(imported.trace);
  EXPECT_NE(imported.error.find("cut.json: not valid JSON"), std::string::npos) << imported.error;
}

TEST(JsonImport, FileReadsAsItsText) {
  const std::string text = json_of(testing::handshake().trace);
  const std::string path =
      (std::filesystem::temp_directory_path() / "synack_json_import_test.json").string();
  std::ofstream(path) << text;
  JsonImport imported = read_json_trace(path);
  ASSERT_TRUE(imported.trace) << imported.error;
  EXPECT_EQ(json_of(*imported.trace), text);
  std::ofstream(path).close();  // empty
  EXPECT_NE(read_json_trace(path).error.find("not valid JSON"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(JsonImport, MissingFileSaysSo) {
  JsonImport imported = read_json_trace("/nonexistent/trace.json");
  EXPECT_FALSE(imported.trace);
  EXPECT_EQ(imported.error, "/nonexistent/trace.json: cannot read the file");
}

}  // namespace
}  // namespace synack::trace

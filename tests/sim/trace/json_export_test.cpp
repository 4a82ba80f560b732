#include "sim/trace/json_export.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/trace/json_writer.hpp"
#include "trace_fixture.hpp"

namespace synack::trace {
namespace {

// Ordered, so key order is part of what the tests compare.
using json = nlohmann::ordered_json;

// What nlohmann's compact dump makes of `j`, the format the export follows.
std::string nlohmann_dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// What the writer makes of one string.
std::string written(std::string_view text) {
  std::ostringstream out;
  {
    JsonWriter w(out);
    w.value(text);
  }
  return out.str();
}

// The lines of the export that hold one event each.
std::vector<std::string> event_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("{\"type\":", 0) != 0) continue;
    if (line.back() == ',') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string to_json_text(const Trace& trace) {
  std::ostringstream out;
  write_json(trace, out);
  return out.str();
}

// The first event of `type` whose `key` is `value`.
const json* find_event(const json& doc, const std::string& type, const std::string& key,
                       const json& value) {
  for (const json& e : doc["events"]) {
    if (e["type"] == type && e.contains(key) && e[key] == value) return &e;
  }
  return nullptr;
}

TEST(JsonExport, ParsesBackWithTheRunsDescription) {
  const testing::Lan lan = testing::handshake();
  const json doc = json::parse(to_json_text(lan.trace));
  EXPECT_EQ(doc["name"], "handshake");
  EXPECT_EQ(doc["seed"], 7);
  EXPECT_EQ(doc["settings"], json::parse(R"({"msl_us":30000000,"rst_policy":"rfc5961"})"));
  EXPECT_EQ(doc["node_settings"], json::parse(R"({"server":{"syn_cookies":true}})"));
  EXPECT_EQ(doc["run"], json::parse(R"({"duration_us":0,"time_wait_us":0,"cut_short":null})"));
  ASSERT_EQ(doc["nodes"].size(), 4u);
  EXPECT_EQ(doc["nodes"][0]["name"], "client");
  EXPECT_EQ(doc["nodes"][0]["kind"], "host");
  EXPECT_EQ(doc["nodes"][0]["interfaces"][0]["mac"], "02:00:00:00:00:01");
  EXPECT_EQ(doc["nodes"][0]["interfaces"][0]["ip"], "10.0.0.1");
  EXPECT_EQ(doc["nodes"][0]["interfaces"][0]["prefix"], 24);
  EXPECT_EQ(doc["nodes"][0]["gateway"], "10.0.0.254");
  EXPECT_FALSE(doc["nodes"][1].contains("gateway"));
  EXPECT_EQ(doc["nodes"][3]["kind"], "switch");
  EXPECT_TRUE(doc["nodes"][3]["interfaces"].empty());
  ASSERT_EQ(doc["links"].size(), 3u);
  EXPECT_EQ(doc["links"][1],
            json::parse(R"({"name":"l2","a":"server","b":"sw1","a_port":0,"b_port":2,)"
                        R"("delay_us":10,"bandwidth_bps":0})"));
  EXPECT_EQ(doc["events"].size(), lan.trace.events.size());
}

TEST(JsonExport, EachEventIsOneLineStartingWithTypeAndTime) {
  const testing::Lan lan = testing::handshake();
  std::istringstream lines(to_json_text(lan.trace));
  std::string line;
  std::size_t events = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("{\"type\":", 0) != 0) continue;
    ++events;
    EXPECT_NE(line.find("\"t_us\":"), std::string::npos);
    EXPECT_LT(line.find("\"type\""), line.find("\"t_us\"")) << line;
  }
  EXPECT_EQ(events, lan.trace.events.size());
}

TEST(JsonExport, TcpFramesCarryAbsoluteAndRelativeNumbers) {
  const testing::Lan lan = testing::handshake();
  const json doc = json::parse(to_json_text(lan.trace));
  const json* syn_ack = nullptr;
  for (const json& e : doc["events"]) {
    if (e.contains("tcp") && e["tcp"]["flags"] == "S.") {
      syn_ack = &e;
      break;
    }
  }
  ASSERT_NE(syn_ack, nullptr);
  EXPECT_EQ((*syn_ack)["src"], "server");
  EXPECT_EQ((*syn_ack)["dst"], "sw1");
  EXPECT_EQ((*syn_ack)["link"], "l2");
  EXPECT_EQ((*syn_ack)["fate"], "sent");
  EXPECT_EQ((*syn_ack)["bytes"], 14 + 20 + 20);
  EXPECT_EQ((*syn_ack)["summary"], "10.0.0.2:80 > 10.0.0.1:49152 S. seq 0 ack 1 win 65535 len 0");
  EXPECT_FALSE(syn_ack->contains("flooded"));
  EXPECT_FALSE(syn_ack->contains("reason"));
  EXPECT_EQ((*syn_ack)["tcp"],
            json::parse(R"({"src":"10.0.0.2:80","dst":"10.0.0.1:49152","flags":"S.","seq":5000,)"
                        R"("ack":1001,"rel_seq":0,"rel_ack":1,"len":0,"win":65535})"));
}

TEST(JsonExport, IcmpFramesCarryTypeCodeAndTheQuotedDatagram) {
  testing::Lan lan;
  lan.cross(0, lan.port_unreachable(), lan.server, lan.client);
  const json doc = json::parse(to_json_text(lan.trace));
  const json& sent = doc["events"][0];
  ASSERT_TRUE(sent.contains("icmp")) << sent.dump();
  EXPECT_EQ(sent["summary"],
            "10.0.0.2 > 10.0.0.1 ICMP destination unreachable (port unreachable) for UDP "
            "10.0.0.1:5000 > 10.0.0.2:6000");
  EXPECT_EQ(sent["icmp"],
            json::parse(R"j({"src":"10.0.0.2","dst":"10.0.0.1","type":3,"code":3,)j"
                        R"j("text":"ICMP destination unreachable (port unreachable)",)j"
                        R"j("quoted":{"proto":17,"src":"10.0.0.1:5000","dst":"10.0.0.2:6000"}})j"));
}

TEST(JsonExport, ArpFloodingAndDropsAreMarked) {
  const testing::Lan lan = testing::handshake();
  const json doc = json::parse(to_json_text(lan.trace));
  const json* flooded = find_event(doc, "frame", "flooded", true);
  ASSERT_NE(flooded, nullptr);
  EXPECT_EQ((*flooded)["src"], "sw1");
  EXPECT_EQ(
      (*flooded)["arp"],
      json::parse(R"({"op":"request","sender_ip":"10.0.0.1","sender_mac":"02:00:00:00:00:01",)"
                  R"("target_ip":"10.0.0.2","target_mac":"00:00:00:00:00:00"})"));
  const json* dropped = find_event(doc, "frame", "fate", "dropped");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ((*dropped)["reason"], "loss");
  EXPECT_EQ((*dropped)["tcp"]["len"], 5);
}

TEST(JsonExport, UdpFramesNameTheirPorts) {
  testing::Lan lan;
  lan.cross(0, lan.udp(12), lan.client, lan.server);
  const json doc = json::parse(to_json_text(lan.trace));
  EXPECT_EQ(doc["events"][0]["udp"],
            json::parse(R"({"src":"10.0.0.1:5000","dst":"10.0.0.2:6000","len":12})"));
}

TEST(JsonExport, EveryOtherRecordKind) {
  const testing::Lan lan = testing::handshake();
  const json doc = json::parse(to_json_text(lan.trace));
  const json* state = find_event(doc, "state", "to", "ESTABLISHED");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ(state->dump(),
            R"({"type":"state","t_us":80,"host":"client","conn":"10.0.0.1:49152-10.0.0.2:80",)"
            R"("from":"SYN-SENT","to":"ESTABLISHED","cause":"rcv SYN,ACK"})");

  const json* failed = find_event(doc, "call", "call", "bind");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ((*failed)["errno"], "EADDRINUSE");
  EXPECT_EQ((*failed)["result"], -1);
  EXPECT_EQ((*failed)["phase"], "returned");
  EXPECT_EQ((*failed)["step"], 0);
  EXPECT_FALSE(failed->contains("data"));
  const json* read = find_event(doc, "call", "call", "recv");
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->dump(), R"({"type":"call","t_us":1220,"host":"server","phase":"returned",)"
                          R"j("step":0,"call":"recv","text":"recv(4, 100)","data":"xxxxx","fd":3,)j"
                          R"("result":5})");
  const json* blocked = find_event(doc, "call", "phase", "issued");
  ASSERT_NE(blocked, nullptr);
  EXPECT_FALSE(blocked->contains("errno"));
  EXPECT_FALSE(blocked->contains("conn"));

  const json* arp = find_event(doc, "arp", "host", "client");
  ASSERT_NE(arp, nullptr);
  EXPECT_EQ(arp->dump(), R"({"type":"arp","t_us":40,"host":"client","op":"learned",)"
                         R"("ip":"10.0.0.2","mac":"02:00:00:00:00:02"})");
  const json* mac = find_event(doc, "mac", "port", 2);
  ASSERT_NE(mac, nullptr);
  EXPECT_EQ(mac->dump(), R"({"type":"mac","t_us":30,"switch":"sw1","mac":"02:00:00:00:00:02",)"
                         R"("port":2,"op":"learned"})");
  const json* timer = find_event(doc, "timer", "op", "fired");
  ASSERT_NE(timer, nullptr);
  EXPECT_EQ(timer->dump(),
            R"({"type":"timer","t_us":1200,"host":"client","conn":"10.0.0.1:49152-10.0.0.2:80",)"
            R"("what":"retransmission","op":"fired","deadline_us":1200})");
  const json* queue = find_event(doc, "queue", "accept_queue", 1);
  ASSERT_NE(queue, nullptr);
  EXPECT_EQ(queue->dump(), R"({"type":"queue","t_us":100,"host":"server","port":80,)"
                           R"("syn_queue":0,"accept_queue":1,"backlog":5})");
  const json* counter = find_event(doc, "counter", "name", "retransmissions");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->dump(), R"({"type":"counter","t_us":1200,"node":"client",)"
                             R"("name":"retransmissions","value":1})");
  const json* note = find_event(doc, "note", "node", "client");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ((*note)["text"], "ARP: packet to 10.0.0.2 queued");
}

// ---- strings as nlohmann escapes them ---------------------------------------------

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(written("say \"hi\" \\ bye"), R"("say \"hi\" \\ bye")");
  EXPECT_EQ(written("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(written(std::string("\x00\x01\x0b\x1f\x7f", 5)),
            "\"\\u0000\\u0001\\u000b\\u001f\x7f\"");
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    EXPECT_EQ(written(one), nlohmann_dump(one)) << "byte " << c;
  }
}

TEST(JsonWriter, CopiesUtf8AsItIs) {
  for (const std::string text : {"三次握手", "é", "\U0001F600 ok", "\xef\xbf\xbf", "a\xc2\x80z"}) {
    EXPECT_EQ(written(text), "\"" + text + "\"");
    EXPECT_EQ(written(text), nlohmann_dump(text));
  }
}

TEST(JsonWriter, ReplacesInvalidUtf8AsNlohmannDoes) {
  EXPECT_EQ(written("a\xff!"), "\"a\xef\xbf\xbd!\"");
  for (const std::string text : {
           "\xff", "\x80", "\xc3(", "\xe2\x82(",
           "\xed\xa0\x80",                                  // lone, stray, cut short, surrogate
           "\xc0\xaf", "\xf4\x90\x80\x80", "\xf0\x9f\x98",  // overlong, past U+10FFFF, at the end
           "\xe4\xb8\n", "\xe4\"\xb8\\", "ok\xe4\xb8\xad\xe4",  // cut short before an escape, mixed
       }) {
    EXPECT_EQ(written(text), nlohmann_dump(text))
        << json(text).dump(-1, ' ', true, json::error_handler_t::replace);
  }
}

// Every string of up to 4 bytes drawn from bytes that matter to the UTF-8
// decoder and to escaping: each decoder state meets each kind of byte.
TEST(JsonWriter, ShortStringsOfAwkwardBytesMatchNlohmann) {
  const std::string bytes("\x00\x1f\"\\a\x7f\x80\x8f\x9f\xbf\xc2\xe0\xe4\xed\xf0\xf4\xff", 17);
  std::vector<std::string> texts{""};
  for (std::size_t from = 0, length = 0; length < 4; ++length) {
    const std::size_t to = texts.size();
    for (std::size_t i = from; i < to; ++i) {
      for (const char b : bytes) texts.push_back(texts[i] + b);
    }
    from = to;
  }
  for (const std::string& text : texts) {
    ASSERT_EQ(written(text), nlohmann_dump(text))
        << json(text).dump(-1, ' ', true, json::error_handler_t::replace);
  }
}

TEST(JsonWriter, WritesObjectsNumbersAndFlagsCompactly) {
  std::ostringstream out;
  {
    JsonWriter w(out);
    w.begin_object();
    w.field("a", -1);
    w.key("o");
    w.begin_object();
    w.field("max", std::uint64_t{18446744073709551615u});
    w.field("min", std::int64_t{-9223372036854775807 - 1});
    w.key("empty");
    w.begin_object();
    w.end_object();
    w.end_object();
    w.field("yes", true);
    w.field("no", false);
    w.field("byte", std::uint8_t{200});
    w.end_object();
  }
  json expected;
  expected["a"] = -1;
  expected["o"]["max"] = std::uint64_t{18446744073709551615u};
  expected["o"]["min"] = std::int64_t{-9223372036854775807 - 1};
  expected["o"]["empty"] = json::object();
  expected["yes"] = true;
  expected["no"] = false;
  expected["byte"] = std::uint8_t{200};
  EXPECT_EQ(out.str(), nlohmann_dump(expected));
}

// ---- records as nlohmann dumps them ----------------------------------------------------

// Text from a scenario or a peer: quotes, control characters, Chinese, and
// bytes that are not UTF-8 (a recv() can cut a character in two).
testing::Lan odd_text() {
  testing::Lan lan = testing::handshake();
  lan.call(2000, lan.server, "recv", "recv(4, 3)", 3, 0, CallPhase::Returned, "\xe4\xb8\n");
  lan.trace.add(2000, NoteEvent{lan.client, lan.trace.intern("\"\\\b\x01 三次握手 \xff\xc3(")});
  return lan;
}

TEST(JsonExport, OddTextIsEscapedAsNlohmannDoes) {
  const testing::Lan lan = odd_text();
  const std::vector<std::string> lines = event_lines(to_json_text(lan.trace));
  ASSERT_EQ(lines.size(), lan.trace.events.size());
  EXPECT_EQ(lines.back(), R"({"type":"note","t_us":2000,"node":"client","text":)" +
                              nlohmann_dump("\"\\\b\x01 三次握手 \xff\xc3(") + "}");
  const std::string& read = lines[lines.size() - 2];
  EXPECT_NE(read.find("\"data\":\"\xef\xbf\xbd\\n\""), std::string::npos) << read;
}

// Parsed (keys in order) and dumped again, each record's line comes back the
// same: the export writes what nlohmann's dump would.
TEST(JsonExport, EachEventLineIsWhatNlohmannDumps) {
  testing::Lan lan = odd_text();
  lan.cross(3000, lan.udp(12), lan.client, lan.server);
  lan.cross(3100, lan.port_unreachable(), lan.server, lan.client);
  lan.cross(3200, lan.arp_reply(false), lan.server, lan.client);
  for (const std::string& line : event_lines(to_json_text(lan.trace))) {
    EXPECT_EQ(nlohmann_dump(json::parse(line)), line);
  }
}

// What a frame's bytes say is kept for the next appearances of that frame;
// one seen again after thousands of others is written the same as at first.
TEST(JsonExport, AFrameSeenAgainLongAfterIsWrittenTheSame) {
  testing::Lan lan;
  std::vector<FrameId> frames;
  for (std::size_t len = 1; len <= 3000; ++len) frames.push_back(lan.udp(len));
  for (std::size_t i = 0; i < frames.size(); ++i) {
    lan.cross(30 * i, frames[i], lan.client, lan.server);
  }
  const TimeUs later = 30 * 3000;
  lan.cross(later, frames[0], lan.client, lan.server);
  lan.lose(later + 30, frames[2048], lan.client, lan.server, "loss");
  const json doc = json::parse(to_json_text(lan.trace));
  const json& events = doc["events"];
  ASSERT_EQ(events.size(), 4 * 3000 + 4 + 4);
  for (std::size_t i = 0; i < 4; ++i) {
    json first = events[i], again = events[4 * 3000 + i];
    EXPECT_EQ(again["t_us"], later + first["t_us"].get<TimeUs>());
    first.erase("t_us");
    again.erase("t_us");
    EXPECT_EQ(again, first);
  }
  const json& lost = events.back();
  EXPECT_EQ(lost["frame"], frames[2048]);
  EXPECT_EQ(lost["reason"], "loss");
  EXPECT_EQ(lost["udp"]["len"], 2049);
}

TEST(JsonExport, IdenticalTracesGiveIdenticalBytes) {
  EXPECT_EQ(to_json_text(testing::handshake().trace), to_json_text(testing::handshake().trace));
}

TEST(JsonExport, TheHeaderSaysWhyARunWasCutShortAndWhatIsUnset) {
  Trace t;
  t.settings.scenario = {{"isn", std::monostate{}}, {"nagle", false}};
  t.settings.duration = 10'000'000;
  t.settings.time_wait = 60'000'000;
  t.settings.cut_short = "run stopped after 5 events";
  const json doc = json::parse(to_json_text(t));
  EXPECT_EQ(doc["settings"], json::parse(R"({"isn":null,"nagle":false})"));
  EXPECT_EQ(doc["run"], json::parse(R"({"duration_us":10000000,"time_wait_us":60000000,)"
                                    R"("cut_short":"run stopped after 5 events"})"));
}

TEST(JsonExport, AnEmptyTraceIsValidJson) {
  const json doc = json::parse(to_json_text(Trace{}));
  EXPECT_TRUE(doc["events"].empty());
  EXPECT_TRUE(doc["settings"].is_object());
  EXPECT_TRUE(doc["node_settings"].is_object());
  EXPECT_TRUE(doc["run"].is_object());
}

}  // namespace
}  // namespace synack::trace

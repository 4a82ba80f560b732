#include "sim/trace/json_export.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "trace_fixture.hpp"

namespace synack::trace {
namespace {

// Ordered, so key order is part of what the tests compare.
using json = nlohmann::ordered_json;

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

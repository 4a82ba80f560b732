// Opening files: scenarios are simulated, JSON traces read back, bad files
// give their errors and no document.
#include "gui/model/document.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gui/model/session.hpp"
#include "sim/trace/json_export.hpp"
#include "sim/trace/pcap_export.hpp"

namespace synack::gui {
namespace {

const std::string kScenarios = std::string(SYNACK_SOURCE_DIR) + "/scenarios/";

std::string temp_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("synack_gui_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(Document, ScenarioIsSimulatedWithItsVerdicts) {
  LoadOutcome out = load_document(kScenarios + "handshake.yaml");
  ASSERT_TRUE(out.document) << (out.errors.empty() ? "" : out.errors[0]);
  const Document& doc = *out.document;
  EXPECT_TRUE(doc.is_scenario);
  EXPECT_GT(doc.trace.events.size(), 20u);
  ASSERT_EQ(doc.verdicts.size(), doc.verdict_steps.size());
  for (const auto& v : doc.verdicts) EXPECT_TRUE(v.ok) << v.what;
  // "client fd k is SYN-SENT at 17 ms" is decided by the records up to 17 ms.
  for (std::size_t i = 0; i < doc.verdicts.size(); ++i) {
    const std::size_t step = doc.verdict_steps[i];
    ASSERT_LE(step, doc.trace.events.size());
    if (doc.verdicts[i].what.find("at 0.017 s") != std::string::npos) {
      EXPECT_LE(doc.trace.events[step - 1].t, 17'000);
      if (step < doc.trace.events.size()) {
        EXPECT_GT(doc.trace.events[step].t, 17'000);
      }
    }
  }
}

TEST(Document, BrokenScenarioGivesFileLineColumn) {
  const std::string path = temp_file("broken.yaml", "name: x\ntopology:\n  hosts: [ {name: a\n");
  LoadOutcome out = load_document(path);
  EXPECT_FALSE(out.document);
  ASSERT_FALSE(out.errors.empty());
  EXPECT_EQ(out.errors[0].rfind(path + ":", 0), 0u) << out.errors[0];
}

TEST(Document, MissingFileSaysSo) {
  LoadOutcome out = load_document("/nonexistent/x.yaml");
  EXPECT_FALSE(out.document);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0], "/nonexistent/x.yaml: no such file, or it cannot be read");
}

TEST(Document, JsonTraceOpensWithoutExpectations) {
  LoadOutcome sim = load_document(kScenarios + "close.yaml");
  ASSERT_TRUE(sim.document);
  std::ostringstream json;
  trace::write_json(sim.document->trace, json);
  const std::string path = temp_file("close.json", json.str());
  LoadOutcome out = load_document(path);
  ASSERT_TRUE(out.document) << (out.errors.empty() ? "" : out.errors[0]);
  EXPECT_FALSE(out.document->is_scenario);
  EXPECT_EQ(out.document->trace.events.size(), sim.document->trace.events.size());
}

TEST(Document, CaptureOpensWithInferredStates) {
  LoadOutcome sim = load_document(kScenarios + "close.yaml");
  ASSERT_TRUE(sim.document);
  const std::string path =
      (std::filesystem::temp_directory_path() / "synack_gui_close.pcap").string();
  std::string error;
  ASSERT_TRUE(trace::write_pcap(sim.document->trace, path, error)) << error;
  LoadOutcome out = load_document(path);
  ASSERT_TRUE(out.document) << (out.errors.empty() ? "" : out.errors[0]);
  EXPECT_FALSE(out.document->is_scenario);
  EXPECT_EQ(out.document->trace.frame_count(), 11u);
  std::size_t inferred = 0;
  for (const trace::Event& e : out.document->trace.events) {
    if (const auto* s = std::get_if<trace::StateEvent>(&e.what)) {
      inferred += s->basis == trace::StateBasis::Inferred ? 1 : 0;
    }
  }
  EXPECT_EQ(inferred, 10u);
}

TEST(Document, BadCaptureGivesItsError) {
  const std::string path = temp_file("bad.pcap", "not a capture");
  LoadOutcome out = load_document(path);
  EXPECT_FALSE(out.document);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].rfind(path + ": byte 0: ", 0), 0u) << out.errors[0];
}

TEST(Document, BadJsonGivesItsError) {
  const std::string path = temp_file("bad.json", "{\"nodes\": [");
  LoadOutcome out = load_document(path);
  EXPECT_FALSE(out.document);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_NE(out.errors[0].find("not valid JSON"), std::string::npos);
}

TEST(Session, ReloadKeepsTheStepWhereItStillExists) {
  Session s;
  s.adopt(load_document(kScenarios + "handshake.yaml").document, false);
  s.stepper->set(12);
  s.selected = 11;
  s.adopt(load_document(kScenarios + "handshake.yaml").document, true);
  EXPECT_EQ(s.step(), 12u);
  EXPECT_EQ(s.selected, 11u);
  s.stepper->to_end();
  const std::size_t end = s.step();
  // A shorter run: the step is clamped to its end.
  s.adopt(load_document(kScenarios + "rst_refused.yaml").document, true);
  EXPECT_LE(s.step(), s.document->trace.events.size());
  EXPECT_LE(s.step(), end);
  s.adopt(load_document(kScenarios + "handshake.yaml").document, false);
  EXPECT_EQ(s.step(), 0u);
  EXPECT_EQ(s.selected, trace::kNone);
}

}  // namespace
}  // namespace synack::gui

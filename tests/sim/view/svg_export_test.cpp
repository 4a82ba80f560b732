// The ladder as SVG: well-formed XML (read back with expat), one arrow per
// frame crossing a link, a time range that keeps only what happens in it, and
// text escaped as text.
#include "sim/view/svg_export.hpp"

#include <expat.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "trace_fixture.hpp"

namespace synack::view {
namespace {

// What a reader of the file finds in it.
struct Parsed {
  bool ok = false;
  std::string error;
  std::string root;
  std::size_t frames = 0;  // <g class="frame">
  std::size_t lifelines = 0;
  std::vector<std::string> texts;  // the words of every <text>
  std::string background;          // the first <rect>'s fill
  std::string text_now;
  bool in_text = false;
};

Parsed parse(const std::string& svg) {
  Parsed p;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &p);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char** attrs) {
        auto& st = *static_cast<Parsed*>(data);
        const std::string element = name;
        if (st.root.empty()) st.root = element;
        std::string cls, fill;
        for (int i = 0; attrs[i] != nullptr; i += 2) {
          if (std::string(attrs[i]) == "class") cls = attrs[i + 1];
          if (std::string(attrs[i]) == "fill") fill = attrs[i + 1];
        }
        if (element == "g" && cls == "frame") ++st.frames;
        if (element == "line" && cls == "lifeline") ++st.lifelines;
        if (element == "rect" && st.background.empty()) st.background = fill;
        if (element == "text") {
          st.in_text = true;
          st.text_now.clear();
        }
      },
      [](void* data, const XML_Char* name) {
        auto& st = *static_cast<Parsed*>(data);
        if (std::string(name) == "text") {
          st.in_text = false;
          st.texts.push_back(st.text_now);
        }
      });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* s, int len) {
    auto& st = *static_cast<Parsed*>(data);
    if (st.in_text) st.text_now.append(s, static_cast<std::size_t>(len));
  });
  p.ok = XML_Parse(parser, svg.data(), static_cast<int>(svg.size()), 1) == XML_STATUS_OK;
  if (!p.ok) {
    p.error = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
              std::to_string(XML_GetCurrentLineNumber(parser));
  }
  XML_ParserFree(parser);
  return p;
}

bool has_text(const Parsed& p, const std::string& words) {
  for (const std::string& t : p.texts) {
    if (t == words) return true;
  }
  return false;
}

class SvgExportTest : public ::testing::Test {
 protected:
  trace::testing::Lan lan = trace::testing::handshake();

  std::string svg(const SvgOptions& options, SvgPage* page = nullptr) {
    const LadderModel model(lan.trace);
    std::ostringstream out;
    const SvgPage drawn = write_ladder_svg(model, options, out);
    if (page != nullptr) *page = drawn;
    return out.str();
  }
  std::size_t sent_frames(TimeUs from, TimeUs to) const {
    std::size_t n = 0;
    for (const trace::Event& e : lan.trace.events) {
      const auto* f = std::get_if<trace::FrameEvent>(&e.what);
      if (f != nullptr && f->fate == trace::Fate::Sent && e.t >= from && e.t <= to) ++n;
    }
    return n;
  }
};

TEST_F(SvgExportTest, WholeRunIsWellFormedWithOneArrowPerFrameOnEachLink) {
  SvgPage page;
  const Parsed p = parse(svg({}, &page));
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.root, "svg");
  // Every hop of every frame: the flooded ARP request's two, the lost frame's two.
  EXPECT_EQ(p.frames, sent_frames(0, 1300));
  EXPECT_EQ(p.frames, page.arrows);
  EXPECT_EQ(p.lifelines, 4u);  // client, sw1, server, other
  EXPECT_GT(page.height, 0);
}

TEST_F(SvgExportTest, PrintsOnWhiteWithItsWordsAsText) {
  const Parsed p = parse(svg({}));
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.background, "#ffffff");
  EXPECT_TRUE(has_text(p, "client"));
  EXPECT_TRUE(has_text(p, "10.0.0.1"));
  EXPECT_TRUE(has_text(p, "SYN Seq=0 Win=65535 Len=0"));
  EXPECT_TRUE(has_text(p, "ESTABLISHED"));
  EXPECT_TRUE(has_text(p, "connect(3, 10.0.0.2:80) → 0"));
}

TEST_F(SvgExportTest, AbsoluteNumbersAsOnTheWire) {
  SvgOptions options;
  options.absolute = true;
  const Parsed p = parse(svg(options));
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_TRUE(has_text(p, "SYN Seq=1000 Win=65535 Len=0"));
}

TEST_F(SvgExportTest, ARangeDrawsOnlyTheFramesOnTheWireInIt) {
  SvgOptions options;
  options.from = 1200;
  options.to = 1300;
  const Parsed p = parse(svg(options));
  ASSERT_TRUE(p.ok) << p.error;
  // The retransmission and the ACK, each over two links; nothing of the handshake.
  EXPECT_EQ(p.frames, 4u);
  EXPECT_FALSE(has_text(p, "SYN Seq=0 Win=65535 Len=0"));
}

TEST_F(SvgExportTest, MarkupInNamesIsEscaped) {
  lan.trace.name = "a <b> & \"c\"";
  lan.trace.nodes[lan.client].name = "<client>";
  const Parsed p = parse(svg({}));
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_TRUE(has_text(p, "<client>"));
}

TEST_F(SvgExportTest, EmptyTraceIsStillAPicture) {
  trace::Trace empty;
  const LadderModel model(empty);
  std::ostringstream out;
  const SvgPage page = write_ladder_svg(model, {}, out);
  const Parsed p = parse(out.str());
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.frames, 0u);
  EXPECT_EQ(page.arrows, 0u);
}

TEST_F(SvgExportTest, UnwritableFileSaysWhy) {
  const LadderModel model(lan.trace);
  EXPECT_EQ(write_ladder_svg_file(model, {}, "/nonexistent/dir/x.svg"),
            "/nonexistent/dir/x.svg: cannot write the SVG: No such file or directory");
}

}  // namespace
}  // namespace synack::view

// The Expectations panel's verdicts follow View → Language: the session words
// them again when the language changed since it adopted the document. Needs
// the zh_CN catalogue built into <build>/locale.
#include <gtest/gtest.h>

#include "gui/model/document.hpp"
#include "gui/model/session.hpp"
#include "sim/lang/tr.hpp"

namespace synack::gui {
namespace {

TEST(VerdictLanguage, VerdictsAreWordedAgainWhenTheLanguageChanges) {
  lang::init();
  lang::set_language("en");
  LoadOutcome out = load_document(std::string(SYNACK_SOURCE_DIR) + "/scenarios/handshake.yaml");
  ASSERT_TRUE(out.document) << (out.errors.empty() ? "" : out.errors[0]);
  Session session;
  session.adopt(std::move(out.document), false);
  const std::vector<scenario::Verdict> english = session.document->verdicts;
  ASSERT_FALSE(english.empty());
  EXPECT_EQ(english.back().what, "server fd l is LISTEN at 0.021 s");

  session.follow_language();  // nothing changed: the same words
  EXPECT_EQ(session.document->verdicts.back().what, english.back().what);

  lang::set_language("zh_CN");
  session.follow_language();
  const std::vector<scenario::Verdict>& chinese = session.document->verdicts;
  ASSERT_EQ(chinese.size(), english.size());
  EXPECT_EQ(chinese.back().what, "server fd l 在 0.021 s 时处于 LISTEN");
  for (std::size_t i = 0; i < chinese.size(); ++i) EXPECT_EQ(chinese[i].ok, english[i].ok);

  lang::set_language("en");
  session.follow_language();
  EXPECT_EQ(session.document->verdicts.back().what, english.back().what);
}

}  // namespace
}  // namespace synack::gui

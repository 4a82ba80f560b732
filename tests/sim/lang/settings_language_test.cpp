// The What-if panel's tooltips: a setting's meaning, kept in English for the
// docs and the schema, comes out in Chinese through tr().
#include <gtest/gtest.h>

#include <string>

#include "sim/lang/tr.hpp"
#include "sim/scenario/settings_list.hpp"

namespace synack::lang {
namespace {

TEST(SettingsLanguage, EveryMeaningIsTranslatedAndStaysEnglishInTheList) {
  init();
  set_language("zh_CN");
  for (const scenario::SettingInfo& info : scenario::settings_list()) {
    // A meaning views a whole literal, so data() ends where it does.
    EXPECT_EQ(std::string(info.meaning.data()), std::string(info.meaning)) << info.key;
    EXPECT_STRNE(tr(info.meaning.data()), info.meaning.data()) << info.key;
  }
  EXPECT_STREQ(tr(scenario::settings_list().at(1).meaning.data()),
               "报文段最大生存时间 (MSL)；TIME-WAIT 持续 2 × MSL");
  set_language("en");
  EXPECT_EQ(scenario::settings_list().at(1).meaning,
            "maximum segment lifetime; TIME-WAIT lasts 2 × MSL");
}

}  // namespace
}  // namespace synack::lang

// The app's and the command line's own words in the user's language, with
// gettext (the Debian convention): tr("File") is "文件" under LANG=zh_CN.UTF-8.
// The catalogue is po/zh_CN.po, built into <build>/locale/zh_CN/LC_MESSAGES/synack.mo.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace synack::lang {

// Reads the language from LANGUAGE, LC_ALL, LC_MESSAGES and LANG, as gettext
// does, and finds the catalogues; call once at start. Only messages (and
// character types) follow the locale: numbers keep their '.'.
void init();

// `msgid` in the language in force; `msgid` itself when it has no translation.
const char* tr(const char* msgid);
// A sentence with values, `msgid` a fmt format string: the translation
// keeps its `{}` in the order the values are given (the catalogue test checks
// they are as many). A broken translation falls back to `msgid`.
template <typename... Args>
std::string trf(const char* msgid, const Args&... args) {
  try {
    return fmt::format(fmt::runtime(tr(msgid)), args...);
  } catch (const fmt::format_error&) {
    return fmt::format(fmt::runtime(msgid), args...);
  }
}
// Marks a literal for the catalogue where it is kept now and translated
// later with tr() (tables of words, panel titles).
constexpr const char* tr_later(const char* msgid) { return msgid; }

// The languages the app can show, by code: "en", "zh_CN".
struct Language {
  const char* code;
  const char* name;  // in that language
};
const Language* languages(std::size_t& count);
// Switches the language of every tr() from now on.
void set_language(std::string_view code);
// The code of the language in force: "zh_CN" or "en".
std::string language();

}  // namespace synack::lang

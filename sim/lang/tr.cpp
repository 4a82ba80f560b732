#include "sim/lang/tr.hpp"

#include <libintl.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <cstring>
#include <filesystem>

extern "C" int _nl_msg_cat_cntr;  // glibc: bumped, it makes gettext read LANGUAGE again

namespace synack::lang {

namespace {

constexpr const char* kDomain = "synack";
constexpr Language kLanguages[] = {{"en", "English"}, {"zh_CN", "中文（简体）"}};

// <exe>/locale (the build tree), <exe>/../share/locale (installed), or the
// system's.
std::string catalogue_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const std::filesystem::path& dir :
         {exe.parent_path() / "locale", exe.parent_path().parent_path() / "share" / "locale"}) {
      if (std::filesystem::is_regular_file(dir / "zh_CN" / "LC_MESSAGES" / "synack.mo", ec)) {
        return dir.string();
      }
    }
  }
  return "/usr/share/locale";
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// "zh_CN.UTF-8" -> "zh_CN"; "C", "POSIX" and "" -> "".
std::string language_of(std::string value) {
  value = value.substr(0, value.find(':'));
  value = value.substr(0, value.find('.'));
  value = value.substr(0, value.find('@'));
  return value == "C" || value == "POSIX" ? "" : value;
}

}  // namespace

void init() {
  std::setlocale(LC_CTYPE, "");
  const char* messages = std::setlocale(LC_MESSAGES, "");
  // gettext translates nothing in the C locale. When the language asked for
  // has no locale installed (a minimal system), messages still follow it.
  if (messages == nullptr || std::strcmp(messages, "C") == 0 ||
      std::strcmp(messages, "POSIX") == 0) {
    std::string wanted;
    for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
      wanted = language_of(env(name));
      if (!wanted.empty()) break;
    }
    std::setlocale(LC_MESSAGES, "C.UTF-8");
    if (!wanted.empty() && env("LANGUAGE").empty()) setenv("LANGUAGE", wanted.c_str(), 1);
  }
  bindtextdomain(kDomain, catalogue_dir().c_str());
  bind_textdomain_codeset(kDomain, "UTF-8");
}

const char* tr(const char* msgid) { return dgettext(kDomain, msgid); }

const Language* languages(std::size_t& count) {
  count = std::size(kLanguages);
  return kLanguages;
}

void set_language(std::string_view code) {
  setenv("LANGUAGE", std::string(code).c_str(), 1);
  if (std::strcmp(std::setlocale(LC_MESSAGES, nullptr), "C") == 0) {
    std::setlocale(LC_MESSAGES, "C.UTF-8");
  }
  ++_nl_msg_cat_cntr;
}

std::string language() {
  std::string code = language_of(env("LANGUAGE"));
  if (code.empty()) code = language_of(std::setlocale(LC_MESSAGES, nullptr));
  for (const Language& l : kLanguages) {
    if (code == l.code) return code;
  }
  return "en";
}

}  // namespace synack::lang

// What every subcommand's output shares: paths checked before a run, the JSON
// trace written with the reason when it cannot be, and standard output that
// could not be written counted as a failure.
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "sim/lang/tr.hpp"
#include "sim/trace/json_export.hpp"

namespace synack::cli {

CLI::Validator non_empty_path() {
  return CLI::Validator(
      [](const std::string& path) {
        return path.empty() ? std::string(lang::tr("an empty path names no file")) : std::string();
      },
      "PATH");
}

CLI::Validator whole_number_u64() {
  return CLI::Validator(
      [](const std::string& text) {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (!text.empty() && ec == std::errc() && ptr == end) return std::string();
        return lang::trf("expected a whole number from 0 to 18446744073709551615, got '{}'", text);
      },
      "UINT64");
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (std::filesystem::equivalent(a, b, ec)) return true;
  const auto canonical_a = std::filesystem::weakly_canonical(a, ec);
  if (ec) return a == b;
  const auto canonical_b = std::filesystem::weakly_canonical(b, ec);
  return ec ? a == b : canonical_a == canonical_b;
}

std::string write_json_file(const trace::Trace& t, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return lang::trf("{}: cannot write the JSON trace: {}", path, std::strerror(errno));
  errno = 0;
  trace::write_json(t, out);
  out.close();  // a full disk shows when the last bytes go out
  if (!out) {
    return lang::trf("{}: cannot write the JSON trace: {}", path,
                     std::strerror(errno != 0 ? errno : EIO));
  }
  return {};
}

void buffer_output() {
  // Output to a file or a pipe is held until the end, so that a write error (a full disk) shows
  // in the last flush with its reason; a terminal keeps its line buffering.
  static char buffer[1 << 20];
  if (::isatty(STDOUT_FILENO) == 0) std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
}

int finish_output(int status) {
  errno = 0;
  std::cout.flush();
  const bool flushed = std::fflush(stdout) == 0;
  if (flushed && std::ferror(stdout) == 0 && std::cout) return status;
  std::cerr << "synack: "
            << lang::trf("cannot write to standard output: {}",
                         std::strerror(errno != 0 ? errno : EIO))
            << "\n";
  return kExitBadInput;
}

}  // namespace synack::cli

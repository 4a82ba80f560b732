#include "sim/scenario/load_input.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "sim/lang/tr.hpp"

namespace synack::scenario {

namespace {

// Closes the descriptor however reading ends.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

// The length of the UTF-8 sequence starting text[i] (2 to 4), or 0 when the
// bytes there are not one: overlong forms, surrogates and values past U+10FFFF
// are refused as RFC 3629 says.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char b0 = byte(0);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size() || byte(1) < lo || byte(1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  }
  return n;
}

}  // namespace

std::optional<std::string> read_input_file(const std::string& path, std::string& reason,
                                           std::size_t max_bytes) {
  const Descriptor in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) {
    reason = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  std::array<char, 64 * 1024> buffer{};
  for (;;) {
    const ::ssize_t n = ::read(in.fd, buffer.data(), buffer.size());
    if (n == 0) return text;
    if (n < 0) {
      if (errno == EINTR) continue;
      reason = errno == EISDIR ? lang::tr("it is a directory") : std::strerror(errno);
      return std::nullopt;
    }
    text.append(buffer.data(), static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      reason = lang::trf("more than {} MiB ({} bytes), the most an input file may hold",
                         max_bytes / (1024 * 1024), max_bytes);
      return std::nullopt;
    }
  }
}

std::string quote_input(std::string_view text, std::size_t max_bytes) {
  std::string out = "'";
  std::size_t i = 0;
  while (i < text.size() && i < max_bytes) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      const std::size_t n = utf8_length(text, i);
      if (n > 0) {
        out.append(text.substr(i, n));
        i += n;
        continue;
      }
      out += fmt::format("\\x{:02x}", u);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\'' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
    ++i;
  }
  return out + (i < text.size() ? "...'" : "'");
}

}  // namespace synack::scenario

#include "sim/trace/json_writer.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace synack::trace {

namespace {

// The stream gets about a megabyte at a time.
constexpr std::size_t kFlushAt = std::size_t{1} << 20;

// Bjoern Hoehrmann's UTF-8 decoder (https://bjoern.hoehrmann.de/utf-8/decoder/dfa/),
// the one nlohmann's serializer runs: byte classes, then transitions.
constexpr std::uint8_t kAccept = 0;
constexpr std::uint8_t kReject = 1;
// clang-format off
constexpr std::array<std::uint8_t, 400> kUtf8 = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 00..1F
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 20..3F
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 40..5F
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 60..7F
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, // 80..9F
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, // A0..BF
    8, 8, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, // C0..DF
    0xA, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x3, 0x4, 0x3, 0x3, // E0..EF
    0xB, 0x6, 0x6, 0x6, 0x5, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, 0x8, // F0..FF
    0x0, 0x1, 0x2, 0x3, 0x5, 0x8, 0x7, 0x1, 0x1, 0x1, 0x4, 0x6, 0x1, 0x1, 0x1, 0x1, // s0..s0
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, // s1..s2
    1, 2, 1, 1, 1, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, // s3..s4
    1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 3, 1, 1, 1, 1, 1, 1, // s5..s6
    1, 3, 1, 1, 1, 1, 1, 3, 1, 3, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 // s7..s8
};
// clang-format on

// The bytes that go out as they are: printable ASCII but the quote and the
// backslash.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// A code point below 0x80 that is not plain, escaped; returns the new end.
char* escape(unsigned char c, char* out) {
  static constexpr char kShort[] = "btn\0fr";  // 0x08..0x0D; 0x0B has no short form
  *out++ = '\\';
  if (c == '"' || c == '\\') {
    *out++ = static_cast<char>(c);
  } else if (c >= 0x08 && c <= 0x0D && c != 0x0B) {
    *out++ = kShort[c - 0x08];
  } else {
    static constexpr char kHex[] = "0123456789abcdef";
    for (const char x : {'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]}) *out++ = x;
  }
  return out;
}

char* replacement(char* out) {
  for (const char x : {'\xEF', '\xBF', '\xBD'}) *out++ = x;
  return out;
}

}  // namespace

void JsonWriter::begin_object() {
  buffer_.push_back('{');
  first_member_ = true;
}

void JsonWriter::end_object() {
  buffer_.push_back('}');
  first_member_ = false;  // the enclosing object (if any) holds this one
}

void JsonWriter::key(std::string_view name) {
  if (!first_member_) buffer_.push_back(',');
  first_member_ = false;
  value(name);
  buffer_.push_back(':');
}

// nlohmann's dump_escaped with ensure_ascii off and the replace handler: bytes
// of a code point are copied as they come; a byte the decoder rejects drops
// the unfinished code point for one U+FFFD, and is read again when it was not
// the code point's first; a string ending mid code point ends with U+FFFD.
void JsonWriter::value(std::string_view text) {
  // At most 6 bytes out for each byte in (a \u00xx escape), and the quotes.
  const std::size_t start = buffer_.size();
  buffer_.resize(start + 6 * text.size() + 2);
  char* out = buffer_.data() + start;
  *out++ = '"';
  char* after_last_accept = out;
  std::uint8_t state = kAccept;
  std::uint32_t codepoint = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (state == kAccept && kPlain[static_cast<unsigned char>(text[i])]) {  // the common case
      const std::size_t begin = i;
      while (i + 1 < text.size() && kPlain[static_cast<unsigned char>(text[i + 1])]) ++i;
      std::memcpy(out, text.data() + begin, i + 1 - begin);
      out += i + 1 - begin;
      after_last_accept = out;
      continue;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::uint8_t type = kUtf8[byte];
    const bool continues = state != kAccept;
    codepoint = continues ? (byte & 0x3Fu) | (codepoint << 6) : (0xFFu >> type) & byte;
    state = kUtf8[256 + state * 16 + type];
    if (state == kAccept) {
      if (codepoint < 0x80) {
        out =
            escape(static_cast<unsigned char>(codepoint), out);  // not plain, or it had been copied
      } else {
        *out++ = static_cast<char>(byte);  // the last byte of a longer code point
      }
      after_last_accept = out;
    } else if (state == kReject) {
      if (continues) --i;
      out = replacement(after_last_accept);
      after_last_accept = out;
      state = kAccept;
    } else {
      *out++ = static_cast<char>(byte);
    }
  }
  if (state != kAccept) out = replacement(after_last_accept);
  *out++ = '"';
  buffer_.resize(static_cast<std::size_t>(out - buffer_.data()));
}

void JsonWriter::raw(std::string_view text) {
  buffer_.append(text.data(), text.data() + text.size());
}

void JsonWriter::flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void JsonWriter::flush_if_full() {
  if (buffer_.size() >= kFlushAt) flush();
}

}  // namespace synack::trace

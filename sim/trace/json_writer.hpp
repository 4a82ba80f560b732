// JSON text written straight into a buffer and flushed to a stream in large
// chunks, for the records of a trace: too many to build a DOM for each. What it
// writes is byte for byte what nlohmann's compact dump (dump(-1, ' ', false,
// error_handler_t::replace)) gives for the same values, so both may make parts
// of one file.
#pragma once

#include <fmt/format.h>

#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>

namespace synack::trace {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  ~JsonWriter() { flush(); }

  // Objects nest; each member is key() and then one value (or an object).
  void begin_object();
  void end_object();
  void key(std::string_view name);

  // A string, escaped as nlohmann does: invalid UTF-8 becomes U+FFFD.
  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(bool flag) { raw(flag ? "true" : "false"); }
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
  void value(T number) {
    const fmt::format_int digits(number);
    buffer_.append(digits.data(), digits.data() + digits.size());
  }

  template <typename T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

  // Text that is already JSON, or the layout between values.
  void raw(std::string_view text);

  // Runs `write` and moves what it wrote into `out` instead, for a part that
  // repeats: raw(out) writes it again.
  template <typename Write>
  void take(std::string& out, Write write) {
    const std::size_t start = buffer_.size();
    write();
    out.assign(buffer_.data() + start, buffer_.size() - start);
    buffer_.resize(start);
  }

  // The stream gets the buffer only here (and when the writer goes).
  void flush_if_full();
  void flush();

 private:
  std::ostream& out_;
  fmt::memory_buffer buffer_;
  bool first_member_ = true;  // of the innermost open object
};

}  // namespace synack::trace

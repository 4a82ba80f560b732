// The scenario loader on any bytes: it returns a Scenario or errors, each one
// line with a position, and never crashes or reads past the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sim/scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const synack::scenario::LoadResult r = synack::scenario::load_text(text, "fuzz.yaml");
  if (r.ok() == r.errors.empty() && r.scenario.has_value() == r.ok()) {
    for (const synack::scenario::LoadError& e : r.errors) {
      if (e.message.empty() || e.message.find('\n') != std::string::npos) std::abort();
    }
    return 0;
  }
  std::abort();
}

// The packetdrill parser on any bytes, and the runner on every script it
// takes: a ParseError or an Outcome, never a crash, an overflow or a hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sim/pkt/executor.hpp"
#include "sim/pkt/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const synack::pkt::Script script = synack::pkt::parse_script(text, "fuzz.pkt");
    const synack::pkt::Outcome outcome = synack::pkt::run_script(script);
    if (outcome.verdict != synack::pkt::Verdict::Passed && outcome.message.empty()) std::abort();
  } catch (const synack::pkt::ParseError& e) {
    if (std::string(e.what()).find('\n') != std::string::npos) std::abort();
  }
  return 0;
}

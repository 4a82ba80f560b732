// Plays a packetdrill script against the synack TCP endpoint model. The
// executor is the application (it makes the system calls) and the remote peer
// (it injects `<` segments and checks `>` segments); the model is the endpoint
// under test. Time is virtual: the run takes microseconds, whatever the script's
// timeline says.
#pragma once

#include <string>

#include "sim/pkt/script.hpp"

namespace synack::pkt {

enum class Verdict { Passed, Failed, Skipped };

struct Outcome {
  Verdict verdict = Verdict::Passed;
  int line = 0;         // script line of the failure or of the unsupported construct
  std::string message;  // e.g. "expected > R 0:0(0), model sent nothing; state SYN-SENT"
};

Outcome run_script(const Script& script);

// Parses and runs one file. A syntax error is a failure whose message names
// file:line:column.
Outcome run_file(const std::string& path);

const char* verdict_name(Verdict v);  // "passed", "failed", "skipped"

}  // namespace synack::pkt

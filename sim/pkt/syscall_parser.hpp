// System call lines of a packetdrill script: `name(args) = result [ERRNO] [(note)]`, with the
// arguments as small expression trees. Internal to sim/pkt/parser.cpp.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/pkt/scanner.hpp"
#include "sim/pkt/script.hpp"

namespace synack::pkt::detail {

// Reads from the system call's name (the scanner stands on it) to the end of its note.
// end_usecs is the `...T` blocking end time already read after the event time, if any.
SyscallEvent parse_syscall(Scanner& in, std::optional<std::int64_t> end_usecs);

}  // namespace synack::pkt::detail

// errno values and their symbolic names, in one place for every reader and
// writer: glibc's own table (strerrorname_np) is the table.
#pragma once

#include <optional>
#include <string_view>

namespace synack {

// "ECONNREFUSED" for ECONNREFUSED; nullptr for 0 (success) and for values
// without a name.
const char* errno_name(int err);

// The value of a symbolic name; EWOULDBLOCK reads as EAGAIN, EDEADLOCK as
// EDEADLK (the names glibc gives those values). nullopt if unknown.
std::optional<int> errno_from_name(std::string_view name);

}  // namespace synack

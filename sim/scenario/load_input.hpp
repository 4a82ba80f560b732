// Input as every reader of files takes it: the scenario loader, the packetdrill
// parser and the command line's lists. A file is read with a size cap whatever
// it is (a regular file, a FIFO, a character device such as /dev/zero), and
// input text echoed into a message is quoted so that it cannot break the
// message (newlines, control bytes, invalid UTF-8).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace synack::scenario {

// Scenario files and scripts are a few kilobytes; the cap keeps a wrong path cheap.
inline constexpr std::size_t kMaxInputBytes = 16 * 1024 * 1024;

// The whole content of `path`, or nullopt with `reason` set: the system's
// error text ("No such file or directory"), "it is a directory", or "more than
// 16 MiB (16777216 bytes), the most an input file may hold" once that much is
// read. Reads at most max_bytes + 1 bytes.
std::optional<std::string> read_input_file(const std::string& path, std::string& reason,
                                           std::size_t max_bytes = kMaxInputBytes);

// How input text reads inside a message: in single quotes, with printable
// ASCII and valid UTF-8 as written and everything else escaped (\n, \t, \r,
// \', \\, \xNN for other control bytes and for bytes that are not UTF-8).
// Longer text is cut after max_bytes of input and ends in "...".
std::string quote_input(std::string_view text, std::size_t max_bytes = 40);

}  // namespace synack::scenario

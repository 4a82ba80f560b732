#include "core/errno_names.hpp"

#include <cstring>

namespace synack {

namespace {
// Linux's errno values end below this (EHWPOISON is 133).
constexpr int kErrnoLimit = 256;
}  // namespace

const char* errno_name(int err) {
  if (err <= 0 || err >= kErrnoLimit) return nullptr;
  return strerrorname_np(err);
}

std::optional<int> errno_from_name(std::string_view name) {
  if (name == "EWOULDBLOCK") name = "EAGAIN";
  if (name == "EDEADLOCK") name = "EDEADLK";
  for (int err = 1; err < kErrnoLimit; ++err) {
    const char* known = strerrorname_np(err);
    if (known != nullptr && name == known) return err;
  }
  return std::nullopt;
}

}  // namespace synack

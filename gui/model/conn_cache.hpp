// What a panel worked out for one connection of the open document, kept until
// the document or the connection changes, so a frame costs nothing when
// neither did.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "gui/model/session.hpp"

namespace synack::gui {

template <class T>
class ConnCache {
 public:
  // The value for the session's document and connection `c`, built by
  // `build()` when either changed since the last call.
  template <class Build>
  const T& get(const Session& session, trace::ConnId c, Build&& build) {
    if (!value_ || generation_ != session.generation || conn_ != c) {
      value_.reset();
      value_.emplace(std::forward<Build>(build)());
      generation_ = session.generation;
      conn_ = c;
      ++builds_;
    }
    return *value_;
  }
  int builds() const { return builds_; }

 private:
  std::optional<T> value_;
  std::uint64_t generation_ = 0;
  trace::ConnId conn_ = trace::kNone;
  int builds_ = 0;
};

}  // namespace synack::gui

// Initial sequence numbers come from an injectable source: deterministic in
// tests and simulations, clock-driven by default (RFC 9293 §3.4.1).
#pragma once

#include <cstdint>

#include "seq.hpp"
#include "tcp_types.hpp"

namespace synack::tcp {

// The connection's addresses, for ISN selection and for naming it in records.
struct ConnectionId {
  std::uint32_t local_ip = 0;
  std::uint16_t local_port = 0;
  std::uint32_t remote_ip = 0;
  std::uint16_t remote_port = 0;
};

class IsnSource {
 public:
  virtual ~IsnSource() = default;
  virtual SeqNum next(TimeUs now, const ConnectionId& id) = 0;
};

// RFC 9293 §3.4.1: ISN = M + F(localip, localport, remoteip, remoteport, secretkey),
// M a timer ticking every 4 microseconds, F a keyed hash.
class ClockIsn final : public IsnSource {
 public:
  explicit ClockIsn(std::uint64_t secret_key) : key_(secret_key) {}
  SeqNum next(TimeUs now, const ConnectionId& id) override;

 private:
  std::uint64_t key_;
};

// Hands out start, start+step, start+2*step, ...: reproducible runs.
class FixedIsn final : public IsnSource {
 public:
  explicit FixedIsn(std::uint32_t start, std::uint32_t step = 0) : next_(start), step_(step) {}
  SeqNum next(TimeUs, const ConnectionId&) override {
    SeqNum s(next_);
    next_ += step_;
    return s;
  }

 private:
  std::uint32_t next_;
  std::uint32_t step_;
};

// The source an endpoint uses when none is given: ClockIsn with a per-process key.
IsnSource& default_isn_source();

}  // namespace synack::tcp

// A host: one IPv4 interface under core's socket layer (sock::Stack), and the
// host's script run on it. The host is a thin adapter: it carries segments and
// datagrams between the wire and the stack, turns the stack's output into
// Trace records, wakes the stack's deadlines in virtual time, and makes each
// script step's call on the stack (blocking calls block in virtual time).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/socket/stack.hpp"
#include "sim/world/l3.hpp"
#include "sim/world/script_runner.hpp"

namespace synack::sim {

class Host final : public L3Node,
                   private sock::Interfaces,
                   private ScriptSockets,
                   private ScriptClock {
 public:
  Host(World& world, NodeId id, Interface iface, std::optional<wire::Ipv4Address> gateway,
       const scenario::HostSettings& settings, const scenario::Scenario& scenario);
  ~Host() override;

  // Script steps of this host, by index into scenario.steps, in file order.
  void add_step(std::uint32_t index);
  // Schedules each thread's first step.
  void start() { runner().start(); }

  // The host stops without a word (a crash, a power cut): its connections,
  // sockets, threads and ARP cache are gone, nothing is sent, and frames that
  // reach it are dropped until it boots.
  void crash();
  // It comes back with nothing of the old life: a new stack, whose answer to
  // a segment of an old connection is RST, and each thread's steps from the
  // first one due at or after now.
  void boot();

  void receive(std::size_t port, FrameId frame) override;

 protected:
  void deliver_ip(std::size_t iface, const wire::DecodedFrame& frame,
                  wire::ByteView ip_packet) override;
  // ARP failed for a packet this host sent: its socket hears host unreachable.
  void next_hop_failed(const std::vector<std::uint8_t>& ip_packet) override;
  void forward_ip(std::size_t, const wire::DecodedFrame&, wire::ByteView) override;
  std::optional<NextHop> route(wire::Ipv4Address dst) const override;

 private:
  // ---- sock::Interfaces: what the stack asks of the host
  bool is_local(sock::Ip ip) const override;
  std::optional<sock::Ip> source_for(sock::Ip dst) const override;
  bool is_broadcast(sock::Ip ip) const override;
  sock::Ip primary() const override { return local_ip().value(); }

  // ---- ScriptSockets: each step's call on the stack (host_calls.cpp)
  std::optional<CallOutcome> attempt(CallProgress& progress, const Call& call) override;
  std::size_t accept_ready(int fd) const override { return stack_->accept_ready(fd); }
  bool is_listening(int fd) const override { return stack_->is_listening(fd); }
  CallOutcome outcome(const sock::Result& r);
  std::optional<CallOutcome> call_connect(CallProgress& progress, const Call& call);
  std::optional<CallOutcome> call_send(CallProgress& progress, const Call& call);
  std::optional<CallOutcome> call_recv(CallProgress& progress, const Call& call);
  std::optional<CallOutcome> call_recvfrom(const Call& call);
  std::optional<CallOutcome> call_close(CallProgress& progress, const Call& call);
  CallOutcome call_syn_flood(const Call& call);

  // ---- ScriptClock: virtual time and the world's trace
  trace::TimeUs now() const override { return world_.now; }
  void start_step(trace::TimeUs t, std::uint32_t step, std::function<void()> run) override {
    world_.start_step(t, step, std::move(run));
  }
  void soon(std::function<void()> fn) override { world_.at(world_.now, std::move(fn)); }
  void record(trace::Record r) override { world_.record(std::move(r)); }
  trace::TextId text(std::string_view s) override { return world_.text(s); }

  // ---- the stack's output (host.cpp)
  // Carries out what the stack produced; after a call this waits until the
  // call itself is recorded, so a ladder reads "connect() blocks" before the SYN.
  void drain();
  void drain_after_call();
  void schedule_deadline();
  void record_conn(sock::ConnHandle c, const tcp::Record& r);
  // The Trace's connection for a stack connection, added when first needed.
  trace::ConnId trace_conn(sock::ConnHandle c);
  void send_tcp(wire::Ipv4Address src, wire::Ipv4Address dst, const wire::TcpRepr& repr);
  void send_udp(wire::Ipv4Address src, wire::Ipv4Address dst, const wire::UdpRepr& repr);
  void send_packet(wire::Ipv4Address src, wire::Ipv4Address dst, std::uint8_t protocol,
                   const std::vector<std::uint8_t>& payload);
  wire::Ipv4Address local_ip() const { return ifaces_[0].ip(); }

  const scenario::Scenario& scenario_;
  std::optional<wire::Ipv4Address> gateway_;
  std::unique_ptr<tcp::IsnSource> isn_;
  std::unique_ptr<sock::Stack> make_stack();
  std::unique_ptr<ScriptRunner> make_runner();
  ScriptRunner& runner() { return *runners_.back(); }

  std::unique_ptr<sock::Stack> stack_;
  // The script's runner, and those of lives before a crash (stopped, kept for
  // the calls still queued to them).
  std::vector<std::unique_ptr<ScriptRunner>> runners_;
  std::vector<std::uint32_t> steps_;  // this host's script steps
  std::vector<tcp::State> states_;    // each connection's state, by ConnHandle
  bool down_ = false;
  std::vector<trace::ConnId> trace_conn_;  // by ConnHandle
  bool drain_pending_ = false;
  std::vector<std::uint8_t> recv_room_;  // where recv reads to; grows, never shrinks
  std::optional<TimeUs> deadline_;       // the wake-up scheduled for the stack's timers
  EventQueue::Handle deadline_event_;
  std::uint16_t ip_id_ = 0;
};

}  // namespace synack::sim

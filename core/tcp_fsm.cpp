// Runs the transition table: the only translation unit that instantiates the
// Boost.MSM back-end for the endpoint.
#include <utility>

#include "tcp_fsm_graph.hpp"
#include "tcp_fsm_table.hpp"

namespace synack::tcp {

struct Machine : boost::msm::back::state_machine<fsm::MachineDef> {};

void MachineDeleter::operator()(Machine* m) const { delete m; }

namespace {

// The recorded cause is the caller's reason when it has one ("rcv FIN again"),
// otherwise the event's own label.
template <class Event>
void process(Endpoint::Tcb& tcb, const Event& e, const char* why) {
  tcb.cause = why ? why : Event::label;
  tcb.event = Event::kind;
  tcb.machine->process_event(e);
  tcb.cause = nullptr;
}

}  // namespace

Endpoint::Tcb::Tcb(Settings s, IsnSource* source)
    : settings(s), isn(source ? source : &default_isn_source()), rto(s.initial_rto) {
  machine.reset(new Machine);
  machine->tcb = this;
  machine->start();
}

Endpoint::Tcb::Tcb(const Tcb& listener, const ConnectionId& conn_id)
    : settings(listener.settings),
      isn(listener.isn),
      id(conn_id),
      // Copied from a const machine, so the copy keeps LISTEN (a non-const
      // source would pick Boost.MSM's forwarding constructor and start anew).
      machine(new Machine(std::as_const(*listener.machine))),
      state(listener.state),
      passive(listener.passive),
      rto(settings.initial_rto) {
  machine->tcb = this;
}

#define SYNACK_FIRE(Name, Label) \
  void Endpoint::Tcb::fire(const ev::Name& e, const char* why) { process(*this, e, why); }
SYNACK_EVENTS(SYNACK_FIRE)
#undef SYNACK_FIRE

void Endpoint::Tcb::enter(State to) {
  if (to == state && cause == nullptr) return;  // the machine starting up in CLOSED
  StateChange change{now, state, to, cause ? cause : "", table_row(state, event, to)};
  history.push_back(change);
  records.emplace_back(std::move(change));
  state = to;
}

void Endpoint::Tcb::record_ignored(const char* event_text, const char* reason) {
  IgnoredEvent e{now, state, cause ? cause : event_text, reason};
  ignored.push_back(e);
  records.emplace_back(std::move(e));
}

void Endpoint::Tcb::drop(const Segment& s, const char* reason) {
  IgnoredEvent e{now, state, "rcv " + describe(s), reason};
  ignored.push_back(e);
  records.emplace_back(std::move(e));
}

}  // namespace synack::tcp

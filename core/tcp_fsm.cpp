// Runs the transition table: the only translation unit that instantiates the
// Boost.MSM back-end for the endpoint.
#include "tcp_fsm_table.hpp"

namespace synack::tcp {

struct Machine : boost::msm::back::state_machine<fsm::MachineDef> {};

void MachineDeleter::operator()(Machine* m) const { delete m; }

namespace {

// The recorded cause is the caller's reason when it has one ("rcv RST",
// "retransmission timeout"), otherwise the event's own label.
template <class Event>
void process(Machine& m, const char* why) {
  m.tcb->cause = why ? why : Event::label;
  m.process_event(Event{});
  m.tcb->cause = nullptr;
}

}  // namespace

Endpoint::Tcb::Tcb(Settings s, IsnSource* source)
    : settings(s), isn(source ? source : &default_isn_source()), rto(s.initial_rto) {
  machine.reset(new Machine);
  machine->tcb = this;
  machine->start();
}

void Endpoint::Tcb::fire(Ev ev, const char* why) {
  namespace e = fsm;
  switch (ev) {
    case Ev::PassiveOpen: process<e::PassiveOpen>(*machine, why); break;
    case Ev::ActiveOpen: process<e::ActiveOpen>(*machine, why); break;
    case Ev::Send: process<e::Send>(*machine, why); break;
    case Ev::Close: process<e::Close>(*machine, why); break;
    case Ev::Abort: process<e::Abort>(*machine, why); break;
    case Ev::RcvSyn: process<e::RcvSyn>(*machine, why); break;
    case Ev::RcvSynAck: process<e::RcvSynAck>(*machine, why); break;
    case Ev::RcvAckOfSyn: process<e::RcvAckOfSyn>(*machine, why); break;
    case Ev::RcvAckOfFin: process<e::RcvAckOfFin>(*machine, why); break;
    case Ev::RcvFin: process<e::RcvFin>(*machine, why); break;
    case Ev::RcvBadAck: process<e::RcvBadAck>(*machine, why); break;
    case Ev::Reset: process<e::Reset>(*machine, why); break;
    case Ev::TimeWaitTimeout: process<e::TimeWaitTimeout>(*machine, why); break;
  }
}

void Endpoint::Tcb::enter(State to) {
  if (to == state && cause == nullptr) return;  // the machine starting up in CLOSED
  history.push_back(StateChange{now, state, to, cause ? cause : ""});
  state = to;
}

void Endpoint::Tcb::record_ignored(const char* event) {
  ignored.push_back(IgnoredEvent{now, state, cause ? cause : event, "no transition-table row matches"});
}

}  // namespace synack::tcp

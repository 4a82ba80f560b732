// Each endpoint's state sequence, from a Trace's records and from the
// observer, in one shape so the two can be compared.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/capture/observer.hpp"
#include "sim/trace/trace.hpp"

namespace synack::capture::testing {

// "10.0.0.1:49152-10.0.0.2:80" and which connection on that 4-tuple it is.
using EndpointKey = std::tuple<std::string, std::uint32_t>;
// "SYN-SENT -> ESTABLISHED rcv SYN,ACK", in order.
using Sequences = std::map<EndpointKey, std::vector<std::string>>;

// The state records of `trace`, leaving out listening sockets and the 2MSL
// expiry (no segment shows either).
Sequences recorded_sequences(const trace::Trace& trace);
Sequences observed_sequences(const std::vector<ObservedChange>& changes);

// Runs scenarios/<name>.yaml.
trace::Trace run_scenario(const std::string& name);

}  // namespace synack::capture::testing

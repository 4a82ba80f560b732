// Walks the transition table's rows with mpl::for_each: the diagram can never
// drift from the machine that runs.
#include "tcp_fsm_graph.hpp"

#include <array>
#include <boost/mpl/for_each.hpp>
#include <boost/msm/back/tools.hpp>
#include <boost/msm/row_tags.hpp>
#include <sstream>
#include <type_traits>

#include "tcp_fsm_table.hpp"

namespace synack::tcp {
namespace {

template <class T>
std::string label_of() {
  if constexpr (std::is_same_v<T, fsm::none>) {
    return "";
  } else {
    return T::label;
  }
}

// Rows whose target is `none` are internal transitions: no exit, no entry.
template <class Row>
constexpr bool is_internal_row() {
  using Tag = typename Row::row_type_tag;
  namespace msm = boost::msm;
  return std::is_same_v<Tag, msm::a_irow_tag> || std::is_same_v<Tag, msm::g_irow_tag> ||
         std::is_same_v<Tag, msm::irow_tag> || std::is_same_v<Tag, msm::_irow_tag>;
}

struct CollectRow {
  std::vector<FsmEdge>* edges;
  template <class Row>
  void operator()(boost::msm::wrap<Row>) const {
    FsmEdge e;
    e.from = Row::Source::id;
    e.internal = is_internal_row<Row>();
    e.to = Row::Target::id;  // the source itself for an internal row
    e.event = label_of<typename Row::Evt>();
    e.action = label_of<typename Row::Action>();
    e.guard = label_of<typename Row::Guard>();
    e.kind = Row::Evt::kind;
    e.rfc = rfc_reference(e.from, e.kind);
    edges->push_back(std::move(e));
  }
};

std::string dot_id(State s) {
  std::string id = state_name(s);
  for (char& c : id) {
    if (c == '-') c = '_';
  }
  return id;
}

}  // namespace

const char* rfc_reference(State from, Ev e) {
  const bool listen = from == State::Listen;
  const bool syn_sent = from == State::SynSent;
  switch (e) {
    case Ev::PassiveOpen:
    case Ev::ActiveOpen: return "RFC 9293 §3.10.1, OPEN call";
    case Ev::Send: return "RFC 9293 §3.10.2, SEND call";
    case Ev::Close: return "RFC 9293 §3.10.4, CLOSE call";
    case Ev::Abort: return "RFC 9293 §3.10.5, ABORT call";
    case Ev::RcvSyn:
      return listen ? "RFC 9293 §3.10.7.2, LISTEN, third: check for a SYN"
                    : "RFC 9293 §3.10.7.3, SYN-SENT, fourth: check the SYN bit";
    case Ev::RcvSynAck: return "RFC 9293 §3.10.7.3, SYN-SENT, fourth: check the SYN bit";
    case Ev::RcvBadAck:
      return syn_sent ? "RFC 9293 §3.10.7.3, SYN-SENT, first: check the ACK bit"
                      : "RFC 9293 §3.10.7.4, fifth: check the ACK field";
    case Ev::RcvAckOfSyn:
    case Ev::RcvAckOfFin: return "RFC 9293 §3.10.7.4, fifth: check the ACK field";
    case Ev::RcvFin: return "RFC 9293 §3.10.7.4, eighth: check the FIN bit";
    case Ev::RcvRst:
      return syn_sent ? "RFC 9293 §3.10.7.3, SYN-SENT, second: check the RST bit"
                      : "RFC 9293 §3.10.7.4, second: check the RST bit";
    case Ev::RcvSynInWindow: return "RFC 9293 §3.10.7.4, fourth: check the SYN bit";
    case Ev::RcvSynQueueFull: return "RFC 4987 §3.6, SYN cookies: answer without state";
    case Ev::RcvCookieAck: return "RFC 4987 §3.6, SYN cookies: the ACK returns the cookie";
    case Ev::UserTimeout: return "RFC 9293 §3.10.8, USER TIMEOUT";
    case Ev::TimeWaitTimeout: return "RFC 9293 §3.10.8, TIME-WAIT TIMEOUT";
    case Ev::RcvDataAfterClose: return "RFC 9293 §3.6.1, data after CLOSE is answered with RST";
    case Ev::ListenerClosed:
      return "RFC 9293 §3.10.4, CLOSE of the listening socket (queue dropped)";
    case Ev::RcvIcmpHardError:
      return "RFC 1122 §4.2.3.9 and RFC 5461 §4.1: a hard ICMP error ends an opening";
    case Ev::RcvIcmpSoftError:
      return "RFC 1122 §4.2.3.9 and RFC 5461 §4.2: a soft ICMP error is remembered";
  }
  return "";
}

const std::vector<FsmEdge>& fsm_edges() {
  static const std::vector<FsmEdge> edges = [] {
    std::vector<FsmEdge> all;
    boost::mpl::for_each<fsm::MachineDef::transition_table,
                         boost::msm::wrap<boost::mpl::placeholders::_1>>(CollectRow{&all});
    return all;
  }();
  return edges;
}

std::uint16_t table_row(State from, Ev e, State to) {
  using Index = std::array<std::uint16_t, kStateCount * kEventCount * kStateCount>;
  static const Index index = [] {
    Index rows;
    rows.fill(kNoRow);
    const auto& edges = fsm_edges();
    for (std::size_t i = 0; i < edges.size(); ++i) {
      const FsmEdge& edge = edges[i];
      const auto at = (static_cast<std::size_t>(edge.from) * kEventCount +
                       static_cast<std::size_t>(edge.kind)) *
                          kStateCount +
                      static_cast<std::size_t>(edge.to);
      rows[at] = static_cast<std::uint16_t>(i);
    }
    return rows;
  }();
  return index[(static_cast<std::size_t>(from) * kEventCount + static_cast<std::size_t>(e)) *
                   kStateCount +
               static_cast<std::size_t>(to)];
}

std::string fsm_to_dot() {
  std::ostringstream out;
  out << "digraph tcp {\n"
      << "  // RFC 9293 TCP connection states, generated from the Boost.MSM transition table\n"
      << "  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (int i = 0; i < kStateCount; ++i) {
    const auto s = static_cast<State>(i);
    out << "  " << dot_id(s) << " [label=\"" << state_name(s) << "\"];\n";
  }
  for (const FsmEdge& e : fsm_edges()) {
    std::string label = e.event;
    if (!e.guard.empty()) label += " [" + e.guard + "]";
    if (!e.action.empty()) label += " / " + e.action;
    // Abort and reset edges are drawn light and left out of the layout, so the
    // open/close paths of RFC 9293 Figure 5 stay readable.
    const bool teardown = e.kind == Ev::Abort || e.kind == Ev::RcvRst ||
                          e.kind == Ev::RcvSynInWindow || e.kind == Ev::UserTimeout ||
                          e.kind == Ev::ListenerClosed || e.kind == Ev::RcvIcmpHardError;
    out << "  " << dot_id(e.from) << " -> " << dot_id(e.to) << " [label=\"" << label << "\"";
    if (e.internal) out << ", style=dashed";
    if (teardown) out << ", style=dotted, color=gray50, fontcolor=gray40, constraint=false";
    out << "];\n";
  }
  out << "}\n";
  return out.str();
}

std::string fsm_to_text() {
  std::ostringstream out;
  auto pad = [](const std::string& s, std::size_t w) {
    return s + std::string(s.size() < w ? w - s.size() : 1, ' ');
  };
  out << pad("Start", 14) << pad("Event", 22) << pad("Next", 14) << pad("Action", 26) << "Guard\n";
  for (const FsmEdge& e : fsm_edges()) {
    out << pad(state_name(e.from), 14) << pad(e.event, 22)
        << pad(e.internal ? "(stays)" : state_name(e.to), 14) << pad(e.action, 26) << e.guard
        << "\n";
  }
  return out.str();
}

}  // namespace synack::tcp

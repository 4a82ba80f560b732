// Walks the transition table's rows with mpl::for_each: the diagram can never
// drift from the machine that runs.
#include "tcp_fsm_graph.hpp"

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

std::vector<FsmEdge> fsm_edges() {
  std::vector<FsmEdge> edges;
  boost::mpl::for_each<fsm::MachineDef::transition_table,
                       boost::msm::wrap<boost::mpl::placeholders::_1>>(CollectRow{&edges});
  return edges;
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
    const bool teardown = e.event == "ABORT" || e.event.rfind("reset", 0) == 0;
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

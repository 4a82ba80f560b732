#include "sim/view/tcb_view.hpp"

#include <algorithm>
#include <cmath>

#include "core/seq.hpp"
#include "sim/lang/tr.hpp"

namespace synack::view {

using tcp::TcbVar;
using namespace synack::trace;

TcbHistory::TcbHistory(const Trace& trace, const ConnRecords& records)
    : trace_(trace), records_(records) {
  for (const std::uint32_t i : records.tcbs) {
    const auto& e = std::get<TcbEvent>(trace.events[i].what);
    for (int v = 0; v < tcp::kTcbVarCount; ++v) {
      if (const auto value = trace.tcb_value(e, static_cast<TcbVar>(v))) {
        changes_[v].push_back({i, *value});
      }
    }
  }
}

TcbAt TcbHistory::at(std::size_t step) const {
  TcbAt out;
  const auto& tcbs = records_.tcbs;
  const auto last = std::lower_bound(tcbs.begin(), tcbs.end(), step);
  if (last == tcbs.begin()) return out;
  out.record = *(last - 1);
  out.changed = std::get<TcbEvent>(trace_.events[out.record].what).changed;
  for (int v = 0; v < tcp::kTcbVarCount; ++v) {
    const auto& list = changes_[v];
    const auto it = std::lower_bound(list.begin(), list.end(), step,
                                     [](const Change& c, std::size_t s) { return c.event < s; });
    if (it == list.begin()) continue;
    out.values[v] = (it - 1)->value;
    out.present |= static_cast<std::uint16_t>(1u << v);
  }
  return out;
}

const char* space_part_name(SpacePart p) {
  switch (p) {
    case SpacePart::Acknowledged: return lang::tr("acknowledged");
    case SpacePart::Unacknowledged: return lang::tr("sent, unacknowledged");
    case SpacePart::Usable: return lang::tr("usable window");
    case SpacePart::Received: return lang::tr("received, acknowledged");
    case SpacePart::Window: return lang::tr("receive window");
    case SpacePart::NotYetAllowed: return lang::tr("not yet allowed");
  }
  return "";
}

namespace {

// Widths along the bar: every stretch that has numbers is readable, and
// larger stretches are wider, by the square root so one megabyte of
// acknowledged data does not squeeze a 1-segment window to nothing.
void place(SequenceSpace& s) {
  constexpr float kFloor = 0.14f, kOpenEnd = 0.14f;
  float total = 0;
  std::vector<float> weight;
  for (const SpaceStretch& st : s.stretches) {
    float w = 0;
    if (st.part == SpacePart::NotYetAllowed) {
      w = kOpenEnd;
    } else if (st.to > st.from) {
      w = kFloor + std::sqrt(static_cast<float>(st.to - st.from)) / 64.0f;
    }
    weight.push_back(w);
    total += w;
  }
  float x = 0;
  for (std::size_t i = 0; i < s.stretches.size(); ++i) {
    s.stretches[i].x0 = x;
    x += total > 0 ? weight[i] / total : 0;
    s.stretches[i].x1 = x;
  }
  if (!s.stretches.empty()) s.stretches.back().x1 = 1;
}

// Where a number falls on the placed bar (linear inside its stretch).
float x_of(const SequenceSpace& s, std::int64_t at) {
  for (const SpaceStretch& st : s.stretches) {
    if (st.part == SpacePart::NotYetAllowed) return st.x0;
    if (at <= st.to) {
      if (st.to == st.from) return st.x0;
      const double f = static_cast<double>(at - st.from) / static_cast<double>(st.to - st.from);
      return st.x0 + static_cast<float>(std::clamp(f, 0.0, 1.0)) * (st.x1 - st.x0);
    }
  }
  return 1;
}

// Boundaries at the same number share one name: "SND.UNA=SND.NXT".
void mark(SequenceSpace& s, std::string name, std::int64_t at) {
  for (SpaceMark& m : s.marks) {
    if (m.at == at) {
      m.name += "=" + name;
      return;
    }
  }
  s.marks.push_back({std::move(name), at, x_of(s, at)});
}

std::int64_t rel(std::uint32_t v, std::uint32_t base) { return SeqNum(v) - SeqNum(base); }

}  // namespace

SequenceSpace send_space(const TcbAt& t) {
  SequenceSpace s;
  if (!t.has(TcbVar::Iss) || !t.has(TcbVar::SndUna) || !t.has(TcbVar::SndNxt)) return s;
  const std::uint32_t iss = t[TcbVar::Iss];
  const std::int64_t una = rel(t[TcbVar::SndUna], iss);
  const std::int64_t nxt = rel(t[TcbVar::SndNxt], iss);
  const bool cwnd = t.has(TcbVar::Cwnd) && t[TcbVar::Cwnd] > 0;
  std::int64_t wnd = t.has(TcbVar::SndWnd) ? t[TcbVar::SndWnd] : 0;
  if (cwnd) wnd = std::min<std::int64_t>(wnd, t[TcbVar::Cwnd]);
  const std::int64_t edge = una + wnd;
  s.stretches = {{SpacePart::Acknowledged, 0, una},
                 {SpacePart::Unacknowledged, una, nxt},
                 {SpacePart::Usable, nxt, std::max(nxt, edge)},
                 {SpacePart::NotYetAllowed, std::max(nxt, edge), std::max(nxt, edge)}};
  place(s);
  mark(s, "ISS", 0);
  mark(s, "SND.UNA", una);
  mark(s, "SND.NXT", nxt);
  mark(s, cwnd ? "SND.UNA+min(WND,cwnd)" : "SND.UNA+SND.WND", edge);
  const std::int64_t queued = t.has(TcbVar::SendQueued) ? t[TcbVar::SendQueued] : 0;
  s.buffer_from = una;
  s.buffer_to = una + queued;
  s.unsent = std::max<std::int64_t>(0, s.buffer_to - nxt);
  s.buffer_x0 = x_of(s, s.buffer_from);
  // Unsent bytes past the window lie in "not yet allowed": the bar's end.
  s.buffer_x1 = s.buffer_to > std::max(nxt, edge) ? 1.0f : x_of(s, s.buffer_to);
  // The peer's window is known once it has acknowledged the SYN.
  s.zero_window = wnd == 0 && una > 0;
  s.valid = true;
  return s;
}

SequenceSpace receive_space(const TcbAt& t) {
  SequenceSpace s;
  if (!t.has(TcbVar::Irs) || !t.has(TcbVar::RcvNxt)) return s;
  const std::uint32_t irs = t[TcbVar::Irs];
  const std::int64_t nxt = rel(t[TcbVar::RcvNxt], irs);
  if (nxt <= 0) return s;  // no SYN received yet: IRS is not known
  const std::int64_t wnd = t.has(TcbVar::RcvWnd) ? t[TcbVar::RcvWnd] : 0;
  s.stretches = {{SpacePart::Received, 0, nxt},
                 {SpacePart::Window, nxt, nxt + wnd},
                 {SpacePart::NotYetAllowed, nxt + wnd, nxt + wnd}};
  place(s);
  mark(s, "IRS", 0);
  mark(s, "RCV.NXT", nxt);
  mark(s, "RCV.NXT+RCV.WND", nxt + wnd);
  const std::int64_t readable = t.has(TcbVar::Readable) ? t[TcbVar::Readable] : 0;
  s.buffer_from = std::max<std::int64_t>(0, nxt - readable);
  s.buffer_to = nxt;
  s.buffer_x0 = x_of(s, s.buffer_from);
  s.buffer_x1 = x_of(s, s.buffer_to);
  s.zero_window = wnd == 0;
  s.valid = true;
  return s;
}

}  // namespace synack::view

#include "sim/trace/ladder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/errno_names.hpp"
#include "core/tcp_segment.hpp"
#include "sim/lang/tr.hpp"
#include "sim/trace/frame_view.hpp"
#include "sim/trace/json_export.hpp"
#include "sim/trace/lifelines.hpp"
#include "sim/trace/terminal_cells.hpp"

namespace synack::trace {

namespace {

using lang::tr;
using lang::trf;
using term::append_utf8;
using term::Canvas;
using term::Color;
using term::decode_utf8;
using term::width_of;

namespace glyph {
constexpr char32_t kLifeline = U'│';
constexpr char32_t kLine = U'─';
constexpr char32_t kStartRight = U'├';
constexpr char32_t kStartLeft = U'┤';
constexpr char32_t kCross = U'┼';
constexpr char32_t kHeadRight = U'▶';
constexpr char32_t kHeadLeft = U'◀';
constexpr char32_t kDrop = U'x';
constexpr char32_t kLoopBack = U'↩';
}  // namespace glyph

// ---- where each frame went --------------------------------------------------------

bool is_switch(const Trace& trace, NodeId id) {
  return id < trace.nodes.size() && trace.nodes[id].kind == NodeKind::Switch;
}

// One node a frame reached, or was lost on the way to, or that flooded it.
struct FrameEnd {
  enum class Kind : std::uint8_t { Delivered, Dropped, FloodedBy };
  NodeId node = kNone;
  Kind kind = Kind::Delivered;
  LinkId link = kNone;
  TextId reason = kNone;
  std::uint32_t next = kNone;  // the frame's next end, a linked list in one vector
};

// A frame's journey, gathered before drawing so it fits on one row.
struct FramePath {
  std::uint32_t row_event = kNone;  // the event at whose place the row is drawn
  bool row_at_sent = false;
  NodeId sender = kNone;
  NodeId first_hop = kNone;  // where the sender sent it, for frames still in flight
  NodeId last_flooder = kNone;
  NodeId last_reached = kNone;  // the last node, switches included, that it was delivered to
  std::uint32_t first_end = kNone;
  std::uint32_t last_end = kNone;
};

class FramePaths {
 public:
  explicit FramePaths(const Trace& trace) : paths_(trace.frame_count()) {
    for (std::size_t i = 0; i < trace.events.size(); ++i) {
      const auto* fe = std::get_if<FrameEvent>(&trace.events[i].what);
      if (fe != nullptr && fe->frame < paths_.size()) {
        add(trace, static_cast<std::uint32_t>(i), *fe);
      }
    }
  }

  const FramePath& path(FrameId id) const { return paths_[id]; }
  const FrameEnd& end(std::uint32_t index) const { return ends_[index]; }

 private:
  void add(const Trace& trace, std::uint32_t index, const FrameEvent& e) {
    FramePath& p = paths_[e.frame];
    const bool sent = e.fate == Fate::Sent;
    // The row sits at the first Sent; a frame first seen otherwise keeps its first event.
    if (p.row_event == kNone || (sent && !p.row_at_sent)) {
      p.row_event = index;
      p.row_at_sent = sent;
      p.sender = e.from;
      p.first_hop = e.to;
    }
    if (e.fate == Fate::Delivered) p.last_reached = e.to;
    if (sent && e.flooded && e.from != p.last_flooder) {
      p.last_flooder = e.from;
      append(p, FrameEnd{e.from, FrameEnd::Kind::FloodedBy, e.link, kNone, kNone});
    } else if (e.fate == Fate::Delivered && !is_switch(trace, e.to)) {
      append(p, FrameEnd{e.to, FrameEnd::Kind::Delivered, e.link, kNone, kNone});
    } else if (e.fate == Fate::Dropped) {
      append(p, FrameEnd{e.to, FrameEnd::Kind::Dropped, e.link, e.reason, kNone});
    }
  }

  void append(FramePath& p, FrameEnd end) {
    const auto index = static_cast<std::uint32_t>(ends_.size());
    ends_.push_back(end);
    if (p.last_end == kNone) {
      p.first_end = index;
    } else {
      ends_[p.last_end].next = index;
    }
    p.last_end = index;
  }

  std::vector<FramePath> paths_;
  std::vector<FrameEnd> ends_;
};

// ---- the words on each row --------------------------------------------------------

struct Label {
  std::string text;
  Color color = Color::Bad;
};

Label frame_label(const Trace& trace, FrameId id, const TcpNumbers& n) {
  if (n.is_tcp) {
    std::string text = fmt::format("{} seq {}", tcp::flags_to_string(n.flags), n.rel_seq);
    if (n.flags & tcp::flag::ACK) text += fmt::format(" ack {}", n.rel_ack);
    text += fmt::format(" len {}", n.len);
    if (n.win == 0 && !(n.flags & tcp::flag::RST)) text += " win 0";  // flow control at work
    // What a SYN offers, and the blocks an ACK reports held out of order.
    if (n.flags & tcp::flag::SYN) {
      if (!n.options.empty()) text += " <" + n.options + ">";
    } else if (const std::size_t sack = n.options.find("sack "); sack != std::string::npos) {
      text += " <" + n.options.substr(sack) + ">";
    }
    const Color color = (n.flags & tcp::flag::RST)   ? Color::Rst
                        : (n.flags & tcp::flag::SYN) ? Color::Syn
                        : (n.flags & tcp::flag::FIN) ? Color::Fin
                                                     : Color::Data;
    return Label{std::move(text), color};
  }
  const wire::DecodedFrame f = wire::decode_frame(trace.frame(id));
  if (f.arp) {
    if (f.arp->operation == wire::ArpOperation::request) {
      return Label{
          "ARP who-has " + f.arp->target_ip.to_string() + " tell " + f.arp->sender_ip.to_string(),
          Color::Arp};
    }
    return Label{
        fmt::format("ARP {} is-at {}", f.arp->sender_ip.to_string(), f.arp->sender_mac.to_string()),
        Color::Arp};
  }
  if (f.udp) {
    return Label{
        fmt::format("UDP {} > {} len {}", f.udp->src_port, f.udp->dst_port, f.udp->payload.size()),
        Color::Udp};
  }
  if (f.icmp) return Label{icmp_text(*f.icmp), Color::Icmp};
  return Label{summarize_decoded(f), f.ok() ? Color::Data : Color::Bad};
}

std::string call_text(const Trace& trace, const CallEvent& e) {
  const std::string& text = trace.text(e.text);
  return text.empty() ? trace.text(e.call) + "()" : text;
}

// Data read, in quotes, control characters escaped so the row stays one line,
// cut short: the row is about the call, not the bytes.
std::string quoted(const std::string& data) {
  constexpr std::size_t kShown = 32;
  std::string shown = "\"";
  std::size_t cells = 0;
  for (char32_t c : decode_utf8(data)) {
    if (cells >= kShown) return shown + "\"…";
    const std::size_t before = shown.size();
    if (c == U'\n') {
      shown += "\\n";
    } else if (c == U'\r') {
      shown += "\\r";
    } else if (c == U'\t') {
      shown += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      shown += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else {
      append_utf8(shown, c);
    }
    cells += c < 0x80 ? shown.size() - before : 1;
  }
  return shown + "\"";
}

// ---- the diagram ------------------------------------------------------------------

// Room for a label such as "S. seq 0 ack 1 len 0" on an arrow between neighbours.
constexpr std::size_t kMinColumnGap = 28;
// A frame lost on its way into a switch ends this far from its sender.
constexpr std::size_t kStubLength = kMinColumnGap / 2;

std::string format_ms(TimeUs t) {
  const char* sign = t < 0 ? "-" : "";
  const TimeUs a = t < 0 ? -t : t;
  return fmt::format("{}{}.{:03}", sign, a / 1000, a % 1000);
}

class Ladder {
  // Where an arrow ends: on a node's lifeline, or short of any (lost on the
  // way to a switch, whose column is not between the hosts).
  struct End {
    std::size_t x;
    FrameEnd::Kind kind;
    bool on_lifeline;
  };
  using Ends = std::vector<End>;

 public:
  Ladder(const Trace& trace, const LadderOptions& options)
      : trace_(trace),
        options_(options),
        numbers_(number_tcp_frames(trace)),
        paths_(trace),
        column_x_(trace.nodes.size(), kNoColumn),
        conns_per_host_(trace.nodes.size(), 0) {
    lay_out_columns();
    std::vector<std::uint32_t> first_peer(trace.nodes.size(), 0);
    peers_differ_.assign(trace.nodes.size(), false);
    for (const ConnInfo& c : trace.conns) {
      if (c.host >= conns_per_host_.size()) continue;
      ++conns_per_host_[c.host];
      if (c.id.remote_ip == 0) continue;  // a listener
      if (first_peer[c.host] == 0) first_peer[c.host] = c.id.remote_ip;
      if (first_peer[c.host] != c.id.remote_ip) peers_differ_[c.host] = true;
    }
  }

  void write(std::ostream& out) {
    header(out);
    for (std::size_t i = 0; i < trace_.events.size(); ++i) {
      const Event& event = trace_.events[i];
      lesson_rows(out, event.t);
      if (const auto* fe = std::get_if<FrameEvent>(&event.what)) {
        if (fe->frame < trace_.frame_count() && paths_.path(fe->frame).row_event == i) {
          start_row(event.t);
          frame_row(fe->frame);
          canvas_.write(out, options_.color);
        }
        continue;
      }
      std::string text;
      Color color = Color::Note;
      const NodeId node = note(event.what, text, color);
      if (text.empty()) continue;
      start_row(event.t);
      const std::size_t x = column(node);
      canvas_.text(x == kNoColumn ? diagram_width_ + 1 : x + 2, text, color);
      canvas_.write(out, options_.color);
    }
    lesson_rows(out, tcp::kForever);
  }

 private:
  static constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

  // Frames end at hosts and routers, so their columns sit together; switches
  // come after them.
  void lay_out_columns() {
    const std::vector<NodeId> order = lifeline_order(trace_, SwitchPlacement::AfterHosts);
    std::size_t longest_name = 0;
    for (const NodeInfo& node : trace_.nodes) {
      longest_name = std::max(longest_name, width_of(node.name));
    }
    time_width_ = std::max<std::size_t>(
        2, trace_.events.empty() ? 0
                                 : std::max(format_ms(trace_.events.front().t).size(),
                                            format_ms(trace_.events.back().t).size()));
    const std::size_t gap = std::max(kMinColumnGap, longest_name + 3);
    const std::size_t first_name = order.empty() ? 0 : width_of(trace_.nodes[order[0]].name);
    const std::size_t first = time_width_ + 3 + (first_name > 0 ? (first_name - 1) / 2 : 0);
    for (std::size_t i = 0; i < order.size(); ++i) column_x_[order[i]] = first + i * gap;
    lifelines_.reserve(order.size());
    for (NodeId id : order) lifelines_.push_back(column_x_[id]);
    diagram_width_ = lifelines_.empty() ? time_width_ + 2 : lifelines_.back() + 1;
  }

  std::size_t column(NodeId id) const { return id < column_x_.size() ? column_x_[id] : kNoColumn; }

  void header(std::ostream& out) {
    canvas_.reset(diagram_width_);
    canvas_.text(time_width_ - 2, "ms", Color::Header);
    for (NodeId id = 0; id < trace_.nodes.size(); ++id) {
      const std::string& name = trace_.nodes[id].name;
      const std::size_t width = width_of(name);
      if (width > 0) canvas_.text(column_x_[id] - (width - 1) / 2, name, Color::Header);
    }
    canvas_.write(out, options_.color);
    start_row(std::nullopt);
    canvas_.write(out, options_.color);
  }

  // The lesson's items due before `t` (after every record of their own
  // time), across the diagram: "» words", and for a question "? question"
  // with its answers and the right one.
  void lesson_rows(std::ostream& out, TimeUs t) {
    for (; next_lesson_ < trace_.lesson.size() && trace_.lesson[next_lesson_].t < t;
         ++next_lesson_) {
      const LessonItem& item = trace_.lesson[next_lesson_];
      lesson_lines(out, "» ", item.text);
      if (item.question.empty()) continue;
      lesson_lines(out, "? ", item.question);
      std::string choices;
      for (const std::string& a : item.answers) choices += (choices.empty() ? "" : " | ") + a;
      const bool known = item.correct >= 0 && item.correct < static_cast<int>(item.answers.size());
      lesson_lines(out, "  ", choices + (known ? "  → " + item.answers[item.correct] : ""));
    }
  }

  void lesson_lines(std::ostream& out, std::string_view mark, std::string_view text) {
    const std::size_t x = time_width_ + 1;
    const std::size_t width = std::max<std::size_t>(diagram_width_, 60) - 2;
    bool first = true;
    for (const std::string& line : term::wrap(text, width)) {
      canvas_.reset(0);
      canvas_.text(canvas_.text(x, first ? mark : "  ", Color::Lesson), line, Color::Lesson);
      canvas_.write(out, options_.color);
      first = false;
    }
  }

  void start_row(std::optional<TimeUs> t) {
    canvas_.reset(diagram_width_);
    if (t) {
      const std::string ms = format_ms(*t);
      canvas_.text(time_width_ - ms.size(), ms, Color::None);
    }
    for (std::size_t x : lifelines_) canvas_.put(x, glyph::kLifeline, Color::Lifeline);
  }

  // One arrow from the sender to every node the frame reached ('▶'), or was
  // lost on the way to ('x'); the label sits on the arrow when it fits there.
  void frame_row(FrameId id) {
    const FramePath& path = paths_.path(id);
    const Label label = frame_label(trace_, id, numbers_[id]);
    const std::size_t sx = column(path.sender);

    Ends ends;
    std::vector<NodeId> flooders;
    std::vector<std::pair<TextId, std::string>> drops;  // reason, where
    for (std::uint32_t i = path.first_end; i != kNone; i = paths_.end(i).next) {
      const FrameEnd& end = paths_.end(i);
      if (end.kind == FrameEnd::Kind::FloodedBy) {
        if (std::find(flooders.begin(), flooders.end(), end.node) == flooders.end()) {
          flooders.push_back(end.node);
        }
        continue;
      }
      const std::size_t x = column(end.node);
      if (end.kind == FrameEnd::Kind::Dropped) {
        add_drop(drops, end);
        if (is_switch(trace_, end.node) && sx != kNoColumn) {
          ends.push_back(End{sx + kStubLength, end.kind, false});
          continue;
        }
      }
      if (x != kNoColumn && x != sx) ends.push_back(End{x, end.kind, true});
    }
    // A frame no host or router received ends where it was last delivered (a
    // switch that had nowhere to send it), or is still in flight.
    std::size_t hop = kNoColumn;
    const bool in_flight = ends.empty() && drops.empty() && path.last_reached == kNone;
    if (ends.empty() && drops.empty()) {
      if (in_flight) {
        hop = column(path.first_hop);
      } else if (column(path.last_reached) != sx && column(path.last_reached) != kNoColumn) {
        ends.push_back(End{column(path.last_reached), FrameEnd::Kind::Delivered, true});
      }
    }

    std::size_t right = sx;
    bool placed = false;
    // A node talking to itself (over loopback): an arrow that turns back.
    const bool to_itself =
        ends.empty() && drops.empty() && sx != kNoColumn && path.last_reached == path.sender;
    if (to_itself) {
      canvas_.put(sx, glyph::kStartRight, label.color);
      canvas_.put(sx + 1, glyph::kLine, label.color);
      canvas_.put(sx + 2, glyph::kLoopBack, label.color);
      right = sx + 2;
    } else if (sx != kNoColumn) {
      std::tie(right, placed) = draw_arrow(sx, ends, hop, label);
    }
    std::size_t x = std::max(right, diagram_width_) + 1;
    const auto add = [&](const std::string& text, Color color) {
      canvas_.text(x, text, color);
      x += width_of(text);
    };
    if (!placed) add(" " + label.text, label.color);
    if (to_itself) add(tr(" (loopback)"), label.color);
    if (!flooders.empty()) add(trf(" (flooded by {})", names(flooders)), label.color);
    for (const auto& [reason, where] : drops) {
      const std::string& why = trace_.text(reason);
      add(why.empty() ? trf(" (dropped on {})", where) : trf(" (dropped on {}: {})", where, why),
          Color::Drop);
    }
    if (in_flight) add(tr(" (in flight)"), label.color);
  }

  // Drops grouped by reason: "l2 to server, l3 to other".
  void add_drop(std::vector<std::pair<TextId, std::string>>& drops, const FrameEnd& end) const {
    const std::string name = end.link < trace_.links.size()
                                 ? trf("{} to {}", trace_.links[end.link].name, node_name(end.node))
                                 : node_name(end.node);
    for (auto& [reason, where] : drops) {
      if (reason == end.reason) {
        where += ", " + name;
        return;
      }
    }
    drops.emplace_back(end.reason, name);
  }

  std::string names(const std::vector<NodeId>& ids) const {
    std::string text;
    for (NodeId id : ids) text += (text.empty() ? "" : ", ") + node_name(id);
    return text;
  }

  const std::string& node_name(NodeId id) const {
    static const std::string unknown = "?";
    return id < trace_.nodes.size() ? trace_.nodes[id].name : unknown;
  }

  // Draws the arrow; returns its rightmost column and whether the label is on
  // it. `hop` is where a frame still in flight is heading (no head), or kNoColumn.
  std::pair<std::size_t, bool> draw_arrow(std::size_t sx, const Ends& ends, std::size_t hop,
                                          const Label& label) {
    std::size_t lo = sx, hi = sx;
    for (const End& end : ends) {
      lo = std::min(lo, end.x);
      hi = std::max(hi, end.x);
    }
    if (hop != kNoColumn) {
      lo = std::min(lo, hop);
      hi = std::max(hi, hop);
    }
    if (lo == hi) return {sx, false};
    for (std::size_t x = lo + 1; x < hi; ++x) canvas_.put(x, glyph::kLine, label.color);
    canvas_.put(sx,
                sx == lo   ? glyph::kStartRight
                : sx == hi ? glyph::kStartLeft
                           : glyph::kCross,
                label.color);

    // Marks split the line; the label goes in the widest stretch between them.
    std::vector<std::size_t> marks{sx};
    if (hop != kNoColumn) marks.push_back(hop);
    const auto draw_end = [&](const End& end) {
      const std::size_t x = end.x;
      const bool delivered = end.kind == FrameEnd::Kind::Delivered;
      if (!end.on_lifeline) {
        canvas_.put(x, glyph::kDrop, Color::Drop);
        marks.push_back(x);
        return;
      }
      const bool rightward = x > sx;
      const std::size_t head = rightward ? x - 1 : x + 1;
      const char32_t tip = rightward ? glyph::kHeadRight : glyph::kHeadLeft;
      canvas_.put(head, delivered ? tip : glyph::kDrop, delivered ? label.color : Color::Drop);
      const bool line_goes_on = rightward ? x < hi : x > lo;
      if (!line_goes_on) {
        canvas_.put(x, glyph::kLifeline, Color::Lifeline);
      } else if (delivered) {
        canvas_.put(x, glyph::kCross, label.color);
      }
      marks.push_back(head);
      marks.push_back(x);
    };
    // Drops first, so a node that also got the frame shows the head.
    for (const End& end : ends) {
      if (end.kind == FrameEnd::Kind::Dropped) draw_end(end);
    }
    for (const End& end : ends) {
      if (end.kind == FrameEnd::Kind::Delivered) draw_end(end);
    }
    std::sort(marks.begin(), marks.end());

    std::size_t best_from = 0, best_room = 0;
    for (std::size_t i = 1; i < marks.size(); ++i) {
      const std::size_t room = marks[i] > marks[i - 1] ? marks[i] - marks[i - 1] - 1 : 0;
      if (room > best_room) {
        best_room = room;
        best_from = marks[i - 1] + 1;
      }
    }
    // " label " with at least one stroke of line on each side.
    const std::size_t width = width_of(label.text);
    if (best_room < width + 4) return {hi, false};
    canvas_.text(best_from + (best_room - width - 2) / 2, " " + label.text + " ", label.color);
    return {hi, true};
  }

  // The text of a record drawn as a note in its node's column; empty to omit it.
  NodeId note(const Record& record, std::string& text, Color& color) const {
    if (const auto* e = std::get_if<StateEvent>(&record)) {
      color = Color::State;
      text = fmt::format("{}[{} -> {}]", conn_prefix(e->host, e->conn), tcp::state_name(e->from),
                         tcp::state_name(e->to));
      const std::string& cause = trace_.text(e->cause);
      if (!cause.empty()) text += " " + cause;
      if (e->basis != StateBasis::Simulated)
        text += fmt::format(" ({})", state_basis_name(e->basis));
      return e->host;
    }
    if (const auto* e = std::get_if<CallEvent>(&record)) {
      color = Color::Call;
      if (e->phase == CallPhase::Issued) {
        text = trf("{} blocks", call_text(trace_, *e));
      } else if (e->err != 0) {
        color = Color::Error;
        const char* name = errno_name(e->err);
        text = fmt::format("{} = {} {}", call_text(trace_, *e), e->result,
                           name != nullptr ? name : fmt::format("errno {}", e->err));
      } else {
        text = fmt::format("{} -> {}", call_text(trace_, *e), e->result);
        if (e->data != kNone) text += " " + quoted(trace_.text(e->data));
      }
      return e->host;
    }
    if (const auto* e = std::get_if<ArpEvent>(&record)) {
      switch (e->op) {
        case ArpOp::Learned:
          text = fmt::format("arp: {} = {}", e->ip.to_string(), e->mac.to_string());
          break;
        case ArpOp::Updated:
          text = trf("arp: {} = {} (updated)", e->ip.to_string(), e->mac.to_string());
          break;
        case ArpOp::Expired: text = trf("arp: {} expired", e->ip.to_string()); break;
        case ArpOp::Failed:
          color = Color::Error;
          text = trf("arp: {} unresolved", e->ip.to_string());
          break;
      }
      return e->host;
    }
    if (const auto* e = std::get_if<MacEvent>(&record)) {
      const std::string& sw = node_name(e->node);
      switch (e->op) {
        case MacOp::Learned:
          text = trf("{} learns {} on port {}", sw, e->mac.to_string(), e->port);
          break;
        case MacOp::Moved:
          text = trf("{}: {} moved to port {}", sw, e->mac.to_string(), e->port);
          break;
        case MacOp::Aged: text = trf("{}: {} aged out", sw, e->mac.to_string()); break;
      }
      return e->node;
    }
    if (const auto* e = std::get_if<TimerEvent>(&record)) {
      // Timers are set on nearly every segment; only their expiry is news.
      if (e->op == TimerOp::Fired) {
        text = trf("{}timer {} fired", conn_prefix(e->host, e->conn), trace_.text(e->what));
      }
      return e->host;
    }
    if (const auto* e = std::get_if<QueueEvent>(&record)) {
      text = fmt::format("{} :{} syn_queue {}/{} accept_queue {}/{}", node_name(e->host), e->port,
                         e->syn_queue, e->backlog, e->accept_queue, e->backlog);
      return e->host;
    }
    // Counters are for expectations and the JSON: what they count already shows
    // as frames and notes, and a row per increment would bury them.
    if (std::holds_alternative<CounterEvent>(record)) return kNone;
    if (const auto* e = std::get_if<NoteEvent>(&record)) {
      text = trace_.text(e->text);
      return e->node;
    }
    return kNone;
  }

  // Which connection, when the host has more than one: ":80-:49152 ", with the
  // peer's address when the host talks to more than one peer.
  std::string conn_prefix(NodeId host, ConnId conn) const {
    if (conn >= trace_.conns.size() || host >= conns_per_host_.size() ||
        conns_per_host_[host] < 2) {
      return "";
    }
    const tcp::ConnectionId& c = trace_.conns[conn].id;
    if (c.remote_port == 0) return fmt::format(":{} ", c.local_port);  // a listener
    if (peers_differ_[host]) {
      return fmt::format(":{}-{} ", c.local_port, endpoint_name(c.remote_ip, c.remote_port));
    }
    return fmt::format(":{}-:{} ", c.local_port, c.remote_port);
  }

  const Trace& trace_;
  const LadderOptions& options_;
  const std::vector<TcpNumbers> numbers_;
  const FramePaths paths_;
  std::vector<std::size_t> column_x_;  // by NodeId
  std::vector<std::size_t> lifelines_;
  std::vector<std::uint32_t> conns_per_host_;
  std::vector<bool> peers_differ_;  // by NodeId: connections to more than one address
  std::size_t time_width_ = 0;
  std::size_t next_lesson_ = 0;  // the first lesson item not written yet
  std::size_t diagram_width_ = 0;
  Canvas canvas_;
};

}  // namespace

void write_ladder(const Trace& trace, std::ostream& out, const LadderOptions& options) {
  Ladder(trace, options).write(out);
}

}  // namespace synack::trace

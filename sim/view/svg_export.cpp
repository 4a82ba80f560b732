#include "sim/view/svg_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <ostream>

#include "sim/view/frame_colors.hpp"
#include "sim/view/timeline_layout.hpp"

namespace synack::view {

namespace {

// Monospace text, so the layout's width of a label is the width printed.
constexpr float kFontPx = 12;
constexpr float kCharW = kFontPx * 0.6f;
constexpr float kLineH = 16;
constexpr float kHeaderH = 44;  // lane names above the ladder
constexpr float kPad = 3 * kLineH;
// Tall enough for a long range at a readable zoom; float positions stay exact far below 16M px.
constexpr float kMaxHeight = 200000;

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string hex(Rgb c) { return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b); }

constexpr Rgb kInk{20, 22, 30};
constexpr Rgb kMuted{96, 102, 116};
constexpr Rgb kLaneBox{226, 230, 238};
constexpr Rgb kSwitchLine{140, 146, 160};
constexpr Rgb kTimer{230, 160, 0};
constexpr Rgb kTimerFired{230, 81, 0};
constexpr Rgb kDrop{211, 47, 47};
constexpr Rgb kCall{2, 119, 189};
constexpr Rgb kCallFailed{198, 40, 40};
constexpr Rgb kArp{142, 36, 170};

Rgb mark_color(MarkKind k) {
  switch (k) {
    case MarkKind::CallIssued:
    case MarkKind::CallReturned: return kCall;
    case MarkKind::CallFailed: return kCallFailed;
    case MarkKind::Arp:
    case MarkKind::Mac: return kArp;
    case MarkKind::TimerFired: return kTimerFired;
    default: return kMuted;
  }
}

// The zoom at which neighbouring frames leave their labels room (as the
// app's first view does), within the page's height limit.
double readable_zoom(const LadderModel& model, TimeUs from, TimeUs to) {
  const double v0 = model.axis.to_virtual(from), v1 = model.axis.to_virtual(to);
  std::vector<double> gaps;
  double last = -1;
  auto it = std::lower_bound(model.hops.begin(), model.hops.end(), from,
                             [](const Hop& h, TimeUs t) { return h.t0 < t; });
  for (; it != model.hops.end() && it->t0 <= to; ++it) {
    if (!it->labelled) continue;
    const double v = model.axis.to_virtual(it->t0);
    if (last >= 0 && v > last) gaps.push_back(v - last);
    last = v;
  }
  double zoom = std::max(1.0, v1 - v0) / 600;
  if (!gaps.empty()) {
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                     gaps.end());
    zoom = gaps[gaps.size() / 2] / (3.5 * kLineH);
  }
  return std::max({zoom, TimelineView::kFinest, (v1 - v0) / kMaxHeight});
}

class SvgWriter {
 public:
  SvgWriter(const LadderModel& model, const TimelineLayout& layout, const LayoutMetrics& m,
            TimeUs from, TimeUs to, std::ostream& out)
      : model_(model), trace_(model.trace()), l_(layout), m_(m), from_(from), to_(to), out_(out) {}

  std::size_t write(float width, float height) {
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out_ << fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
        "viewBox=\"0 0 {0:.0f} {1:.0f}\" font-family=\"DejaVu Sans Mono, monospace\" "
        "font-size=\"{2:.0f}\">\n",
        width, height, kFontPx);
    out_ << "<title>" << escaped(trace_.name) << ": " << format_time(from_) << " to "
         << format_time(to_) << "</title>\n";
    out_ << fmt::format("<rect width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#ffffff\"/>\n", width,
                        height);
    header();
    out_ << fmt::format(
        "<clipPath id=\"ladder\"><rect x=\"0\" y=\"0\" width=\"{:.0f}\" height=\"{:.1f}\"/>"
        "</clipPath>\n",
        width, m_.height);
    out_ << fmt::format("<g transform=\"translate(0 {:.0f})\" clip-path=\"url(#ladder)\">\n",
                        kHeaderH);
    breaks_and_ticks();
    lanes();
    timers();
    bands();
    const std::size_t arrows = frames();
    marks();
    state_labels();
    out_ << "</g>\n</svg>\n";
    return arrows;
  }

 private:
  bool in_range(TimeUs t0, TimeUs t1) const { return t1 >= from_ && t0 <= to_; }

  void text(float x, float y, std::string_view words, Rgb fill, const char* anchor,
            bool bold = false) {
    out_ << fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" text-anchor=\"{}\"{}>{}</text>\n", x, y,
        hex(fill), anchor, bold ? " font-weight=\"bold\"" : "", escaped(words));
  }

  // Text on a white box, so it reads over the lines below it.
  void boxed_text(float x, float y, const std::string& words, Rgb fill, Rgb box,
                  const char* anchor) {
    const float w = m_.width_of(words);
    const float left = anchor[0] == 's' ? x : anchor[0] == 'e' ? x - w : x - w / 2;
    out_ << fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" rx=\"3\" "
        "fill=\"{}\" fill-opacity=\"0.9\"/>\n",
        left - 3, y - kFontPx, w + 6, kLineH, hex(box));
    text(x, y, words, fill, anchor);
  }

  void header() {
    for (const LaneLine& lane : l_.lanes) {
      const trace::NodeInfo& node = trace_.nodes[model_.lanes[lane.lane].node];
      std::string sub = trace::node_kind_name(node.kind);
      if (node.kind == trace::NodeKind::Host && !node.interfaces.empty()) {
        sub = node.interfaces.front().ip.to_string();
      }
      const float w = std::max(m_.width_of(node.name), m_.width_of(sub)) + kLineH;
      out_ << fmt::format(
          "<rect x=\"{:.1f}\" y=\"3\" width=\"{:.1f}\" height=\"{:.0f}\" rx=\"6\" fill=\"{}\"/>\n",
          lane.x - w / 2, w, kHeaderH - 7, hex(kLaneBox));
      text(lane.x, 3 + kLineH, node.name, kInk, "middle", true);
      text(lane.x, 3 + 2 * kLineH, sub, kMuted, "middle");
    }
    text(6, kHeaderH - 8, "time ↓", kMuted, "start");
  }

  void breaks_and_ticks() {
    for (const BreakRecord& b : l_.breaks) {
      out_ << fmt::format(
          "<rect x=\"0\" y=\"{:.1f}\" width=\"{:.0f}\" height=\"{:.1f}\" fill=\"#000000\" "
          "fill-opacity=\"0.06\"/>\n",
          b.y0, m_.width, b.y1 - b.y0);
      if (b.text.empty()) continue;
      boxed_text(m_.gutter + (m_.width - m_.gutter) / 2, (b.y0 + b.y1) / 2 + kFontPx / 2 - 2,
                 b.text, kMuted, {255, 255, 255}, "middle");
    }
    for (const TickRecord& t : l_.ticks) {
      out_ << fmt::format(
          "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.0f}\" y2=\"{:.1f}\" stroke=\"#000000\" "
          "stroke-opacity=\"0.08\"/>\n",
          m_.gutter - 6, t.y, m_.width, t.y);
      text(m_.gutter - 10, t.y + kFontPx / 2 - 2, format_time(t.t), kMuted, "end");
    }
  }

  void lanes() {
    for (const LaneLine& lane : l_.lanes) {
      const bool host = trace_.nodes[model_.lanes[lane.lane].node].kind == trace::NodeKind::Host;
      out_ << fmt::format(
          "<line class=\"lifeline\" x1=\"{0:.1f}\" y1=\"0\" x2=\"{0:.1f}\" y2=\"{1:.1f}\" "
          "stroke=\"{2}\" stroke-width=\"2\"{3}/>\n",
          lane.x, m_.height, hex(host ? kInk : kSwitchLine),
          host ? "" : " stroke-dasharray=\"10 6\"");
    }
  }

  void timers() {
    for (const SpanRecord& s : l_.timers) {
      const Span& span = model_.timers[s.track].spans[s.span];
      out_ << fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" rx=\"2\" "
          "fill=\"{}\"><title>{}</title></rect>\n",
          s.x, s.y0, s.w, std::max(1.0f, s.y1 - s.y0), hex(kTimer),
          escaped(trace_.text(span.what)));
      if (s.folded == 1 && span.end_op == static_cast<std::uint8_t>(tcp::TimerOp::Fired)) {
        out_ << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"/>\n",
                            s.x + s.w / 2, s.y1, s.w * 0.9f, hex(kTimerFired));
      }
    }
  }

  void bands() {
    for (const SpanRecord& s : l_.bands) {
      const auto state = static_cast<tcp::State>(model_.bands[s.track].spans[s.span].value);
      out_ << fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{}</title></rect>\n",
          s.x, s.y0, s.w, std::max(1.0f, s.y1 - s.y0), hex(state_color(state)),
          tcp::state_name(state));
    }
  }

  // After the frames, so no arrow strikes a state's name through.
  void state_labels() {
    for (const StateLabelRecord& s : l_.state_labels) {
      const auto state = static_cast<tcp::State>(model_.bands[s.track].spans[s.span].value);
      boxed_text(s.x, s.y + kFontPx, tcp::state_name(state), kInk, state_color(state), "start");
    }
  }

  // One group per frame crossing a link: its line, its head (or a cross where
  // it was lost) and its description.
  std::size_t frames() {
    std::size_t drawn = 0;
    for (const ArrowRecord& a : l_.arrows) {
      const Hop& hop = model_.hops[a.hop];
      if (!in_range(hop.t0, hop.t1)) continue;
      ++drawn;
      const Rgb col = hop.retransmission ? kLightRetransmission : light_frame_color(hop.kind);
      const std::string title =
          event_summary(trace_, model_.numbers(), trace_.events[hop.sent_event], false);
      out_ << fmt::format("<g class=\"frame\" stroke=\"{}\" fill=\"{}\"><title>{}</title>",
                          hex(col), hex(col), escaped(title));
      const ArrowPath path = path_of(a);
      std::string points;
      for (std::size_t k = 0; k < path.size; ++k) {
        points += fmt::format("{}{:.1f},{:.1f}", k == 0 ? "" : " ", path.at[k].x, path.at[k].y);
      }
      out_ << fmt::format("<polyline points=\"{}\" fill=\"none\" stroke-width=\"{}\"{}/>", points,
                          hop.flooded ? "1.5" : "2",
                          hop.retransmission ? " stroke-dasharray=\"10 5\"" : "");
      // The head points along the last stretch of the line.
      const ArrowPath::Point from = path.at[path.size - 2];
      const float len = std::hypot(a.x1 - from.x, a.y1 - from.y);
      if (hop.dropped) {
        const float r = kLineH * 0.38f;
        out_ << fmt::format(
            "<path d=\"M{0:.1f} {1:.1f}L{2:.1f} {3:.1f}M{0:.1f} {3:.1f}L{2:.1f} {1:.1f}\" "
            "stroke=\"{4}\" stroke-width=\"2.5\"/>",
            a.x1 - r, a.y1 - r, a.x1 + r, a.y1 + r, hex(kDrop));
      } else if (hop.end_event != kNone && len >= 1) {
        const float s = kLineH * 0.6f;
        const float dx = (a.x1 - from.x) / len, dy = (a.y1 - from.y) / len;
        const float bx = a.x1 - dx * s, by = a.y1 - dy * s;
        out_ << fmt::format(
            "<path d=\"M{:.1f} {:.1f}L{:.1f} {:.1f}L{:.1f} {:.1f}Z\" stroke=\"none\"/>", a.x1, a.y1,
            bx - dy * s / 2, by + dx * s / 2, bx + dy * s / 2, by - dx * s / 2);
      }
      out_ << "</g>\n";
    }
    for (const LabelRecord& label : l_.labels) {
      const Hop& hop = model_.hops[label.hop];
      if (!in_range(hop.t0, hop.t1)) continue;
      const Rgb col = hop.retransmission ? kLightRetransmission : light_frame_color(hop.kind);
      boxed_text(label.x, label.y - 5, label.text, col, {255, 255, 255}, "middle");
    }
    return drawn;
  }

  // Calls are named beside their lifeline, as in the app; other marks are
  // shapes whose words are their tooltip.
  void marks() {
    for (const MarkRecord& r : l_.marks) {
      const Mark& mk = model_.marks[r.mark];
      if (!in_range(mk.t, mk.t)) continue;
      const trace::Event& e = trace_.events[mk.event];
      const std::string title = escaped(event_summary(trace_, model_.numbers(), e, m_.absolute));
      const Rgb col = mark_color(mk.kind);
      if (mk.kind == MarkKind::StateChange) {
        const float right = bands_right(model_.lanes[mk.lane], m_, r.x);
        out_ << fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
            "stroke-width=\"2\"><title>{}</title></line>\n",
            r.x - 4, r.y, right, r.y, hex(kInk), title);
        continue;
      }
      if (mk.kind == MarkKind::Arp || mk.kind == MarkKind::Mac) {
        const float s = kLineH * 0.2f;
        out_ << fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
            "<title>{}</title></rect>\n",
            r.x - s, r.y - s, 2 * s, 2 * s, hex(col), title);
      } else {
        out_ << fmt::format(
            "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"><title>{}</title>"
            "</circle>\n",
            r.x, r.y, kLineH * 0.24f, hex(col), title);
      }
      // The words the layout placed beside the mark, clear of other text.
      if (r.text.empty()) continue;
      boxed_text(r.text_x + r.text_w, r.y + kFontPx / 2 - 2, r.text, col, {255, 255, 255}, "end");
    }
  }

  const LadderModel& model_;
  const Trace& trace_;
  const TimelineLayout& l_;
  const LayoutMetrics& m_;
  TimeUs from_, to_;
  std::ostream& out_;
};

}  // namespace

SvgPage write_ladder_svg(const LadderModel& model, const SvgOptions& options, std::ostream& out) {
  const TimeUs from = options.from.value_or(model.axis.start());
  const TimeUs to = std::max(from, options.to.value_or(model.axis.end()));
  LayoutMetrics m;
  m.line_h = kLineH;
  m.char_w = kCharW;
  m.fold_px = 0;  // a file is zoomed by its reader: every item is drawn
  m.band_w = 8;
  m.timer_w = 4;
  m.gutter = kCharW * 12 + kLineH;
  m.lane_pad = kLineH * 18;      // room for a call with its result beside the outer lifelines
  m.min_lane_gap = kCharW * 44;  // room for "SYN, ACK Seq=0 Ack=1 Win=65535 Len=0"
  m.absolute = options.absolute;
  const auto gaps = static_cast<float>(std::max<std::size_t>(2, model.lanes.size()) - 1);
  m.width = m.gutter + 2 * m.lane_pad + m.min_lane_gap * gaps;

  TimelineView view;
  view.us_per_px = readable_zoom(model, from, to);
  view.top = model.axis.to_virtual(from) - kPad * view.us_per_px;
  m.height = static_cast<float>((model.axis.to_virtual(to) - model.axis.to_virtual(from)) /
                                view.us_per_px) +
             2 * kPad;

  TimelineLayout layout;
  lay_out(model, view, m, model.trace().events.size(), kNone, layout);
  SvgPage page{m.width, m.height + kHeaderH, 0};
  page.arrows = SvgWriter(model, layout, m, from, to, out).write(page.width, page.height);
  return page;
}

std::string write_ladder_svg_file(const LadderModel& model, const SvgOptions& options,
                                  const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return path + ": cannot write the SVG: " + std::strerror(errno);
  errno = 0;
  write_ladder_svg(model, options, out);
  out.close();
  if (!out) return path + ": cannot write the SVG: " + std::strerror(errno != 0 ? errno : EIO);
  return {};
}

}  // namespace synack::view

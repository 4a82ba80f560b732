// The ladder as an SVG file for slides and handouts: the same draw records the
// desktop app paints (timeline_layout.hpp), laid out for the whole of a time
// range at a readable zoom, on a light ground, with text as text so it scales
// and prints sharply. Nothing folds: every frame crossing a link in the range
// is one arrow, with its whole description as a tooltip.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "sim/view/ladder_model.hpp"

namespace synack::view {

struct SvgOptions {
  std::optional<TimeUs> from, to;  // the range; the whole run where not given
  bool absolute = false;           // Seq/Ack as on the wire rather than from each ISN
};

// The picture's page: its size and what it holds.
struct SvgPage {
  float width = 0, height = 0;  // pixels, the lane names included
  std::size_t arrows = 0;       // frames crossing a link in the range
};

// Writes the SVG document; returns what it drew.
SvgPage write_ladder_svg(const LadderModel& model, const SvgOptions& options, std::ostream& out);

// The same into a file; "" on success, else "PATH: cannot write the SVG: REASON".
std::string write_ladder_svg_file(const LadderModel& model, const SvgOptions& options,
                                  const std::string& path);

}  // namespace synack::view

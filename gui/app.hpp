// The synack-gui window: GLFW + OpenGL 3 + ImGui, the menu, the registered
// panels (gui/panel_registry.hpp), keyboard shortcuts, file opening (menu, dialog, recent
// files, drag-and-drop, reload when the file changes on disk), and the
// headless modes (--screenshot, --bench-frames).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace synack::gui {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitNoDisplay = 3;  // no window system to open a window on

struct AppOptions {
  std::string file;
  std::optional<std::size_t> step;  // advance this many records after opening
  std::string screenshot;           // render one frame to this PNG and exit
  int width = 1280, height = 800;
  int bench_frames = 0;  // render this many frames panning and zooming, print timings, exit
  bool light = false;
  bool quiz = false;                 // the lesson's questions stop the run until answered
  std::vector<std::string> show;     // panels shown besides the default ones, by title
  std::vector<std::string> what_if;  // settings What-if starts with changed: "nagle=false"
  std::string beside;                // a capture (or JSON trace) shown beside the simulated run
  bool live = false;                 // run the scenario on Linux and show it beside
};

int run_app(const AppOptions& options);

}  // namespace synack::gui

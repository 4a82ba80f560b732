#include "gui/app.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <vector>

#include "gui/differences_panel.hpp"
#include "gui/errors_panel.hpp"
#include "gui/event_list_panel.hpp"
#include "gui/expectations_panel.hpp"
#include "gui/export_panel.hpp"
#include "gui/file_dialog_panel.hpp"
#include "gui/fonts.hpp"
#include "gui/help_panel.hpp"
#include "gui/hosts_panel.hpp"
#include "gui/lesson_panel.hpp"
#include "gui/model/config_dir.hpp"
#include "gui/model/file_browser.hpp"
#include "gui/model/file_watch.hpp"
#include "gui/model/recent_files.hpp"
#include "gui/packet_inspector_panel.hpp"
#include "gui/panel_registry.hpp"
#include "gui/rule_panel.hpp"
#include "gui/screenshot.hpp"
#include "gui/sequence_graph_panel.hpp"
#include "gui/state_diagram_panel.hpp"
#include "gui/tcb_panel.hpp"
#include "gui/theme.hpp"
#include "gui/timeline_panel.hpp"
#include "gui/transport_panel.hpp"
#include "gui/what_if_panel.hpp"
#include "sim/lang/tr.hpp"
#include "sim/live/lab.hpp"
#include "sim/live/live_run.hpp"

namespace synack::gui {

using lang::tr;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

const char* g_glfw_error = "";
void on_glfw_error(int, const char* description) { g_glfw_error = description; }

constexpr const char* kTimeline = lang::tr_later("Timeline");
constexpr const char* kDifferences = lang::tr_later("Differences");

class App {
 public:
  // Each panel is registered here: its title, its place in the default layout.
  explicit App(const AppOptions& options)
      : options_(options),
        timeline_(panels_.add<TimelinePanel>(
            {kTimeline, PanelSlot::Center, 1,
             ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse, false})),
        // First in the right column: what the teacher says at this step.
        lesson_(panels_.add<LessonPanel>({lang::tr_later("Lesson"), PanelSlot::Right, 2.2f})),
        event_list_(
            panels_.add<EventListPanel>({lang::tr_later("Events"), PanelSlot::Right, 2.4f})),
        // Shown from the View menu, or at once when --what-if changes a setting.
        what_if_(panels_.add<WhatIfPanel>({lang::tr_later("What-if"), PanelSlot::Right, 2.2f, 0,
                                           true, !options.what_if.empty()})),
        recent_(headless() ? "" : RecentFiles::default_store()) {
    panels_.add<ExpectationsPanel>({lang::tr_later("Expectations"), PanelSlot::Right, 1});
    panels_.add<StateDiagramPanel>(
        {lang::tr_later("State diagram"), PanelSlot::Left, 1.6f, 0, true, false});
    // The detail panels start hidden, so the ladder keeps its room at 1280×800;
    // the View menu (or --show) opens them.
    panels_.add<TcbPanel>({lang::tr_later("TCB"), PanelSlot::Left, 1, 0, true, false});
    panels_.add<RulePanel>({lang::tr_later("The rule that fired"), PanelSlot::Right, 0.9f});
    panels_.add<SequenceGraphPanel>(
        {lang::tr_later("Sequence graph"), PanelSlot::UnderCenter, 1.2f, 0, true, false});
    panels_.add<PacketInspectorPanel>(
        {lang::tr_later("Packet inspector"), PanelSlot::Right, 1.4f, 0, true, false});
    panels_.add<HostsPanel>({lang::tr_later("Hosts"), PanelSlot::Left, 1.2f, 0, true, false});
    panels_.add<TransportPanel>(
        {lang::tr_later("Step"), PanelSlot::Bottom, 1, ImGuiWindowFlags_NoTitleBar});
    // Shown once a run is beside the simulated one (--live, --beside or the File menu).
    differences_ = &panels_.add<DifferencesPanel>(
        {kDifferences, PanelSlot::Right, 3.2f, 0, true, options.live || !options.beside.empty()});
    what_if_.preset(options_.what_if);
    session_.quiz = options_.quiz;
    if (options_.bench_frames > 0) panels_.show_all();
  }

  int run() {
    for (const std::string& title : options_.show) {
      if (!panels_.show(title)) {
        std::string known;
        for (const std::string& t : panels_.titles()) known += (known.empty() ? "" : ", ") + t;
        std::cerr << "synack-gui: --show " << title << ": no such panel; the panels are " << known
                  << "\n";
        return kExitBadInput;
      }
    }
    // The run beside is read first, so a bad file is refused before any window opens.
    std::unique_ptr<Document> beside;
    if (!options_.beside.empty()) {
      LoadOutcome loaded = load_beside(options_.beside);
      if (!loaded.document) {
        for (const std::string& e : loaded.errors)
          std::cerr << "synack-gui: --beside " << e << "\n";
        return kExitBadInput;
      }
      beside = std::move(loaded.document);
    }
    live_missing_ = live::missing_privileges();
    if (options_.live && !live_missing_.empty()) {
      std::cerr << "synack-gui: --live: " << live_missing_ << "; showing the simulated run only\n";
    }
    if (const int status = open_window(); status != kExitOk) return status;
    if (!options_.file.empty()) {
      const auto started = Clock::now();
      open(options_.file, false);
      open_ms_ = ms_since(started);
      if (!session_.open() && headless()) {
        for (const std::string& e : last_errors_) std::cerr << e << "\n";
        close_window();
        return kExitBadInput;
      }
      if (beside && session_.open()) open_beside(std::move(beside), options_.beside);
      if (options_.live && session_.open()) {
        if (!session_.document->is_scenario) {
          const std::string why = options_.file + ": not a scenario; --live runs a scenario file";
          std::cerr << "synack-gui: " << why << "\n";
          if (headless()) {
            close_window();
            return kExitBadInput;
          }
          differences_->say({why}, true);
        } else {
          start_live();
        }
      }
      if (options_.step && session_.open()) {
        session_.stepper->set(*options_.step);
        if (session_.step() > 0) session_.select(static_cast<std::uint32_t>(session_.step() - 1));
      }
    }
    const int status = loop();
    close_window();
    return status;
  }

 private:
  bool headless() const { return !options_.screenshot.empty() || options_.bench_frames > 0; }

  int open_window() {
    const char* x11 = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((x11 == nullptr || *x11 == '\0') && (wayland == nullptr || *wayland == '\0')) {
      std::cerr << "synack-gui: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
                   "use 'synack run FILE' for the terminal ladder, or xvfb-run\n";
      return kExitNoDisplay;
    }
    glfwSetErrorCallback(on_glfw_error);
    if (glfwInit() == GLFW_FALSE) {
      std::cerr << "synack-gui: the window system cannot start (" << g_glfw_error
                << "); use 'synack run FILE' for the terminal ladder\n";
      return kExitNoDisplay;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    window_ = glfwCreateWindow(options_.width, options_.height, "synack", nullptr, nullptr);
    if (window_ == nullptr) {
      std::cerr << "synack-gui: cannot open an OpenGL 3 window (" << g_glfw_error << ")\n";
      glfwTerminate();
      return kExitNoDisplay;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(headless() ? 0 : 1);
    glfwSetWindowUserPointer(window_, this);
    glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
      auto* app = static_cast<App*>(glfwGetWindowUserPointer(w));
      app->dropped_.assign(paths, paths + count);
    });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    // The layout persists between runs, except in the headless modes, which
    // must look the same on every machine.
    panels_.keep_in_ini();
    ini_path_ = headless() ? "" : config_file("imgui.ini");
    if (!ini_path_.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(std::filesystem::path(ini_path_).parent_path(), ec);
    }
    ImGui::GetIO().IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
    // A screenshot shows the step, not a tooltip under wherever the pointer happens to be.
    if (headless()) ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse;
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    // Sized for the screen: 20 px on a 1080-line screen, more on denser or larger ones.
    float xscale = 1, yscale = 1;
    glfwGetWindowContentScale(window_, &xscale, &yscale);
    float screen = 1;
    if (const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor())) {
      screen = static_cast<float>(mode->height) / 1080.0f;
    }
    base_px_ = 20.0f * std::max({1.0f, xscale, screen});
    theme_ = options_.light ? ThemeKind::Light : ThemeKind::Dark;
    rebuild_fonts();
    return kExitOk;
  }

  void close_window() {
    if (window_ == nullptr) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window_);
    glfwTerminate();
    window_ = nullptr;
  }

  void rebuild_fonts() {
    ui_zoom_ = std::clamp(ui_zoom_, 0.5f, 3.0f);
    const float px = std::round(base_px_ * ui_zoom_);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    load_fonts(px);
    ImGui_ImplOpenGL3_CreateFontsTexture();
    apply_theme(theme_, px / 20.0f);
    built_zoom_ = ui_zoom_;
    built_theme_ = theme_;
    fonts_stale_ = false;
  }

  void open(const std::string& path, bool keep_place) {
    watch_.watch(path);
    LoadOutcome loaded = load_document(path);
    if (!loaded.document) {
      last_errors_ = loaded.errors;
      errors_.show(path, loaded.errors, session_.open());
      return;
    }
    errors_.clear();
    last_errors_.clear();
    const bool same_file = session_.open() && session_.document->path == path;
    // A run beside belongs to the scenario it ran or was opened for.
    if (!same_file && session_.beside) {
      session_.set_beside(nullptr);
      differences_->say({}, false);
    }
    session_.adopt(std::move(loaded.document), keep_place && same_file);
    if (!(keep_place && same_file)) timeline_.reset_view();
    event_list_.reset();
    recent_.add(path);
    const Document& doc = *session_.document;
    cover_text_of(doc);
    const std::string name =
        doc.trace.name.empty() ? std::filesystem::path(path).filename().string() : doc.trace.name;
    glfwSetWindowTitle(window_, ("synack — " + name + "  (" + path + ")").c_str());
  }

  // The font atlas is rebuilt with the characters of the document's own text
  // (name, description, notes, lesson) when they are new to it.
  void cover_text_of(const Document& doc) {
    std::string text = doc.trace.name + doc.trace.description;
    for (const trace::LessonItem& item : doc.trace.lesson) {
      text += item.text + item.question;
      for (const std::string& a : item.answers) text += a;
    }
    if (doc.scenario) {
      for (const scenario::Expectation& e : doc.scenario->expectations) text += e.note;
    }
    for (const scenario::Verdict& v : doc.verdicts) text += v.what + v.note;
    if (text != covered_text()) {
      covered_text() = std::move(text);
      fonts_stale_ = true;
    }
  }

  void open_beside(std::unique_ptr<Document> doc, const std::string& path) {
    const std::filesystem::path file(path);
    const std::string name =
        (file.extension() == ".json" ? "Trace " : "Capture ") + file.filename().string();
    session_.set_beside(std::make_unique<Beside>(std::move(doc), BesideKind::Capture, name));
    differences_->say({}, false);
    panels_.show(kDifferences);
  }

  bool can_run_live() const {
    return live_missing_.empty() && session_.open() && session_.document->is_scenario &&
           !live_run_.valid();
  }
  std::string why_not_live() const {
    if (!live_missing_.empty()) return live_missing_;
    if (live_run_.valid()) return "a live run is under way";
    return "a live run needs a scenario file open (.yaml)";
  }

  // Runs the open scenario on Linux in the background, as `synack live` does.
  void start_live() {
    panels_.show(kDifferences);
    if (!live_missing_.empty()) {
      differences_->say({"Cannot run live: " + live_missing_ + ".",
                         "Start synack-gui as root (sudo) for a live run beside this one."},
                        true);
      return;
    }
    if (!can_run_live()) return;
    differences_->say({"Running the scenario on Linux (network namespaces)…"}, false);
    // Ctrl+C or SIGTERM during the run stops it cleanly (every namespace removed), then the app.
    struct sigaction action {};
    action.sa_handler = [](int sig) { live::stop_signal() = sig; };
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    live_run_ =
        std::async(std::launch::async, [doc = *session_.document] { return run_live_beside(doc); });
  }

  // Takes the live run's outcome once it is there (waits for it when `wait`).
  void poll_live(bool wait) {
    if (!live_run_.valid()) return;
    if (!wait && live_run_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    LiveOutcome out = live_run_.get();
    if (!out.document) {
      std::cerr << "synack-gui: live run: " << out.error << "\n";
      differences_->say({"The live run failed: " + out.error}, true);
      return;
    }
    std::vector<std::string> said;
    for (const std::string& line : out.said) said.push_back("live: " + line);
    differences_->say(said, false);
    if (session_.open()) {
      session_.set_beside(
          std::make_unique<Beside>(std::move(out.document), BesideKind::Live, "Linux (live run)"));
    }
  }

  // A teacher edits the scenario in an editor: reload it, keeping the step.
  void check_reload() {
    if (watch_.changed(ImGui::GetTime())) open(watch_.path(), true);
  }

  int loop() {
    int frame = 0;
    std::vector<double> build_ms;
    constexpr int kWarmUp = 3;
    while (!glfwWindowShouldClose(window_)) {
      const bool busy = headless() || (session_.stepper && session_.stepper->playing) ||
                        timeline_.animating() || frame < 3;
      if (busy) {
        glfwPollEvents();
      } else {
        glfwWaitEventsTimeout(0.5);
      }
      if (!dropped_.empty()) {
        const DropChoice choice = choose_dropped(dropped_);
        if (!choice.path.empty()) {
          open(choice.path, false);
        } else {
          errors_.show(dropped_.front(), {choice.error}, session_.open());
        }
        dropped_.clear();
      }
      if (!headless()) check_reload();
      if (built_zoom_ != ui_zoom_ || built_theme_ != theme_ || fonts_stale_) rebuild_fonts();

      const bool benching = options_.bench_frames > 0 && frame >= kWarmUp;
      if (benching && session_.open()) {
        const int i = frame - kWarmUp;
        timeline_.bench_view(session_, options_.bench_frames > 1
                                           ? static_cast<double>(i) / (options_.bench_frames - 1)
                                           : 0.0);
      }
      const auto started = Clock::now();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      build_frame();
      ImGui::Render();
      if (benching) build_ms.push_back(ms_since(started));

      int fw = 0, fh = 0;
      glfwGetFramebufferSize(window_, &fw, &fh);
      glViewport(0, 0, fw, fh);
      const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
      glClearColor(bg.x, bg.y, bg.z, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      ++frame;
      if (const std::string png = export_.take_png(); !png.empty()) {
        std::string error;
        export_.done(write_screenshot(png, fw, fh, error) ? "wrote " + png : error);
      }

      // A few frames first, so windows have settled their sizes.
      if (!options_.screenshot.empty() && frame >= 4) {
        std::string error;
        if (!write_screenshot(options_.screenshot, fw, fh, error)) {
          std::cerr << "synack-gui: " << error << "\n";
          return kExitBadInput;
        }
        return kExitOk;
      }
      if (options_.bench_frames > 0 && static_cast<int>(build_ms.size()) >= options_.bench_frames) {
        std::sort(build_ms.begin(), build_ms.end());
        const auto pct = [&](double q) {
          return build_ms[std::min(
              build_ms.size() - 1,
              static_cast<std::size_t>(q * static_cast<double>(build_ms.size())))];
        };
        std::printf("frames=%d p50=%.2f ms p99=%.2f ms open=%.0f ms events=%zu\n",
                    options_.bench_frames, pct(0.5), pct(0.99), open_ms_,
                    session_.open() ? session_.document->trace.events.size() : 0);
        return kExitOk;
      }
      glfwSwapBuffers(window_);
      if (quit_ || live::stop_signal() != 0) break;
    }
    return kExitOk;
  }

  void build_frame() {
    poll_live(headless());
    if (session_.stepper) session_.stepper->tick(ImGui::GetIO().DeltaTime);
    shortcuts();
    const float menu_h = main_menu();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float lh = ImGui::GetTextLineHeightWithSpacing();
    const LayoutArea area{display.x, display.y, menu_h, lh,
                          lh * 3 + ImGui::GetStyle().WindowPadding.y * 2 + ImGui::GetFrameHeight()};
    panels_.draw(session_, area, reset_layout_);
    reset_layout_ = false;

    const PanelRect ladder = panels_.default_rect(kTimeline, area);
    errors_.draw_content(ladder.x + lh, ladder.y + lh * 3, ladder.width - 2 * lh);
    if (auto chosen = dialog_.draw_content()) {
      if (dialog_.kinds() == FileKinds::Beside) {
        LoadOutcome loaded = load_beside(*chosen);
        if (loaded.document) {
          open_beside(std::move(loaded.document), *chosen);
        } else {
          errors_.show(*chosen, loaded.errors, session_.open());
        }
      } else {
        open(*chosen, false);
      }
    }
    help_.draw_content();
    export_.draw_content(session_);
  }

  float main_menu() {
    float height = 0;
    if (!ImGui::BeginMainMenuBar()) return height;
    height = ImGui::GetWindowSize().y;
    if (ImGui::BeginMenu(tr("File"))) {
      if (ImGui::MenuItem(tr("Open…"), "Ctrl+O")) open_dialog();
      if (ImGui::BeginMenu(tr("Open recent"), !recent_.files().empty())) {
        for (const std::string& f : recent_.files()) {
          if (ImGui::MenuItem(f.c_str())) open(f, false);
        }
        ImGui::EndMenu();
      }
      if (ImGui::MenuItem(tr("Reload"), "Ctrl+R", false, !watch_.path().empty()))
        open(watch_.path(), true);
      ImGui::Separator();
      if (ImGui::MenuItem(tr("Open capture beside…"), nullptr, false, session_.open()))
        open_dialog(FileKinds::Beside);
      const bool live_ok = can_run_live();
      if (ImGui::MenuItem(tr("Run live beside"), nullptr, false, live_ok)) start_live();
      if (!live_ok && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", why_not_live().c_str());
      if (ImGui::MenuItem(tr("Close the run beside"), nullptr, false, session_.beside != nullptr)) {
        session_.set_beside(nullptr);
        differences_->say({}, false);
      }
      ImGui::Separator();
      if (ImGui::MenuItem(tr("Save as…"), nullptr, false, what_if_.can_save(session_)))
        what_if_.ask_save();
      if (ImGui::MenuItem(tr("Export the ladder as SVG…"), nullptr, false, session_.open()))
        export_.ask(ExportPanel::Kind::Svg, session_);
      if (ImGui::MenuItem(tr("Export the window as PNG…")))
        export_.ask(ExportPanel::Kind::Png, session_);
      ImGui::Separator();
      if (ImGui::MenuItem(tr("Quit"), "Ctrl+Q")) quit_ = true;
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("View"))) {
      if (ImGui::MenuItem(tr("Dark theme"), nullptr, theme_ == ThemeKind::Dark))
        theme_ = ThemeKind::Dark;
      if (ImGui::MenuItem(tr("Light theme"), nullptr, theme_ == ThemeKind::Light))
        theme_ = ThemeKind::Light;
      ImGui::Separator();
      if (ImGui::MenuItem(tr("Bigger text"), "Ctrl +")) ui_zoom_ *= 1.15f;
      if (ImGui::MenuItem(tr("Smaller text"), "Ctrl -")) ui_zoom_ /= 1.15f;
      if (ImGui::MenuItem(tr("Default text size"), "Ctrl 0")) ui_zoom_ = 1;
      ImGui::Separator();
      ImGui::MenuItem(tr("Absolute Seq/Ack numbers"), nullptr, &session_.absolute_numbers);
      if (ImGui::MenuItem(tr("Compress idle time"), nullptr, &session_.compress_idle) &&
          session_.ladder) {
        session_.ladder->axis.set_compressed(session_.compress_idle);
        timeline_.fit();
      }
      if (ImGui::MenuItem(tr("Fit the whole run"), "F")) timeline_.fit();
      if (ImGui::BeginMenu(tr("Language"))) {
        std::size_t count = 0;
        const lang::Language* languages = lang::languages(count);
        const std::string now = lang::language();
        for (std::size_t i = 0; i < count; ++i) {
          if (ImGui::MenuItem(languages[i].name, nullptr, now == languages[i].code)) {
            lang::set_language(languages[i].code);
          }
        }
        ImGui::EndMenu();
      }
      ImGui::Separator();
      panels_.view_menu_items();
      if (ImGui::MenuItem(tr("Reset layout"))) {
        panels_.reset_visibility();
        reset_layout_ = true;
      }
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("Lesson"), session_.open() && !session_.lesson->empty())) {
      LessonGuide& lesson = *session_.lesson;
      Stepper& stepper = *session_.stepper;
      if (ImGui::MenuItem(tr("Next item"), "N")) lesson.go_next(stepper);
      if (ImGui::MenuItem(tr("Previous item"), "P")) lesson.go_previous(stepper);
      if (ImGui::MenuItem(tr("Quiz: ask before showing"), nullptr, session_.quiz,
                          lesson.questions() > 0)) {
        session_.quiz = !session_.quiz;
        lesson.set_quiz(session_.quiz, stepper);
      }
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("Help"))) {
      if (ImGui::MenuItem(tr("Keyboard shortcuts and colours"), "F1")) help_.visible = true;
      ImGui::EndMenu();
    }
    if (session_.open()) {
      const Document& doc = *session_.document;
      ImGui::TextDisabled(tr("   %s  ·  %zu events"), doc.trace.name.c_str(),
                          doc.trace.events.size());
    }
    ImGui::EndMainMenuBar();
    return height;
  }

  void open_dialog(FileKinds kinds = FileKinds::Documents) {
    std::string dir = std::filesystem::current_path().string();
    if (!watch_.path().empty()) {
      const auto parent = std::filesystem::absolute(watch_.path()).parent_path();
      if (std::filesystem::is_directory(parent)) dir = parent.string();
    }
    dialog_.open(dir, kinds);
  }

  void shortcuts() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || dialog_.visible()) return;
    const auto pressed = [](int key, bool repeat = false) {
      return ImGui::IsKeyPressed(key, repeat);
    };
    if (io.KeyCtrl) {
      if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) ui_zoom_ *= 1.15f;
      if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) ui_zoom_ /= 1.15f;
      if (pressed(GLFW_KEY_0) || pressed(GLFW_KEY_KP_0)) ui_zoom_ = 1;
      if (pressed(GLFW_KEY_O)) open_dialog();
      if (pressed(GLFW_KEY_R) && !watch_.path().empty()) open(watch_.path(), true);
      if (pressed(GLFW_KEY_Q)) quit_ = true;
      return;
    }
    if (pressed(GLFW_KEY_F1)) help_.visible = !help_.visible;
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) timeline_.zoom_by(1.5);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) timeline_.zoom_by(1 / 1.5);
    if (pressed(GLFW_KEY_F)) timeline_.fit();
    if (pressed(GLFW_KEY_PAGE_DOWN, true)) timeline_.pan_by(io.DisplaySize.y * 0.6);
    if (pressed(GLFW_KEY_PAGE_UP, true)) timeline_.pan_by(-io.DisplaySize.y * 0.6);
    if (!session_.stepper) return;
    Stepper& s = *session_.stepper;
    const std::size_t before = s.step();
    if (pressed(GLFW_KEY_RIGHT, true)) s.forward();
    if (pressed(GLFW_KEY_LEFT, true)) s.back();
    if (pressed(GLFW_KEY_DOWN, true)) s.next_segment();
    if (pressed(GLFW_KEY_UP, true)) s.previous_segment();
    if (pressed(GLFW_KEY_HOME)) s.to_start();
    if (pressed(GLFW_KEY_END)) s.to_end();
    if (pressed(GLFW_KEY_N) && session_.lesson) session_.lesson->go_next(s);
    if (pressed(GLFW_KEY_P) && session_.lesson) session_.lesson->go_previous(s);
    if (pressed(GLFW_KEY_SPACE)) {
      if (s.step() >= s.last()) s.to_start();
      s.playing = !s.playing;
    }
    // Stepping by hand selects the record just applied, so both views follow.
    if (s.step() != before && s.step() > 0)
      session_.select(static_cast<std::uint32_t>(s.step() - 1));
  }

  AppOptions options_;
  GLFWwindow* window_ = nullptr;
  Session session_;
  PanelRegistry panels_;
  TimelinePanel& timeline_;
  LessonPanel& lesson_;
  EventListPanel& event_list_;
  WhatIfPanel& what_if_;
  DifferencesPanel* differences_ = nullptr;
  std::string live_missing_;  // why live runs cannot happen here ("" when they can)
  std::future<LiveOutcome> live_run_;
  ExportPanel export_;
  bool reset_layout_ = false;
  std::string ini_path_;
  ErrorsPanel errors_;
  FileDialogPanel dialog_;
  HelpPanel help_;
  RecentFiles recent_;
  ThemeKind theme_ = ThemeKind::Dark, built_theme_ = ThemeKind::Dark;
  float base_px_ = 20, ui_zoom_ = 1, built_zoom_ = 1;
  bool fonts_stale_ = false;  // the open document has characters the atlas lacks
  FileWatch watch_;
  std::vector<std::string> dropped_;
  std::vector<std::string> last_errors_;
  double open_ms_ = 0;
  bool quit_ = false;
};

}  // namespace

int run_app(const AppOptions& options) {
  App app(options);
  return app.run();
}

}  // namespace synack::gui

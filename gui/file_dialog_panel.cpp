#include "gui/file_dialog_panel.hpp"

#include <imgui.h>

#include <cstring>
#include <filesystem>

#include "sim/lang/tr.hpp"

namespace synack::gui {

using lang::tr;

void FileDialogPanel::open(const std::string& start_dir, FileKinds kinds) {
  kinds_ = kinds;
  visible_ = true;
  just_opened_ = true;
  go(start_dir);
}

void FileDialogPanel::go(const std::string& dir) {
  listing_ = list_dir(dir, kinds_);
  std::strncpy(path_, (listing_.dir + "/").c_str(), sizeof path_ - 1);
}

std::optional<std::string> FileDialogPanel::draw_content() {
  if (!visible_) return std::nullopt;
  const bool beside = kinds_ == FileKinds::Beside;
  const char* title =
      beside ? "Open a capture beside the simulated run" : "Open a scenario or trace";
  if (just_opened_) {
    ImGui::OpenPopup(title);
    just_opened_ = false;
  }
  std::optional<std::string> chosen;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize(ImVec2(display.x * 0.6f, display.y * 0.7f), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(title, &visible_)) return std::nullopt;
  ImGui::TextDisabled(beside ? "Captures (.pcap, .pcapng) and JSON traces (synack live --json). "
                               "Double-click to open."
                             : "Scenarios (.yaml) and JSON traces (synack run --json). "
                               "Double-click to open.");
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Open").x * 2.5f);
  const bool entered =
      ImGui::InputText("##path", path_, sizeof path_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool open_pressed = ImGui::Button(tr("Open"));
  if (entered || open_pressed) {
    std::error_code ec;
    if (std::filesystem::is_directory(path_, ec)) {
      go(path_);
    } else {
      chosen = std::string(path_);
    }
  }
  if (!listing_.error.empty())
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", listing_.error.c_str());
  ImGui::BeginChild("entries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()), true);
  std::string go_to;
  for (const DirEntry& e : listing_.entries) {
    const std::string label = (e.is_dir ? "▸ " : "   ") + e.name + (e.is_dir ? "/" : "");
    const std::string full = entry_path(listing_, e);
    if (ImGui::Selectable(label.c_str(), full == path_, ImGuiSelectableFlags_AllowDoubleClick)) {
      std::strncpy(path_, full.c_str(), sizeof path_ - 1);
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        if (e.is_dir) {
          go_to = full;
        } else {
          chosen = full;
        }
      }
    }
  }
  ImGui::EndChild();
  if (!go_to.empty()) go(go_to);
  if (ImGui::Button(tr("Cancel"))) visible_ = false;
  if (chosen) visible_ = false;
  if (!visible_) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return chosen;
}

}  // namespace synack::gui

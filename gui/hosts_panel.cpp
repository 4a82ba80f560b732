#include "gui/hosts_panel.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <string>

#include "gui/theme.hpp"
#include "gui/widgets.hpp"
#include "sim/lang/tr.hpp"
#include "sim/view/packet_fields.hpp"

namespace synack::gui {

using lang::tr;

using namespace view;  // what the panels show (sim/view)

namespace {

constexpr ImGuiTableFlags kTable =
    ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;

// A row the current step changed stands out.
void mark_row(bool changed) {
  if (changed) {
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, palette().hover);
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, palette().hover);
  }
}

void cell(const std::string& text, bool changed = false) {
  ImGui::TableNextColumn();
  if (changed) {
    ImGui::TextColored(ImColor(palette().selection), "%s", text.c_str());
  } else {
    ImGui::TextUnformatted(text.c_str());
  }
}

// A queue as a bar filling towards the backlog.
void queue_bar(const char* what, std::uint16_t n, std::uint16_t backlog, float fill, bool changed) {
  const Palette& p = palette();
  const std::string text = fmt::format("{} {}/{}", what, n, backlog);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImColor(fill >= 1.0f ? p.drop
                                                        : changed    ? p.selection
                                                                     : p.call)
                                                    .Value);
  ImGui::ProgressBar(fill, ImVec2(-1, 0), text.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

void HostsPanel::draw_content(Session& session) {
  if (!session.open()) {
    centered_hint(tr("No file open."));
    return;
  }
  if (!folder_ || generation_ != session.generation) {
    folder_ = std::make_unique<HostsFolder>(session.document->trace);
    generation_ = session.generation;
  }
  const HostsState& s = folder_->at(session.step());
  const Trace& trace = session.document->trace;
  ImGui::TextDisabled(tr("after event %zu; highlighted: what it changed"), s.step);
  // A big network shows one node at a time: the selected record's, or the one picked.
  const bool one = trace.nodes.size() > kAllNodes;
  const trace::NodeId selected =
      session.selected < trace.events.size() ? node_of(trace.events[session.selected]) : kNone;
  // The selected record's node opens, the others fold, when the selection moves to another node.
  const bool moved = selected != opened_for_ && selected < trace.nodes.size();
  opened_for_ = selected;
  if (one) {
    if (follow_ && selected < trace.nodes.size()) picked_ = selected;
    if (picked_ >= trace.nodes.size()) picked_ = 0;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    if (ImGui::BeginCombo(tr("node"), trace.nodes[picked_].name.c_str())) {
      ImGuiListClipper clipper;
      clipper.Begin(static_cast<int>(trace.nodes.size()));
      while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
          const auto id = static_cast<trace::NodeId>(i);
          if (ImGui::Selectable(trace.nodes[id].name.c_str(), id == picked_)) picked_ = id;
        }
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox(tr("follow the selection"), &follow_);
  }
  for (trace::NodeId id = 0; id < trace.nodes.size(); ++id) {
    if (one && id != picked_) continue;
    const trace::NodeInfo& node = trace.nodes[id];
    if (moved) {
      ImGui::SetNextItemOpen(one || id == selected, ImGuiCond_Always);
    } else {
      ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    }
    const std::string header =
        fmt::format("{}  ({})###node{}", node.name, tr(trace::node_kind_name(node.kind)), id);
    if (!ImGui::CollapsingHeader(header.c_str())) continue;
    ImGui::PushID(static_cast<int>(id));
    if (node.kind == trace::NodeKind::Switch) {
      switch_table(session, id, s);
    } else {
      host(session, id, s);
    }
    ImGui::PopID();
  }
}

void HostsPanel::host(const Session& session, trace::NodeId id, const HostsState& s) {
  const Trace& trace = session.document->trace;
  const trace::NodeInfo& node = trace.nodes[id];
  const NodeState& n = s.nodes[id];
  for (const InterfaceRow& r : interface_rows(node)) {
    ImGui::Text("%s  %s", r.name.c_str(), r.address.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled(tr("network %s"), r.network.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.and_sum.c_str());
  }
  if (node.gateway != wire::Ipv4Address::unspecified()) {
    ImGui::TextDisabled(tr("gateway %s"), node.gateway.to_string().c_str());
  }
  for (const auto& [port, q] : n.queues) {
    const bool changed = s.changed_now(q.changed_at);
    ImGui::TextDisabled(tr("listening on port %u"), port);
    queue_bar(tr("SYN queue"), q.syn_queue, q.backlog, q.syn_fill(), changed);
    queue_bar(tr("accept queue"), q.accept_queue, q.backlog, q.accept_fill(), changed);
  }
  if (!n.arp.empty() && ImGui::BeginTable("arp", 3, kTable)) {
    ImGui::TableSetupColumn(tr("ARP cache: IP"));
    ImGui::TableSetupColumn("MAC");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (const auto& [ip, e] : n.arp) {
      const bool changed = s.changed_now(e.changed_at);
      if (!e.present() && !changed) continue;
      ImGui::TableNextRow();
      mark_row(changed);
      cell(wire::Ipv4Address(ip).to_string(), changed);
      cell(e.present() ? e.mac.to_string() : "—", changed);
      cell(e.present()                     ? name_of_mac(trace, e.mac)
           : e.op == trace::ArpOp::Expired ? tr("expired")
                                           : tr("failed"),
           changed);
    }
    ImGui::EndTable();
  }
  if (!n.sockets.empty() &&
      ImGui::BeginTable("sockets", 2, kTable | ImGuiTableFlags_ScrollY,
                        ImVec2(0, std::min<float>(ImGui::GetTextLineHeightWithSpacing() *
                                                      (n.sockets.size() + 1.5f),
                                                  ImGui::GetTextLineHeight() * 12)))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Socket"), ImGuiTableColumnFlags_WidthStretch, 3);
    ImGui::TableSetupColumn(tr("State"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(n.sockets.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const trace::ConnId c = n.sockets[static_cast<std::size_t>(row)];
        const SocketEntry& e = s.conns[c];
        const bool changed = s.changed_now(e.changed_at);
        ImGui::TableNextRow();
        mark_row(changed);
        cell(trace.conn_name(c), changed);
        ImGui::TableNextColumn();
        const char* name = tcp::state_name(e.state);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 size = ImGui::CalcTextSize(name);
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x - 3, at.y),
                                                  ImVec2(at.x + size.x + 3, at.y + size.y),
                                                  state_fill(e.state), 4);
        ImGui::TextColored(ImVec4(0.08f, 0.09f, 0.12f, 1), "%s", name);
      }
    }
    ImGui::EndTable();
  }
  if (!n.counters.empty()) {
    for (const auto& [name, c] : n.counters) {
      const bool changed = s.changed_now(c.changed_at);
      if (changed) {
        ImGui::TextColored(ImColor(palette().selection), "%s = %lld", name.c_str(),
                           static_cast<long long>(c.value));
      } else {
        ImGui::TextDisabled(tr("%s = %lld"), name.c_str(), static_cast<long long>(c.value));
      }
    }
  }
}

void HostsPanel::switch_table(const Session& session, trace::NodeId id, const HostsState& s) {
  const Trace& trace = session.document->trace;
  const NodeState& n = s.nodes[id];
  if (n.macs.empty()) {
    ImGui::TextDisabled("%s", tr("MAC table empty: every frame is flooded"));
  } else if (ImGui::BeginTable("macs", 3, kTable)) {
    ImGui::TableSetupColumn(tr("MAC table: MAC"));
    ImGui::TableSetupColumn(tr("port"));
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (const auto& [mac, e] : n.macs) {
      const bool changed = s.changed_now(e.changed_at);
      if (!e.present() && !changed) continue;
      ImGui::TableNextRow();
      mark_row(changed);
      cell(mac.to_string(), changed);
      cell(std::to_string(e.port), changed);
      cell(e.present() ? name_of_mac(trace, mac) : tr("aged out"), changed);
    }
    ImGui::EndTable();
  }
  for (const auto& [name, c] : n.counters) {
    ImGui::TextDisabled(tr("%s = %lld"), name.c_str(), static_cast<long long>(c.value));
  }
}

}  // namespace synack::gui

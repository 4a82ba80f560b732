// Queries on the script structs and printing back to packetdrill notation.
#include "sim/pkt/script.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace synack::pkt {

namespace {

// Microseconds as packetdrill seconds: 100000 -> "0.1", 1500000 -> "1.5", 0 -> "0".
std::string seconds(std::int64_t usecs) {
  const std::int64_t whole = usecs / 1'000'000;
  const std::int64_t frac = std::llabs(usecs % 1'000'000);
  const char* sign = (usecs < 0 && whole == 0) ? "-" : "";
  if (frac == 0) return fmt::format("{}{}", sign, whole);
  std::string text = fmt::format("{}{}.{:06}", sign, whole, frac);
  while (text.back() == '0') text.pop_back();
  return text;
}

std::string quoted(const std::string& s) {
  static constexpr std::string_view kSpecial("\"\\\n\t\r\0", 6);
  static constexpr std::string_view kEscaped = "\"\\ntr0";
  std::string out = "\"";
  for (const char c : s) {
    const std::size_t i = kSpecial.find(c);
    if (i == std::string_view::npos) {
      out.push_back(c);
    } else {
      out += {'\\', kEscaped[i]};
    }
  }
  return out + "\"";
}

std::string joined(const std::vector<Expr>& elements, const char* separator) {
  std::string out;
  for (const Expr& e : elements) {
    if (!out.empty()) out += separator;
    if (!e.field.empty()) out += e.field + "=";
    out += to_string(e);
  }
  return out;
}

}  // namespace

std::optional<std::uint16_t> TcpPacket::mss() const {
  for (const TcpOption& o : options) {
    if (o.kind == OptionKind::Mss) return static_cast<std::uint16_t>(o.value);
  }
  return std::nullopt;
}

bool enabled(const Event& event, const std::set<std::string>& defines) {
  for (const Condition& c : event.conditions) {
    if ((defines.count(c.symbol) > 0) != c.defined) return false;
  }
  return true;
}

std::string to_string(Direction d) { return d == Direction::Inbound ? "<" : ">"; }

std::string to_string(Ecn e) {
  static constexpr const char* kNames[] = {"", "noecn", "ect0", "ect1", "ect01", "ce"};
  return kNames[static_cast<int>(e)];
}

std::string to_string(const TimeSpec& t) {
  if (t.kind == TimeKind::Any) return "*";
  const char* plus = t.kind == TimeKind::Relative ? "+" : "";
  std::string out = plus + seconds(t.usecs);
  if (t.end_usecs) out += fmt::format("~{}{}", plus, seconds(*t.end_usecs));
  return out;
}

std::string to_string(const TcpOption& o) {
  switch (o.kind) {
    case OptionKind::Eol: return "eol";
    case OptionKind::Nop: return "nop";
    case OptionKind::SackPermitted: return "sackOK";
    case OptionKind::Mss: return fmt::format("mss {}", o.value);
    case OptionKind::WindowScale: return fmt::format("wscale {}", o.value);
    case OptionKind::Timestamp: return fmt::format("TS val {} ecr {}", o.ts_val, o.ts_ecr);
    case OptionKind::Sack: {
      std::string out = "sack";
      for (const SackBlock& b : o.sack_blocks) out += fmt::format(" {}:{}", b.left, b.right);
      return out;
    }
    case OptionKind::Other: break;
  }
  return o.text.empty() ? o.name : o.text;
}

std::string to_string(const TcpPacket& p) {
  std::string out;
  if (!p.ip_info.empty()) {
    out += fmt::format("[{}] ", p.ip_info);
  } else if (p.ecn != Ecn::Unspecified) {
    out += fmt::format("[{}] ", to_string(p.ecn));
  }
  out += tcp::flags_to_string(p.flags);
  if (p.seq_any) {
    out += fmt::format(" ...({})", p.payload_len);
  } else {
    out += fmt::format(" {}:{}({})", p.seq_start, p.seq_end, p.payload_len);
  }
  if (p.ack) out += fmt::format(" ack {}", *p.ack);
  if (p.window) out += fmt::format(" win {}", *p.window);
  if (p.urgent) out += fmt::format(" urg {}", *p.urgent);
  if (p.options_any) {
    out += " <...>";
  } else if (!p.options.empty()) {
    std::string list;
    for (const TcpOption& o : p.options) list += (list.empty() ? "" : ",") + to_string(o);
    out += fmt::format(" <{}>", list);
  }
  return out;
}

std::string to_string(const IcmpPacket& p) {
  std::string out = "icmp " + p.type_name;
  if (!p.code_name.empty()) out += " " + p.code_name;
  if (p.mtu) out += fmt::format(" mtu {}", *p.mtu);
  return out + fmt::format(" [{}:{}({})]", p.seq_start, p.seq_end, p.payload_len);
}

std::string to_string(const PacketEvent& p) {
  return fmt::format("{} {}", to_string(p.direction),
                     p.icmp ? to_string(*p.icmp) : to_string(p.packet));
}

std::string to_string(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Ellipsis: return "...";
    case Expr::Kind::Integer: return e.text.empty() ? std::to_string(e.integer) : e.text;
    case Expr::Kind::Symbol: return e.text;
    case Expr::Kind::String: return quoted(e.text);
    case Expr::Kind::BitOr: return joined(e.elements, " | ");
    case Expr::Kind::Array: return "[" + joined(e.elements, ", ") + "]";
    case Expr::Kind::Struct: return "{" + joined(e.elements, ", ") + "}";
    case Expr::Kind::Call: return e.text + "(" + joined(e.elements, ", ") + ")";
  }
  return {};
}

std::string to_string(const SyscallEvent& s) {
  std::string out = fmt::format("{}({}) = {}", s.name, joined(s.args, ", "), s.result);
  if (s.errno_name) out += " " + *s.errno_name;
  if (s.note) out += fmt::format(" ({})", *s.note);
  return out;
}

std::string to_string(const Event& e) {
  std::string out = to_string(e.time);
  if (const auto* p = std::get_if<PacketEvent>(&e.body)) {
    out += " " + to_string(*p);
  } else if (const auto* s = std::get_if<SyscallEvent>(&e.body)) {
    if (s->end_usecs) out += "..." + seconds(*s->end_usecs);
    out += " " + to_string(*s);
  } else if (const auto* sh = std::get_if<ShellEvent>(&e.body)) {
    out += fmt::format(" `{}`", sh->command);
  } else if (const auto* c = std::get_if<CodeEvent>(&e.body)) {
    out += fmt::format(" %{{ {} }}%", c->code);
  }
  return out;
}

}  // namespace synack::pkt

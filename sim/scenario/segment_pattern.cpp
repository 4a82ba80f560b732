// Segment patterns: one TCP segment as a teacher writes it in a `segments`
// expectation, "client > server: S. seq 0 ack 1 win 65535 <mss 1460,sackOK>",
// read into a SegmentPattern and written back the same way.
#include <algorithm>
#include <cctype>

#include "core/tcp_segment.hpp"
#include "sim/lang/tr.hpp"
#include "sim/scenario/load_internal.hpp"

namespace synack::scenario {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

struct Token {
  std::string_view text;
  std::size_t at;
};

// The options inside "<...>", each trimmed, nop and eol left out.
std::vector<std::string> option_items(std::string_view inside) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= inside.size()) {
    std::size_t end = inside.find(',', start);
    if (end == std::string_view::npos) end = inside.size();
    std::string_view item = inside.substr(start, end - start);
    while (!item.empty() && is_space(item.front())) item.remove_prefix(1);
    while (!item.empty() && is_space(item.back())) item.remove_suffix(1);
    // Runs of spaces inside an item count as one, as tcpdump prints them.
    std::string word;
    for (std::size_t i = 0; i < item.size(); ++i) {
      if (!is_space(item[i]) || (i > 0 && !is_space(item[i - 1]))) {
        word += is_space(item[i]) ? ' ' : item[i];
      }
    }
    if (!word.empty() && word != "nop" && word != "eol") items.push_back(std::move(word));
    start = end + 1;
  }
  return items;
}

// Where the "A > B:" part ends: the first colon, when what comes before it
// names a direction. A colon inside a MAC address or the options is not one.
std::size_t direction_colon(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon > text.find('<')) return std::string_view::npos;
  if (text.substr(0, colon).find('>') != std::string_view::npos) return colon;
  const bool hex_after =
      colon + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[colon + 1])) != 0;
  return hex_after ? std::string_view::npos : colon;
}

}  // namespace

SegmentPatternParse parse_segment_pattern(std::string_view text) {
  SegmentPatternParse r;
  auto fail = [&r](std::size_t at, std::string message) {
    r.error = std::move(message);
    r.error_offset = at;
    return r;
  };
  SegmentPattern p;
  std::size_t pos = 0;

  // "client > server:" names the direction.
  const std::size_t colon = direction_colon(text);
  if (colon != std::string_view::npos) {
    const std::size_t gt = text.substr(0, colon).find('>');
    if (gt == std::string_view::npos) {
      return fail(
          0,
          lang::tr("expected 'A > B:' before the colon, naming the sending and receiving hosts"));
    }
    // `message`: "expected the sending host's name, got {}" or the receiving one.
    auto side = [&](std::size_t from, std::size_t to, std::string& out,
                    const char* message) -> std::optional<SegmentPatternParse> {
      std::size_t start = from;
      while (start < to && is_space(text[start])) ++start;
      std::size_t end = to;
      while (end > start && is_space(text[end - 1])) --end;
      const std::string_view name = text.substr(start, end - start);
      if (!detail::is_name(name)) {
        return fail(start, lang::trf(message, quote_input(name)));
      }
      out = std::string(name);
      return std::nullopt;
    };
    if (auto bad =
            side(0, gt, p.from, lang::tr_later("expected the sending host's name, got {}"))) {
      return *bad;
    }
    if (auto bad = side(gt + 1, colon, p.to,
                        lang::tr_later("expected the receiving host's name, got {}"))) {
      return *bad;
    }
    pos = colon + 1;
  }

  // Words, and the options in "<...>" as one token.
  std::vector<Token> tokens;
  while (pos < text.size()) {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    const std::size_t start = pos;
    if (pos < text.size() && text[pos] == '<') {
      const std::size_t close = text.find('>', pos);
      if (close == std::string_view::npos) {
        return fail(pos, lang::tr("the options have no closing '>', as in <mss 1460,sackOK>"));
      }
      pos = close + 1;
    } else {
      while (pos < text.size() && !is_space(text[pos])) ++pos;
    }
    if (pos > start) tokens.push_back({text.substr(start, pos - start), start});
  }
  if (tokens.empty()) {
    return fail(text.size(),
                lang::tr("expected flags such as S, S., F., R or . (ACK), then seq/ack/len"));
  }

  const Token& flags = tokens[0];
  for (const char* word : {"SYN", "FIN", "RST", "PSH", "ACK", "URG"}) {
    if (flags.text.substr(0, 3) == word) {
      // A message stays one literal, as the catalogue test reads it.
      return fail(flags.at, lang::tr("flags are tcpdump's letters: S (SYN), F (FIN), R (RST), P "
                                     "(PSH), . (ACK); SYN,ACK is written S."));
    }
  }
  if (flags.text != "-") {
    for (std::size_t i = 0; i < flags.text.size(); ++i) {
      const char c = flags.text[i];
      const auto* letter = std::find_if(std::begin(tcp::kFlagLetters), std::end(tcp::kFlagLetters),
                                        [c](const tcp::FlagLetter& f) { return f.letter == c; });
      if (letter == std::end(tcp::kFlagLetters)) {
        std::string message = lang::trf(
            "'{}' is not a flag letter; expected S, F, R, P, U, E, W, . (ACK) or - (none)", c);
        if (c == 'A') message += lang::tr("; ACK is written '.', as in 'S.'");
        return fail(flags.at + i, message);
      }
      if ((p.flags & letter->bit) != 0) {
        return fail(flags.at + i, lang::trf("flag '{}' is written twice", c));
      }
      p.flags |= letter->bit;
    }
  }
  p.psh_given = (p.flags & tcp::flag::PSH) != 0;

  std::size_t ack_at = 0;
  std::vector<std::string_view> seen_keys;
  for (std::size_t i = 1; i < tokens.size(); i += 2) {
    const Token& key = tokens[i];
    if (key.text.front() == '<') {
      if (p.options) return fail(key.at, lang::tr("the options are written twice"));
      p.options = option_items(key.text.substr(1, key.text.size() - 2));
      --i;  // the options stand alone, without a value
      continue;
    }
    static constexpr std::string_view kKeys[] = {"seq", "ack",     "len",    "win",
                                                 "ttl", "src_mac", "dst_mac"};
    if (std::find(std::begin(kKeys), std::end(kKeys), key.text) == std::end(kKeys)) {
      return fail(
          key.at,
          lang::trf("expected seq, ack, len, win, ttl, src_mac, dst_mac or <options>, got {}",
                    quote_input(key.text)));
    }
    if (std::find(seen_keys.begin(), seen_keys.end(), key.text) != seen_keys.end()) {
      return fail(key.at, lang::trf("{} is written twice", quote_input(key.text)));
    }
    seen_keys.push_back(key.text);
    if (key.text == "ack") ack_at = key.at;
    const bool mac_key = key.text == "src_mac" || key.text == "dst_mac";
    if (i + 1 >= tokens.size() || tokens[i + 1].text.front() == '<') {
      const char* message =
          mac_key ? lang::tr_later("expected a MAC address or a node's name after '{}'")
                  : lang::tr_later("expected a number after '{}'");
      return fail(i + 1 < tokens.size() ? tokens[i + 1].at : text.size(),
                  lang::trf(message, key.text));
    }
    const Token& value = tokens[i + 1];
    if (mac_key) {
      const bool mac = wire::MacAddress::parse(value.text).ok();
      if (!mac && !detail::is_name(value.text)) {
        return fail(value.at, lang::trf("expected a MAC address such as 02:00:00:00:01:01 or a "
                                        "node's name after '{}', got {}",
                                        key.text, quote_input(value.text)));
      }
      (key.text == "src_mac" ? p.src_mac : p.dst_mac) = std::string(value.text);
      continue;
    }
    const std::uint32_t most = key.text == "win" ? 65535 : key.text == "ttl" ? 255 : 4294967295u;
    const auto number = detail::whole_number<std::uint32_t>(value.text);
    if (!number || *number > most) {
      return fail(value.at, lang::trf("expected a number from 0 to {} after '{}', got {}", most,
                                      key.text, quote_input(value.text)));
    }
    if (key.text == "seq") p.seq = *number;
    if (key.text == "ack") p.ack = *number;
    if (key.text == "len") p.len = *number;
    if (key.text == "win") p.win = static_cast<std::uint16_t>(*number);
    if (key.text == "ttl") p.ttl = static_cast<std::uint8_t>(*number);
  }
  if (p.ack && (p.flags & tcp::flag::ACK) == 0) {
    return fail(ack_at,
                lang::tr("'ack' needs the ACK flag: write '.' among the flags, as in 'S. ack 1'"));
  }
  r.pattern = std::move(p);
  return r;
}

std::string segment_pattern_text(const SegmentPattern& p) {
  std::string text;
  if (!p.from.empty() || !p.to.empty()) {
    text = (p.from.empty() ? "*" : p.from) + " > " + (p.to.empty() ? "*" : p.to) + ": ";
  }
  text += tcp::flags_to_string(p.flags);
  if (p.seq) text += " seq " + std::to_string(*p.seq);
  if (p.ack) text += " ack " + std::to_string(*p.ack);
  if (p.len) text += " len " + std::to_string(*p.len);
  if (p.win) text += " win " + std::to_string(*p.win);
  if (p.ttl) text += " ttl " + std::to_string(*p.ttl);
  if (!p.src_mac.empty()) text += " src_mac " + p.src_mac;
  if (!p.dst_mac.empty()) text += " dst_mac " + p.dst_mac;
  if (p.options) {
    text += " <";
    for (std::size_t i = 0; i < p.options->size(); ++i) {
      text += (i > 0 ? "," : "") + (*p.options)[i];
    }
    text += ">";
  }
  return text;
}

}  // namespace synack::scenario

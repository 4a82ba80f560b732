// Single values of a scenario file: durations, bandwidths, errno names, MACs,
// and the readers that report a value that is none of these.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/errno_names.hpp"
#include "sim/scenario/load_internal.hpp"

namespace synack::scenario {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A decimal number as written, "12.5": whole part, and the fraction's
// significant digits as an integer over 10^frac_digits.
struct Decimal {
  std::uint64_t whole = 0;
  std::uint64_t frac = 0;
  int frac_digits = 0;
};

// Reads [0-9]+(.[0-9]+)? from the front of `text` and returns the characters
// used, or 0 when there is no number or it has more digits than it can hold.
std::size_t read_decimal(std::string_view text, Decimal& d) {
  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) {
    if (d.whole > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) return 0;
    d.whole = d.whole * 10 + static_cast<std::uint64_t>(text[i] - '0');
    ++i;
  }
  if (i == 0) return 0;
  if (i < text.size() && text[i] == '.') {
    const std::size_t start = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == start) return 0;
    std::string_view digits = text.substr(start, i - start);
    while (!digits.empty() && digits.back() == '0') digits.remove_suffix(1);
    // Nine significant digits are past any unit used here (at most 10^9), so
    // more could never scale to a whole number.
    if (digits.size() > 9) return 0;
    for (const char c : digits) d.frac = d.frac * 10 + static_cast<std::uint64_t>(c - '0');
    d.frac_digits = static_cast<int>(digits.size());
  }
  return i;
}

// d * unit when that is a whole number no greater than `max`.
std::optional<std::uint64_t> scale(const Decimal& d, std::uint64_t unit, std::uint64_t max) {
  if (d.whole > max / unit) return std::nullopt;
  std::uint64_t pow10 = 1;
  for (int i = 0; i < d.frac_digits; ++i) pow10 *= 10;
  const std::uint64_t frac_scaled = d.frac * unit;  // < 10^9 * 10^9
  if (frac_scaled % pow10 != 0) return std::nullopt;
  const std::uint64_t whole_scaled = d.whole * unit;
  const std::uint64_t extra = frac_scaled / pow10;
  if (whole_scaled > max - extra) return std::nullopt;
  return whole_scaled + extra;
}

// Number, optional blanks, then one of `units`; nullopt for anything else.
struct Unit {
  std::string_view name;
  std::uint64_t scale;
};
std::optional<std::uint64_t> parse_with_unit(std::string_view text, const Unit* units,
                                             std::size_t unit_count, bool any_case,
                                             std::uint64_t max) {
  text = trim(text);
  if (text == "0") return 0;
  Decimal d;
  const std::size_t used = read_decimal(text, d);
  if (used == 0) return std::nullopt;
  const std::string_view unit = trim(text.substr(used));
  for (std::size_t i = 0; i < unit_count; ++i) {
    const std::string_view name = units[i].name;
    const bool same = unit.size() == name.size() &&
                      std::equal(unit.begin(), unit.end(), name.begin(), [&](char a, char b) {
                        return any_case ? std::tolower(static_cast<unsigned char>(a)) == b : a == b;
                      });
    if (same) return scale(d, units[i].scale, max);
  }
  return std::nullopt;
}

}  // namespace

std::optional<TimeUs> parse_duration(std::string_view text) {
  static constexpr Unit kUnits[] = {{"us", 1}, {"\xC2\xB5s", 1}, {"ms", 1000}, {"s", 1000 * 1000}};
  const auto us = parse_with_unit(text, kUnits, std::size(kUnits), false,
                                  static_cast<std::uint64_t>(std::numeric_limits<TimeUs>::max()));
  if (!us) return std::nullopt;
  return static_cast<TimeUs>(*us);
}

std::string format_duration(TimeUs t) {
  if (t == kForever) return "forever";
  if (t != 0 && t % tcp::kSeconds == 0) return std::to_string(t / tcp::kSeconds) + "s";
  if (t != 0 && t % tcp::kMillis == 0) return std::to_string(t / tcp::kMillis) + "ms";
  return t == 0 ? "0" : std::to_string(t) + "us";
}

std::optional<std::uint64_t> parse_bandwidth(std::string_view text) {
  static constexpr Unit kUnits[] = {
      {"bps", 1}, {"kbps", 1000}, {"mbps", 1000 * 1000}, {"gbps", 1000 * 1000 * 1000}};
  return parse_with_unit(text, kUnits, std::size(kUnits), true,
                         std::numeric_limits<std::uint64_t>::max());
}

wire::MacAddress default_mac(std::size_t node_index, std::size_t iface_index) {
  const std::size_t n = (node_index + 1) & 0xFFFFFF;
  return wire::MacAddress({0x02, 0x00, static_cast<std::uint8_t>(n >> 16),
                           static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n),
                           static_cast<std::uint8_t>(iface_index + 1)});
}

namespace detail {

Mark mark_of(const YAML::Node& node) {
  if (!node.IsDefined()) return {};
  const YAML::Mark m = node.Mark();
  if (m.is_null() || m.line < 0 || m.column < 0) return {};
  return {m.line + 1, m.column + 1};
}

bool before(const Mark& a, const Mark& b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

std::string line_of(const Mark& m) { return "line " + std::to_string(m.line); }

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return quote_input(node.Scalar());
}

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (const std::string_view w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

std::string_view closest(std::string_view word, const std::vector<std::string_view>& choices) {
  // Levenshtein distance; a typo is at most two edits and at most half the word.
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
        diagonal = up;
      }
    }
    return row[b.size()];
  };
  if (word.size() > 64) return {};
  std::string_view best;
  std::size_t best_distance = 3;
  for (const std::string_view c : choices) {
    const std::size_t d = distance(word, c);
    if (d < best_distance && d * 2 <= std::max(word.size(), c.size())) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

bool is_name(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(text[0])) return false;
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return letter(c) || is_digit(c) || c == '_' || c == '-'; });
}

// ---- readers -----------------------------------------------------------------------------

namespace {

// The scalar text of `n`, or a report that `n` is not one.
const std::string* scalar(Context& ctx, const YAML::Node& n, std::string_view what,
                          std::string_view expected) {
  if (n.IsScalar()) return &n.Scalar();
  ctx.error(n, std::string(what) + ": expected " + std::string(expected) + ", got " + describe(n));
  return nullptr;
}

void expected(Context& ctx, const YAML::Node& n, std::string_view what,
              std::string_view expectation, std::string_view tail = {}) {
  ctx.error(n, std::string(what) + ": expected " + std::string(expectation) + ", got " +
                   describe(n) + std::string(tail));
}

}  // namespace

std::optional<std::string> read_string(Context& ctx, const YAML::Node& n, std::string_view what) {
  const std::string* s = scalar(ctx, n, what, "text");
  if (s == nullptr) return std::nullopt;
  return *s;
}

std::optional<std::string> read_name(Context& ctx, const YAML::Node& n, std::string_view what) {
  static constexpr std::string_view kName = "a name (a letter, then letters, digits, '_' or '-')";
  const std::string* s = scalar(ctx, n, what, kName);
  if (s == nullptr) return std::nullopt;
  if (!is_name(*s)) {
    expected(ctx, n, what, kName);
    return std::nullopt;
  }
  return *s;
}

std::optional<std::int64_t> read_int(Context& ctx, const YAML::Node& n, std::string_view what,
                                     std::int64_t min, std::int64_t max) {
  const std::string range =
      max == std::numeric_limits<std::int64_t>::max()
          ? "a whole number of at least " + std::to_string(min)
          : "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  const std::string* s = scalar(ctx, n, what, range);
  if (s == nullptr) return std::nullopt;
  const auto value = whole_number<std::int64_t>(*s);
  if (!value || *value < min || *value > max) {
    expected(ctx, n, what, range);
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> read_uint64(Context& ctx, const YAML::Node& n, std::string_view what) {
  static constexpr std::string_view kRange = "a whole number from 0 to 18446744073709551615";
  const std::string* s = scalar(ctx, n, what, kRange);
  if (s == nullptr) return std::nullopt;
  const auto value = whole_number<std::uint64_t>(*s);
  if (!value) expected(ctx, n, what, kRange);
  return value;
}

std::optional<bool> read_bool(Context& ctx, const YAML::Node& n, std::string_view what) {
  const std::string* s = scalar(ctx, n, what, "true or false");
  if (s == nullptr) return std::nullopt;
  // YAML 1.2's spellings, which editors and the JSON Schema also read as booleans.
  if (*s == "true" || *s == "True" || *s == "TRUE") return true;
  if (*s == "false" || *s == "False" || *s == "FALSE") return false;
  expected(ctx, n, what, "true or false");
  return std::nullopt;
}

std::optional<TimeUs> read_duration(Context& ctx, const YAML::Node& n, std::string_view what) {
  static constexpr std::string_view kDuration = "a duration such as 200ms or 2s";
  const std::string* s = scalar(ctx, n, what, kDuration);
  if (s == nullptr) return std::nullopt;
  if (auto t = parse_duration(*s)) {
    if (*t <= kMaxDuration) return t;
    ctx.error(n, std::string(what) + ": expected a duration up to " +
                     format_duration(kMaxDuration) + " (one day), got " + describe(n));
    return std::nullopt;
  }
  const std::string_view text = trim(*s);
  if (!text.empty() && text[0] == '-') {
    ctx.error(n, std::string(what) + ": a duration cannot be negative, got " + describe(n));
  } else if (!text.empty() && std::all_of(text.begin(), text.end(),
                                          [](char c) { return is_digit(c) || c == '.'; })) {
    expected(ctx, n, what, kDuration, "; write the unit: us, ms or s");
  } else {
    expected(ctx, n, what, kDuration);
  }
  return std::nullopt;
}

std::optional<double> read_probability(Context& ctx, const YAML::Node& n, std::string_view what) {
  static constexpr std::string_view kProbability = "a probability from 0 to 1";
  const std::string* s = scalar(ctx, n, what, kProbability);
  if (s == nullptr) return std::nullopt;
  double value = 0;
  const char* end = s->data() + s->size();
  const auto [ptr, ec] = std::from_chars(s->data(), end, value);
  if (s->empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value < 0 ||
      value > 1) {
    expected(ctx, n, what, kProbability);
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> read_bandwidth(Context& ctx, const YAML::Node& n,
                                            std::string_view what) {
  static constexpr std::string_view kBandwidth = "a bandwidth such as 100Mbps, 1Gbps or 0 (none)";
  const std::string* s = scalar(ctx, n, what, kBandwidth);
  if (s == nullptr) return std::nullopt;
  auto bps = parse_bandwidth(*s);
  if (!bps) expected(ctx, n, what, kBandwidth);
  return bps;
}

std::optional<wire::Ipv4Address> read_ipv4(Context& ctx, const YAML::Node& n,
                                           std::string_view what) {
  const std::string* s = scalar(ctx, n, what, "an IPv4 address such as 10.0.0.2");
  if (s == nullptr) return std::nullopt;
  auto a = wire::Ipv4Address::parse(*s);
  if (!a) {
    ctx.error(n, std::string(what) + ": " + a.error().message);
    return std::nullopt;
  }
  return a.value();
}

std::optional<wire::Ipv4Cidr> read_cidr(Context& ctx, const YAML::Node& n, std::string_view what) {
  const std::string* s = scalar(ctx, n, what, "a prefix such as 10.0.0.0/24");
  if (s == nullptr) return std::nullopt;
  auto c = wire::Ipv4Cidr::parse(*s);
  if (!c) {
    ctx.error(n, std::string(what) + ": " + c.error().message);
    return std::nullopt;
  }
  return c.value();
}

std::optional<wire::MacAddress> read_mac(Context& ctx, const YAML::Node& n, std::string_view what) {
  const std::string* s = scalar(ctx, n, what, "a MAC address such as 02:00:00:00:00:01");
  if (s == nullptr) return std::nullopt;
  auto m = wire::MacAddress::parse(*s);
  if (!m) {
    ctx.error(n, std::string(what) + ": " + m.error().message);
    return std::nullopt;
  }
  return m.value();
}

std::optional<std::size_t> read_choice(Context& ctx, const YAML::Node& n, std::string_view what,
                                       const std::vector<std::string_view>& words) {
  const std::string one_of = "one of " + join(words);
  const std::string* s = scalar(ctx, n, what, one_of);
  if (s == nullptr) return std::nullopt;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (*s == words[i]) return i;
  }
  const std::string_view near = closest(*s, words);
  expected(ctx, n, what, one_of,
           near.empty() ? std::string() : "; did you mean '" + std::string(near) + "'?");
  return std::nullopt;
}

std::optional<int> read_errno(Context& ctx, const YAML::Node& n, std::string_view what) {
  static constexpr std::string_view kErrno = "an errno name such as ECONNREFUSED, or 0 for success";
  const std::string* s = scalar(ctx, n, what, kErrno);
  if (s == nullptr) return std::nullopt;
  if (*s == "0") return 0;
  if (auto e = errno_from_name(*s)) return e;
  std::vector<std::string_view> names;
  for (int err = 1; err < 256; ++err) {
    if (const char* name = errno_name(err)) names.push_back(name);
  }
  const std::string_view near = closest(*s, names);
  expected(ctx, n, what, kErrno,
           near.empty() ? std::string() : "; did you mean '" + std::string(near) + "'?");
  return std::nullopt;
}

}  // namespace detail

}  // namespace synack::scenario

// Single values of a scenario file: durations, bandwidths, errno names, MACs,
// and the readers that report a value that is none of these.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/errno_names.hpp"
#include "sim/lang/tr.hpp"
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

std::string line_of(const Mark& m) { return lang::trf("line {}", m.line); }

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return lang::tr("nothing");
  if (node.IsSequence()) return lang::tr("a list");
  if (node.IsMap()) return lang::tr("a map");
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

std::string did_you_mean(std::string_view choice) {
  return choice.empty() ? std::string() : lang::trf("; did you mean '{}'?", choice);
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

// Each message below is a whole sentence, "WHAT: expected ..., got VALUE",
// with the value's reading last.
constexpr const char* kText = lang::tr_later("{}: expected text, got {}");
constexpr const char* kName =
    lang::tr_later("{}: expected a name (a letter, then letters, digits, '_' or '-'), got {}");
constexpr const char* kAtLeast =
    lang::tr_later("{}: expected a whole number of at least {}, got {}");
constexpr const char* kRange = lang::tr_later("{}: expected a whole number from {} to {}, got {}");
constexpr const char* kBool = lang::tr_later("{}: expected true or false, got {}");
constexpr const char* kDuration =
    lang::tr_later("{}: expected a duration such as 200ms or 2s, got {}");
constexpr const char* kProbability =
    lang::tr_later("{}: expected a probability from 0 to 1, got {}");
constexpr const char* kIpv4 =
    lang::tr_later("{}: expected an IPv4 address such as 10.0.0.2, got {}");
constexpr const char* kCidr = lang::tr_later("{}: expected a prefix such as 10.0.0.0/24, got {}");
constexpr const char* kChoice = lang::tr_later("{}: expected one of {}, got {}");

// Reports that `n` is not what `message` says was expected: `what`, then
// `values`, then how `n` reads.
template <typename... Values>
void expected(Context& ctx, const YAML::Node& n, const char* message, std::string_view what,
              const Values&... values) {
  ctx.error(n, lang::trf(message, what, values..., describe(n)));
}

}  // namespace

std::optional<std::string> read_string(Context& ctx, const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) {
    expected(ctx, n, kText, what);
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<std::string> read_name(Context& ctx, const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar() || !is_name(n.Scalar())) {
    expected(ctx, n, kName, what);
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<std::int64_t> read_int(Context& ctx, const YAML::Node& n, std::string_view what,
                                     std::int64_t min, std::int64_t max) {
  const auto value = n.IsScalar() ? whole_number<std::int64_t>(n.Scalar()) : std::nullopt;
  if (!value || *value < min || *value > max) {
    if (max == std::numeric_limits<std::int64_t>::max()) {
      expected(ctx, n, kAtLeast, what, min);
    } else {
      expected(ctx, n, kRange, what, min, max);
    }
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> read_uint64(Context& ctx, const YAML::Node& n, std::string_view what) {
  const auto value = n.IsScalar() ? whole_number<std::uint64_t>(n.Scalar()) : std::nullopt;
  if (!value) expected(ctx, n, kRange, what, 0, std::numeric_limits<std::uint64_t>::max());
  return value;
}

std::optional<bool> read_bool(Context& ctx, const YAML::Node& n, std::string_view what) {
  if (n.IsScalar()) {
    // YAML 1.2's spellings, which editors and the JSON Schema also read as booleans.
    const std::string& s = n.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  expected(ctx, n, kBool, what);
  return std::nullopt;
}

std::optional<TimeUs> read_duration(Context& ctx, const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) {
    expected(ctx, n, kDuration, what);
    return std::nullopt;
  }
  if (auto t = parse_duration(n.Scalar())) {
    if (*t <= kMaxDuration) return t;
    expected(ctx, n, lang::tr_later("{}: expected a duration up to {} (one day), got {}"), what,
             format_duration(kMaxDuration));
    return std::nullopt;
  }
  const std::string_view text = trim(n.Scalar());
  if (!text.empty() && text[0] == '-') {
    expected(ctx, n, lang::tr_later("{}: a duration cannot be negative, got {}"), what);
  } else if (!text.empty() && std::all_of(text.begin(), text.end(),
                                          [](char c) { return is_digit(c) || c == '.'; })) {
    ctx.error(
        n, lang::trf(
               "{}: expected a duration such as 200ms or 2s, got {}; write the unit: us, ms or s",
               what, describe(n)));
  } else {
    expected(ctx, n, kDuration, what);
  }
  return std::nullopt;
}

std::optional<double> read_probability(Context& ctx, const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) {
    expected(ctx, n, kProbability, what);
    return std::nullopt;
  }
  const std::string& s = n.Scalar();
  double value = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (s.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value < 0 ||
      value > 1) {
    expected(ctx, n, kProbability, what);
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> read_bandwidth(Context& ctx, const YAML::Node& n,
                                            std::string_view what) {
  auto bps = n.IsScalar() ? parse_bandwidth(n.Scalar()) : std::nullopt;
  if (!bps) {
    expected(ctx, n,
             lang::tr_later("{}: expected a bandwidth such as 100Mbps, 1Gbps or 0 (none), got {}"),
             what);
  }
  return bps;
}

std::optional<wire::Ipv4Address> read_ipv4(Context& ctx, const YAML::Node& n,
                                           std::string_view what) {
  if (!n.IsScalar()) {
    expected(ctx, n, kIpv4, what);
    return std::nullopt;
  }
  auto a = wire::Ipv4Address::parse(n.Scalar());
  if (!a) {
    ctx.error(n, std::string(what) + ": " + a.error().message);
    return std::nullopt;
  }
  return a.value();
}

std::optional<wire::Ipv4Cidr> read_cidr(Context& ctx, const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) {
    expected(ctx, n, kCidr, what);
    return std::nullopt;
  }
  auto c = wire::Ipv4Cidr::parse(n.Scalar());
  if (!c) {
    ctx.error(n, std::string(what) + ": " + c.error().message);
    return std::nullopt;
  }
  return c.value();
}

std::optional<wire::MacAddress> read_mac(Context& ctx, const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) {
    expected(ctx, n, lang::tr_later("{}: expected a MAC address such as 02:00:00:00:00:01, got {}"),
             what);
    return std::nullopt;
  }
  auto m = wire::MacAddress::parse(n.Scalar());
  if (!m) {
    ctx.error(n, std::string(what) + ": " + m.error().message);
    return std::nullopt;
  }
  return m.value();
}

std::optional<std::size_t> read_choice(Context& ctx, const YAML::Node& n, std::string_view what,
                                       const std::vector<std::string_view>& words) {
  if (n.IsScalar()) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (n.Scalar() == words[i]) return i;
    }
  }
  const std::string_view near = n.IsScalar() ? closest(n.Scalar(), words) : "";
  ctx.error(n, lang::trf(kChoice, what, join(words), describe(n)) + did_you_mean(near));
  return std::nullopt;
}

std::optional<int> read_errno(Context& ctx, const YAML::Node& n, std::string_view what) {
  std::string_view near;
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (s == "0") return 0;
    if (auto e = errno_from_name(s)) return e;
    std::vector<std::string_view> names;
    for (int err = 1; err < 256; ++err) {
      if (const char* name = errno_name(err)) names.push_back(name);
    }
    near = closest(s, names);
  }
  ctx.error(n,
            lang::trf("{}: expected an errno name such as ECONNREFUSED, or 0 for success, got {}",
                      what, describe(n)) +
                did_you_mean(near));
  return std::nullopt;
}

}  // namespace detail

}  // namespace synack::scenario

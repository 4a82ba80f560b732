// What the loader's files share: where errors go, a YAML map read key by key,
// readers that turn one YAML value into one typed value or one error, and the
// names declared so far (nodes, links, sockets, step ids) that later parts of
// the file refer to. Only the loader includes this; yaml-cpp stays behind it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/scenario/load.hpp"
#include "sim/scenario/load_input.hpp"

namespace synack::scenario::detail {

// yaml-cpp counts from 0; files are read counting from 1. {0, 0} when unknown.
Mark mark_of(const YAML::Node& node);
bool before(const Mark& a, const Mark& b);
// "line 7" (in the user's language) for messages that point back at an
// earlier declaration.
std::string line_of(const Mark& m);

// How a value reads in a message: 'fast', a list, a map, nothing (the words
// in the user's language).
std::string describe(const YAML::Node& node);
// "a, b, c" for the lists of allowed keys or names in messages.
std::string join(const std::vector<std::string_view>& words);
// The one choice `word` is most likely a typo of, or "" when none is close.
std::string_view closest(std::string_view word, const std::vector<std::string_view>& choices);
// "; did you mean 'choice'?" to end a message with, or "" when `choice` is "".
std::string did_you_mean(std::string_view choice);
// Names of nodes, links, labels and ids: a letter, then letters, digits, '_' or '-'.
bool is_name(std::string_view text);

class Context {
 public:
  Context(std::string file, std::string text);

  const std::string& file() const { return file_; }
  void error(const Mark& at, std::string message);
  void error(const YAML::Node& at, std::string message) { error(mark_of(at), std::move(message)); }
  bool has_errors() const { return !errors_.empty(); }
  // Sorted by position, capped so a garbled file gives a readable list.
  std::vector<LoadError> take_errors();

  // Where byte `offset` of a string scalar's value is in the file, when the
  // file spells the value on one line without escapes; else the scalar itself.
  Mark inside(const YAML::Node& scalar, std::size_t offset) const;

 private:
  std::string file_;
  std::string text_;
  std::vector<std::string_view> lines_;
  std::vector<LoadError> errors_;
};

// ---- one value -----------------------------------------------------------------------

// The loader's one reading of a whole number: all of `text` in decimal digits
// (after a '-' for a signed Int), within Int's range; nullopt for anything else.
template <typename Int>
std::optional<Int> whole_number(std::string_view text) {
  Int value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// Each reader reports "`what`: expected ..., got ..." (in the user's
// language, `what` as given) at the value and returns
// nullopt when the value is not what was expected.

std::optional<std::string> read_string(Context& ctx, const YAML::Node& n, std::string_view what);
std::optional<std::string> read_name(Context& ctx, const YAML::Node& n, std::string_view what);
std::optional<std::int64_t> read_int(Context& ctx, const YAML::Node& n, std::string_view what,
                                     std::int64_t min, std::int64_t max);
std::optional<std::uint64_t> read_uint64(Context& ctx, const YAML::Node& n, std::string_view what);
std::optional<bool> read_bool(Context& ctx, const YAML::Node& n, std::string_view what);
std::optional<TimeUs> read_duration(Context& ctx, const YAML::Node& n, std::string_view what);
std::optional<double> read_probability(Context& ctx, const YAML::Node& n, std::string_view what);
std::optional<std::uint64_t> read_bandwidth(Context& ctx, const YAML::Node& n,
                                            std::string_view what);
std::optional<wire::Ipv4Address> read_ipv4(Context& ctx, const YAML::Node& n,
                                           std::string_view what);
std::optional<wire::Ipv4Cidr> read_cidr(Context& ctx, const YAML::Node& n, std::string_view what);
std::optional<wire::MacAddress> read_mac(Context& ctx, const YAML::Node& n, std::string_view what);
std::optional<int> read_errno(Context& ctx, const YAML::Node& n, std::string_view what);
// The index in `words` of the word `n` is ("expected one of a, b, got ...").
std::optional<std::size_t> read_choice(Context& ctx, const YAML::Node& n, std::string_view what,
                                       const std::vector<std::string_view>& words);

// ---- one map ---------------------------------------------------------------------------

// A YAML map read key by key. Constructing it reports a value that is not a
// map, keys that are not in `allowed` (naming those that are) and keys given
// twice; find() then sees each allowed key once.
class Fields {
 public:
  // `what` names the map in messages ("host", "link client-sw1"), in the
  // user's language.
  // `null_is_empty`: a key with nothing after it (`settings:`) reads as {}.
  Fields(Context& ctx, const YAML::Node& node, std::string what,
         std::vector<std::string_view> allowed, bool null_is_empty = false);

  bool is_map() const { return is_map_; }
  Mark mark() const { return mark_; }
  const std::string& what() const { return what_; }
  Context& ctx() const { return *ctx_; }

  const YAML::Node* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  Mark key_mark(std::string_view key) const;
  // find() that reports a missing key: "host needs 'ip' (hint)"; `hint` in
  // the user's language.
  const YAML::Node* require(std::string_view key, std::string_view hint);

  // Typed values of a key; nullopt when absent or malformed (malformed is reported).
  std::optional<std::string> string(std::string_view key);
  std::optional<std::string> name(std::string_view key);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(std::string_view key);
  std::optional<TimeUs> duration(std::string_view key);
  std::optional<double> probability(std::string_view key);
  std::optional<wire::Ipv4Address> ipv4(std::string_view key);
  std::optional<wire::MacAddress> mac(std::string_view key);

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };
  Context* ctx_;
  std::string what_;
  Mark mark_;
  bool is_map_ = false;
  std::vector<Entry> entries_;
};

// A window's `until` must come after its `from`; reported at `until`.
void check_window(Fields& f, TimeUs from, TimeUs until);

// The value of `key` when it is one of the words in `choices`; reports any
// other value with the words allowed. nullopt when absent or reported.
template <typename T>
std::optional<T> choice(Fields& f, std::string_view key,
                        std::initializer_list<std::pair<std::string_view, T>> choices) {
  const YAML::Node* n = f.find(key);
  if (n == nullptr) return std::nullopt;
  std::vector<std::string_view> words;
  for (const auto& c : choices) words.push_back(c.first);
  const auto index = read_choice(f.ctx(), *n, key, words);
  if (!index) return std::nullopt;
  return (choices.begin() + *index)->second;
}

// Calls `item` for each element of a list; an empty value is an empty list.
// Reports anything else.
void for_each_item(Context& ctx, const YAML::Node& list, std::string_view what,
                   const std::function<void(const YAML::Node&, std::size_t)>& item);

// The value of `key` in `map` without reporting anything, for deciding how to
// read the rest of the map (a step's `call`, a fault's action).
std::optional<YAML::Node> peek(const YAML::Node& map, std::string_view key);

// ---- names declared so far ---------------------------------------------------------------

enum class NodeKind : std::uint8_t { Host, Router, Switch };
const char* kind_name(NodeKind k);  // "host", "router", "switch", in the user's language

struct NodeRef {
  NodeKind kind = NodeKind::Host;
  std::size_t index = 0;  // into Scenario::hosts, routers or switches
  Mark mark;
};

struct SocketLabel {
  bool udp = false;
  Mark mark;            // the step that made it
  std::string thread;   // ... on this thread
  TimeUs earliest = 0;  // ... which starts at this time at the earliest
};

// An `after:` read before the step it names may have been.
struct PendingAfter {
  std::uint32_t step = 0;  // the step that waits
  std::string id;          // for this one to return
  Mark mark;
};

struct Loader {
  Context& ctx;
  Scenario& scenario;
  std::map<std::string, NodeRef, std::less<>> nodes;
  std::map<std::string, std::size_t, std::less<>> links;
  std::vector<std::size_t> switch_ports;  // ports (links) of each switch
  // host -> label -> socket, as the script made them (in file order)
  std::map<std::string, std::map<std::string, SocketLabel, std::less<>>, std::less<>> sockets;
  std::map<std::string, std::size_t, std::less<>> step_ids;
  std::vector<PendingAfter> afters;
  std::size_t expect_list_start = 0;  // the expectations before it came from steps' expect:
  // "host thread" -> the earliest time its next step can start (the largest at: so far)
  std::map<std::string, TimeUs, std::less<>> thread_clock;
  // host -> labels the steps of an accept's `each:` use (the threads' own)
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> each_labels;

  // A node by name; reports an unknown name (with the likeliest meant one) and
  // a node of another kind than `kinds` allows. `role` says what it is for.
  const NodeRef* node(const YAML::Node& at, const std::string& name, std::string_view role,
                      std::initializer_list<NodeKind> kinds);
  const NodeRef* host(const YAML::Node& at, const std::string& name, std::string_view role) {
    return node(at, name, role, {NodeKind::Host});
  }
  // The index of the step with id `id`; reports an unknown one at `at` as
  // "ROLE: no step has id ..." (with the likeliest meant one).
  std::optional<std::uint32_t> step_id(const Mark& at, const std::string& id,
                                       std::string_view role);
  // A link by name; reports an unknown one (with the likeliest meant one).
  const LinkSpec* link(const YAML::Node& at, const std::string& name, std::string_view role);
  // The address of a host, for "server:80" and ARP keys.
  wire::Ipv4Address host_ip(const NodeRef& ref) const;
  // A host name, "router:iface" or a MAC written out; reports what is none of these.
  std::optional<wire::MacAddress> mac_ref(const YAML::Node& n, std::string_view what);
  // A dotted address or a host name standing for its address.
  std::optional<wire::Ipv4Address> ip_ref(const YAML::Node& n, std::string_view what);
  // "10.0.0.2:80" or "server:80"; port 1..65535.
  bool endpoint(const YAML::Node& n, std::string_view what, std::optional<wire::Ipv4Address>& ip,
                std::uint16_t& port);
  std::vector<std::string_view> names_of(std::initializer_list<NodeKind> kinds) const;
};

// ---- the sections of a file, in the order they are read ---------------------------------

// `router`: only the ARP keys apply to a router.
void load_settings(Loader& l, const YAML::Node& n, HostSettings& settings, bool router);
void load_topology(Loader& l, const YAML::Node& n);
void load_faults(Loader& l, const YAML::Node& n);
void load_script(Loader& l, const YAML::Node& n);
void load_expectations(Loader& l, const YAML::Node& n);
void load_lesson(Loader& l, const YAML::Node& n);
// A step's or an expectation's `returns`, `errno`, ... ; `step` is the step
// the call check is about (nullptr when unknown).
void load_call_check(Fields& f, const Step* step, ExpectCall& call);
// The bytes `bytes: N` sends: "abc...xyzabc...", which a reader recognises in a dump.
std::vector<std::uint8_t> pattern_bytes(std::size_t n);

}  // namespace synack::scenario::detail

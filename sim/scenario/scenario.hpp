// A scenario file as plain structs: the topology, the settings, a timed script
// of socket calls and faults per host, and the expectations that say what the
// scenario demonstrates. load.hpp turns YAML into this and rejects anything
// malformed before a run; the simulator and the expectation checker read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/tcp_types.hpp"
#include "core/wire/ethernet.hpp"
#include "core/wire/ipv4_address.hpp"
#include "core/wire/ipv4_cidr.hpp"

namespace synack::scenario {

using TimeUs = tcp::TimeUs;
using tcp::kForever;

// Where something was written in the file (1-based), for messages.
struct Mark {
  int line = 0;
  int column = 0;
};

// ---- settings --------------------------------------------------------------------

// Everything a host's stack can be told. Scenario-wide `settings:` give the
// defaults; a host's own `settings:` override them for that host.
// The stacks whose choices a profile bundles (sim/scenario/profiles.hpp).
enum class StackProfile : std::uint8_t { Rfc, Linux, FreeBsd };

struct HostSettings {
  StackProfile stack = StackProfile::Rfc;  // the profile the values below started from
  tcp::Settings tcp;         // MSL, RTOs, retries, Nagle, delayed ACK, RST/SYN policy, buffers
  bool syn_cookies = false;  // answer SYNs with a cookie when the SYN queue is full
  bool accept_backlog_plus_one = false;  // the accept queue holds backlog + 1 (Linux)
  bool reuse_addr_both = false;  // a TIME-WAIT port is reused only if both sockets had SO_REUSEADDR
  bool linger_timeout_ewouldblock = false;  // a lingering close() that ran out fails (FreeBSD)
  int synack_retries = 5;  // SYN,ACK retransmissions before a half-open entry is dropped
  TimeUs arp_cache_timeout = 60 * tcp::kSeconds;  // entries age out after this
  TimeUs arp_retry_interval = 1 * tcp::kSeconds;  // between ARP requests for one address
  int arp_retries = 3;                            // requests before resolution fails
  std::uint16_t mtu = 1500;                       // the interface's MTU (Ethernet's)
  std::optional<std::uint16_t> mss;               // the MSS a SYN announces; MTU - 40 when unset
  std::uint8_t ttl = 64;  // IPv4 TTL of the packets this node sends (RFC 1700's default)
  // ICMP errors this node sends, per destination, as Linux's token bucket
  // (inet_peer_xrlim_allow): `icmp_burst` at once, then one per `icmp_ratelimit`.
  TimeUs icmp_ratelimit = 1 * tcp::kSeconds;  // 0: no limit
  int icmp_burst = 6;
  std::uint16_t ephemeral_port_first = 49152;  // first port for an implicit bind
  std::optional<std::uint32_t> isn;            // fixed ISN for every connection; else from the seed
};

// ---- topology ---------------------------------------------------------------------

struct InterfaceSpec {
  std::string name = "eth0";
  wire::Ipv4Cidr address;               // "10.0.0.1/24": the interface address and its subnet
  std::optional<wire::MacAddress> mac;  // derived from the node index when absent
  Mark mark;
};

struct StaticRoute {
  wire::Ipv4Cidr destination;  // network
  wire::Ipv4Address via;       // next hop, on a connected subnet
  Mark mark;
};

struct HostSpec {
  std::string name;
  InterfaceSpec iface;
  std::optional<wire::Ipv4Address> gateway;  // default gateway, on the host's subnet
  HostSettings settings;                     // scenario defaults with this host's overrides applied
  Mark mark;
};

struct SwitchSpec {
  std::string name;
  TimeUs aging = 300 * tcp::kSeconds;  // MAC table entries age out after this
  Mark mark;
};

struct RouterSpec {
  std::string name;
  std::vector<InterfaceSpec> interfaces;  // at least two
  std::vector<StaticRoute> routes;        // beyond the connected subnets
  HostSettings settings;                  // ARP timers
  Mark mark;
};

// One end of a link: a node, and for a router which interface ("r1:eth1").
// Hosts have one interface; switches get the next free port.
struct LinkEnd {
  std::string node;
  std::string iface;  // empty for hosts and switches
  Mark mark;
};

struct LinkSpec {
  std::string name;  // "client-sw1" when not given
  LinkEnd a, b;
  TimeUs delay = 1 * tcp::kMillis;            // propagation delay, each direction
  std::uint64_t bandwidth_bps = 100'000'000;  // serialization time; 0 = none
  double loss = 0;                            // probability a frame is lost
  double duplicate = 0;                       // probability a frame arrives twice
  double reorder = 0;                         // probability a frame is held back
  TimeUs reorder_delay = 5 * tcp::kMillis;    // how long a reordered frame is held
  Mark mark;
};

// ---- faults -------------------------------------------------------------------------

// Which frames a fault acts on. Every field present must hold.
struct FrameMatch {
  std::string from;  // host that sent the packet (IP source is its address)
  std::string to;    // host the packet is for (IP destination is its address)
  enum class Proto : std::uint8_t { Any, Tcp, Udp, Arp } proto = Proto::Any;
  std::optional<std::uint16_t> port;  // TCP/UDP source or destination port
  std::uint8_t flags = 0;             // TCP flags that must all be set (tcp::flag::*)
  bool payload_only = false;          // "data": TCP segments carrying payload
};

enum class FaultAction : std::uint8_t {
  Drop,       // lose the matching frames
  Duplicate,  // deliver them twice
  Delay,      // add `extra_delay`
  Cut,        // the link carries nothing at all
  Crash,      // a host stops for good at `from`, losing every connection silently
  Reboot,     // ... and comes back at `until` with no state
};

struct FaultSpec {
  FaultAction action = FaultAction::Drop;
  std::string link;  // only on this link; empty = where the frame leaves its sender (first hop)
  std::string host;  // crash, reboot: the host
  FrameMatch match;  // ignored for Cut
  int nth = 0;       // only the nth matching frame (1-based); 0 = every one
  int count = 0;     // with nth: this many from the nth on; 0 = just one
  TimeUs from = 0;   // active from this time ...
  TimeUs until = kForever;  // ... up to (not including) this time
  TimeUs extra_delay = 0;
  Mark mark;
};

// ---- the script ------------------------------------------------------------------------

enum class CallKind : std::uint8_t {
  Socket,      // as: label, udp: bool
  Bind,        // fd, addr (optional), port
  Listen,      // fd, backlog
  Accept,      // fd, as: label of the new socket; blocks
  Connect,     // fd, addr, port; blocks
  Send,        // fd, data; blocks while the send buffer is full
  Recv,        // fd, size; blocks until data, EOF or error
  Shutdown,    // fd, how
  Close,       // fd
  Setsockopt,  // fd, option, value
  Sendto,      // fd, addr, port, data
  Recvfrom,    // fd, size; blocks
  SynFlood,    // raw spoofed SYNs: addr, port, count, interval, spoof (source network)
};
const char* call_name(CallKind k);  // "socket", "bind", ..., "syn_flood"

enum class SockOpt : std::uint8_t {
  ReuseAddr,
  Linger,
  NoDelay,
  Broadcast,
  KeepAlive,  // SO_KEEPALIVE
  KeepIdle,   // TCP_KEEPIDLE: seconds of silence before the first probe
  KeepIntvl,  // TCP_KEEPINTVL: seconds between probes
  KeepCnt,    // TCP_KEEPCNT: unanswered probes that end the connection
};
// "SO_REUSEADDR", "TCP_KEEPIDLE", ...
const char* sockopt_name(SockOpt o);
enum class ShutHow : std::uint8_t { Rd, Wr, RdWr };

// What a step itself says its call must return; checked like any expectation.
struct StepExpect {
  std::optional<std::int64_t> result;  // "returns: 5"
  std::optional<int> err;              // "errno: EADDRINUSE" (0 = must succeed)
  std::optional<std::string> data;     // recv/recvfrom: the bytes read, exactly
  Mark mark;
};

struct Step {
  std::string id;  // optional label, for expectations on this call
  TimeUs at = 0;   // not before this time
  // Not before step `after` (an index into Scenario::steps) returned, plus
  // `after_delay` ("after: acc + 5ms").
  std::optional<std::uint32_t> after;
  TimeUs after_delay = 0;
  std::string host;
  std::string thread = "main";  // steps of one (host, thread) run one after another
  CallKind call = CallKind::Socket;
  std::string fd;                         // label of the socket the call acts on
  std::string as;                         // label given to a new socket (socket, accept)
  bool udp = false;                       // socket type
  std::optional<wire::Ipv4Address> addr;  // bind (none = any), connect/sendto/syn_flood target
  std::uint16_t port = 0;
  int backlog = 5;
  std::vector<std::uint8_t> data;  // send/sendto payload ("data: text" or "bytes: N")
  std::size_t size = 0;            // recv/recvfrom buffer size
  bool waitall = false;            // recv with MSG_WAITALL: block until `size` bytes, EOF or error
  ShutHow how = ShutHow::RdWr;
  SockOpt option = SockOpt::ReuseAddr;
  int value = 1;         // option value (SO_LINGER: seconds; on with any value >= 0)
  int count = 1;         // syn_flood: number of SYNs; accept with `each`: connections (0: for ever)
  bool to_peer = false;  // sendto "to: peer": whoever the socket's last recvfrom heard from
  // accept: each connection it returns gets a thread of its own running these
  // steps (indices into Scenario::steps), where `as` names that connection;
  // the accept is then called again.
  std::vector<std::uint32_t> each;
  bool in_each = false;  // one of an accept's `each` steps, run by the threads it starts
  TimeUs interval = 1 * tcp::kMillis;   // syn_flood: time between SYNs
  std::optional<wire::Ipv4Cidr> spoof;  // syn_flood: source addresses drawn from here
  std::optional<StepExpect> expect;
  Mark mark;
};

// ---- expectations ---------------------------------------------------------------------

// Which connection: on `host`, optionally narrowed by the socket label it was
// made from (connect or accept), or by ports. The first match in the trace wins.
struct ConnSelector {
  std::string host;
  std::string fd;
  std::optional<std::uint16_t> local_port;
  std::optional<std::uint16_t> remote_port;
};

// A connection is in `state` at time `at` (CLOSED also when it never existed
// or is gone).
struct ExpectState {
  ConnSelector conn;
  TimeUs at = 0;
  tcp::State state = tcp::State::Closed;
};

// One TCP segment as a teacher writes it: "client > server: S. seq 0 ack 1 len 0",
// optionally with "win 65535", "ttl 64", "src_mac client", "dst_mac router" and
// the options as tcpdump prints them, "<mss 1460,sackOK,TS val * ecr 0>".
// seq and ack are relative to each side's ISN; absent fields match anything.
struct SegmentPattern {
  std::string from, to;    // hosts; empty when the expectation names one direction
  std::uint8_t flags = 0;  // exactly these flags (PSH is ignored unless written)
  bool psh_given = false;
  std::optional<std::uint32_t> seq, ack, len;
  std::optional<std::uint16_t> win;  // the window field as sent (unscaled)
  std::optional<std::uint8_t> ttl;   // the IPv4 TTL of this frame
  // A MAC address ("02:00:00:00:01:01") or the name of the node that owns it.
  std::string src_mac, dst_mac;
  // Each option in tcpdump's words ("mss 1460", "TS val * ecr 0"; '*' is any
  // number), in any order; nop and eol are left out. Present: the segment
  // carries exactly these options ("<>": none).
  std::optional<std::vector<std::string>> options;
  Mark mark;
};

enum class SegmentMatch : std::uint8_t {
  Prefix,    // the first segments are these (default)
  Exact,     // all segments are exactly these
  Contains,  // these appear in this order, others may come between
};

// Segments between two hosts (both directions, as their senders sent them), or
// those delivered over one link.
struct ExpectSegments {
  std::string a, b;  // hosts
  std::string link;  // instead of a, b
  // Only one connection's segments: those to or from `port`, or those of the
  // connections socket `fd` of host `fd_host` made (connect) or got (accept).
  std::optional<std::uint16_t> port;
  std::string fd, fd_host;
  std::vector<SegmentPattern> segments;
  SegmentMatch match = SegmentMatch::Prefix;
  TimeUs from = 0, until = kForever;
};

// A step's call result (see StepExpect), for calls labelled with `id`.
struct ExpectCall {
  std::string step;              // step id as written ("" for a step's own `expect`)
  std::uint32_t step_index = 0;  // index into Scenario::steps, resolved by the loader
  StepExpect expect;
  std::optional<TimeUs> returned_by;     // the call returned at or before this time
  std::optional<TimeUs> returned_after;  // ... and after this time (not at it)
  bool blocks = false;                   // the call had not returned by the end
};

// ARP cache of a host or router at `at`: these entries present (mac given:
// with that MAC; a host name may stand for its MAC), and `absent` ones not.
struct ArpEntryExpect {
  wire::Ipv4Address ip;
  std::optional<wire::MacAddress> mac;
};
struct ExpectArp {
  std::string host;
  TimeUs at = 0;
  std::vector<ArpEntryExpect> present;
  std::vector<wire::Ipv4Address> absent;
};

// MAC table of a switch at `at`: MAC (or a host's MAC by host name) -> port.
struct MacEntryExpect {
  wire::MacAddress mac;
  std::optional<std::uint16_t> port;  // absent: present on any port
};
struct ExpectMacTable {
  std::string node;
  TimeUs at = 0;
  std::vector<MacEntryExpect> present;
  std::vector<wire::MacAddress> absent;
  std::optional<std::size_t> size;  // number of entries
};

// A counter (one of counters.hpp) compared with a value, at `at` (end of run when absent).
enum class Compare : std::uint8_t { Eq, Ne, Ge, Gt, Le, Lt };
struct ExpectCounter {
  std::string node;
  std::string name;
  Compare op = Compare::Eq;
  std::int64_t value = 0;
  std::optional<TimeUs> at;
};

// Listen queues of the socket listening on `port` of `host` at `at`.
struct ExpectQueue {
  std::string host;
  std::uint16_t port = 0;
  TimeUs at = 0;
  std::optional<int> syn_queue, accept_queue;
};

// What the script read (recv, recvfrom) through socket label `fd` of `host`,
// all its calls together: exactly `data`, in order and intact. When the label
// stood for several connections (an accept's `each`), for each of them.
struct ExpectReceived {
  std::string host;
  std::string fd;
  std::string data;      // "data: text", or `bytes: N` of what a send's `bytes: N` sends
  bool pattern = false;  // written as bytes: N
};

using ExpectationBody = std::variant<ExpectState, ExpectSegments, ExpectCall, ExpectArp,
                                     ExpectMacTable, ExpectCounter, ExpectQueue, ExpectReceived>;
struct Expectation {
  ExpectationBody body;
  std::string note;  // optional words from the file, printed with the verdict
  Mark mark;
};

// ---- the lesson ------------------------------------------------------------------------

// An item of `lesson:`, attached to one of: a time, a step (when it starts),
// or an expectation (when it is decided). place_lesson() (lesson.hpp) turns
// the attachment into a time of the run.
struct LessonSpec {
  std::optional<TimeUs> at;
  std::optional<std::uint32_t> step;  // index into Scenario::steps
  std::optional<std::size_t> expect;  // index into Scenario::expectations
  std::string text;
  std::string question;
  std::vector<std::string> answers;
  int correct = -1;  // index into answers
  Mark mark;
};

// ---- the scenario -----------------------------------------------------------------------

struct Scenario {
  std::string file;  // path it was loaded from
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  TimeUs duration = 0;  // run until this time; 0 = until nothing is left to do (capped)
  HostSettings defaults;
  std::vector<HostSpec> hosts;
  std::vector<SwitchSpec> switches;
  std::vector<RouterSpec> routers;
  std::vector<LinkSpec> links;
  std::vector<FaultSpec> faults;
  std::vector<Step> steps;
  std::vector<Expectation> expectations;  // including those made from each step's `expect`
  std::vector<LessonSpec> lesson;
};

}  // namespace synack::scenario

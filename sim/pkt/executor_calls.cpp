// The application side of a script: system calls on the model's sockets, the
// shell lines that carry meaning for a model, and `%{ }%` state assertions.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <regex>
#include <utility>

#include "core/errno_names.hpp"
#include "sim/pkt/executor_impl.hpp"
#include "sim/pkt/scanner.hpp"
#include "sim/scenario/load_input.hpp"

namespace synack::pkt {

using tcp::CallResult;
using tcp::State;

namespace {

// The integer an argument holds, if it is one (`3`, `[1]`).
std::optional<std::int64_t> int_arg(const Expr& e) {
  if (e.kind == Expr::Kind::Integer) return e.integer;
  if (e.kind == Expr::Kind::Array && e.elements.size() == 1) return int_arg(e.elements[0]);
  return std::nullopt;
}

std::string symbol_arg(const Expr& e) {
  if (e.kind == Expr::Kind::Symbol) return e.text;
  if (e.kind == Expr::Kind::Array && e.elements.size() == 1) return symbol_arg(e.elements[0]);
  return "";
}

bool has_symbol(const Expr& e, const std::string& name) {
  if (e.kind == Expr::Kind::Symbol) return e.text == name;
  for (const Expr& sub : e.elements) {
    if (has_symbol(sub, name)) return true;
  }
  return false;
}

// "ECONNRESET"; "0" for success.
const char* errno_text(int err) {
  const char* name = errno_name(err);
  return name != nullptr ? name : "0";
}

// Names of one value are the same errno (EWOULDBLOCK is EAGAIN).
bool same_errno(const std::string& a, const char* b) {
  return a == b || (errno_from_name(a) && errno_from_name(a) == errno_from_name(b));
}

// FreeBSD's sockstat and packetdrill's TCPI_ spellings (SYN_RCVD, CLOSE, ...).
std::optional<State> state_from_sockstat(const std::string& s) {
  State st;
  if (!tcp::parse_state(s, st)) return std::nullopt;
  return st;
}

}  // namespace

int Executor::socket_at(const Event& e, const SyscallEvent& call, std::size_t arg) {
  if (call.args.size() <= arg) fail(e, fmt::format("{}() needs a socket argument", call.name));
  const auto fd = int_arg(call.args[arg]);
  if (!fd) skip(e, fmt::format("{}() with a socket argument that is not a number", call.name));
  if (*fd < 0 || *fd > std::numeric_limits<int>::max() || !stack_->is_open(static_cast<int>(*fd))) {
    fail(e, fmt::format("{}(): {} is not an open socket in the model", call.name, *fd));
  }
  last_fd_ = static_cast<int>(*fd);
  return last_fd_;
}

void Executor::check_result(const Event& e, const SyscallEvent& call, long result,
                            const char* err) {
  const bool ok = result == call.result &&
                  (result != -1 || !call.errno_name || same_errno(*call.errno_name, err));
  if (ok) return;
  const std::string got = result == -1 ? fmt::format("-1 {}", err) : std::to_string(result);
  fail(e, fmt::format("expected {}, model returned {}; state {}", to_string(call), got,
                      model_state()));
}

// The system calls, each made on the model's socket layer. The runner only
// decides what a blocking call would do: it cannot wait, so the script is skipped.
void Executor::syscall(const Event& e, const SyscallEvent& call) {
  const std::string& name = call.name;
  const auto ret = [&](long result, const char* err = "0") { check_result(e, call, result, err); };
  const auto ret_result = [&](const sock::Result& r) {
    return r.err != 0 ? ret(-1, errno_text(r.err)) : ret(static_cast<long>(r.value));
  };
  // Blocking calls that would have to wait cannot be played.
  const auto would_block = [&](int fd, const sock::Result& r, const std::string& what) {
    if ((r.err == EAGAIN || r.err == EINPROGRESS) && nonblocking_.count(fd) == 0) skip(e, what);
  };
  if (name == "socket") {
    last_fd_ = stack_->socket(false);
    return ret(last_fd_);
  }
  if (name == "fcntl") {
    const int fd = socket_at(e, call, 0);
    if (call.args.size() >= 3 && symbol_arg(call.args[1]) == "F_SETFL") {
      if (has_symbol(call.args[2], "O_NONBLOCK")) {
        nonblocking_.insert(fd);
      } else {
        nonblocking_.erase(fd);
      }
    }
    return ret(call.result);  // flags words are the host's
  }
  if (name == "setsockopt" || name == "getsockopt") {
    const int fd = socket_at(e, call, 0);
    const std::string opt = call.args.size() > 2 ? symbol_arg(call.args[2]) : "";
    const Expr* value = call.args.size() > 3 ? &call.args[3] : nullptr;
    if (name == "getsockopt" && opt == "SO_ERROR") {
      const int err = static_cast<int>(stack_->take_error(fd).value);
      const std::string want = value ? symbol_arg(*value) : "";
      const auto want_num = value ? int_arg(*value) : std::nullopt;
      const bool same = want_num ? *want_num == err : same_errno(want, errno_text(err));
      if (!same) {
        fail(e, fmt::format("expected {}, model has SO_ERROR {}; state {}", to_string(call),
                            errno_text(err), model_state()));
      }
      return ret(0);
    }
    if (opt == "SO_RCVBUF" && value) {
      // The host's receive buffer is what the model's window is made of.
      if (auto n = int_arg(*value); n && *n > 0 && *n <= kMaxBytes) {
        stack_->setsockopt(now_, fd, sock::SockOpt::RcvBuf, static_cast<int>(*n));
      }
      return ret(call.result);
    }
    if (name == "setsockopt" && opt == "SO_LINGER" && value) {
      bool on = false;
      std::int64_t seconds = 0;
      for (const Expr& f : value->elements) {
        if ((f.field == "l_onoff" || f.field == "onoff") && f.integer != 0) on = true;
        if (f.field == "l_linger" || f.field == "linger") seconds = f.integer;
      }
      if (seconds < 0 || seconds > std::numeric_limits<int>::max()) {
        skip(e, fmt::format("SO_LINGER with l_linger = {}", seconds));
      }
      stack_->setsockopt(now_, fd, sock::SockOpt::Linger, on ? static_cast<int>(seconds) : -1);
      return ret(0);
    }
    if (name == "setsockopt" && opt == "TCP_NOOPT" && value) {
      stack_->setsockopt(now_, fd, sock::SockOpt::NoOptions, int_arg(*value).value_or(0) != 0);
      return ret(0);
    }
    if (name == "setsockopt" && opt == "TCP_NODELAY" && value) {
      stack_->setsockopt(now_, fd, sock::SockOpt::NoDelay, int_arg(*value).value_or(0) != 0);
      return ret(0);
    }
    return ret(call.result);  // other options belong to the host
  }
  if (name == "bind") {
    return ret_result(stack_->bind(now_, socket_at(e, call, 0), 0, kPort));
  }
  if (name == "listen") {
    const int fd = socket_at(e, call, 0);
    stack_->bind(now_, fd, 0, kPort);  // an unbound socket listens on the script's port
    const auto backlog = call.args.size() > 1 ? int_arg(call.args[1]) : std::nullopt;
    if (backlog && (*backlog < std::numeric_limits<int>::min() ||
                    *backlog > std::numeric_limits<int>::max())) {
      skip(e, fmt::format("listen() with a backlog of {}, which does not fit in an int", *backlog));
    }
    return ret_result(stack_->listen(now_, fd, static_cast<int>(backlog.value_or(1))));
  }
  if (name == "connect") {
    const int fd = socket_at(e, call, 0);
    stack_->bind(now_, fd, 0, kPort);  // the peer's segments are for the script's port
    const sock::Result r = stack_->connect(now_, fd, kRemoteIp, kPort);
    would_block(fd, r, "a blocking connect()");
    return ret_result(r);
  }
  if (name == "accept") {
    const int fd = socket_at(e, call, 0);
    const sock::Result r = stack_->accept(now_, fd);
    would_block(fd, r, "a blocking accept() with no connection ready");
    if (r.err == 0) last_fd_ = static_cast<int>(r.value);
    return ret_result(r);
  }
  if (name == "write" || name == "send" || name == "read" || name == "recv") {
    const int fd = socket_at(e, call, 0);
    const auto len = call.args.size() > 2 ? int_arg(call.args[2]) : std::nullopt;
    if (!len) skip(e, fmt::format("{}() without a byte count", name));
    if (*len < 0 || *len > kMaxBytes) skip(e, fmt::format("{}() of {} bytes", name, *len));
    std::vector<std::uint8_t> data(static_cast<std::size_t>(*len), 'd');
    const bool writing = name == "write" || name == "send";
    const bool peek = call.args.size() > 3 && has_symbol(call.args[3], "MSG_PEEK");
    const sock::Result r = writing ? stack_->send(now_, fd, data.data(), data.size())
                                   : stack_->recv(now_, fd, data.data(), data.size(), peek);
    if (!writing) would_block(fd, r, fmt::format("a blocking {}() with no data ready", name));
    return ret_result(r);
  }
  if (name == "shutdown") {
    const int fd = socket_at(e, call, 0);
    const std::string how = call.args.size() > 1 ? symbol_arg(call.args[1]) : "";
    const sock::Shut shut = how == "SHUT_RD"   ? sock::Shut::Rd
                            : how == "SHUT_WR" ? sock::Shut::Wr
                                               : sock::Shut::RdWr;
    return ret_result(stack_->shutdown(now_, fd, shut));
  }
  if (name == "close") {
    const int fd = socket_at(e, call, 0);
    const sock::ConnHandle c = stack_->conn_of(fd);
    const sock::Result r = stack_->close(now_, fd);
    // Even on a non-blocking socket: Linux's inet_release() lingers whatever O_NONBLOCK says.
    if (r.err == EINPROGRESS) skip(e, "a close() that waits for its FIN's ACK (SO_LINGER)");
    if (c != sock::kNoConn) last_closed_ = c;
    nonblocking_.erase(fd);
    return ret_result(r);
  }
  skip(e, fmt::format("the system call {}()", name));
}

int Executor::count_in_state(State st) const {
  int n = 0;
  for (sock::ConnHandle c : stack_->connections()) {
    n += stack_->endpoint(c).state() == st ? 1 : 0;
  }
  return n;
}

std::int64_t Executor::number(Position start, std::string_view text, std::size_t at,
                              std::int64_t min, std::int64_t max, const std::string& what) const {
  detail::Scanner in(text, script_.file, start);
  in.advance(at);
  return in.read_integer(min, max, what);
}

void Executor::apply_sysctl(const std::string& name, std::int64_t value) {
  const auto policy = value ? tcp::RstSynPolicy::Rfc793 : tcp::RstSynPolicy::Rfc5961;
  auto set = [&](auto&& change) { stack_->update_settings(change); };
  if (name == "net.inet.tcp.insecure_rst") set([&](tcp::Settings& s) { s.rst_policy = policy; });
  if (name == "net.inet.tcp.insecure_syn") set([&](tcp::Settings& s) { s.syn_policy = policy; });
  if (name == "net.inet.tcp.drop_synfin")
    set([&](tcp::Settings& s) { s.drop_syn_fin = value != 0; });
  // FreeBSD's icmp_may_rst: the hard errors (and TTL exceeded) end a SYN-SENT
  // connection (tcp_ctlinput(), sys/netinet/tcp_subr.c), or none does.
  if (name == "net.inet.tcp.icmp_may_rst") {
    const auto rule = value ? tcp::IcmpOpenPolicy::HardTtl : tcp::IcmpOpenPolicy::Never;
    set([&](tcp::Settings& s) { s.icmp_aborts_open = rule; });
  }
  if (name == "net.inet.tcp.rexmit_initial") {
    set([&](tcp::Settings& s) { s.initial_rto = tcp::scaled(value, tcp::kMillis); });
  }
  if (name == "net.inet.tcp.sack.enable") set([&](tcp::Settings& s) { s.sack = value != 0; });
  if (name == "net.inet.tcp.rfc1323") {
    set([&](tcp::Settings& s) { s.window_scaling = s.timestamps = value != 0; });
  }
  if (name == "net.inet.tcp.rexmit_drop_options") {
    // tcp_timer_rexmt() drops them from the SYN of the third retransmission.
    set([&](tcp::Settings& s) { s.syn_retries_with_options = value != 0 ? 3 : 0; });
  }
  if (name == "kern.ipc.maxsockbuf") {
    // The least shift whose window covers the largest socket buffer.
    std::uint8_t shift = 0;
    while (shift < tcp::kMaxWindowShift && (std::int64_t{0xffff} << shift) < value) ++shift;
    set([&](tcp::Settings& s) { s.window_scale = shift; });
  }
}

// Backtick lines are host set-up and are ignored, except the few that mean
// something to a model of the state machine.
void Executor::shell(const Event& e, const ShellEvent& sh) {
  static const std::regex sysctl(R"(^\s*sysctl\s+-w\s+([\w.]+)=(-?\d+)\s*$)");
  static const std::regex sockstat(
      R"(^\s*sockstat\b.*\|\s*grep\s+-c\s+(\w+)\s*\|\s*grep\s+(\d+)\s*$)");
  static const std::regex tcpdrop(R"(^\s*tcpdrop\s+-s\s+(\w+)\s*$)");
  std::smatch m;
  if (std::regex_match(sh.command, m, sysctl)) {
    const bool rexmit = m[1] == "net.inet.tcp.rexmit_initial";
    const bool buffer = m[1] == "kern.ipc.maxsockbuf";
    const auto at = static_cast<std::size_t>(m.position(2));
    apply_sysctl(m[1], rexmit   ? number(sh.pos, sh.command, at, 1, kMaxRexmitInitialMs,
                                         "a retransmission timeout in milliseconds")
                       : buffer ? number(sh.pos, sh.command, at, 0,
                                         std::numeric_limits<std::uint32_t>::max(),
                                         "a socket buffer size in bytes")
                                : number(sh.pos, sh.command, at, std::numeric_limits<int>::min(),
                                         std::numeric_limits<int>::max(), "a sysctl value"));
  } else if (std::regex_match(sh.command, m, sockstat)) {
    const auto st = state_from_sockstat(m[1]);
    if (!st) skip(e, fmt::format("sockstat for the unknown state {}", m[1].str()));
    const std::int64_t want = number(sh.pos, sh.command, static_cast<std::size_t>(m.position(2)), 0,
                                     std::numeric_limits<int>::max(), "a count of connections");
    const int have = count_in_state(*st);
    if (have != want) {
      fail(e, fmt::format("expected {} connection(s) in {}, model has {}", want,
                          tcp::state_name(*st), have));
    }
  } else if (std::regex_match(sh.command, m, tcpdrop)) {
    const auto st = state_from_sockstat(m[1]);
    if (!st) skip(e, fmt::format("tcpdrop for the unknown state {}", m[1].str()));
    for (sock::ConnHandle c : stack_->connections()) {
      if (stack_->endpoint(c).state() == *st) stack_->abort(now_, c);
    }
  }
}

void Executor::code(const Event& e, const CodeEvent& c) {
  static const std::regex assert_state(R"(^\s*assert\s+tcpi_state\s*==\s*TCPI_(\w+)\s*$)");
  static const std::regex assert_options(R"(^\s*assert\s+tcpi_options\s*==\s*(\d+)\s*$)");
  std::smatch m;
  if (std::regex_match(c.code, m, assert_state)) {
    const auto st = state_from_sockstat(m[1]);
    if (!st) skip(e, fmt::format("an assertion on the unknown state TCPI_{}", m[1].str()));
    if (!stack_->is_open(last_fd_)) fail(e, "tcpi_state asked of no socket");
    const sock::ConnHandle conn = stack_->conn_of(last_fd_);
    const State have = conn == sock::kNoConn ? State::Closed : stack_->endpoint(conn).state();
    if (have != *st) {
      fail(e, fmt::format("expected state {}, model is in {}", tcp::state_name(*st),
                          tcp::state_name(have)));
    }
    return;
  }
  if (std::regex_match(c.code, m, assert_options)) {
    // The model negotiates no timestamps, SACK, window scaling or ECN.
    const std::int64_t options =
        number(c.pos, c.code, static_cast<std::size_t>(m.position(1)), 0,
               std::numeric_limits<std::uint32_t>::max(), "a tcpi_options bit mask");
    if (options != 0) fail(e, "expected TCP options in use, the model negotiates none");
    return;
  }
  skip(e, fmt::format("the code block {}", scenario::quote_input(c.code, 60)));
}

}  // namespace synack::pkt

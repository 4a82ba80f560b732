// The application side of a script: system calls on the model's sockets, the
// shell lines that carry meaning for a model, and `%{ }%` state assertions.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <regex>
#include <utility>

#include "core/errno_names.hpp"
#include "sim/lang/tr.hpp"
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

// The values the sysctls the model reads may take.
struct SysctlRange {
  std::string_view name;
  std::int64_t min, max;
  const char* what;  // tr_later(): tr() gives it in the language in force
};
constexpr SysctlRange kAnySysctl{"", std::numeric_limits<int>::min(),
                                 std::numeric_limits<int>::max(), lang::tr_later("a sysctl value")};
constexpr SysctlRange kSysctlRanges[] = {
    {"net.inet.tcp.rexmit_initial", 1, kMaxSysctlMs,
     lang::tr_later("a retransmission timeout in milliseconds")},
    {"net.inet.tcp.rexmit_slop", 0, kMaxSysctlMs, lang::tr_later("a time in milliseconds")},
    {"net.inet.tcp.keepinit", 0, kMaxSysctlMs, lang::tr_later("a time in milliseconds")},
    {"net.inet.tcp.ecn.enable", 0, 2, lang::tr_later("0 (off), 1 (on) or 2 (accept only)")},
    {"net.inet.tcp.ecn.maxretries", 0, std::numeric_limits<int>::max(),
     lang::tr_later("a count of SYNs")},
    {"kern.ipc.maxsockbuf", 0, std::numeric_limits<std::uint32_t>::max(),
     lang::tr_later("a socket buffer size in bytes")},
};

// FreeBSD's sockstat and packetdrill's TCPI_ spellings (SYN_RCVD, CLOSE, ...).
std::optional<State> state_from_sockstat(const std::string& s) {
  State st;
  if (!tcp::parse_state(s, st)) return std::nullopt;
  return st;
}

}  // namespace

int Executor::socket_at(const Event& e, const SyscallEvent& call, std::size_t arg) {
  if (call.args.size() <= arg) fail(e, lang::trf("{}() needs a socket argument", call.name));
  const auto fd = int_arg(call.args[arg]);
  if (!fd) skip(e, lang::trf("{}() with a socket argument that is not a number", call.name));
  if (*fd < 0 || *fd > std::numeric_limits<int>::max() || !stack_->is_open(static_cast<int>(*fd))) {
    fail(e, lang::trf("{}(): {} is not an open socket in the model", call.name, *fd));
  }
  last_fd_ = static_cast<int>(*fd);
  return last_fd_;
}

// The call returned `r` now; it had to at `end`, give or take the tolerance.
void Executor::check_result(const Event& e, const SyscallEvent& call, tcp::TimeUs end,
                            const sock::Result& r) {
  const long result = r.err != 0 ? -1 : static_cast<long>(r.value);
  const char* err = errno_text(r.err);
  const bool ok = result == call.result &&
                  (result != -1 || !call.errno_name || same_errno(*call.errno_name, err));
  const std::string got = result == -1 ? fmt::format("-1 {}", err) : std::to_string(result);
  if (!ok) {
    fail(e, lang::trf("expected {}, model returned {}; state {}", to_string(call), got,
                      model_state()));
  }
  if (now_ < end - tolerance() || now_ > end + tolerance()) {
    fail(e, lang::trf("expected {} to return at {} s, the model's returned at {} s",
                      to_string(call), seconds(end), seconds(now_)));
  }
}

// The system calls, each made on the model's socket layer. A call on a
// blocking socket that has to wait blocks as packetdrill's system-call thread
// does: the script goes on, and the call returns when the model lets it.
void Executor::syscall(const Event& e, const SyscallEvent& call, tcp::TimeUs end) {
  const std::string& name = call.name;
  const auto ret_result = [&](const sock::Result& r) { check_result(e, call, end, r); };
  const auto ret = [&](long result) { ret_result(sock::Result{result, 0}); };
  // `r` says the call has to wait: it blocks unless the socket is non-blocking.
  const auto wait_or_ret = [&](int fd, const sock::Result& r, std::function<sock::Result()> retry) {
    const bool waits = r.err == EAGAIN || r.err == EINPROGRESS || r.err == EALREADY;
    if (!waits || nonblocking_.count(fd) != 0) return ret_result(r);
    blocked_ = Blocked{&e, &call, end, std::move(retry)};
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
        fail(e, lang::trf("expected {}, model has SO_ERROR {}; state {}", to_string(call),
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
        skip(e, lang::trf("SO_LINGER with l_linger = {}", seconds));
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
    if (name == "setsockopt" && opt == "TCP_KEEPINIT" && value) {
      const auto seconds = int_arg(*value);
      if (!seconds || *seconds <= 0 || *seconds > kMaxSysctlMs / 1000) {
        skip(e, lang::trf("TCP_KEEPINIT with {}", to_string(*value)));
      }
      return ret_result(
          stack_->setsockopt(now_, fd, sock::SockOpt::KeepInit, static_cast<int>(*seconds)));
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
      skip(e, lang::trf("listen() with a backlog of {}, which does not fit in an int", *backlog));
    }
    return ret_result(stack_->listen(now_, fd, static_cast<int>(backlog.value_or(1))));
  }
  if (name == "connect") {
    const int fd = socket_at(e, call, 0);
    stack_->bind(now_, fd, 0, kPort);  // the peer's segments are for the script's port
    const sock::Result r = stack_->connect(now_, fd, kRemoteIp, kPort);
    return wait_or_ret(fd, r, [this, fd] { return stack_->connect_result(fd); });
  }
  if (name == "accept") {
    const int fd = socket_at(e, call, 0);
    const auto accept = [this, fd] {
      const sock::Result r = stack_->accept(now_, fd);
      if (r.err == 0) last_fd_ = static_cast<int>(r.value);
      return r;
    };
    return wait_or_ret(fd, accept(), accept);
  }
  if (name == "write" || name == "send" || name == "read" || name == "recv") {
    const int fd = socket_at(e, call, 0);
    const auto len = call.args.size() > 2 ? int_arg(call.args[2]) : std::nullopt;
    if (!len) skip(e, lang::trf("{}() without a byte count", name));
    if (*len < 0 || *len > kMaxBytes) skip(e, lang::trf("{}() of {} bytes", name, *len));
    const auto size = static_cast<std::size_t>(*len);
    if (name == "write" || name == "send") {
      const std::vector<std::uint8_t> data(size, 'd');
      return ret_result(stack_->send(now_, fd, data.data(), data.size()));
    }
    const bool peek = call.args.size() > 3 && has_symbol(call.args[3], "MSG_PEEK");
    const auto read = [this, fd, size, peek] {
      std::vector<std::uint8_t> data(size);
      return stack_->recv(now_, fd, data.data(), size, peek);
    };
    return wait_or_ret(fd, read(), read);
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
    if (c != sock::kNoConn) last_closed_ = c;
    // Lingering (SO_LINGER) blocks even on a non-blocking socket, as Linux's
    // inet_release() does whatever O_NONBLOCK says.
    nonblocking_.erase(fd);
    return wait_or_ret(fd, r, [this, fd] { return stack_->close_result(now_, fd); });
  }
  skip(e, lang::trf("the system call {}()", name));
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
  if (name == "net.inet.tcp.rexmit_slop") {
    set([&](tcp::Settings& s) { s.rto_slop = tcp::scaled(value, tcp::kMillis); });
  }
  if (name == "net.inet.tcp.keepinit") {
    set([&](tcp::Settings& s) { s.connect_timeout = tcp::scaled(value, tcp::kMillis); });
  }
  if (name == "net.inet.tcp.ecn.enable") {
    set([&](tcp::Settings& s) { s.ecn = static_cast<tcp::Ecn>(value); });
  }
  if (name == "net.inet.tcp.ecn.maxretries") {
    set([&](tcp::Settings& s) { s.ecn_setup_retries = static_cast<int>(value); });
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
    const SysctlRange* range = &kAnySysctl;
    for (const SysctlRange& r : kSysctlRanges) {
      if (m[1].str() == r.name) range = &r;
    }
    apply_sysctl(m[1], number(sh.pos, sh.command, static_cast<std::size_t>(m.position(2)),
                              range->min, range->max, lang::tr(range->what)));
  } else if (std::regex_match(sh.command, m, sockstat)) {
    const auto st = state_from_sockstat(m[1]);
    if (!st) skip(e, lang::trf("sockstat for the unknown state {}", m[1].str()));
    const std::int64_t want =
        number(sh.pos, sh.command, static_cast<std::size_t>(m.position(2)), 0,
               std::numeric_limits<int>::max(), lang::tr("a count of connections"));
    const int have = count_in_state(*st);
    if (have != want) {
      fail(e, lang::trf("expected {} connection(s) in {}, model has {}", want, tcp::state_name(*st),
                        have));
    }
  } else if (std::regex_match(sh.command, m, tcpdrop)) {
    const auto st = state_from_sockstat(m[1]);
    if (!st) skip(e, lang::trf("tcpdrop for the unknown state {}", m[1].str()));
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
    if (!st) skip(e, lang::trf("an assertion on the unknown state TCPI_{}", m[1].str()));
    if (!stack_->is_open(last_fd_)) fail(e, lang::tr("tcpi_state asked of no socket"));
    const sock::ConnHandle conn = stack_->conn_of(last_fd_);
    const State have = conn == sock::kNoConn ? State::Closed : stack_->endpoint(conn).state();
    if (have != *st) {
      fail(e, lang::trf("expected state {}, model is in {}", tcp::state_name(*st),
                        tcp::state_name(have)));
    }
    return;
  }
  if (std::regex_match(c.code, m, assert_options)) {
    const std::int64_t want =
        number(c.pos, c.code, static_cast<std::size_t>(m.position(1)), 0,
               std::numeric_limits<std::uint32_t>::max(), lang::tr("a tcpi_options bit mask"));
    if (!stack_->is_open(last_fd_)) fail(e, lang::tr("tcpi_options asked of no socket"));
    const sock::ConnHandle conn = stack_->conn_of(last_fd_);
    std::int64_t have = 0;  // TCPI_OPT_TIMESTAMPS 1, _SACK 2, _WSCALE 4, _ECN 8
    if (conn != sock::kNoConn) {
      const tcp::Status st = stack_->endpoint(conn).status();
      have = (st.timestamps ? 1 : 0) | (st.sack ? 2 : 0) | (st.window_scaling ? 4 : 0) |
             (st.ecn ? 8 : 0);
    }
    if (have != want) {
      fail(e, lang::trf("expected tcpi_options {}, the model agreed {}", want, have));
    }
    return;
  }
  skip(e, lang::trf("the code block {}", scenario::quote_input(c.code, 60)));
}

}  // namespace synack::pkt

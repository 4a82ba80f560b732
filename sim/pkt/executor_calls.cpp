// The application side of a script: system calls on the model's sockets, the
// shell lines that carry meaning for a model, and `%{ }%` state assertions.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <regex>
#include <utility>

#include "core/errno_names.hpp"
#include "sim/pkt/executor_impl.hpp"

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

bool same_errno(const std::string& a, const char* b) {
  const auto norm = [](const std::string& s) {
    return s == "EWOULDBLOCK" ? std::string("EAGAIN") : s;
  };
  return norm(a) == norm(b);
}

// FreeBSD's sockstat and packetdrill's TCPI_ spellings.
std::optional<State> state_from_sockstat(const std::string& s) {
  static const std::map<std::string, State> names = {
      {"CLOSED", State::Closed},
      {"LISTEN", State::Listen},
      {"SYN_SENT", State::SynSent},
      {"SYN_RCVD", State::SynReceived},
      {"SYN_RECEIVED", State::SynReceived},
      {"ESTABLISHED", State::Established},
      {"FIN_WAIT_1", State::FinWait1},
      {"FIN_WAIT_2", State::FinWait2},
      {"CLOSE_WAIT", State::CloseWait},
      {"CLOSING", State::Closing},
      {"LAST_ACK", State::LastAck},
      {"TIME_WAIT", State::TimeWait},
      {"CLOSE", State::Closed},
  };
  auto it = names.find(s);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Socket& Executor::socket_at(const Event& e, const SyscallEvent& call, std::size_t arg) {
  if (call.args.size() <= arg) fail(e, fmt::format("{}() needs a socket argument", call.name));
  const auto fd = int_arg(call.args[arg]);
  if (!fd) skip(e, fmt::format("{}() with a socket argument that is not a number", call.name));
  auto it = fds_.find(static_cast<int>(*fd));
  if (it == fds_.end())
    fail(e, fmt::format("{}(): {} is not an open socket in the model", call.name, *fd));
  last_fd_ = it->first;
  return it->second;
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

void Executor::syscall(const Event& e, const SyscallEvent& call) {
  const std::string& name = call.name;
  const auto ret = [&](long result, const char* err = "0") { check_result(e, call, result, err); };
  if (name == "socket") {
    int fd = 3;
    while (fds_.count(fd)) ++fd;
    Socket sock;
    sock.ep = new_endpoint();
    fds_.emplace(fd, std::move(sock));
    last_fd_ = fd;
    return ret(fd);
  }
  if (name == "fcntl") {
    Socket& s = socket_at(e, call, 0);
    if (call.args.size() >= 3 && symbol_arg(call.args[1]) == "F_SETFL") {
      s.nonblocking = has_symbol(call.args[2], "O_NONBLOCK");
    }
    return ret(call.result);  // flags words are the host's
  }
  if (name == "setsockopt" || name == "getsockopt") {
    Socket& s = socket_at(e, call, 0);
    const std::string opt = call.args.size() > 2 ? symbol_arg(call.args[2]) : "";
    const Expr* value = call.args.size() > 3 ? &call.args[3] : nullptr;
    if (name == "getsockopt" && opt == "SO_ERROR") {
      const int err = s.so_error;
      s.so_error = 0;
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
      if (auto n = int_arg(*value); n && *n > 0 && s.ep) {
        s.ep->settings().receive_buffer = static_cast<std::uint32_t>(*n);
      }
      return ret(call.result);
    }
    if (name == "setsockopt" && opt == "SO_LINGER" && value) {
      bool on = false, zero = false;
      for (const Expr& f : value->elements) {
        if ((f.field == "l_onoff" || f.field == "onoff") && f.integer != 0) on = true;
        if ((f.field == "l_linger" || f.field == "linger") && f.integer == 0) zero = true;
      }
      s.linger_abort = on && zero;
      return ret(0);
    }
    if (name == "setsockopt" && opt == "TCP_NODELAY" && value) {
      if (s.ep) s.ep->settings().nagle = int_arg(*value).value_or(0) == 0;
      return ret(0);
    }
    return ret(call.result);  // other options belong to the host
  }
  if (name == "bind") {
    socket_at(e, call, 0);
    return ret(0);
  }
  if (name == "listen") {
    Socket& s = socket_at(e, call, 0);
    s.listener = true;
    s.backlog = call.args.size() > 1 ? static_cast<int>(int_arg(call.args[1]).value_or(1)) : 1;
    if (s.ep->state() == State::Closed) s.ep->open_passive(now_);
    return ret(0);
  }
  if (name == "connect") {
    Socket& s = socket_at(e, call, 0);
    if (s.ep->state() != State::Closed)
      return ret(-1, s.ep->state() == State::SynSent ? "EALREADY" : "EISCONN");
    s.ep->open_active(now_);
    if (!s.nonblocking) skip(e, "a blocking connect()");
    return ret(-1, "EINPROGRESS");
  }
  if (name == "accept") {
    Socket& s = socket_at(e, call, 0);
    auto& q = s.pending;
    auto ready = std::find_if(q.begin(), q.end(), [](const auto& ep) {
      return tcp::is_synchronized(ep->state()) && ep->state() != State::SynReceived;
    });
    if (ready == q.end()) {
      if (!s.nonblocking) skip(e, "a blocking accept() with no connection ready");
      return ret(-1, "EAGAIN");
    }
    int fd = 3;
    while (fds_.count(fd)) ++fd;
    Socket child;
    child.ep = std::move(*ready);
    q.erase(ready);
    fds_.emplace(fd, std::move(child));
    last_fd_ = fd;
    return ret(fd);
  }
  if (name == "write" || name == "send") {
    Socket& s = socket_at(e, call, 0);
    const auto len = call.args.size() > 2 ? int_arg(call.args[2]) : std::nullopt;
    if (!len) skip(e, fmt::format("{}() without a byte count", name));
    if (*len < 0 || *len > kMaxBytes) skip(e, fmt::format("{}() of {} bytes", name, *len));
    if (s.so_error) return ret(-1, errno_text(std::exchange(s.so_error, 0)));
    std::vector<std::uint8_t> data(static_cast<std::size_t>(*len), 'd');
    std::size_t accepted = 0;
    switch (s.ep->send(now_, data.data(), data.size(), &accepted)) {
      case CallResult::Ok: return ret(static_cast<long>(accepted));
      case CallResult::InsufficientResources: return ret(-1, "EAGAIN");
      case CallResult::ConnectionClosing: return ret(-1, "EPIPE");
      case CallResult::ConnectionReset: return ret(-1, "ECONNRESET");
      default: return ret(-1, "ENOTCONN");
    }
  }
  if (name == "read" || name == "recv") {
    Socket& s = socket_at(e, call, 0);
    const auto len = call.args.size() > 2 ? int_arg(call.args[2]) : std::nullopt;
    if (!len) skip(e, fmt::format("{}() without a byte count", name));
    if (*len < 0 || *len > kMaxBytes) skip(e, fmt::format("{}() of {} bytes", name, *len));
    std::vector<std::uint8_t> buf(static_cast<std::size_t>(*len));
    const std::size_t n = s.ep->receive(now_, buf.data(), buf.size());
    if (n > 0) return ret(static_cast<long>(n));
    if (s.so_error) return ret(-1, errno_text(std::exchange(s.so_error, 0)));
    if (s.ep->peer_closed()) return ret(0);
    if (!s.nonblocking) skip(e, fmt::format("a blocking {}() with no data ready", name));
    return ret(-1, "EAGAIN");
  }
  if (name == "shutdown") {
    Socket& s = socket_at(e, call, 0);
    const std::string how = call.args.size() > 1 ? symbol_arg(call.args[1]) : "";
    if (!tcp::is_synchronized(s.ep->state())) return ret(-1, "ENOTCONN");
    if (how == "SHUT_WR" || how == "SHUT_RDWR") s.ep->close(now_);
    return ret(0);
  }
  if (name == "close") {
    Socket& s = socket_at(e, call, 0);
    const int fd = last_fd_;
    // Closing a listener: half-open entries of its SYN queue are forgotten
    // silently (as FreeBSD's syncache and Linux's request sockets are);
    // established connections never accepted are aborted with a RST.
    s.pending.erase(std::remove_if(s.pending.begin(), s.pending.end(),
                                   [](const auto& p) { return p->state() == State::SynReceived; }),
                    s.pending.end());
    for (auto& p : s.pending) p->abort(now_);
    if (s.linger_abort) {
      s.ep->abort(now_);
    } else {
      s.ep->close(now_);
    }
    collect();  // the aborted children are still in s.pending here
    if (s.ep->state() != State::Closed) orphans_.push_back(std::move(s.ep));
    fds_.erase(fd);
    return ret(0);
  }
  skip(e, fmt::format("the system call {}()", name));
}

int Executor::count_in_state(State st) {
  int n = 0;
  for (tcp::Endpoint* ep : endpoints()) n += ep->state() == st ? 1 : 0;
  return n;
}

void Executor::apply_sysctl(const std::string& name, long value) {
  const auto policy = value ? tcp::RstSynPolicy::Rfc793 : tcp::RstSynPolicy::Rfc5961;
  auto set = [&](auto&& change) {
    change(settings_);
    for (tcp::Endpoint* ep : endpoints()) change(ep->settings());
  };
  if (name == "net.inet.tcp.insecure_rst") set([&](tcp::Settings& s) { s.rst_policy = policy; });
  if (name == "net.inet.tcp.insecure_syn") set([&](tcp::Settings& s) { s.syn_policy = policy; });
  if (name == "net.inet.tcp.drop_synfin")
    set([&](tcp::Settings& s) { s.drop_syn_fin = value != 0; });
  if (name == "net.inet.tcp.rexmit_initial") {
    set([&](tcp::Settings& s) { s.initial_rto = value * tcp::kMillis; });
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
    apply_sysctl(m[1], std::stol(m[2]));
  } else if (std::regex_match(sh.command, m, sockstat)) {
    const auto st = state_from_sockstat(m[1]);
    if (!st) skip(e, fmt::format("sockstat for the unknown state {}", m[1].str()));
    const int want = std::stoi(m[2]);
    const int have = count_in_state(*st);
    if (have != want) {
      fail(e, fmt::format("expected {} connection(s) in {}, model has {}", want,
                          tcp::state_name(*st), have));
    }
  } else if (std::regex_match(sh.command, m, tcpdrop)) {
    const auto st = state_from_sockstat(m[1]);
    if (!st) skip(e, fmt::format("tcpdrop for the unknown state {}", m[1].str()));
    for (tcp::Endpoint* ep : endpoints()) {
      if (ep->state() == *st) ep->abort(now_);
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
    auto it = fds_.find(last_fd_);
    if (it == fds_.end() || !it->second.ep) fail(e, "tcpi_state asked of no socket");
    if (it->second.ep->state() != *st) {
      fail(e, fmt::format("expected state {}, model is in {}", tcp::state_name(*st),
                          tcp::state_name(it->second.ep->state())));
    }
    return;
  }
  if (std::regex_match(c.code, m, assert_options)) {
    // The model negotiates no timestamps, SACK, window scaling or ECN.
    if (std::stoi(m[1]) != 0) fail(e, "expected TCP options in use, the model negotiates none");
    return;
  }
  skip(e, fmt::format("the code block %{{ {} }}%", c.code));
}

}  // namespace synack::pkt

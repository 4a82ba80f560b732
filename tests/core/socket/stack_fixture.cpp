#include "tests/core/socket/stack_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>

namespace synack::sock::test {

namespace {

template <class T>
std::vector<T> only(const std::vector<Output>& all) {
  std::vector<T> picked;
  for (const Output& o : all) {
    if (const T* t = std::get_if<T>(&o)) picked.push_back(*t);
  }
  return picked;
}

}  // namespace

std::vector<SendSegment> Outputs::sends() const { return only<SendSegment>(all); }

Sent Outputs::segments() const {
  Sent lines;
  for (const SendSegment& s : sends()) lines.push_back(brief(s.seg));
  return lines;
}

std::vector<SendDatagram> Outputs::datagrams() const { return only<SendDatagram>(all); }

std::vector<std::string> Outputs::counts() const {
  std::vector<std::string> names;
  for (const Count& c : only<Count>(all)) names.emplace_back(c.counter);
  return names;
}

bool Outputs::counted(std::string_view counter) const {
  const auto names = counts();
  return std::find(names.begin(), names.end(), counter) != names.end();
}

std::vector<std::string> Outputs::notes() const {
  std::vector<std::string> texts;
  for (const Note& n : only<Note>(all)) texts.push_back(n.text);
  return texts;
}

bool Outputs::noted(std::string_view part) const {
  const auto texts = notes();
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

std::vector<QueueChange> Outputs::queues() const { return only<QueueChange>(all); }

std::vector<int> Outputs::ready() const {
  std::vector<int> fds;
  for (const Ready& r : only<Ready>(all)) fds.push_back(r.fd);
  return fds;
}

bool Outputs::ready_for(int fd) const {
  const auto fds = ready();
  return std::find(fds.begin(), fds.end(), fd) != fds.end();
}

std::vector<ConnOpened> Outputs::opened() const { return only<ConnOpened>(all); }

std::vector<tcp::Record> Outputs::records(ConnHandle c) const {
  std::vector<tcp::Record> picked;
  for (const ConnRecord& r : only<ConnRecord>(all)) {
    if (r.conn == c) picked.push_back(r.record);
  }
  return picked;
}

std::vector<tcp::StateChange> Outputs::state_changes(ConnHandle c) const {
  std::vector<tcp::StateChange> picked;
  for (const tcp::Record& r : records(c)) {
    if (const auto* s = std::get_if<tcp::StateChange>(&r)) picked.push_back(*s);
  }
  return picked;
}

std::vector<tcp::TimerChange> Outputs::timers(ConnHandle c) const {
  std::vector<tcp::TimerChange> picked;
  for (const tcp::Record& r : records(c)) {
    if (const auto* t = std::get_if<tcp::TimerChange>(&r)) picked.push_back(*t);
  }
  return picked;
}

std::string path(const std::vector<tcp::StateChange>& changes) {
  std::string p;
  for (const tcp::StateChange& c : changes) {
    if (p.empty()) p = tcp::state_name(c.from);
    p += std::string(">") + tcp::state_name(c.to);
  }
  return p;
}

Host::Host(StackSettings settings) : stack(settings, &isn, 0x5eed, interfaces) {}

Outputs Host::out() { return Outputs{stack.take_output()}; }

void Host::from_peer(TimeUs now, const tcp::Segment& s, std::uint16_t from, std::uint16_t to) {
  stack.on_segment(now, kPeerIp, kHostIp, from, to, s);
}

int Host::listener(int backlog) {
  const int fd = stack.socket(false);
  EXPECT_EQ(stack.bind(0, fd, 0, kPort).err, 0);
  EXPECT_EQ(stack.listen(0, fd, backlog).err, 0);
  out();
  return fd;
}

void Host::syn(TimeUs now, std::uint16_t from) {
  from_peer(now, seg("S", kIrs), from);
  const auto sends = out().sends();
  ASSERT_EQ(sends.size(), 1u) << "SYN from port " << from;
  EXPECT_EQ(brief(sends[0].seg), "S. seq=1000 ack=5001 len=0");
  EXPECT_EQ(sends[0].dst_port, from);
}

void Host::ack_of_syn(TimeUs now, std::uint16_t from) {
  from_peer(now, seg(".", kIrs + 1, kIss + 1), from);
}

int Host::accepted(int* listener_fd) {
  const int l = listener();
  syn(10 * kMillis);
  ack_of_syn(20 * kMillis);
  const Result r = stack.accept(20 * kMillis, l);
  EXPECT_EQ(r.err, 0);
  EXPECT_EQ(state_of(r.conn), tcp::State::Established);
  out();
  if (listener_fd) *listener_fd = l;
  return static_cast<int>(r.value);
}

int Host::client() {
  const int fd = stack.socket(false);
  EXPECT_EQ(stack.connect(0, fd, kPeerIp, kServicePort).err, EINPROGRESS);
  EXPECT_EQ(out().segments(), Sent{"S seq=1000 len=0"});
  from_service(10 * kMillis, seg("S.", kIrs, kIss + 1));
  EXPECT_EQ(out().segments(), Sent{". seq=1001 ack=5001 len=0"});
  EXPECT_EQ(stack.connect_result(fd).err, 0);
  return fd;
}

std::vector<std::uint8_t> bytes(std::string_view text) { return {text.begin(), text.end()}; }

Result send_text(Stack& stack, TimeUs now, int fd, std::string_view text) {
  const auto b = bytes(text);
  return stack.send(now, fd, b.data(), b.size());
}

std::pair<Result, std::string> recv_text(Stack& stack, TimeUs now, int fd, std::size_t cap) {
  std::vector<std::uint8_t> buf(cap);
  const Result r = stack.recv(now, fd, buf.data(), cap);
  const std::size_t n = r.err == 0 && r.value > 0 ? static_cast<std::size_t>(r.value) : 0;
  return {r, std::string(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n))};
}

}  // namespace synack::sock::test

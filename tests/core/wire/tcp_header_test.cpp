#include "core/wire/tcp_header.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <vector>

#include "core/wire/checksum.hpp"
#include "core/wire/ipv4_packet.hpp"

namespace synack::wire {

// Lets GoogleTest print option lists readably when a comparison fails.
void PrintTo(const TcpOption& option, std::ostream* os) { *os << describe(option); }

namespace {

const Ipv4Address kSrc(10, 0, 0, 1);
const Ipv4Address kDst(10, 0, 0, 2);

TcpRepr syn_ack() {
  TcpRepr tcp;
  tcp.src_port = 80;
  tcp.dst_port = 40000;
  tcp.seg.seq = SeqNum(0xfffffff0u);
  tcp.seg.ack = SeqNum(1001);
  tcp.seg.flags = tcp::flag::SYN | tcp::flag::ACK;
  tcp.seg.window = 65535;
  tcp.seg.mss = 1460;
  return tcp;
}

std::vector<std::uint8_t> encoded(const TcpRepr& tcp) {
  std::vector<std::uint8_t> out;
  encode_tcp(tcp, kSrc, kDst, out);
  return out;
}

// Re-stamps the checksum so a test that edits the header sees only the error
// it aimed for.
void fix_checksum(std::vector<std::uint8_t>& bytes) {
  const std::uint16_t sum = transport_checksum(kSrc, kDst, ip_protocol::TCP, bytes, 16);
  bytes[16] = static_cast<std::uint8_t>(sum >> 8);
  bytes[17] = static_cast<std::uint8_t>(sum);
}

DecodeResult<TcpRepr> decode(const std::vector<std::uint8_t>& bytes) {
  return decode_tcp(bytes, kSrc, kDst);
}

void expect_same(const TcpRepr& a, const TcpRepr& b) {
  EXPECT_EQ(a.src_port, b.src_port);
  EXPECT_EQ(a.dst_port, b.dst_port);
  EXPECT_EQ(a.seg.seq, b.seg.seq);
  EXPECT_EQ(a.seg.ack, b.seg.ack);
  EXPECT_EQ(a.seg.flags, b.seg.flags);
  EXPECT_EQ(a.seg.window, b.seg.window);
  EXPECT_EQ(a.seg.mss, b.seg.mss);
  EXPECT_EQ(a.seg.payload, b.seg.payload);
  EXPECT_EQ(a.urgent_pointer, b.urgent_pointer);
  EXPECT_EQ(a.options, b.options);
}

TEST(Tcp, SynWithMssRoundTrip) {
  const auto bytes = encoded(syn_ack());
  ASSERT_EQ(bytes.size(), 24u);  // MSS alone is exactly one 4-byte word
  EXPECT_EQ(bytes[12], 0x60);    // data offset 6
  EXPECT_EQ(tcp_header_length(syn_ack()), 24u);
  const auto decoded = decode(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  expect_same(decoded.value(), syn_ack());
  EXPECT_TRUE(decoded.value().checksum_ok);
  EXPECT_EQ(encoded(decoded.value()), bytes);
}

TEST(Tcp, WrapsAnEndpointSegment) {
  // What the endpoint emits becomes bytes with just the ports added.
  tcp::Segment seg;
  seg.seq = SeqNum(7);
  seg.ack = SeqNum(9);
  seg.flags = tcp::flag::FIN | tcp::flag::ACK;
  seg.window = 1024;
  const TcpRepr tcp{1234, 80, seg};
  const auto decoded = decode(encoded(tcp));
  ASSERT_TRUE(decoded) << decoded.error().message;
  const tcp::Segment& back = decoded.value().seg;
  EXPECT_EQ(back.seq, seg.seq);
  EXPECT_EQ(back.ack, seg.ack);
  EXPECT_EQ(back.flags, seg.flags);
  EXPECT_EQ(back.window, seg.window);
  EXPECT_EQ(back.seg_len(), 1u);
}

TEST(Tcp, DataSegmentRoundTrip) {
  TcpRepr tcp = syn_ack();
  tcp.seg.flags = tcp::flag::PSH | tcp::flag::ACK | tcp::flag::URG;
  tcp.seg.mss = 0;
  tcp.urgent_pointer = 3;
  tcp.seg.payload = {'h', 'e', 'l', 'l', 'o'};  // odd length exercises checksum padding
  const auto bytes = encoded(tcp);
  ASSERT_EQ(bytes.size(), 25u);
  EXPECT_EQ(bytes[12], 0x50);
  const auto decoded = decode(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  expect_same(decoded.value(), tcp);
}

TEST(Tcp, SynOptionsAreLaidOutAsFreeBsdDoes) {
  TcpRepr tcp = syn_ack();
  tcp.seg.window_scale = 6;
  tcp.seg.sack_permitted = true;
  tcp.seg.timestamps = tcp::Timestamps{100, 0};
  const auto bytes = encoded(tcp);
  // <mss 1460,nop,wscale 6,sackOK,TS val 100 ecr 0>: 20 option bytes, no padding.
  ASSERT_EQ(bytes.size(), 40u);
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + 20, bytes.end()),
            (std::vector<std::uint8_t>{2, 4,  0x05, 0xb4, 1, 3,   3, 6, 4, 2,
                                       8, 10, 0,    0,    0, 100, 0, 0, 0, 0}));
  const auto decoded = decode(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().seg.window_scale, std::optional<std::uint8_t>(6));
  EXPECT_TRUE(decoded.value().seg.sack_permitted);
  EXPECT_EQ(decoded.value().seg.timestamps, (tcp::Timestamps{100, 0}));
  EXPECT_TRUE(decoded.value().options.empty());
  EXPECT_EQ(encoded(decoded.value()), bytes);
  EXPECT_EQ(options_text(decoded.value()), "mss 1460,wscale 6,sackOK,TS val 100 ecr 0");
}

TEST(Tcp, ShortOptionListsEndWithEol) {
  TcpRepr tcp = syn_ack();
  tcp.seg.sack_permitted = true;
  const auto bytes = encoded(tcp);
  // <mss 1460,sackOK,eol,eol>, as FreeBSD answers a SYN with only those.
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + 20, bytes.end()),
            (std::vector<std::uint8_t>{2, 4, 0x05, 0xb4, 4, 2, 0, 0}));
}

TEST(Tcp, SackBlocksAfterTimestampsAndTheOnesThatDoNotFitAreLeftOut) {
  TcpRepr tcp = syn_ack();
  tcp.seg.flags = tcp::flag::ACK;
  tcp.seg.mss = 0;
  tcp.seg.timestamps = tcp::Timestamps{7, 9};
  for (std::uint32_t i = 0; i < 4; ++i) {
    tcp.seg.sack.push_back({SeqNum(1000 * (i + 2)), SeqNum(1000 * (i + 2) + 500)});
  }
  const auto options = wire_options(tcp);
  // nop,nop,TS (12 bytes), nop,nop,sack with three blocks (26 bytes): the 40 bytes there are.
  ASSERT_EQ(options.size(), 6u);
  EXPECT_EQ(describe(options[2]), "TS val 7 ecr 9");
  EXPECT_EQ(describe(options[5]), "sack 2000:2500 3000:3500 4000:4500");
  EXPECT_EQ(tcp_header_length(tcp), 60u);
  const auto decoded = decode(encoded(tcp));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded.value().seg.sack.size(), 3u);
  EXPECT_EQ(decoded.value().seg.sack[0], (tcp::SackBlock{SeqNum(2000), SeqNum(2500)}));
}

TEST(Tcp, UnknownOptionsAreSkippedByLength) {
  TcpRepr tcp = syn_ack();
  tcp.seg.mss = 0;
  tcp.options = {{30, {0xaa, 0xbb, 0xcc, 0xdd}}};
  const auto bytes = encoded(tcp);
  EXPECT_EQ(bytes.size(), 28u);  // 6 bytes and two EOLs
  auto with_nops = bytes;
  with_nops[26] = tcp_option_kind::NOP;  // padding read as NOPs is skipped too
  with_nops[27] = tcp_option_kind::NOP;
  fix_checksum(with_nops);
  for (const auto& b : {bytes, with_nops}) {
    const auto decoded = decode(b);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded.value().options, tcp.options);
    EXPECT_EQ(decoded.value().seg.mss, 0);
  }
}

TEST(Tcp, DescribesOptionsLikeTcpdump) {
  EXPECT_EQ(describe({tcp_option_kind::NOP, {}}), "nop");
  EXPECT_EQ(describe({tcp_option_kind::EOL, {}}), "eol");
  EXPECT_EQ(describe({tcp_option_kind::MSS, {0x05, 0xb4}}), "mss 1460");
  EXPECT_EQ(describe({tcp_option_kind::WINDOW_SCALE, {7}}), "wscale 7");
  EXPECT_EQ(describe({tcp_option_kind::SACK_PERMITTED, {}}), "sackOK");
  EXPECT_EQ(describe({tcp_option_kind::TIMESTAMPS, {0, 0, 0, 1, 0, 0, 1, 0}}), "TS val 1 ecr 256");
  EXPECT_EQ(describe({tcp_option_kind::SACK,
                      {0, 0, 3, 0xe8, 0, 0, 7, 0xd0, 0, 0, 0x0b, 0xb8, 0, 0, 0x0f, 0xa0}}),
            "sack 1000:2000 3000:4000");
  EXPECT_EQ(describe({30, {1, 2}}), "opt-30 len 4");
  EXPECT_EQ(describe({tcp_option_kind::WINDOW_SCALE, {}}), "opt-3 len 2");
}

void expect_error(const std::vector<std::uint8_t>& bytes, DecodeErrc code, const char* message) {
  const auto decoded = decode(bytes);
  ASSERT_FALSE(decoded) << message;
  EXPECT_EQ(decoded.error().code, code);
  EXPECT_EQ(decoded.error().message, message);
}

TEST(Tcp, TruncatedHeader) {
  auto bytes = encoded(syn_ack());
  bytes.resize(19);
  expect_error(bytes, DecodeErrc::truncated, "TCP header needs 20 bytes, segment has 19");
}

TEST(Tcp, DataOffsetBelowFive) {
  auto bytes = encoded(syn_ack());
  bytes[12] = 0x40;
  fix_checksum(bytes);
  expect_error(bytes, DecodeErrc::bad_value, "TCP data offset 4 is below the minimum 5");
}

TEST(Tcp, DataOffsetPastSegment) {
  auto bytes = encoded(syn_ack());
  bytes[12] = 0xf0;
  fix_checksum(bytes);
  expect_error(bytes, DecodeErrc::bad_length,
               "TCP data offset 15 (60 bytes) exceeds segment of 24 bytes");
}

TEST(Tcp, OptionLengthBelowTwo) {
  auto bytes = encoded(syn_ack());
  bytes[21] = 1;  // MSS option claiming length 1
  fix_checksum(bytes);
  expect_error(bytes, DecodeErrc::bad_length,
               "TCP option kind 2 at offset 20 has length 1, below the minimum 2");
}

TEST(Tcp, OptionLengthPastHeaderEnd) {
  auto bytes = encoded(syn_ack());
  bytes[20] = 8;  // a timestamps option cannot fit in the 4 option bytes
  bytes[21] = 10;
  fix_checksum(bytes);
  expect_error(bytes, DecodeErrc::bad_length,
               "TCP option kind 8 at offset 20 has length 10, past the header's end at 24");
}

TEST(Tcp, OptionWithoutLengthByte) {
  auto bytes = encoded(syn_ack());
  bytes[20] = 1;  // NOP NOP NOP, then kind 3 as the header's last byte
  bytes[21] = 1;
  bytes[22] = 1;
  bytes[23] = 3;
  fix_checksum(bytes);
  expect_error(bytes, DecodeErrc::bad_length, "TCP option kind 3 at offset 23 has no length byte");
}

TEST(Tcp, KnownOptionsOfWrongLength) {
  TcpRepr tcp = syn_ack();
  tcp.seg.mss = 0;
  tcp.options = {{30, {7}}};  // an option of 3 bytes to turn into known kinds
  const std::pair<std::uint8_t, const char*> cases[] = {
      {tcp_option_kind::MSS, "TCP MSS option length 3 is not 4"},
      {tcp_option_kind::SACK_PERMITTED, "TCP SACK-permitted option length 3 is not 2"},
      {tcp_option_kind::SACK, "TCP SACK option length 3 is not 2 + 8 per block"},
  };
  for (const auto& [kind, message] : cases) {
    auto bytes = encoded(tcp);
    bytes[20] = kind;
    fix_checksum(bytes);
    expect_error(bytes, DecodeErrc::bad_length, message);
  }
  tcp.options = {{30, {7, 7}}};
  auto bytes = encoded(tcp);
  bytes[20] = tcp_option_kind::WINDOW_SCALE;  // length 4
  fix_checksum(bytes);
  expect_error(bytes, DecodeErrc::bad_length, "TCP window scale option length 4 is not 3");
}

TEST(Tcp, BadChecksumStrictAndLenient) {
  auto bytes = encoded(syn_ack());
  const std::uint16_t good = static_cast<std::uint16_t>((bytes[16] << 8) | bytes[17]);
  bytes[16] = 0x00;
  bytes[17] = 0x01;
  const auto strict = decode(bytes);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, DecodeErrc::bad_checksum);
  EXPECT_EQ(strict.error().message,
            "TCP checksum 0x0001 does not match computed " + to_hex(good, 4));

  const auto lenient = decode_tcp(bytes, kSrc, kDst, ChecksumPolicy::lenient);
  ASSERT_TRUE(lenient) << lenient.error().message;
  EXPECT_FALSE(lenient.value().checksum_ok);
  EXPECT_EQ(lenient.value().seg.mss, 1460);
}

TEST(Tcp, ChecksumCoversThePseudoHeader) {
  const auto bytes = encoded(syn_ack());
  const auto decoded = decode_tcp(bytes, kSrc, Ipv4Address(10, 0, 0, 3));
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, DecodeErrc::bad_checksum);
}

}  // namespace
}  // namespace synack::wire

// The packet inspector's logic on the hand-built handshake: each layer's
// fields with the bytes they occupy, checksums verified (and a bad one
// caught), and the sequence arithmetic in words.
#include "sim/view/packet_fields.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/wire/frame.hpp"
#include "sim/lang/tr.hpp"
#include "trace_fixture.hpp"

namespace synack::view {
namespace {

using trace::testing::Lan;

// Frames of trace::testing::handshake(), in the order it makes them.
constexpr trace::FrameId kWhoHas = 0, kSyn = 2, kSynAck = 3, kResent = 6, kDataAck = 7;

const PacketField* field(const PacketView& v, std::string_view layer_prefix,
                         std::string_view name) {
  for (const PacketLayer& l : v.layers) {
    if (l.name.rfind(layer_prefix, 0) != 0) continue;
    for (const PacketField& f : l.fields) {
      if (f.name == name) return &f;
    }
  }
  return nullptr;
}

bool says(const PacketView& v, const std::string& sentence) {
  for (const std::string& s : v.arithmetic) {
    if (s == sentence) return true;
  }
  return false;
}

std::string all(const PacketView& v) {
  std::string text;
  for (const std::string& s : v.arithmetic) text += s + "\n";
  return text;
}

class PacketFieldsTest : public ::testing::Test {
 protected:
  Lan lan = trace::testing::handshake();
  std::vector<trace::TcpNumbers> numbers = trace::number_tcp_frames(lan.trace);

  PacketView inspect(trace::FrameId id) { return inspect_frame(lan.trace, numbers, id); }
};

TEST_F(PacketFieldsTest, SynAckHasItsLayersInOrderWithTheirBytes) {
  const PacketView v = inspect(kSynAck);
  ASSERT_TRUE(v.error.empty()) << v.error;
  ASSERT_EQ(v.layers.size(), 3u);
  EXPECT_EQ(v.layers[0].name, "Ethernet II");
  EXPECT_EQ(v.layers[1].name, "IPv4 10.0.0.2 → 10.0.0.1");
  EXPECT_EQ(v.layers[2].name, "TCP 80 → 49152");
  EXPECT_EQ(v.layers[2].offset, 34u);
  EXPECT_EQ(v.layers[2].offset + v.layers[2].length, v.bytes.size());

  const PacketField* seq = field(v, "TCP", "Sequence number");
  ASSERT_NE(seq, nullptr);
  EXPECT_EQ(seq->value, "5000 (relative 0)");
  EXPECT_EQ(seq->offset, 38u);
  EXPECT_EQ(seq->length, 4u);
  // The bytes under the field are the number, big-endian.
  const std::uint32_t on_wire =
      (std::uint32_t{v.bytes[38]} << 24) | (v.bytes[39] << 16) | (v.bytes[40] << 8) | v.bytes[41];
  EXPECT_EQ(on_wire, trace::testing::kServerIsn);
  EXPECT_EQ(field(v, "TCP", "Acknowledgment number")->value, "1001 (relative 1)");
  EXPECT_EQ(field(v, "TCP", "Flags")->value, "SYN, ACK (0x12)");
  EXPECT_EQ(field(v, "Ethernet", "Source")->value, "02:00:00:00:00:02 (server)");
  EXPECT_EQ(field(v, "IPv4", "Destination")->value, "10.0.0.1 (client)");
}

TEST_F(PacketFieldsTest, EveryFieldLiesInsideTheFrameAndIsFoundByItsBytes) {
  for (trace::FrameId id = 0; id < lan.trace.frame_count(); ++id) {
    const PacketView v = inspect(id);
    for (std::size_t l = 0; l < v.layers.size(); ++l) {
      for (const PacketField& f : v.layers[l].fields) {
        EXPECT_LE(f.offset + f.length, v.bytes.size()) << id << " " << f.name;
        EXPECT_GE(f.offset, v.layers[l].offset) << id << " " << f.name;
      }
    }
  }
  const PacketView v = inspect(kSyn);
  const auto [layer, f] = field_at(v, 34);  // the TCP source port's first byte
  ASSERT_GE(layer, 0);
  EXPECT_EQ(v.layers[static_cast<std::size_t>(layer)].fields[static_cast<std::size_t>(f)].name,
            "Source port");
  EXPECT_EQ(field_at(v, 10000).first, -1);
}

TEST_F(PacketFieldsTest, ChecksumsOfAGoodFrameAreCorrect) {
  const PacketView v = inspect(kSynAck);
  const PacketField* ip = field(v, "IPv4", "Header checksum");
  const PacketField* tcp = field(v, "TCP", "Checksum");
  ASSERT_NE(ip, nullptr);
  ASSERT_NE(tcp, nullptr);
  EXPECT_FALSE(ip->bad);
  EXPECT_FALSE(tcp->bad);
  EXPECT_NE(tcp->value.find("(correct)"), std::string::npos) << tcp->value;
}

TEST_F(PacketFieldsTest, ABadTcpChecksumIsCaughtWithTheValueItShouldHold) {
  const wire::ByteView good = lan.trace.frame(kSynAck);
  std::vector<std::uint8_t> bytes = good.to_vector();
  const std::uint16_t right = static_cast<std::uint16_t>((bytes[50] << 8) | bytes[51]);
  bytes[50] ^= 0xFF;  // the TCP checksum's first byte (34 + 16)
  const trace::FrameId bad = lan.trace.add_frame(bytes);
  lan.cross(2000, bad, lan.server, lan.client);
  numbers = trace::number_tcp_frames(lan.trace);
  const PacketView v = inspect(bad);
  const PacketField* tcp = field(v, "TCP", "Checksum");
  ASSERT_NE(tcp, nullptr);
  EXPECT_TRUE(tcp->bad);
  EXPECT_NE(tcp->value.find("should be " + wire::to_hex(right, 4)), std::string::npos)
      << tcp->value;
  EXPECT_FALSE(field(v, "IPv4", "Header checksum")->bad);
}

TEST_F(PacketFieldsTest, SynAckSaysWhyItsAckIsOne) {
  const PacketView v = inspect(kSynAck);
  EXPECT_TRUE(says(v,
                   "Ack=1: client's SYN had Seq=0 and Len=0, and a SYN counts as one byte, so 0 "
                   "+ 0 + 1 = 1: the next byte server expects from client."))
      << all(v);
  EXPECT_TRUE(says(v,
                   "Seq=0: the SYN takes sequence number 0 of server's stream (its ISN, 5000 on "
                   "the wire), so the first data byte will be 1."))
      << all(v);
}

TEST_F(PacketFieldsTest, DataSegmentSaysWhichBytesItCarriesAndItsAckAddsTheLength) {
  const PacketView data = inspect(kResent);
  EXPECT_TRUE(says(data,
                   "Seq=1 Len=5: carries bytes 1 to 5 of client's stream; the next segment "
                   "starts at 6."))
      << all(data);
  EXPECT_EQ(field(data, "Payload", "Data")->value, "5 bytes: \"xxxxx\"");
  // A new frame opens its TCP header, not the payload after it.
  ASSERT_EQ(data.layers.size(), 4u);
  EXPECT_EQ(data.innermost, 2u);
  const PacketView ack = inspect(kDataAck);
  EXPECT_TRUE(says(ack,
                   "Ack=6: client's PSH, ACK had Seq=1 and Len=5, so 1 + 5 = 6: the next byte "
                   "server expects from client."))
      << all(ack);
}

TEST_F(PacketFieldsTest, FinSaysItTakesOneSequenceNumber) {
  lan.cross(3000,
            lan.tcp(true, tcp::flag::FIN | tcp::flag::ACK, trace::testing::kClientIsn + 6,
                    trace::testing::kServerIsn + 1),
            lan.client, lan.server);
  numbers = trace::number_tcp_frames(lan.trace);
  const PacketView v = inspect(static_cast<trace::FrameId>(lan.trace.frame_count() - 1));
  EXPECT_TRUE(says(v,
                   "FIN: client sends no more; the FIN takes sequence number 6, so server "
                   "acknowledges it with Ack=7."))
      << all(v);
}

TEST_F(PacketFieldsTest, ArpRequestAsksForTheTargetsMac) {
  const PacketView v = inspect(kWhoHas);
  ASSERT_EQ(v.layers.size(), 2u);
  EXPECT_EQ(v.layers[1].name, "ARP request");
  EXPECT_EQ(field(v, "Ethernet", "Destination")->value, "ff:ff:ff:ff:ff:ff (broadcast)");
  EXPECT_EQ(field(v, "ARP", "Target IP")->value, "10.0.0.2");
  EXPECT_EQ(field(v, "ARP", "Target IP")->offset, 38u);
  EXPECT_TRUE(v.arithmetic.empty());
}

TEST_F(PacketFieldsTest, UdpDatagramHasItsLengthAndChecksum) {
  const trace::FrameId id = lan.udp(12);
  lan.cross(4000, id, lan.client, lan.server);
  numbers = trace::number_tcp_frames(lan.trace);
  const PacketView v = inspect(id);
  EXPECT_EQ(field(v, "UDP", "Length")->value, "20 bytes");
  EXPECT_FALSE(field(v, "UDP", "Checksum")->bad);
  EXPECT_EQ(field(v, "Payload", "Data")->offset, 42u);
}

TEST_F(PacketFieldsTest, TruncatedFrameKeepsTheLayersBeforeAndSaysWhere) {
  std::vector<std::uint8_t> bytes = lan.trace.frame(kSyn).to_vector();
  bytes.resize(40);  // the IPv4 header is whole, the TCP header is not
  const trace::FrameId id = lan.trace.add_frame(bytes);
  lan.cross(5000, id, lan.client, lan.server);
  numbers = trace::number_tcp_frames(lan.trace);
  const PacketView v = inspect(id);
  EXPECT_FALSE(v.error.empty());
  ASSERT_GE(v.layers.size(), 1u);
  EXPECT_EQ(v.layers[0].name, "Ethernet II");
  EXPECT_EQ(inspect(9999).error, "no frame 9999");
}

TEST_F(PacketFieldsTest, TheArithmeticInChineseKeepsItsNumbersAndNames) {
  lang::init();
  lang::set_language("zh_CN");
  const PacketView ack = inspect(kDataAck);
  lang::set_language("en");
  EXPECT_TRUE(says(ack,
                   "Ack=6：client 的 PSH, ACK 报文段 Seq=1、Len=5，所以 1 + 5 = 6：这是 server "
                   "期望从 client 收到的下一个字节。"))
      << all(ack);
  EXPECT_EQ(field(ack, "TCP", "Sequence number")->value.find("（相对值 "), 4u);
  EXPECT_TRUE(says(inspect(kDataAck),
                   "Ack=6: client's PSH, ACK had Seq=1 and Len=5, so 1 + 5 = 6: the next byte "
                   "server expects from client."));
}

}  // namespace
}  // namespace synack::view

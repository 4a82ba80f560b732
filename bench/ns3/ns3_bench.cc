// ns3_bench: the `synack bench` workload in ns-3, to measure both side by side.
//
// One server and N clients, each host on its own 100 Mbit/s, 1 ms link to one
// learning switch (a BridgeNetDevice whose ports are those links). IPv4 in
// 10.0.0.0/16, ARP as ns-3 does it. Every client opens a TCP connection to the
// server at t=0, sends B bytes and closes. The server reads until end of stream
// and then closes its side, so every connection is torn down in full.
//
// --link=simple (default): SimpleNetDevice pairs on a SimpleChannel. Full
//   duplex; a frame takes size/rate to send, then arrives `delay` later, and
//   the next frame may start as soon as the previous one is sent.
// --link=csma: CsmaNetDevice pairs on a CsmaChannel. Half duplex: the channel
//   stays busy while a frame propagates, so each link carries at most one
//   frame per (size/rate + delay), in both directions together.
//
// Prints one line:
//   ns3 clients=N bytes=B received=R frames_delivered=F wall_s=W sim_s=S
//       rss_kb=K cpu_s=C switch_rx=X last_rx_s=L link=simple|csma
// received          bytes the server read
// frames_delivered  frames a host NIC accepted and passed up to its node
//                   (unicast to its MAC, broadcast, multicast; a frame flooded
//                   by the switch to a host it is not for is not counted). For
//                   CSMA this is exactly the device's "MacRx" trace.
// wall_s            wall-clock seconds spent in Simulator::Run() only
// sim_s             simulated time of the last event (TIME-WAIT expiries
//                   included), or --stop if the run was cut off there
// rss_kb            peak resident set size of the process (VmHWM)
// cpu_s             processor seconds spent in Simulator::Run() (std::clock);
//                   less disturbed than wall_s when other work shares the cores
// switch_rx         frames the switch ports received
// last_rx_s         simulated time the server read its last byte

#include <chrono>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>

#include "ns3/applications-module.h"
#include "ns3/bridge-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

using namespace ns3;

namespace {

constexpr uint16_t kPort = 80;

uint64_t g_received = 0;
uint64_t g_hostFrames = 0;
uint64_t g_switchFrames = 0;
Time g_lastRx;

// Protocol handlers for every protocol (0). A non-promiscuous one on a host
// sees each frame its NIC accepts; a promiscuous one on the switch sees every
// frame a port receives.
void HostFrame(Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&, const Address&,
               NetDevice::PacketType) {
  ++g_hostFrames;
}
void SwitchFrame(Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&, const Address&,
                 NetDevice::PacketType) {
  ++g_switchFrames;
}

// Server side: read everything; once the client's FIN is in, close too.
void ServerRead(Ptr<Socket> socket) {
  while (Ptr<Packet> p = socket->Recv()) {
    if (p->GetSize() == 0) break;
    g_received += p->GetSize();
    g_lastRx = Simulator::Now();
  }
}

// Called while the FIN is being processed; the socket acknowledges it first,
// then the application closes (as a program that read end of stream would).
void ServerPeerClosed(Ptr<Socket> socket) {
  Simulator::ScheduleNow([socket]() { socket->Close(); });
}

void ServerPeerError(Ptr<Socket>) {}

void ServerAccept(Ptr<Socket> socket, const Address&) {
  socket->SetRecvCallback(MakeCallback(&ServerRead));
  socket->SetCloseCallbacks(MakeCallback(&ServerPeerClosed), MakeCallback(&ServerPeerError));
}

long PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      long kb = 0;
      status >> kb;
      return kb;
    }
    status.ignore(4096, '\n');
  }
  return -1;
}

}  // namespace

int main(int argc, char* argv[]) {
  uint32_t clients = 100;
  uint64_t bytes = 1000;
  std::string link = "simple";
  double stop = 0;
  CommandLine cmd(__FILE__);
  cmd.AddValue("clients", "number of client hosts", clients);
  cmd.AddValue("bytes", "bytes each client sends", bytes);
  cmd.AddValue("link", "link model: simple (full duplex) or csma (half duplex)", link);
  cmd.AddValue("stop", "cut the run off at this simulated second (0: run until no event is left)",
               stop);
  cmd.Parse(argc, argv);
  if (link != "simple" && link != "csma") {
    std::cerr << "--link must be simple or csma\n";
    return 2;
  }

  // synack's defaults: MSS 1460, delayed ACK off, MSL 30 s (TIME-WAIT 60 s).
  Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1460));
  Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(1));
  Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(30.0));
  // ARP requests go out at once (ns-3 delays each by up to 10 ms by default).
  Config::SetDefault("ns3::ArpL3Protocol::RequestJitter",
                     StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));
  // Device queues (hosts and switch ports) never drop for want of space.
  Config::SetDefault("ns3::DropTailQueue<Packet>::MaxSize", QueueSizeValue(QueueSize("1000000p")));

  NodeContainer hosts;  // hosts.Get(0) is the server
  hosts.Create(clients + 1);
  Ptr<Node> switchNode = CreateObject<Node>();

  CsmaHelper csma;
  csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
  csma.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
  SimpleNetDeviceHelper simple;
  simple.SetDeviceAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
  simple.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));

  NetDeviceContainer hostDevices, switchPorts;
  for (uint32_t i = 0; i < hosts.GetN(); ++i) {
    NodeContainer ends(hosts.Get(i), switchNode);
    NetDeviceContainer pair = link == "csma" ? csma.Install(ends) : simple.Install(ends);
    hostDevices.Add(pair.Get(0));
    switchPorts.Add(pair.Get(1));
  }
  BridgeHelper().Install(switchNode, switchPorts);

  InternetStackHelper().Install(hosts);
  Ipv4AddressHelper addresses("10.0.0.0", "255.255.0.0");
  Ipv4InterfaceContainer interfaces = addresses.Assign(hostDevices);
  Ipv4Address serverAddress = interfaces.GetAddress(0);

  Ptr<Socket> listener = Socket::CreateSocket(hosts.Get(0), TcpSocketFactory::GetTypeId());
  listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kPort));
  listener->Listen();
  listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                              MakeCallback(&ServerAccept));

  BulkSendHelper sender("ns3::TcpSocketFactory", InetSocketAddress(serverAddress, kPort));
  sender.SetAttribute("MaxBytes", UintegerValue(bytes));
  sender.SetAttribute("SendSize", UintegerValue(1460));
  for (uint32_t i = 1; i < hosts.GetN(); ++i) sender.Install(hosts.Get(i)).Start(Seconds(0));

  for (uint32_t i = 0; i < hosts.GetN(); ++i) {
    hosts.Get(i)->RegisterProtocolHandler(MakeCallback(&HostFrame), 0, hostDevices.Get(i), false);
    switchNode->RegisterProtocolHandler(MakeCallback(&SwitchFrame), 0, switchPorts.Get(i), true);
  }

  if (stop > 0) Simulator::Stop(Seconds(stop));
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpuStart = std::clock();
  Simulator::Run();
  double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
  std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  double simSeconds = Simulator::Now().GetSeconds();
  Simulator::Destroy();

  std::cout << "ns3 clients=" << clients << " bytes=" << bytes << " received=" << g_received
            << " frames_delivered=" << g_hostFrames << " wall_s=" << wall.count()
            << " sim_s=" << simSeconds << " rss_kb=" << PeakRssKb() << " cpu_s=" << cpuSeconds
            << " switch_rx=" << g_switchFrames << " last_rx_s=" << g_lastRx.GetSeconds()
            << " link=" << link << std::endl;
  return g_received == uint64_t(clients) * bytes ? 0 : 1;
}

// `synack fsm`: the TCP state machine, read from its Boost.MSM transition table.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "core/tcp_fsm_graph.hpp"
#include "sim/lang/tr.hpp"

namespace synack::cli {

Runner add_fsm_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "fsm", lang::tr("Print the TCP state machine (RFC 9293, all 11 states) as generated from its "
                      "Boost.MSM transition table: a table by default, Graphviz DOT with --dot."));
  auto dot = std::make_shared<bool>(false);
  cmd->add_flag(
      "--dot", *dot,
      lang::tr("Print Graphviz DOT (render with: synack fsm --dot | dot -Tpng -o tcp.png)"));
  return [dot] {
    std::cout << (*dot ? tcp::fsm_to_dot() : tcp::fsm_to_text());
    return kExitOk;
  };
}

}  // namespace synack::cli

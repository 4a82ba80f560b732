// The `synack` command line.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "sim/lang/tr.hpp"

int main(int argc, char** argv) {
  using namespace synack::cli;
  synack::lang::init();
  buffer_output();
  CLI::App app{
      "synack: a TCP state machine simulator and packet visualizer.\n"
      "Runs an RFC 9293 TCP endpoint model (a Boost.MSM state machine) and shows what it does."};
  app.name("synack");
  app.require_subcommand(1);
  app.set_version_flag("--version", "synack 0.1.0");
  app.footer("Run 'synack COMMAND --help' for the options of one command.");

  const std::vector<std::pair<const char*, Runner>> commands = {
      {"fsm", add_fsm_command(app)},   {"pkt", add_pkt_command(app)},
      {"run", add_run_command(app)},   {"bench", add_bench_command(app)},
      {"live", add_live_command(app)}, {"compare", add_compare_command(app)},
  };

  if (argc > 1 && argv[1][0] != '-') {
    const std::string first = argv[1];
    bool known = false;
    std::string names;
    for (const auto& [name, run] : commands) {
      known = known || first == name;
      names += names.empty() ? name : std::string(", ") + name;
    }
    if (!known) {
      std::cerr << "synack: unknown command '" << first << "' (commands: " << names << ")\n"
                << "Run 'synack --help' for usage.\n";
      return kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return finish_output(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return finish_output(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    return finish_output(app.exit(e));
  } catch (const CLI::ParseError& e) {
    std::cerr << "synack: " << e.what() << "\n";
    if (argc <= 1)
      std::cerr << app.help();
    else
      std::cerr << "Run 'synack --help' for usage.\n";
    return kExitBadInput;
  }
  for (const auto& [name, run] : commands) {
    if (app.got_subcommand(name)) return finish_output(run());
  }
  return kExitBadInput;
}

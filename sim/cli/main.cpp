// The `synack` command line.
#include <fmt/args.h>

#include <cstring>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "commands.hpp"
#include "sim/lang/tr.hpp"

namespace {

using synack::lang::tr;

// CLI11's own words in the help, in the user's language: headings, the
// placeholders of the usage line, the help and version flags. Option names
// and value types (TEXT, INT) stay as typed.
void help_in_language(CLI::App& app) {
  const auto formatter = app.get_formatter();
  formatter->label("Usage", tr("Usage"));
  formatter->label("OPTIONS", tr("OPTIONS"));
  formatter->label("SUBCOMMAND", tr("SUBCOMMAND"));
  formatter->label("Positionals", tr("Positionals"));
  formatter->label("REQUIRED", tr("REQUIRED"));
  app.option_defaults()->group(tr("Options"));
  app.set_help_flag("-h,--help", tr("Print this help message and exit"));
}

// Subcommands take the help flag from the app but not its group.
void groups_in_language(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->group(tr("Subcommands"));
    for (CLI::Option* option : sub->get_options()) option->group(tr("Options"));
  }
}

// CLI11's parse errors in the user's language. The sentences are CLI11 2.1's
// as it words them; each `{}` is a detail (an option, a value) kept from
// what(), so English comes out as CLI11 wrote it. Others stay in English.
std::string parse_error_text(const CLI::ParseError& e) {
  static constexpr const char* kSentences[] = {
      synack::lang::tr_later("A subcommand is required"),
      synack::lang::tr_later("{} is required"),
      synack::lang::tr_later("The following argument was not expected: {}"),
      synack::lang::tr_later("The following arguments were not expected: {}"),
      synack::lang::tr_later("{}: Value {} not in range {} to {}"),
      synack::lang::tr_later("{}: Value {} could not be converted"),
      synack::lang::tr_later("{}: {} not in {}"),
      synack::lang::tr_later("Could not convert: {} = {}"),
      synack::lang::tr_later("The value {} is not an allowed value for {}"),
      synack::lang::tr_later("{}: {} required {} missing"),
      synack::lang::tr_later("Expected exactly {} arguments to {}, got {}"),
      synack::lang::tr_later("Expected at least {} arguments to {}, got {}"),
      synack::lang::tr_later("{}: too many inputs for a flag"),
      synack::lang::tr_later("{}: Should be true/false or a number"),
      synack::lang::tr_later("{} requires {}"),
      synack::lang::tr_later("{} excludes {}"),
  };
  const std::string what = e.what();
  for (const char* sentence : kSentences) {
    std::string pattern;  // the sentence as a regex, `{}` a lazy group
    for (const char* c = sentence; *c != '\0'; ++c) {
      if (c[0] == '{' && c[1] == '}') {
        pattern += "(.+?)";
        ++c;
      } else {
        if (std::strchr("\\^$.|?*+()[]{}", *c) != nullptr) pattern += '\\';
        pattern += *c;
      }
    }
    std::smatch m;
    if (!std::regex_match(what, m, std::regex(pattern))) continue;
    fmt::dynamic_format_arg_store<fmt::format_context> details;
    for (std::size_t i = 1; i < m.size(); ++i) details.push_back(m[i].str());
    try {
      return fmt::vformat(tr(sentence), details);
    } catch (const fmt::format_error&) {
      return what;
    }
  }
  return what;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace synack::cli;
  using synack::lang::trf;
  synack::lang::init();
  buffer_output();
  CLI::App app{std::string(tr("synack: a TCP state machine simulator and packet visualizer.")) +
               "\n" +
               tr("Runs an RFC 9293 TCP endpoint model (a Boost.MSM state machine) and shows what "
                  "it does.")};
  app.name("synack");
  help_in_language(app);
  app.require_subcommand(1);
  app.set_version_flag("--version", "synack 0.1.0",
                       tr("Display program version information and exit"));
  app.footer(tr("Run 'synack COMMAND --help' for the options of one command."));

  const std::vector<std::pair<const char*, Runner>> commands = {
      {"fsm", add_fsm_command(app)},   {"pkt", add_pkt_command(app)},
      {"run", add_run_command(app)},   {"bench", add_bench_command(app)},
      {"live", add_live_command(app)}, {"compare", add_compare_command(app)},
  };
  groups_in_language(app);

  if (argc > 1 && argv[1][0] != '-') {
    const std::string first = argv[1];
    bool known = false;
    std::string names;
    for (const auto& [name, run] : commands) {
      known = known || first == name;
      names += names.empty() ? name : std::string(", ") + name;
    }
    if (!known) {
      std::cerr << trf("synack: unknown command '{}' (commands: {})", first, names) << "\n"
                << tr("Run 'synack --help' for usage.") << "\n";
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
    std::cerr << "synack: " << parse_error_text(e) << "\n";
    if (argc <= 1)
      std::cerr << app.help();
    else
      std::cerr << tr("Run 'synack --help' for usage.") << "\n";
    return kExitBadInput;
  }
  for (const auto& [name, run] : commands) {
    if (app.got_subcommand(name)) return finish_output(run());
  }
  return kExitBadInput;
}

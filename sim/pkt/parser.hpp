// Parsing packetdrill scripts (.pkt) into the structs of sim/pkt/script.hpp.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/pkt/script.hpp"

namespace synack::pkt {

// A syntax error, or a file that cannot be read. what() reads
// "FILE:LINE:COLUMN: expected X, found Y", e.g.
// "foo.pkt:12:9: expected ',' or ')' after an argument, found 'ack'";
// for an unreadable file "FILE: cannot read file: REASON" with line and column 0.
class ParseError : public std::runtime_error {
 public:
  ParseError(std::string file, Position pos, const std::string& message);

  const std::string& file() const { return file_; }
  Position position() const { return pos_; }

 private:
  std::string file_;
  Position pos_;
};

// Parses a whole script. file_name is used in error messages and copied to Script::file.
// Throws ParseError on the first error; never reads outside `text`.
Script parse_script(std::string_view text, std::string file_name);

// Reads and parses a file; throws ParseError when it cannot be read.
Script parse_file(const std::string& path);

}  // namespace synack::pkt

#!/usr/bin/env bash
# Writes libsqlstore(1) from the tool's own help, so the manual never disagrees with the binary:
# the main help, then each subcommand's. Usage: manpage.sh path/to/libsqlstore OUTPUT
set -euo pipefail
cli="$1"; out="$2"
version=$("$cli" --version | awk '{print $2}')
# roff: a leading dot or quote starts a request, a backslash an escape.
escape() { sed -e "s#${cli}#libsqlstore#g" -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }
{
  echo ".TH LIBSQLSTORE 1 \"\" \"libsqlstore $version\" \"User Commands\""
  echo ".SH NAME"
  echo "libsqlstore \\- the storage of Mastra agent applications (LibSQLStore) in C++"
  echo ".SH SYNOPSIS"
  echo ".B libsqlstore"
  echo "[\\fIOPTIONS\\fR] \\fISUBCOMMAND\\fR [\\fIARGS\\fR]"
  echo ".SH DESCRIPTION"
  echo "Threads, messages, resources, workflow snapshots, evals, traces, scores, vectors and keyword"
  echo "search on SQLite or a remote libSQL server, and the operator's tools around them."
  echo "Exit status: 0 success, 1 the operation failed, 2 usage error."
  echo ".SH OPTIONS"
  echo ".nf"
  "$cli" --help | sed -e '1,2d' -e '/^Subcommands:/,$d' | escape
  echo ".fi"
  echo ".SH COMMANDS"
  for sub in $("$cli" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}'); do
    echo ".SS $sub"
    echo ".nf"
    # Each subcommand's help, without the connection options the OPTIONS section already lists.
    "$cli" "$sub" --help | sed -e '/^\[Option Group: Connection\]/,$d' | escape
    echo ".fi"
  done
  echo ".SH ENVIRONMENT"
  echo "LIBSQLSTORE_URL, LIBSQLSTORE_AUTH_TOKEN, LIBSQLSTORE_AUTH_TOKEN_FILE and one variable per store"
  echo "option (see OPTIONS)."
  echo ".SH SEE ALSO"
  echo "docs/cli.md, docs/export-format.md and docs/operations.md in the libsqlstore sources."
} >"$out"

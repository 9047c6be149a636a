#!/bin/sh
# lsp.sh - ambient-lint --lsp: scripted Language Server sessions
#
# Each session is a stream of framed JSON-RPC messages piped into the
# server; its output is checked with grep. The Namespace linted has a
# non-ASCII label value ("café🚀") before the finding on its line, so
# that the UTF-16, UTF-8 and code point columns all differ: the finding
# starts at code point 26, UTF-16 unit 27 and byte 30 of line 4.
set -u
bin=$(cd "${top_builddir:-.}" && pwd)/ambient-lint
[ -x "$bin" ] || { echo "FAIL: no $bin"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/alint-lsp.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
cd "$tmp" || exit 1

fail=0

# frame BODY: BODY with its Content-Length header (a byte count).
frame()
{
	n=$(printf '%s' "$1" | wc -c | tr -d ' ')
	printf 'Content-Length: %s\r\n\r\n%s' "$n" "$1"
}

# expect FILE WHAT STRING: FILE holds STRING.
expect()
{
	if ! grep -F -e "$3" "$1" >/dev/null; then
		echo "FAIL: $2: no $3 in:"
		cat "$1"
		echo
		fail=1
	fi
}

# reject FILE WHAT STRING: FILE does not hold STRING.
reject()
{
	if grep -F -e "$3" "$1" >/dev/null; then
		echo "FAIL: $2: unexpected $3"
		fail=1
	fi
}

uri='file:///tmp/lsp%20test/ns.yaml'
dirty='apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {cafe: \"café🚀\", istio-injection: enabled}\n'
clean='apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {cafe: \"café🚀\", istio.io/dataplane-mode: ambient}\n'

init()
{
	frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"general":{"positionEncodings":['"$1"']}}}}'
	frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
}

open_doc()
{
	frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'"$uri"'","languageId":"yaml","version":1,"text":"'"$dirty"'"}}}'
}

# ---- session 1: UTF-16, the whole life cycle ----------------------------
{
	init '"utf-16"'
	open_doc
	frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"'"$uri"'"},"range":{"start":{"line":4,"character":27},"end":{"line":4,"character":42}},"context":{"diagnostics":[]}}}'
	frame '{"jsonrpc":"2.0","id":3,"method":"textDocument/hover",'
	frame '{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{}}'
	frame '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'"$uri"'","version":2},"contentChanges":[{"text":"'"$clean"'"}]}}'
	frame '{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"'"$uri"'"}}}'
	frame '{"jsonrpc":"2.0","id":"last","method":"shutdown"}'
	frame '{"jsonrpc":"2.0","method":"exit"}'
} > in1
"$bin" --lsp --no-config < in1 > out1 2> err1
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: session 1: exit status $rc, not 0"; fail=1; }
[ -s err1 ] && { echo "FAIL: session 1: stderr:"; cat err1; fail=1; }

expect out1 initialize '"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":1,"save":{"includeText":false}},"codeActionProvider":{"codeActionKinds":["quickfix"]}},"serverInfo":{"name":"ambient-lint",'
expect out1 diagnostics '"method":"textDocument/publishDiagnostics","params":{"uri":"'"$uri"'","version":1,"diagnostics":[{"range":{"start":{"line":4,"character":27},"end":{"line":4,"character":42}},"severity":2,"code":"AL2001","source":"ambient-lint","message":"namespace shop is in sidecar mode'
expect out1 'diagnostic name and phase' 'restart its pods [enrol] [namespace-injection-label]"}]}}'
expect out1 codeAction '"id":2,"result":[{"title":"replace istio-injection=enabled with istio.io/dataplane-mode=ambient","kind":"quickfix","diagnostics":[{"range":{"start":{"line":4,"character":27}'
expect out1 'codeAction edit' '"isPreferred":true,"edit":{"changes":{"'"$uri"'":[{"range":{"start":{"line":4,"character":27},"end":{"line":4,"character":42}},"newText":"istio.io/dataplane-mode"},{"range":{"start":{"line":4,"character":44},"end":{"line":4,"character":51}},"newText":"ambient"}]}}}]}'
expect out1 'malformed JSON' '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,'
expect out1 'unknown method' '{"jsonrpc":"2.0","id":4,"error":{"code":-32601,'
expect out1 didChange '"uri":"'"$uri"'","version":2,"diagnostics":[]}'
expect out1 didClose '"params":{"uri":"'"$uri"'","diagnostics":[]}'
expect out1 shutdown '{"jsonrpc":"2.0","id":"last","result":null}'
reject out1 'no response to a notification' '"id":null,"result"'

# The headers tell the byte length of each body: check the first one.
len=$(sed -n '1s/^Content-Length: \([0-9]*\).*/\1/p' out1)
body=$(sed -n '3s/}Content-Length: .*/}/p' out1)
n=$(printf '%s' "$body" | wc -c | tr -d ' ')
[ -n "$len" ] && [ "$len" = "$n" ] ||
	{ echo "FAIL: Content-Length $len, body of $n bytes"; fail=1; }

# ---- session 2: UTF-8 offered, exit without shutdown ---------------------
{
	init '"utf-32","utf-8","utf-16"'
	open_doc
	frame '{"jsonrpc":"2.0","method":"exit"}'
} > in2
"$bin" --lsp --no-config < in2 > out2 2> err2
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: session 2: exit status $rc, not 1"; fail=1; }
expect out2 'utf-32 chosen' '"positionEncoding":"utf-32"'
expect out2 'utf-32 range' '"range":{"start":{"line":4,"character":26},"end":{"line":4,"character":41}}'

{
	init '"utf-8"'
	open_doc
	frame '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
	frame '{"jsonrpc":"2.0","method":"exit"}'
} > in3
"$bin" --lsp --no-config < in3 > out3 2> err3
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: session 3: exit status $rc, not 0"; fail=1; }
expect out3 'utf-8 chosen' '"positionEncoding":"utf-8"'
expect out3 'utf-8 range' '"range":{"start":{"line":4,"character":30},"end":{"line":4,"character":45}}'

# ---- session 4: an oversized message is skipped --------------------------
{
	printf 'Content-Length: 99999999999\r\n\r\n'
} > in4
"$bin" --lsp --no-config < in4 > out4 2> err4
expect out4 'oversized message' '"error":{"code":-32600,"message":"message too large"}'

# ---- session 5: each document with its own directory's configuration ----
mkdir -p team quiet other
printf 'rules:\n  severity: {namespace-injection-label: error}\n' \
	> team/.ambient-lint.yaml
printf 'overrides:\n  - files: ["*.yaml"]\n    rules: {disable: [AL2001]}\n' \
	> quiet/.ambient-lint.yaml
{
	init '"utf-16"'
	for d in team quiet other; do
		frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file://'"$tmp/$d"'/ns.yaml","languageId":"yaml","version":1,"text":"'"$dirty"'"}}}'
	done
	frame '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
	frame '{"jsonrpc":"2.0","method":"exit"}'
} > in5
"$bin" --lsp < in5 > out5 2> err5
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: session 5: exit status $rc, not 0"; fail=1; }
[ -s err5 ] && { echo "FAIL: session 5: stderr:"; cat err5; fail=1; }
expect out5 'config severity' '"uri":"file://'"$tmp"'/team/ns.yaml","version":1,"diagnostics":[{"range":{"start":{"line":4,"character":27},"end":{"line":4,"character":42}},"severity":1,"code":"AL2001"'
expect out5 'config override' '"uri":"file://'"$tmp"'/quiet/ns.yaml","version":1,"diagnostics":[]}'
expect out5 'no config' '"uri":"file://'"$tmp"'/other/ns.yaml","version":1,"diagnostics":[{"range":{"start":{"line":4,"character":27},"end":{"line":4,"character":42}},"severity":2,"code":"AL2001"'

exit $fail
